//! The one renderer of human output: every command lays its report out through [`Out`].
//!
//! Layout only: the sentences come from the libraries (the diagnosis catalog, the lint rules,
//! the generator). What [`Out`] guarantees:
//! - prose wraps to the width ([`width`]): at 80 columns no prose line is longer than 80;
//! - a URL, a header line, a command or code is never split ([`text`]); code and header lines
//!   are printed as they are, commands are continued with ` \` between arguments;
//! - tables fit the width or become lists ([`table`]).
//!
//! Order is the commands' job, with one rule for all: verdict, then the cause, then the fix,
//! then the evidence (console lines, timeline, headers); findings most severe first.

pub(crate) mod report;
pub(crate) mod table;
pub(crate) mod text;
pub(crate) mod width;

use std::io::{self, Write};

use owo_colors::{OwoColorize as _, Style};
use unicode_width::UnicodeWidthStr as _;

pub(crate) use text::Text;

/// A writer that knows the width.
pub(crate) struct Out<W: Write> {
    w: W,
    width: usize,
}

impl<W: Write> Out<W> {
    /// Output to `w`, `width` columns wide.
    pub(crate) fn new(w: W, width: usize) -> Self {
        Self { w, width }
    }

    /// The underlying writer (for data that is not laid out: JSON, generated files).
    pub(crate) fn raw(&mut self) -> &mut W {
        &mut self.w
    }

    /// A section title.
    pub(crate) fn heading(&mut self, title: &str) -> io::Result<()> {
        writeln!(self.w, "{}", title.bold().underline())
    }

    /// An empty line.
    pub(crate) fn blank(&mut self) -> io::Result<()> {
        writeln!(self.w)
    }

    /// A paragraph indented by `indent` spaces.
    pub(crate) fn para(&mut self, indent: usize, text: &Text) -> io::Result<()> {
        let pad = " ".repeat(indent);
        self.lines(&text.wrap(self.width, &pad, &pad))
    }

    /// A paragraph that starts with `marker` (`- `, `1. `, `error: `) at `indent`, its other
    /// lines aligned under the text after the marker.
    pub(crate) fn item(&mut self, indent: usize, marker: &str, text: &Text) -> io::Result<()> {
        let first = format!("{}{marker}", " ".repeat(indent));
        let rest = " ".repeat(indent + text::display_width(marker));
        self.lines(&text.wrap(self.width, &first, &rest))
    }

    /// A paragraph at `indent` whose other lines are indented by `hang` more (an error, a
    /// finding: the first words say what it is, the rest reads under them).
    pub(crate) fn hang(&mut self, indent: usize, hang: usize, text: &Text) -> io::Result<()> {
        let first = " ".repeat(indent);
        let rest = " ".repeat(indent + hang);
        self.lines(&text.wrap(self.width, &first, &rest))
    }

    /// `label` in a column `label_width` wide, then `text` wrapped beside it.
    pub(crate) fn row(
        &mut self,
        indent: usize,
        label: &str,
        label_width: usize,
        text: &Text,
    ) -> io::Result<()> {
        let shown = label.width();
        let first = format!(
            "{}{}{}",
            " ".repeat(indent),
            label.dimmed(),
            " ".repeat(label_width.saturating_sub(shown).max(1))
        );
        let rest = " ".repeat(indent + label_width.max(shown + 1));
        self.lines(&text.wrap(self.width, &first, &rest))
    }

    /// Lines printed as they are, each indented: code, header lines, console output of
    /// another program. Never wrapped.
    pub(crate) fn verbatim(&mut self, indent: usize, text: &str, style: Style) -> io::Result<()> {
        let pad = " ".repeat(indent);
        for line in text.lines() {
            if line.is_empty() {
                writeln!(self.w)?;
            } else if style == Style::new() {
                writeln!(self.w, "{pad}{line}")?;
            } else {
                writeln!(self.w, "{pad}{}", line.style(style))?;
            }
        }
        Ok(())
    }

    /// A shell command: on one line when it fits, else continued with ` \` between arguments
    /// (which still pastes into a shell as the same command).
    pub(crate) fn command(
        &mut self,
        indent: usize,
        args: &[String],
        style: Style,
    ) -> io::Result<()> {
        let lines = command_lines(args, self.width.saturating_sub(indent));
        let pad = " ".repeat(indent);
        for line in lines {
            writeln!(self.w, "{pad}{}", line.style(style))?;
        }
        Ok(())
    }

