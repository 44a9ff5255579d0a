//! Per-language escaping filters. Every user string reaches generated code through one of
//! these; each produces a complete literal (quotes included) that means exactly the input in
//! its language, or fails the render when the language cannot represent it.
//!
//! Characters outside printable ASCII are written as escapes wherever the language has them,
//! so the generated files are pure ASCII and a newline, NUL or U+2028 can never end a string
//! or a comment early.

use minijinja::{Error, ErrorKind, Value};

fn refuse(lang: &str, s: &str) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("{lang} cannot represent {:?} safely here", s),
    )
}

fn printable(c: char) -> bool {
    (' '..='~').contains(&c)
}

/// A JavaScript / TypeScript string literal, quoted as Prettier quotes it: in double quotes,
/// unless the string holds more double than single quotes (then in single quotes). Only the
/// enclosing quote is escaped, as Prettier leaves it.
pub(crate) fn js_str(s: &str) -> String {
    let q = if s.matches('"').count() > s.matches('\'').count() {
        '\''
    } else {
        '"'
    };
    let mut o = String::from(q);
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            c if c == q => {
                o.push('\\');
                o.push(c);
            }
            // `</script>` and `${` are harmless inside a quoted string, but escaping `<`, `$`
            // and the backquote keeps the output safe if pasted into HTML or a template literal.
            '$' => o.push_str("\\x24"),
            '`' => o.push_str("\\x60"),
            '<' => o.push_str("\\x3c"),
            '>' => o.push_str("\\x3e"),
            c if printable(c) => o.push(c),
            c => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    o.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
    }
    o.push(q);
    o
}

/// A JavaScript regex literal (`/…/`): the pattern text with `/` escaped. Anything outside
/// printable ASCII uses `\uXXXX`, which JavaScript regexes understand.
pub(crate) fn js_regex(s: &str) -> String {
    let mut o = String::from("/");
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            escaped = false;
            if c == '/' {
                o.push('/');
                continue;
            }
            o.push(c);
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                o.push('\\');
            }
            '/' => o.push_str("\\/"),
            c if printable(c) => o.push(c),
            c => o.push_str(&format!("\\u{:04x}", u32::from(c) & 0xffff)),
        }
    }
    o.push('/');
    o
}

fn c_like(s: &str, quote: char, unicode: impl Fn(char) -> String) -> String {
    let mut o = String::new();
    o.push(quote);
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            c if c == quote => {
                o.push('\\');
                o.push(c);
            }
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if printable(c) => o.push(c),
            c => o.push_str(&unicode(c)),
        }
    }
    o.push(quote);
    o
}

/// `\uXXXX`, or `\UXXXXXXXX` outside the BMP: the escape that Python, Go, YAML
/// double-quoted and TOML basic strings share.
fn u_or_big_u(c: char) -> String {
    if u32::from(c) <= 0xffff {
        format!("\\u{:04x}", u32::from(c))
    } else {
        format!("\\U{:08x}", u32::from(c))
    }
}

/// A Python string literal.
pub(crate) fn py_str(s: &str) -> String {
    c_like(s, '"', u_or_big_u)
}

/// A Python raw string for regexes when possible (`r"…"`), else an escaped literal.
pub(crate) fn py_regex(s: &str) -> String {
    if s.chars().all(|c| printable(c) && c != '"') && !s.ends_with('\\') {
        format!("r\"{s}\"")
    } else {
        py_str(s)
    }
}

/// A Go interpreted string literal.
pub(crate) fn go_str(s: &str) -> String {
    c_like(s, '"', u_or_big_u)
}

/// A Go raw string (backquotes) for regexes when possible.
pub(crate) fn go_regex(s: &str) -> String {
    if s.chars().all(|c| printable(c) && c != '`') {
        format!("`{s}`")
    } else {
        go_str(s)
    }
}

/// A Rust string literal (raw when possible).
pub(crate) fn rust_str(s: &str) -> String {
    if s.chars().all(|c| printable(c) && c != '"') {
        if s.contains('\\') {
            format!("r\"{s}\"")
        } else {
            format!("\"{s}\"")
        }
    } else {
        c_like(s, '"', |c| format!("\\u{{{:x}}}", u32::from(c)))
    }
}

/// A Java string literal. Java turns `\uXXXX` into characters *before* lexing, so a
/// `\u000a` would end the line inside the literal: non-printable characters use octal escapes
/// and anything else outside ASCII is refused by the policy validation long before here.
pub(crate) fn java_str(s: &str) -> Result<String, Error> {
    if s.chars().any(|c| u32::from(c) > 0xff) {
        return Err(refuse("a Java literal", s));
    }
    Ok(c_like(s, '"', |c| format!("\\{:03o}", u32::from(c))))
}

