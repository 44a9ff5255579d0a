//! Layout passes run on rendered files, for what a template cannot know while it prints: the
//! column gofmt aligns a run of `key: value` lines to depends on every key in the run.
//! `tests/formatted.rs` checks the result against the real formatters.

/// The file as its language's formatter would lay it out (only the rules our templates need).
pub(crate) fn layout(language: &str, text: String) -> String {
    match language {
        "go" => gofmt_align(&go_empty_literals(&text)),
        "python" => {
            black_long_literals(&black_lists(&join_empty_brackets(&text, '[', ']'), 88), 88)
        }
        _ => text,
    }
}

/// An empty composite literal written over two lines (`var x = []T{` then `}`, a template
/// loop with nothing to print) is one `{}` in gofmt's output.
fn go_empty_literals(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if l.ends_with('{')
            && (l.starts_with("var ") || l.contains(" = ") || l.contains(" := "))
            && !l.contains("func")
            && lines
                .get(i + 1)
                .is_some_and(|n| n.trim_start_matches('\t') == "}")
        {
            out.push(format!("{l}}}"));
            i += 2;
        } else {
            out.push(l.to_owned());
            i += 1;
        }
    }
    out.join("\n")
}

/// A bracket pair with nothing between it written over two lines (`X = [` then `]`) is one
/// `[]`, as Black, ruff and Prettier print it.
fn join_empty_brackets(text: &str, open: char, close: char) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        let next = lines.get(i + 1).map(|n| n.trim_start());
        if l.ends_with(open) && next.is_some_and(|n| n.starts_with(close) && n.len() <= 3) {
            out.push(format!("{l}{}", next.unwrap_or_default()));
            i += 2;
        } else {
            out.push(l.to_owned());
            i += 1;
        }
    }
    out.join("\n")
}

/// The top-level items of a bracketed list of literals (`"a", "b"`), split on commas outside
/// string literals; `None` when anything else is inside.
fn literal_items(body: &str) -> Option<Vec<String>> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut esc = false;
    for c in body.chars() {
        match quote {
            Some(q) => {
                cur.push(c);
                if esc {
                    esc = false;
                } else if c == '\\' {
                    esc = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => {
                    quote = Some(c);
                    cur.push(c);
                }
                ',' => {
                    items.push(cur.trim().to_owned());
                    cur.clear();
                }
                '[' | ']' | '(' | ')' | '{' | '}' | '#' => return None,
                c => cur.push(c),
            },
        }
    }
    if quote.is_some() {
        return None;
    }
    if !cur.trim().is_empty() {
        items.push(cur.trim().to_owned());
    }
    (!items.is_empty()
        && items.iter().all(|i| {
            (i.starts_with('"') || i.starts_with('\'') || i.starts_with("r\""))
                && (i.ends_with('"') || i.ends_with('\''))
        }))
    .then_some(items)
}

/// Black's (and ruff's) split of a line over the limit that holds one list of string
/// literals: one item per line, four spaces in, with a trailing comma.
fn black_lists(text: &str, width: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for l in text.split('\n') {
        if l.chars().count() <= width {
            out.push(l.to_owned());
            continue;
        }
        let (Some(open), Some(close)) = (l.find('['), l.rfind(']')) else {
            out.push(l.to_owned());
            continue;
        };
        let suffix = &l[close + 1..];
        let items = (open < close && (suffix.is_empty() || suffix == ","))
            .then(|| literal_items(&l[open + 1..close]))
            .flatten();
        let Some(items) = items else {
            out.push(l.to_owned());
            continue;
        };
        let indent = l.len() - l.trim_start().len();
        out.push(l[..=open].to_owned());
        for item in items {
            out.push(format!("{}{item},", " ".repeat(indent + 4)));
        }
        out.push(format!("{}]{suffix}", " ".repeat(indent)));
    }
    out.join("\n")
}

