//! Allowed origins: an exact list, `*`, subdomain patterns and anchored regexes.
//!
//! Every entry is validated and normalized once (rs/cors's "compiled form"): exact origins are
//! kept in the browser's serialization ([`corsfix_model::Origin`]), patterns are turned into one
//! anchored regex in the portable grammar of [`crate::portable`] (the same text means the same in
//! JavaScript, Python, Go RE2, Java, PCRE, Ruby, .NET and Rust, proven by running them), so
//! each generator only has to escape it for its language.

use corsfix_model::Origin;
use regex::Regex;
use serde::Serialize;

/// One allowed-origin entry.
#[derive(Debug, Clone, Serialize)]
pub struct OriginPattern {
    /// What the user wrote.
    pub source: String,
    /// How it was written.
    pub kind: PatternKind,
    /// The anchored regex (`^…$`) meaning exactly this pattern, in the common dialect.
    pub regex: String,
    /// For a subdomain pattern: the scheme (`https`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// For a subdomain pattern: the parent domain and optional port (`example.com`,
    /// `example.com:8443`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(skip)]
    compiled: Regex,
}

/// How a pattern was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PatternKind {
    /// `https://*.example.com`: any subdomain (one or more labels), never the parent itself.
    Subdomain,
    /// A raw regex the user wrote (`^https://(app|admin)\.example\.com$`).
    Regex,
}

impl OriginPattern {
    /// Whether a serialized origin matches, exactly as a generated server would test it.
    pub fn is_match(&self, origin: &str) -> bool {
        self.compiled.is_match(origin)
    }

    /// Whether the regex is anchored at both ends (`^…$`).
    pub fn is_anchored(&self) -> bool {
        is_anchored(&self.regex)
    }

    /// The regex with Ruby's string anchors (`\A…\z`): in Ruby `^`/`$` are line anchors.
    pub fn ruby_regex(&self) -> String {
        let mut r = self.regex.clone();
        if let Some(rest) = r.strip_prefix('^') {
            r = format!("\\A{rest}");
        }
        if r.ends_with('$') && !r.ends_with("\\$") {
            r.pop();
            r.push_str("\\z");
        }
        r
    }

    /// The regex without its outer anchors, for engines that always match the whole string
    /// (Envoy `safe_regex`, Java `String.matches`). Only meaningful when anchored.
    pub fn unanchored_body(&self) -> &str {
        let r = self.regex.strip_prefix('^').unwrap_or(&self.regex);
        r.strip_suffix('$').unwrap_or(r)
    }
}

pub(crate) fn is_anchored(re: &str) -> bool {
    re.starts_with('^') && re.ends_with('$') && !re.ends_with("\\$")
}

/// Escape a literal for a regex (dots and the other metacharacters).
pub(crate) fn regex_escape_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The allowed origins of a policy.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Origins {
    /// `*`: every origin.
    pub any: bool,
    /// Exact origins, serialized as browsers send them, in the order given.
    pub exact: Vec<String>,
    /// Whether `null` (opaque origins) is in the list (always a lint error).
    pub null: bool,
    /// Subdomain patterns and regexes, in the order given.
    pub patterns: Vec<OriginPattern>,
}

impl Origins {
    /// Whether an origin (as the browser serializes it) is allowed.
    pub fn allows(&self, origin: &str) -> bool {
        if self.any {
            return true;
        }
        if origin == "null" {
            return self.null;
        }
        self.exact.iter().any(|o| o == origin) || self.patterns.iter().any(|p| p.is_match(origin))
    }

    /// Whether the answer depends on the request's `Origin` (anything but a lone `*`).
    pub fn varies(&self) -> bool {
        !self.any
    }

    /// Whether there is exactly one allowed origin and nothing else.
    pub fn single(&self) -> Option<&str> {
        match (
            self.any,
            self.null,
            self.exact.as_slice(),
            self.patterns.is_empty(),
        ) {
            (false, false, [one], true) => Some(one),
            _ => None,
        }
    }

    /// Every entry as the user wrote it (normalized), for display.
    pub fn display_list(&self) -> Vec<String> {
        let mut v = Vec::new();
        if self.any {
            v.push("*".to_owned());
        }
        v.extend(self.exact.iter().cloned());
        if self.null {
            v.push("null".to_owned());
        }
        v.extend(self.patterns.iter().map(|p| p.source.clone()));
        v
    }

    /// One anchored regex matching exactly every allowed exact origin and pattern (for targets
    /// that take a single regex, e.g. Starlette's `allow_origin_regex`, nginx `map`).
    pub fn combined_regex(&self) -> String {
        let mut alts: Vec<String> = self.exact.iter().map(|o| regex_escape_literal(o)).collect();
        alts.extend(self.patterns.iter().map(|p| {
            let body = p.unanchored_body();
            format!("(?:{body})")
        }));
        format!("^(?:{})$", alts.join("|"))
    }
}

/// Problems with one origin entry (collected into [`crate::PolicyError`]).
pub(crate) enum EntryError {
    /// message, suggestion
    Bad(String, Option<String>),
}