/// A C# regular string literal.
pub(crate) fn cs_str(s: &str) -> String {
    c_like(s, '"', |c| {
        let mut buf = [0u16; 2];
        c.encode_utf16(&mut buf)
            .iter()
            .map(|u| format!("\\u{u:04x}"))
            .collect()
    })
}

/// A PHP single-quoted string: only `\` and `'` are special; nothing is interpolated.
pub(crate) fn php_str(s: &str) -> String {
    let mut o = String::from("'");
    for c in s.chars() {
        if c == '\\' || c == '\'' {
            o.push('\\');
        }
        o.push(c);
    }
    o.push('\'');
    o
}

/// A PHP PCRE pattern string with `#` delimiters (`'#^https://…$#'`).
pub(crate) fn php_regex(s: &str) -> String {
    php_str(&format!("#{}#", s.replace('#', "\\#")))
}

/// A Ruby single-quoted string.
pub(crate) fn ruby_str(s: &str) -> String {
    php_str(s)
}

/// A Ruby regex literal (`/…/`) of an already Ruby-anchored pattern.
pub(crate) fn ruby_regex(s: &str) -> Result<String, Error> {
    if !s.chars().all(printable) || s.contains("#{") {
        return Err(refuse("a Ruby regex literal", s));
    }
    Ok(js_regex(s))
}

/// An nginx quoted string. `$` always starts a variable in nginx and has no escape, so it is
/// written as `${dollar}` (the template declares `geo $dollar { default "$"; }` when needed).
pub(crate) fn nginx_str(s: &str) -> Result<String, Error> {
    if !s.chars().all(printable) {
        return Err(refuse("nginx", s));
    }
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '"' => o.push_str("\\\""),
            '$' => o.push_str("${dollar}"),
            c => o.push(c),
        }
    }
    o.push('"');
    Ok(o)
}

/// An nginx regex (map key `~…`) in quotes: backslashes stay (PCRE needs them), quotes are
/// escaped; a `$` is only allowed as the final anchor (validated by the policy).
pub(crate) fn nginx_regex(s: &str) -> Result<String, Error> {
    if !s.chars().all(printable) || s.trim_end_matches('$').contains('$') {
        return Err(refuse("an nginx regex", s));
    }
    Ok(format!("\"~{}\"", s.replace('"', "\\\"")))
}

/// An Apache quoted argument for a `Header` value: `%` starts a format specifier (`%%` is a
/// literal percent sign), `"` and `\` are escaped.
pub(crate) fn apache_str(s: &str) -> Result<String, Error> {
    if !s.chars().all(printable) {
        return Err(refuse("Apache", s));
    }
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '"' => o.push_str("\\\""),
            '%' => o.push_str("%%"),
            c => o.push(c),
        }
    }
    o.push('"');
    Ok(o)
}

/// An Apache quoted regex (`SetEnvIf`): only `"` needs escaping.
pub(crate) fn apache_regex(s: &str) -> Result<String, Error> {
    if !s.chars().all(printable) {
        return Err(refuse("Apache", s));
    }
    Ok(format!("\"{}\"", s.replace('"', "\\\"")))
}