/// rustfmt's layout of the top-level statement `{head}[items];` (default configuration:
/// `max_width` 100, `array_width` 60, `short_array_element_width_threshold` 10): one line when
/// it fits and the items take at most 60 columns (a single item: when the line fits); else,
/// when every item is at most 10 columns wide, as many items per line as fit (rustfmt's
/// "mixed" layout); else one item per line. Items are already-escaped literals (ASCII).
/// `tests/formatted.rs` checks it against rustfmt; `rust_widths_match_rustfmt` below pins the
/// boundaries measured with rustfmt 1.9 (`--edition 2024`).
pub(crate) fn rust_array_stmt(head: &str, items: &[String]) -> String {
    const MAX: usize = 100;
    const ARRAY: usize = 60;
    const SHORT: usize = 10;
    const INDENT: &str = "    ";
    let one_line = items.join(", ");
    let fits = head.len() + 1 + one_line.len() + 2 <= MAX;
    if items.is_empty() || (fits && (items.len() == 1 || one_line.len() <= ARRAY)) {
        return format!("{head}[{one_line}];");
    }
    let mut out = format!("{head}[\n");
    if items.len() > 1 && items.iter().all(|i| i.len() <= SHORT) {
        let mut line = String::new();
        for item in items {
            // the line with this item and its comma must fit
            if !line.is_empty() && INDENT.len() + line.len() + 2 + item.len() + 1 > MAX {
                out.push_str(&format!("{INDENT}{line},\n"));
                line.clear();
            }
            if !line.is_empty() {
                line.push_str(", ");
            }
            line.push_str(item);
        }
        out.push_str(&format!("{INDENT}{line},\n"));
    } else {
        for item in items {
            out.push_str(&format!("{INDENT}{item},\n"));
        }
    }
    out.push_str("];");
    out
}

/// Prettier's print width (its default).
const PRETTIER_WIDTH: usize = 80;

fn leading_spaces(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

/// Prettier's layout (default options) of an array literal printed as `{prefix}[items]{suffix}`
/// on a line of its own, `prefix` carrying the line's indentation (`  methods: `, `const X =
/// new Set(`): one line when the line fits in 80 columns, else one item per line, two spaces
/// further in, each with a trailing comma. Items are already-escaped literals (ASCII); Prettier
/// fills lines only for arrays of numbers, never for strings or regexes.
pub(crate) fn js_array(prefix: &str, items: &[String], suffix: &str) -> String {
    let one_line = format!("{prefix}[{}]{suffix}", items.join(", "));
    if items.is_empty() || one_line.len() <= PRETTIER_WIDTH {
        return one_line;
    }
    let inner = " ".repeat(leading_spaces(prefix) + 2);
    let mut out = format!("{prefix}[\n");
    for item in items {
        out.push_str(&format!("{inner}{item},\n"));
    }
    out.push_str(&format!("{}]{suffix}", " ".repeat(leading_spaces(prefix))));
    out
}

/// Prettier's layout of a call whose arguments are literals, `{prefix}arg, arg){suffix}` with
/// `prefix` ending in `(` and carrying the line's indentation: one line when it fits in 80
/// columns, else one argument per line, two spaces further in, with a trailing comma.
pub(crate) fn js_call(prefix: &str, args: &[String], suffix: &str) -> String {
    let one_line = format!("{prefix}{}){suffix}", args.join(", "));
    if args.is_empty() || one_line.len() <= PRETTIER_WIDTH {
        return one_line;
    }
    let inner = " ".repeat(leading_spaces(prefix) + 2);
    let mut out = format!("{prefix}\n");
    for arg in args {
        out.push_str(&format!("{inner}{arg},\n"));
    }
    out.push_str(&format!("{}){suffix}", " ".repeat(leading_spaces(prefix))));
    out
}

/// One string literal (`"…"` or `r"…"`, escaped: no unescaped quote inside), or `None`.
fn string_literal(s: &str) -> Option<&str> {
    let body = s.strip_prefix('r').unwrap_or(s);
    let inner = body.strip_prefix('"')?.strip_suffix('"')?;
    let mut esc = false;
    for c in inner.chars() {
        if esc {
            esc = false;
        } else if c == '\\' {
            esc = true;
        } else if c == '"' {
            return None;
        }
    }
    (!esc).then_some(s)
}

/// Black's (and ruff's) split of a top-level line over the limit that assigns one string
/// literal, `NAME = "…"` (wrapped in parentheses when that makes it fit), or a call of one
/// string literal, `NAME = f("…")` (the argument on its own line).
fn black_long_literals(text: &str, width: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for l in text.split('\n') {
        let split = (l.chars().count() > width && !l.starts_with(' '))
            .then(|| l.split_once(" = "))
            .flatten()
            .filter(|(name, _)| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        let Some((name, value)) = split else {
            out.push(l.to_owned());
            continue;
        };
        if let Some(lit) = string_literal(value) {
            if 4 + lit.len() <= width {
                out.push(format!("{name} = (\n    {lit}\n)"));
                continue;
            }
        } else if let Some((callee, rest)) = value.split_once('(')
            && callee
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
            && let Some(lit) = rest.strip_suffix(')').and_then(string_literal)
        {
            out.push(format!("{name} = {callee}(\n    {lit}\n)"));
            continue;
        }
        out.push(l.to_owned());
    }
    out.join("\n")
}

/// Prettier's layout of `{prefix} {value}{suffix}` (an assignment of one literal that cannot
/// break, `const SCOPE = /…/;`): one line when it fits in 80 columns, else the value on the
/// next line, two spaces further in.
pub(crate) fn js_assign(prefix: &str, value: &str, suffix: &str) -> String {
    let one_line = format!("{prefix} {value}{suffix}");
    if one_line.len() <= PRETTIER_WIDTH {
        return one_line;
    }
    format!(
        "{prefix}\n{}{value}{suffix}",
        " ".repeat(leading_spaces(prefix) + 2)
    )
}

/// The key of a one-line `key: value` element (a composite literal's field or map entry):
/// its indentation (tabs) and the key, when the line is one.
fn go_key(line: &str) -> Option<(usize, &str, &str)> {
    let indent = line.len() - line.trim_start_matches('\t').len();
    let rest = &line[indent..];
    if indent == 0 || rest.starts_with("//") {
        return None;
    }
    let key_end = if let Some(inner) = rest.strip_prefix('"') {
        // a string key: up to the closing quote (keys are escaped Go strings)
        let mut esc = false;
        let mut end = None;
        for (i, c) in inner.char_indices() {
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                end = Some(i + 2);
                break;
            }
        }
        end?
    } else {
        rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|&e| e > 0)?
    };
    let after = rest[key_end..].strip_prefix(':')?;
    let value = after.trim_start_matches(' ');
    if value.is_empty() || after.len() == value.len() {
        return None;
    }
    // A value that opens a block spans several lines: gofmt does not align it.
    if value.ends_with('{') || value.ends_with('(') || value.ends_with('[') {
        return None;
    }
    Some((indent, &rest[..key_end], value))
}