pub(crate) enum Entry {
    Any,
    Null,
    Exact(String),
    Pattern(OriginPattern),
}

/// Parse one `origins` entry.
pub(crate) fn parse_entry(raw: &str) -> Result<Entry, EntryError> {
    let bad = |m: String, s: Option<String>| Err(EntryError::Bad(m, s));
    if raw.is_empty() {
        return bad("an empty origin".into(), None);
    }
    if let Some(c) = raw.chars().find(|c| c.is_control() || c.is_whitespace()) {
        let cleaned: String = raw
            .chars()
            .filter(|c| !c.is_control() && !c.is_whitespace())
            .collect();
        return bad(
            format!(
                "`{}` contains {c:?}: browsers never send that in an origin",
                raw.escape_debug()
            ),
            match parse_entry(&cleaned) {
                Ok(Entry::Exact(o)) => Some(o),
                _ => None,
            },
        );
    }
    if raw == "*" {
        return Ok(Entry::Any);
    }
    if raw == "null" {
        return Ok(Entry::Null);
    }
    if raw.starts_with('^') || (raw.starts_with('/') && raw.ends_with('/') && raw.len() > 2) {
        let text = if raw.starts_with('/') {
            &raw[1..raw.len() - 1]
        } else {
            raw
        };
        return parse_regex(raw, text).map(Entry::Pattern);
    }
    if raw.contains('*') {
        return parse_subdomain(raw).map(Entry::Pattern);
    }
    parse_exact(raw).map(Entry::Exact)
}

fn parse_exact(raw: &str) -> Result<String, EntryError> {
    let bad = |m: String, s: Option<String>| Err(EntryError::Bad(m, s));
    if !raw.contains("://") {
        let host = raw.split('/').next().unwrap_or(raw);
        let scheme = if host.starts_with("localhost") || host.starts_with("127.") {
            "http"
        } else {
            "https"
        };
        return bad(
            format!("`{raw}` has no scheme: an origin starts with `https://` or `http://`"),
            Some(format!("{scheme}://{}", host.to_ascii_lowercase())),
        );
    }
    if raw.ends_with('/') {
        let trimmed = raw.trim_end_matches('/');
        let suggestion = Origin::parse(trimmed)
            .ok()
            .map(|o| o.as_str().to_owned())
            .or_else(|| Some(trimmed.to_owned()));
        return bad(
            format!(
                "`{raw}` ends with a slash: browsers send the origin without one and compare strings exactly"
            ),
            suggestion,
        );
    }
    let scheme = raw.split("://").next().unwrap_or("").to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return bad(
            format!("`{raw}`: only http and https origins can be allowed here"),
            None,
        );
    }
    match Origin::parse(raw) {
        Ok(Origin::Tuple(s)) => {
            if !host_is_plain(&s) {
                return bad(
                    format!(
                        "`{raw}` has a host with characters no real site uses (only letters, digits, `-`, `.` and IP literals)"
                    ),
                    None,
                );
            }
            Ok(s)
        }
        Ok(Origin::Opaque) => Ok("null".into()),
        Err(corsfix_model::ParseOriginError::HasPath(_, ser)) => bad(
            format!(
                "`{raw}` has a path, query or fragment: an origin is only scheme, host and port"
            ),
            Some(ser),
        ),
        Err(e) => bad(e.to_string(), None),
    }
}

/// Hosts of serialized origins: letters, digits, `-`, `.`, `:` and IPv6 brackets. Anything
/// else (quotes, `$`, `{`, …) is refused rather than carried into generated code.
fn host_is_plain(serialized: &str) -> bool {
    let rest = serialized.split("://").nth(1).unwrap_or("");
    !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
}