    /// A table that fits the width (see [`table`]).
    pub(crate) fn table(&mut self, t: &table::Table) -> io::Result<()> {
        let lines = t.lines(self.width);
        self.lines(&lines)
    }

    fn lines(&mut self, lines: &[String]) -> io::Result<()> {
        for l in lines {
            writeln!(self.w, "{l}")?;
        }
        Ok(())
    }

    /// Flush the writer.
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// A command split into lines of at most `width` columns at argument boundaries, continued
/// with ` \` and indented by four spaces; an option stays with its value (`--origin URL`).
pub(crate) fn command_lines(args: &[String], width: usize) -> Vec<String> {
    // Pair each `--flag` with the value after it so they are never separated.
    let mut units: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.starts_with('-') && i + 1 < args.len() && !args[i + 1].starts_with('-') {
            units.push(format!("{a} {}", args[i + 1]));
            i += 2;
        } else {
            units.push(a.clone());
            i += 1;
        }
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for u in units {
        let cont = if lines.is_empty() { 0 } else { 4 };
        if !line.is_empty() && cont + line.width() + 1 + u.width() + 2 > width {
            line.push_str(" \\");
            lines.push(std::mem::take(&mut line));
        }
        if line.is_empty() {
            if !lines.is_empty() {
                line.push_str("    ");
            }
        } else {
            line.push(' ');
        }
        line.push_str(&u);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A value as typed in a POSIX shell: bare when plainly safe, else in single quotes, with
/// control characters shown escaped so a hostile value cannot move the cursor.
pub(crate) fn shell_word(v: &str) -> String {
    let plain = !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/,@+=%".contains(c));
    if plain {
        return v.to_owned();
    }
    let mut out = String::from("'");
    for c in v.chars() {
        match c {
            '\'' => out.push_str("'\\''"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A command line split into its words as written (single-quoted words kept whole, quotes
/// included), to lay it out on several lines without changing it.
pub(crate) fn shell_words(cmd: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in cmd.chars() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c == ' ' && !quoted {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Lay out the small Markdown of rule documentation: `##` headings, fenced code (printed as
/// it is, indented), `- ` list items and paragraphs (wrapped).
pub(crate) fn markdown<W: Write>(out: &mut Out<W>, doc: &str) -> io::Result<()> {
    let mut para = String::new();
    let mut in_code = false;
    let flush = |out: &mut Out<W>, para: &mut String| -> io::Result<()> {
        if !para.is_empty() {
            out.para(0, &Text::plain(para))?;
            para.clear();
        }
        Ok(())
    };
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            flush(out, &mut para)?;
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.verbatim(4, line, Style::new().cyan())?;
            continue;
        }
        if let Some(h) = line
            .strip_prefix("## ")
            .or_else(|| line.strip_prefix("### "))
        {
            flush(out, &mut para)?;
            out.blank()?;
            out.heading(h)?;
        } else if let Some(item) = line.strip_prefix("- ") {
            flush(out, &mut para)?;
            out.item(2, "- ", &Text::plain(&link_text(item)))?;
        } else if line.trim().is_empty() {
            flush(out, &mut para)?;
        } else {
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(&link_text(line));
        }
    }
    flush(out, &mut para)
}

/// `[text](url)` as `text <url>` for a terminal.
fn link_text(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&format!(
            "{} <{}>",
            &rest[open + 1..close],
            &rest[close + 2..end]
        ));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{command_lines, shell_word};

    fn args(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn a_command_that_fits_stays_on_one_line() {
        assert_eq!(
            command_lines(&args("corsfix gen --target express"), 80),
            ["corsfix gen --target express"]
        );
    }

    #[test]
    fn a_long_command_continues_between_options_and_keeps_each_option_with_its_value() {
        let a = args(
            "corsfix gen --target express --origin https://app.example.com --methods GET,HEAD,POST,PUT --headers Content-Type,Authorization --credentials",
        );
        let lines = command_lines(&a, 50);
        assert!(lines.iter().all(|l| l.len() <= 50), "{lines:#?}");
        assert!(lines[..lines.len() - 1].iter().all(|l| l.ends_with(" \\")));
        assert!(lines.iter().any(|l| {
            l.trim_start()
                .starts_with("--origin https://app.example.com")
        }));
        assert_eq!(lines.concat().replace(" \\    ", " "), a.join(" "));
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("https://a.com"), "https://a.com");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word("a\u{1b}[2J"), "'a\\u{1b}[2J'");
    }
}