/// gofmt's alignment of consecutive one-line `key: value` elements: values start one space
/// after the longest key of the run; a comment, a blank line, a multi-line element or another
/// indentation ends the run, and so does go/printer's size rule (keys over 40 characters
/// whose length is off the run's geometric mean by a factor of 2.5).
fn gofmt_align(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let Some((indent, _, _)) = go_key(lines[i]) else {
            out.push(lines[i].to_owned());
            i += 1;
            continue;
        };
        // the run
        let mut run = vec![i];
        let (mut lnsum, mut count) = (0f64, 0f64);
        let first_len = go_key(lines[i]).map_or(0, |(_, k, _)| k.len());
        lnsum += (first_len as f64).ln();
        count += 1.0;
        let mut prev = first_len;
        let mut j = i + 1;
        while j < lines.len() {
            let Some((ind, key, _)) = go_key(lines[j]) else {
                break;
            };
            if ind != indent {
                break;
            }
            let size = key.len();
            let small = prev <= 40 && size <= 40;
            if !small {
                let ratio = size as f64 / (lnsum / count).exp();
                if 2.5 * ratio <= 1.0 || 2.5 <= ratio {
                    break;
                }
            }
            lnsum += (size as f64).ln();
            count += 1.0;
            prev = size;
            run.push(j);
            j += 1;
        }
        let width = run
            .iter()
            .filter_map(|&k| go_key(lines[k]).map(|(_, key, _)| key.len()))
            .max()
            .unwrap_or(0);
        for &k in &run {
            let (ind, key, value) = go_key(lines[k]).expect("in the run");
            out.push(format!(
                "{}{key}:{}{value}",
                "\t".repeat(ind),
                " ".repeat(width - key.len() + 1)
            ));
        }
        i = j;
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_python_lists_are_split_one_item_per_line() {
        let src = format!(
            "    allow_origins=[{}],\nX = [\n]\n",
            (0..8)
                .map(|i| format!("\"https://a{i}.example.com\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let got = black_lists(&join_empty_brackets(&src, '[', ']'), 88);
        assert!(
            got.starts_with("    allow_origins=[\n        \"https://a0.example.com\",\n"),
            "{got}"
        );
        assert!(got.ends_with("    ],\nX = []\n"), "{got}");
    }

    #[test]
    fn go_runs_align_on_their_longest_key() {
        let src = "x := T{\n\t\tA: 1,\n\t\tLonger: 2,\n\t\t// c\n\t\tB: f(x),\n\t\tFn: func() {\n\t\t},\n}\n";
        assert_eq!(
            gofmt_align(src),
            "x := T{\n\t\tA:      1,\n\t\tLonger: 2,\n\t\t// c\n\t\tB: f(x),\n\t\tFn: func() {\n\t\t},\n}\n"
        );
        let map = "var m = map[string]bool{\n\t\"https://a.example\": true,\n\t\"https://bb.example\": true,\n}";
        assert_eq!(
            gofmt_align(map),
            "var m = map[string]bool{\n\t\"https://a.example\":  true,\n\t\"https://bb.example\": true,\n}"
        );
    }

    #[test]
    fn rust_widths_match_rustfmt() {
        let items = |n: usize, w: usize| -> Vec<String> {
            (0..n)
                .map(|i| format!("\"{}{i}\"", "a".repeat(w - 2 - i.to_string().len())))
                .collect()
        };
        let head = "const X: [&str; 9] = ";
        // 2 × 29 + 2 = 60 columns: one line; 62: one per line
        assert!(!rust_array_stmt(head, &items(2, 29)).contains('\n'));
        assert_eq!(rust_array_stmt(head, &items(2, 30)).lines().count(), 4);
        // one item stays on the line while the line fits
        assert!(!rust_array_stmt(head, &items(1, 70)).contains('\n'));
        assert_eq!(rust_array_stmt(head, &items(1, 80)).lines().count(), 3);
        // short items fill lines: 13 of width 5 per line (94 columns with the comma)
        let mixed = rust_array_stmt(head, &items(30, 5));
        let lines: Vec<&str> = mixed.lines().collect();
        assert_eq!(lines.len(), 5, "{mixed}");
        assert_eq!(lines[1].len(), 94);
        assert!(lines[3].ends_with("\"a29\","));
        assert_eq!(rust_array_stmt(head, &[]), "const X: [&str; 9] = [];");
    }

    #[test]
    fn js_widths_match_prettier() {
        let fill = |n: usize| format!("\"{}\"", "b".repeat(n));
        // 80 columns: one line; 81: one item per line (measured with Prettier 3.10)
        let a = js_array("  methods: ", &[fill(20), fill(40)], ",");
        assert_eq!(a.len(), 80);
        let b = js_array("  methods: ", &[fill(20), fill(41)], ",");
        assert_eq!(
            b,
            format!("  methods: [\n    {},\n    {},\n  ],", fill(20), fill(41))
        );
        let c = js_call("  headers.set(", &[fill(28), fill(30)], ";");
        assert_eq!(c.len(), 80);
        let d = js_call("  headers.set(", &[fill(28), fill(31)], ";");
        assert_eq!(
            d,
            format!("  headers.set(\n    {},\n    {},\n  );", fill(28), fill(31))
        );
        assert_eq!(
            js_array("const X = new Set(", &[], ");"),
            "const X = new Set([]);"
        );
    }

    #[test]
    fn long_single_literals_split_as_black_and_prettier_split_them() {
        let re = format!("r\"^({})$\"", "/api/v1(/.*)?|".repeat(5));
        assert_eq!(
            black_long_literals(
                &format!("CORS_URLS_REGEX = {re}\nSCOPE = re.compile({re})\n"),
                88
            ),
            format!("CORS_URLS_REGEX = (\n    {re}\n)\nSCOPE = re.compile(\n    {re}\n)\n")
        );
        // short lines and indented lines stay
        assert_eq!(black_long_literals("X = r\"a\"", 88), "X = r\"a\"");
        let regex = format!("/^{}$/", "a".repeat(70));
        assert_eq!(
            js_assign("const SCOPE =", &regex, ";"),
            format!("const SCOPE =\n  {regex};")
        );
        assert_eq!(
            js_assign("const SCOPE =", "/^a$/", ";"),
            "const SCOPE = /^a$/;"
        );
    }
}