fn parse_subdomain(raw: &str) -> Result<OriginPattern, EntryError> {
    let bad = |m: String, s: Option<String>| Err(EntryError::Bad(m, s));
    let Some((scheme, rest)) = raw.split_once("://") else {
        return bad(
            format!(
                "`{raw}` has no scheme: write the pattern with one, like `https://*.example.com`"
            ),
            Some(format!("https://{raw}")),
        );
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return bad(
            format!("`{raw}`: a pattern's scheme must be http or https"),
            None,
        );
    }
    if rest.matches('*').count() != 1 {
        return bad(
            format!("`{raw}`: a pattern may hold one `*`, as the leftmost label"),
            None,
        );
    }
    let rest = rest.trim_end_matches('/');
    if rest.contains('/') || rest.contains('?') || rest.contains('#') {
        return bad(
            format!(
                "`{raw}` has a path: a pattern matches origins, which are only scheme, host and port"
            ),
            None,
        );
    }
    let Some(parent) = rest.strip_prefix("*.") else {
        let fixed = rest.trim_start_matches('*').trim_start_matches('.');
        return bad(
            format!(
                "`{raw}` matches more than intended: without a dot after `*` it also matches `https://evil-{fixed}`"
            ),
            Some(format!("{scheme}://*.{fixed}")),
        );
    };
    let parent = parent.to_ascii_lowercase();
    let (host, port) = match parent.rsplit_once(':') {
        Some((h, p)) if !h.contains(']') || h.ends_with(']') => (h.to_owned(), Some(p.to_owned())),
        _ => (parent.clone(), None),
    };
    if let Some(p) = &port
        && (p.parse::<u16>().is_err() || p.is_empty())
    {
        return bad(format!("`{raw}`: `{p}` is not a port"), None);
    }
    if host.is_empty()
        || !host
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        return bad(
            format!("`{raw}`: the part after `*.` must be a domain name like `example.com`"),
            None,
        );
    }
    if !host.contains('.') {
        return bad(
            format!(
                "`{raw}` matches every site under `.{host}`: put your own registrable domain after `*.`"
            ),
            None,
        );
    }
    // Default ports are omitted by browsers: `https://*.example.com:443` never matches anything.
    let port = match (scheme.as_str(), port.as_deref()) {
        ("https", Some("443")) | ("http", Some("80")) => None,
        _ => port,
    };
    let port_re = port.as_ref().map(|p| format!(":{p}")).unwrap_or_default();
    let regex = format!(
        "^{scheme}://([a-z0-9-]+\\.)+{}{port_re}$",
        regex_escape_literal(&host)
    );
    let compiled = Regex::new(&regex).map_err(|e| EntryError::Bad(e.to_string(), None))?;
    let parent = match &port {
        Some(p) => format!("{host}:{p}"),
        None => host,
    };
    Ok(OriginPattern {
        source: format!("{scheme}://*.{parent}"),
        kind: PatternKind::Subdomain,
        regex,
        scheme: Some(scheme),
        parent: Some(parent),
        compiled,
    })
}

fn parse_regex(raw: &str, text: &str) -> Result<OriginPattern, EntryError> {
    let bad = |m: String, s: Option<String>| Err(EntryError::Bad(m, s));
    if text.len() > 512 {
        // The first 40 characters (not bytes: a regex may hold any character).
        let start: String = text.chars().take(40).collect();
        return bad(
            format!("the regex `{start}…` is longer than 512 characters"),
            None,
        );
    }
    if let Err(e) = crate::portable::check(text) {
        let suggestion = e.suggestion.map(|s| {
            if raw.starts_with('/') {
                format!("/{s}/")
            } else {
                s
            }
        });
        return bad(e.message, suggestion);
    }
    match Regex::new(text) {
        Ok(compiled) => Ok(OriginPattern {
            source: raw.to_owned(),
            kind: PatternKind::Regex,
            regex: text.to_owned(),
            scheme: None,
            parent: None,
            compiled,
        }),
        Err(e) => bad(format!("the regex `{text}` does not compile: {e}"), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(raw: &str) -> OriginPattern {
        match parse_entry(raw) {
            Ok(Entry::Pattern(p)) => p,
            _ => panic!("{raw} is not a pattern"),
        }
    }

    /// Found by the `explain_parse` fuzz target (a pasted origin `^ttp:…` with non-ASCII bytes
    /// became a regex entry of the suggested policy): a long regex whose 40th byte falls inside
    /// a character was cut there and panicked.
    #[test]
    fn a_long_regex_with_non_ascii_characters_is_refused_without_a_panic() {
        for raw in [
            format!("^{}$", "é".repeat(300)),
            format!("/^https://{}\\.example\\.com$/", "€".repeat(200)),
        ] {
            match parse_entry(&raw) {
                Err(EntryError::Bad(message, _)) => {
                    assert!(message.contains("longer than 512"), "{message}")
                }
                _ => panic!("{raw} was not refused as too long"),
            }
        }
    }

    #[test]
    fn subdomain_pattern_requires_a_dot_boundary() {
        let p = pattern("https://*.example.com");
        assert!(p.is_match("https://app.example.com"));
        assert!(p.is_match("https://a.b.example.com"));
        assert!(!p.is_match("https://example.com"));
        assert!(!p.is_match("https://evil-example.com"));
        assert!(!p.is_match("https://example.com.evil.net"));
        assert!(!p.is_match("http://app.example.com"));
        assert!(!p.is_match("https://appXexample.com"));
    }

    #[test]
    fn ruby_anchors_replace_line_anchors() {
        let p = pattern("^https://a\\.example\\.com$");
        assert_eq!(p.ruby_regex(), "\\Ahttps://a\\.example\\.com\\z");
    }

    #[test]
    fn combined_regex_matches_exactly_the_entries() {
        let mut o = Origins::default();
        o.exact.push("https://a.example.com".into());
        o.patterns.push(pattern("https://*.b.example.com"));
        let re = Regex::new(&o.combined_regex()).unwrap();
        assert!(re.is_match("https://a.example.com"));
        assert!(re.is_match("https://x.b.example.com"));
        assert!(!re.is_match("https://aXexample.com"));
        assert!(!re.is_match("https://a.example.com.evil"));
    }
}