/// A Caddyfile double-quoted token.
pub(crate) fn caddy_str(s: &str) -> Result<String, Error> {
    if !s.chars().all(printable) || s.contains('{') || s.contains('}') {
        return Err(refuse("a Caddyfile value", s));
    }
    Ok(format!(
        "\"{}\"",
        s.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

/// A Caddyfile backquoted token (no escapes inside), for regexes.
pub(crate) fn caddy_raw(s: &str) -> Result<String, Error> {
    if !s.chars().all(printable) || s.contains('`') {
        return Err(refuse("a Caddyfile raw token", s));
    }
    Ok(format!("`{s}`"))
}

/// An HAProxy argument: single quotes (no escapes, no environment expansion inside), with `'`
/// closed and re-opened shell-style, and `%` doubled because header values are log-format
/// strings.
pub(crate) fn haproxy_str(s: &str) -> Result<String, Error> {
    if !s.chars().all(printable) {
        return Err(refuse("HAProxy", s));
    }
    Ok(format!("'{}'", s.replace('%', "%%").replace('\'', "'\\''")))
}

/// An HAProxy regex or match pattern argument (not a log-format string: `%` stays).
pub(crate) fn haproxy_pattern(s: &str) -> Result<String, Error> {
    if !s.chars().all(printable) {
        return Err(refuse("HAProxy", s));
    }
    Ok(format!("'{}'", s.replace('\'', "'\\''")))
}

/// A YAML double-quoted scalar.
pub(crate) fn yaml_str(s: &str) -> String {
    c_like(s, '"', u_or_big_u)
}

/// A JSON value (strings escaped, pure ASCII).
pub(crate) fn json(v: &Value) -> Result<String, Error> {
    let s = serde_json::to_string(v)
        .map_err(|e| Error::new(ErrorKind::InvalidOperation, e.to_string()))?;
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if printable(c) {
            o.push(c);
        } else {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                o.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    Ok(o.replace('<', "\\u003c").replace('>', "\\u003e"))
}

/// Pretty JSON (two-space indent), pure ASCII.
pub(crate) fn json_pretty(v: &Value) -> Result<String, Error> {
    let s = serde_json::to_string_pretty(v)
        .map_err(|e| Error::new(ErrorKind::InvalidOperation, e.to_string()))?;
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if printable(c) || c == '\n' {
            o.push(c);
        } else {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                o.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    Ok(o.replace('<', "\\u003c").replace('>', "\\u003e"))
}

/// A TOML basic string.
pub(crate) fn toml_str(s: &str) -> String {
    c_like(s, '"', u_or_big_u)
}

/// An XML attribute value in double quotes.
pub(crate) fn xml_str(s: &str) -> Result<String, Error> {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if printable(c) => o.push(c),
            c if u32::from(c) >= 0xa0 => o.push_str(&format!("&#x{:x};", u32::from(c))),
            _ => return Err(refuse("XML", s)),
        }
    }
    o.push('"');
    Ok(o)
}

/// A POSIX shell word in single quotes.
pub(crate) fn sh_str(s: &str) -> Result<String, Error> {
    if s.contains('\0') {
        return Err(refuse("a shell word", s));
    }
    Ok(format!("'{}'", s.replace('\'', "'\\''")))
}

/// A line of a static header file (`_headers`): no quoting exists, so anything that could end
/// the line or start a comment is refused.
pub(crate) fn header_line(s: &str) -> Result<String, Error> {
    if !s.chars().all(printable) {
        return Err(refuse("a header file line", s));
    }
    Ok(s.to_owned())
}

/// A value that is printed bare (paths regexes, host names): only characters that need no
/// quoting in any configuration language pass; anything else fails the render.
pub(crate) fn plain(s: &str) -> Result<String, Error> {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_.~-^$()|?*+\\[]:".contains(c))
    {
        Ok(s.to_owned())
    } else {
        Err(refuse("a bare configuration value", s))
    }
}

/// Register every filter on an environment, plus list forms (`js_list` → `'a', 'b'`).
pub(crate) fn register(env: &mut minijinja::Environment<'static>) {
    fn list<F>(f: F) -> impl Fn(Vec<String>) -> Result<String, Error> + Send + Sync + 'static
    where
        F: Fn(&str) -> Result<String, Error> + Send + Sync + 'static,
    {
        move |v: Vec<String>| {
            Ok(v.iter()
                .map(|s| f(s))
                .collect::<Result<Vec<_>, _>>()?
                .join(", "))
        }
    }
    macro_rules! infallible {
        ($($name:literal => $f:path),* $(,)?) => {$(
            env.add_filter($name, |s: String| -> String { $f(&s) });
            env.add_filter(concat!($name, "_list"), list(|s: &str| Ok($f(s))));
        )*};
    }
    macro_rules! fallible {
        ($($name:literal => $f:path),* $(,)?) => {$(
            env.add_filter($name, |s: String| -> Result<String, Error> { $f(&s) });
            env.add_filter(concat!($name, "_list"), list($f));
        )*};
    }
    infallible!(
        "js_str" => js_str, "js_regex" => js_regex, "py_str" => py_str, "py_regex" => py_regex,
        "go_str" => go_str, "go_regex" => go_regex, "rust_str" => rust_str, "cs_str" => cs_str,
        "php_str" => php_str, "php_regex" => php_regex, "ruby_str" => ruby_str,
        "yaml_str" => yaml_str, "toml_str" => toml_str,
    );
    fallible!(
        "java_str" => java_str, "ruby_regex" => ruby_regex, "nginx_str" => nginx_str,
        "nginx_regex" => nginx_regex, "apache_str" => apache_str, "apache_regex" => apache_regex,
        "caddy_str" => caddy_str, "caddy_raw" => caddy_raw, "haproxy_str" => haproxy_str,
        "haproxy_pattern" => haproxy_pattern, "xml_str" => xml_str, "sh_str" => sh_str,
        "header_line" => header_line, "plain" => plain,
    );
    // `{{ methods|rust_const("ALLOWED_METHODS") }}` → `const ALLOWED_METHODS: [&str; 2] = [...];`
    // laid out as rustfmt lays it out.
    env.add_filter("rust_const", |v: Vec<String>, name: String| -> String {
        let items: Vec<String> = v.iter().map(|s| rust_str(s)).collect();
        crate::layout::rust_array_stmt(&format!("const {name}: [&str; {}] = ", v.len()), &items)
    });
    // Prettier's layouts: `{{ methods|js_str_items|js_array("  methods: ", ",") }}` (items
    // are escaped literals), `{{ js_call("  headers.set(", [a, b], ";") }}`.
    env.add_filter("js_str_items", |v: Vec<String>| -> Vec<String> {
        v.iter().map(|s| js_str(s)).collect()
    });
    env.add_filter("js_regex_items", |v: Vec<String>| -> Vec<String> {
        v.iter().map(|s| js_regex(s)).collect()
    });
    env.add_filter(
        "js_array",
        |items: Vec<String>, prefix: String, suffix: String| -> String {
            crate::layout::js_array(&prefix, &items, &suffix)
        },
    );
    env.add_function(
        "js_call",
        |prefix: String, args: Vec<String>, suffix: String| -> String {
            crate::layout::js_call(&prefix, &args, &suffix)
        },
    );
    env.add_function(
        "js_assign",
        |prefix: String, value: String, suffix: String| -> String {
            crate::layout::js_assign(&prefix, &value, &suffix)
        },
    );
    env.add_filter("json", |v: Value| json(&v));
    env.add_filter("json_pretty", |v: Value| json_pretty(&v));
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a'b\"c\\d${e}`f*/g-->h\ni\0j\u{2028}k\u{1F600}</script>%x#{y}";

    #[test]
    fn literals_never_contain_raw_control_or_quote_characters() {
        for out in [
            js_str(HOSTILE),
            py_str(HOSTILE),
            go_str(HOSTILE),
            rust_str(HOSTILE),
            cs_str(HOSTILE),
            yaml_str(HOSTILE),
            toml_str(HOSTILE),
        ] {
            let inner = &out[1..out.len() - 1];
            assert!(inner.chars().all(|c| (' '..='~').contains(&c)), "{out}");
            // every quote inside is escaped
            let q = out.chars().next().unwrap();
            let mut prev_backslashes = 0;
            for c in inner.chars() {
                if c == q {
                    assert!(prev_backslashes % 2 == 1, "unescaped quote in {out}");
                }
                prev_backslashes = if c == '\\' { prev_backslashes + 1 } else { 0 };
            }
        }
        assert!(!js_str(HOSTILE).contains("${"));
        assert!(!js_str(HOSTILE).contains("-->"));
    }

    #[test]
    fn languages_without_escapes_refuse() {
        assert!(nginx_str("a\nb").is_err());
        assert!(apache_str("a\0b").is_err());
        assert!(header_line("x\ny: z").is_err());
        assert!(xml_str("a\u{1}b").is_err());
        assert!(java_str("\u{2028}").is_err());
    }

    #[test]
    fn nginx_dollar_and_apache_percent_are_literal() {
        assert_eq!(nginx_str("X-$HOME").unwrap(), "\"X-${dollar}HOME\"");
        assert_eq!(apache_str("X-%s").unwrap(), "\"X-%%s\"");
        assert_eq!(haproxy_str("it's 5%").unwrap(), "'it'\\''s 5%%'");
        assert_eq!(php_str("a\\'b"), "'a\\\\\\'b'");
    }

    #[test]
    fn js_strings_are_quoted_as_prettier_quotes_them() {
        // double quotes, unless the string holds more double than single quotes
        assert_eq!(js_str("X-It's"), "\"X-It's\"");
        assert_eq!(js_str("a\"b"), "'a\"b'");
        assert_eq!(js_str("a\"b'c"), "\"a\\\"b'c\"");
        assert_eq!(js_str("a\"\"b'c"), "'a\"\"b\\'c'");
        assert_eq!(js_str("${x}</a>"), "\"\\x24{x}\\x3c/a\\x3e\"");
    }

    #[test]
    fn js_regex_escapes_slashes_once() {
        assert_eq!(js_regex("^https://a\\.b$"), "/^https:\\/\\/a\\.b$/");
        assert_eq!(js_regex("a\\/b"), "/a\\/b/");
    }
}
