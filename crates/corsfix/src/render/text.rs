//! Prose that wraps to a width without ever splitting a URL, a header line or code.
//!
//! A [`Text`] is a run of styled spans. Wrapping breaks only at whitespace, and a code span in
//! backticks (`` `app.options('/{*splat}', cors())` ``) is one unbreakable word even when it
//! holds spaces. A single word wider than the line keeps its own line (a very long URL), so
//! nothing is ever cut; every other line fits the width.
//!
//! Widths are measured in terminal columns (`unicode-width`) on the text without colour.

use owo_colors::{OwoColorize as _, Style};
use unicode_width::UnicodeWidthStr as _;

/// One unbreakable word and its style.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    style: Style,
    /// Printed right after the previous word, with no space (`(likely)` after `]`).
    glued: bool,
}

/// Styled prose to wrap.
#[derive(Debug, Clone, Default)]
pub(crate) struct Text {
    words: Vec<Word>,
    /// The last span ended with whitespace (the next span starts a new word).
    open: bool,
}

impl Text {
    /// Empty text.
    pub(crate) fn new() -> Self {
        Self {
            words: Vec::new(),
            open: true,
        }
    }

    /// Unstyled prose.
    pub(crate) fn plain(text: &str) -> Self {
        Self::new().add(text, Style::new())
    }

    /// Prose in one style.
    pub(crate) fn styled(text: &str, style: Style) -> Self {
        Self::new().add(text, style)
    }

    /// Append a span. A span that does not start with whitespace continues the previous word
    /// when the previous span did not end with whitespace.
    #[must_use]
    pub(crate) fn add(mut self, text: &str, style: Style) -> Self {
        let mut glue_first = !self.open && !text.starts_with(char::is_whitespace);
        for token in tokens(text) {
            self.words.push(Word {
                text: token.to_owned(),
                style,
                glued: glue_first,
            });
            glue_first = false;
        }
        if !text.is_empty() {
            self.open = text.ends_with(char::is_whitespace);
        }
        self
    }

    /// Append one unbreakable word, spaces and all (a location such as `file:3:1: CORS003
    /// [error] name:` that tools parse as one line). It starts a new word.
    #[must_use]
    pub(crate) fn word(mut self, text: &str, style: Style) -> Self {
        self.words.push(Word {
            text: text.to_owned(),
            style,
            glued: false,
        });
        self.open = true;
        self
    }

    /// The text without styles, words separated by single spaces.
    #[cfg(test)]
    pub(crate) fn to_plain(&self) -> String {
        let mut s = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 && !w.glued {
                s.push(' ');
            }
            s.push_str(&w.text);
        }
        s
    }

    /// Wrap to `width` columns: the first line starts with `first` (a bullet or a label), the
    /// others with `rest` (usually spaces as wide as `first`). Lines carry ANSI styles.
    pub(crate) fn wrap(&self, width: usize, first: &str, rest: &str) -> Vec<String> {
        // Groups of glued words are unbreakable units.
        let mut units: Vec<Vec<&Word>> = Vec::new();
        for w in &self.words {
            match units.last_mut() {
                Some(u) if w.glued => u.push(w),
                _ => units.push(vec![w]),
            }
        }
        let mut lines = Vec::new();
        let mut line = String::from(first);
        let mut used = first.width();
        let mut empty = true;
        for unit in units {
            let w: usize = unit.iter().map(|x| x.text.width()).sum();
            if !empty && used + 1 + w > width {
                lines.push(std::mem::take(&mut line));
                line.push_str(rest);
                used = rest.width();
                empty = true;
            }
            if !empty {
                line.push(' ');
                used += 1;
            }
            for x in unit {
                line.push_str(&paint(&x.text, x.style));
            }
            used += w;
            empty = false;
        }
        if !empty || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

fn paint(text: &str, style: Style) -> String {
    if style == Style::new() {
        text.to_owned()
    } else {
        text.style(style).to_string()
    }
}

/// Whitespace-separated words; a backtick code span is one word, spaces and all.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut in_code = false;
    for (i, c) in text.char_indices() {
        if c == '`' {
            // A closing backtick ends the code span; an opening one starts it only if it
            // closes later (a lone backtick is an ordinary character).
            if in_code {
                in_code = false;
            } else if text[i + 1..].contains('`') {
                in_code = true;
            }
        }
        if c.is_whitespace() && !in_code {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// The width of a line in terminal columns, without its ANSI styles.
pub(crate) fn display_width(line: &str) -> usize {
    strip_ansi(line).width()
}

/// `line` without ANSI escape sequences (CSI … final byte).
pub(crate) fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if ('@'..='~').contains(&d) {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use owo_colors::Style;

    use super::{Text, display_width, tokens};

    #[test]
    fn every_line_fits_and_every_word_is_kept() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let lines = Text::plain(text).wrap(16, "  - ", "    ");
        assert!(lines.iter().all(|l| l.chars().count() <= 16), "{lines:?}");
        assert_eq!(lines[0], "  - one two");
        let joined: Vec<&str> = lines
            .iter()
            .map(|l| l.trim_start_matches("  - ").trim())
            .collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn a_url_is_never_split_even_when_longer_than_the_line() {
        let url = "https://api.example.com/a/very/long/path/that/does/not/fit/anywhere";
        let lines = Text::plain(&format!("see {url} now")).wrap(30, "", "");
        assert_eq!(lines, ["see", url, "now"]);
    }

    #[test]
    fn a_code_span_with_spaces_is_one_word() {
        assert_eq!(
            tokens("Express 5: `app.options('/{*splat}', cors())` then"),
            [
                "Express",
                "5:",
                "`app.options('/{*splat}', cors())`",
                "then"
            ]
        );
        assert_eq!(tokens("a lone ` backtick"), ["a", "lone", "`", "backtick"]);
        let lines = Text::plain("add `app.options('/x', cors())` first").wrap(20, "", "");
        assert_eq!(lines, ["add", "`app.options('/x', cors())`", "first"]);
    }

    #[test]
    fn glued_spans_stay_together_and_styles_do_not_count() {
        let t = Text::plain("cause [no-cors-headers]")
            .add(" (likely)", Style::new().yellow())
            .add(".", Style::new());
        assert_eq!(t.to_plain(), "cause [no-cors-headers] (likely).");
        let lines = t.wrap(24, "", "");
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| display_width(l) <= 24), "{lines:?}");
        assert!(lines[1].ends_with('.'));
    }

    #[test]
    fn empty_text_gives_the_prefix_alone() {
        assert_eq!(Text::new().wrap(10, "x:", "  "), ["x:"]);
    }
}
