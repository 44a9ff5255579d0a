//! Request and response header rules: safelisted and forbidden request headers, the
//! CORS-unsafe request-header names, header-list parsing and exposed response headers.
//!
//! Spec: [Fetch: HTTP header layer](https://fetch.spec.whatwg.org/#http-header-layer-division).

use crate::Browser;
use crate::method::is_token;

/// A header list as the server sent it: `(name, value)` pairs in order, names as written.
pub type HeaderPairs = [(String, String)];

/// The value a browser reads for `name`: every line with that name (case-insensitive)
/// joined with `", "`, then trimmed of HTTP whitespace; `None` when absent.
pub fn get_combined(headers: &HeaderPairs, name: &str) -> Option<String> {
    let mut out: Option<String> = None;
    for (n, v) in headers {
        if n.eq_ignore_ascii_case(name) {
            let v = trim_http_whitespace(v);
            match &mut out {
                Some(acc) => {
                    acc.push_str(", ");
                    acc.push_str(v);
                }
                None => out = Some(v.to_owned()),
            }
        }
    }
    out.map(|s| trim_http_whitespace(&s).to_owned())
}

/// How many separate lines carry `name`.
pub fn count_lines(headers: &HeaderPairs, name: &str) -> usize {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .count()
}

/// Trim HTTP whitespace (space, tab, CR, LF) at both ends.
pub fn trim_http_whitespace(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
}

/// Parse a `#token` list (`Access-Control-Allow-Methods`, `-Allow-Headers`, `-Expose-Headers`):
/// split on `,`, trim, skip empty items; every item must be a token.
///
/// Returns `Err(item)` with the first item that is not a token.
pub fn parse_token_list(value: &str) -> Result<Vec<&str>, &str> {
    let mut out = Vec::new();
    for item in value.split(',') {
        let item = item.trim_matches(|c| c == ' ' || c == '\t');
        if item.is_empty() {
            continue;
        }
        if !is_token(item) {
            return Err(item);
        }
        out.push(item);
    }
    Ok(out)
}

/// A [CORS-unsafe request-header byte](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte).
fn is_unsafe_byte(b: u8) -> bool {
    (b < 0x20 && b != 0x09) || b == 0x7f || b"\"():<>?@[\\]{}".contains(&b)
}

/// A [forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header) for
/// this browser. Scripts cannot set these; the browser drops them silently.
pub fn is_forbidden_request_header(name: &str, value: &str, browser: Browser) -> bool {
    const FORBIDDEN: [&str; 21] = [
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    ];
    let lower = name.to_ascii_lowercase();
    if FORBIDDEN.contains(&lower.as_str())
        || lower.starts_with("proxy-")
        || lower.starts_with("sec-")
    {
        return true;
    }
    // Chromium still forbids User-Agent (net/http/http_util.cc IsSafeHeader); WebKit too in
    // practice. Firefox follows the spec and lets scripts set it.
    if lower == "user-agent" && browser != Browser::Firefox {
        return true;
    }
    if matches!(
        lower.as_str(),
        "x-http-method" | "x-http-method-override" | "x-method-override"
    ) {
        return value
            .split(',')
            .any(|m| crate::method::is_forbidden(trim_http_whitespace(m)));
    }
    false
}

/// Whether a Content-Type value's MIME essence is one of the safelisted ones.
fn content_type_is_safelisted(value: &str, browser: Browser) -> bool {
    let essence = value.split(';').next().unwrap_or_default();
    let essence = trim_http_whitespace(essence).to_ascii_lowercase();
    // The essence must itself be a valid `type/subtype`.
    let valid = essence
        .split_once('/')
        .is_some_and(|(t, s)| is_token(t) && is_token(s));
    if !valid {
        return false;
    }
    matches!(
        essence.as_str(),
        "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
    ) || (browser == Browser::Chrome && essence == "message/ad-auction-trusted-signals-request")
}

/// "Parse a single range header value" with whitespace not allowed: `bytes=START-[END]`.
/// The unit is the exact text `bytes` in every engine: real Chromium 156 preflights
/// `Range: BYTES=0-1` (seen in the differential test; docs/model-notes.md).
fn range_is_safelisted(value: &str, _browser: Browser) -> bool {
    let Some(rest) = value.strip_prefix("bytes=") else {
        return false;
    };
    let Some((start, end)) = rest.split_once('-') else {
        return false;
    };
    if start.is_empty() || !start.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if !end.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if end.is_empty() {
        return true;
    }
    match (start.parse::<u128>(), end.parse::<u128>()) {
        (Ok(s), Ok(e)) => s <= e,
        _ => false,
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(s: &str) -> bool {
    match s.split_once('.') {
        Some((a, b)) => is_digits(a) && is_digits(b),
        None => is_digits(s),
    }
}

/// Whether one header is a [CORS-safelisted request-header](https://fetch.spec.whatwg.org/#cors-safelisted-request-header)
/// in this browser (the per-header test; the 1024-byte total is applied by
/// [`cors_unsafe_request_header_names`]).
pub fn is_cors_safelisted_request_header(name: &str, value: &str, browser: Browser) -> bool {
    if value.len() > 128 {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "accept" => !value.bytes().any(is_unsafe_byte),
        "accept-language" | "content-language" => value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" *,-.;=".contains(&b)),
        "content-type" => {
            !value.bytes().any(is_unsafe_byte) && content_type_is_safelisted(value, browser)
        }
        "range" => range_is_safelisted(value, browser),
        _ if browser == Browser::Chrome => chromium_extra_safelisted(&lower, value),
        _ => false,
    }
}

/// Chromium's additions (`services/network/public/cpp/cors/cors.cc` IsCorsSafelistedHeader).
fn chromium_extra_safelisted(lower: &str, value: &str) -> bool {
    match lower {
        "intervention" => true,
        "device-memory" | "dpr" | "downlink" => is_decimal(value),
        "width" | "viewport-width" | "rtt" => is_digits(value),
        "ect" => matches!(value, "slow-2g" | "2g" | "3g" | "4g"),
        "save-data" => value.eq_ignore_ascii_case("on"),
        _ => false,
    }
}

/// The [CORS-unsafe request-header names](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names)
/// of a header list that has already had forbidden headers removed: lower-cased,
/// de-duplicated and sorted by bytes. When the safelisted values add up to more than 1024
/// bytes, they all count as unsafe too.
pub fn cors_unsafe_request_header_names(headers: &HeaderPairs, browser: Browser) -> Vec<String> {
    let mut unsafe_names: Vec<String> = Vec::new();
    let mut safe_names: Vec<String> = Vec::new();
    let mut safe_total = 0usize;
    for (name, value) in headers {
        if is_cors_safelisted_request_header(name, value, browser) {
            safe_total += value.len();
            safe_names.push(name.to_ascii_lowercase());
        } else {
            unsafe_names.push(name.to_ascii_lowercase());
        }
    }
    if safe_total > 1024 {
        unsafe_names.extend(safe_names);
    }
    unsafe_names.sort();
    unsafe_names.dedup();
    unsafe_names
}

/// [CORS-safelisted response-header names](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name),
/// always readable by the script.
pub const SAFELISTED_RESPONSE_HEADERS: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// Whether the script can read response header `name`, given the response's
/// `Access-Control-Expose-Headers` value and whether the request carried credentials.
pub fn is_exposed(name: &str, expose_headers: Option<&str>, include_credentials: bool) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower == "set-cookie" || lower == "set-cookie2" {
        return false;
    }
    if SAFELISTED_RESPONSE_HEADERS.contains(&lower.as_str()) {
        return true;
    }
    let Some(value) = expose_headers else {
        return false;
    };
    let Ok(list) = parse_token_list(value) else {
        return false;
    };
    list.iter()
        .any(|item| item.eq_ignore_ascii_case(&lower) || (*item == "*" && !include_credentials))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn content_type_essences() {
        let c = Browser::Chrome;
        assert!(is_cors_safelisted_request_header(
            "Content-Type",
            "text/plain;charset=UTF-8",
            c
        ));
        assert!(is_cors_safelisted_request_header(
            "content-type",
            "multipart/form-data; boundary=x",
            c
        ));
        assert!(!is_cors_safelisted_request_header(
            "Content-Type",
            "application/json",
            c
        ));
        assert!(!is_cors_safelisted_request_header(
            "Content-Type",
            "text/plain; charset=\"utf-8\"",
            c
        ));
    }

    #[test]
    fn range_rules_differ_by_browser() {
        assert!(is_cors_safelisted_request_header(
            "Range",
            "bytes=0-",
            Browser::Chrome
        ));
        // Real Chromium 156 does not lower-case the unit (differential test).
        assert!(!is_cors_safelisted_request_header(
            "Range",
            "BYTES=0-5",
            Browser::Chrome
        ));
        assert!(!is_cors_safelisted_request_header(
            "Range",
            "BYTES=0-5",
            Browser::Firefox
        ));
        assert!(!is_cors_safelisted_request_header(
            "Range",
            "bytes=-500",
            Browser::Chrome
        ));
        assert!(!is_cors_safelisted_request_header(
            "Range",
            "bytes=5-1",
            Browser::Chrome
        ));
        assert!(!is_cors_safelisted_request_header(
            "Range",
            "bytes=0-1,3-4",
            Browser::Chrome
        ));
    }

    #[test]
    fn unsafe_names_are_sorted_lowercase_and_deduplicated() {
        let h = pairs(&[
            ("X-B", "1"),
            ("Authorization", "x"),
            ("Content-Type", "application/json"),
            ("x-b", "2"),
        ]);
        assert_eq!(
            cors_unsafe_request_header_names(&h, Browser::Chrome),
            ["authorization", "content-type", "x-b"]
        );
    }

    #[test]
    fn safelisted_values_over_1024_bytes_all_become_unsafe() {
        let long = "a".repeat(120);
        let h = pairs(&[
            ("Accept", &long),
            ("Accept-Language", &long),
            ("Content-Language", &long),
            ("Content-Type", "text/plain"),
            ("DPR", "2"),
            ("Width", "100"),
            ("Viewport-Width", "100"),
            ("Device-Memory", "8"),
            ("Downlink", "10"),
        ]);
        assert!(cors_unsafe_request_header_names(&h, Browser::Chrome).is_empty());
        let a128 = "a".repeat(128);
        let very_long = pairs(&[("Accept", a128.as_str()); 9]);
        assert_eq!(
            cors_unsafe_request_header_names(&very_long, Browser::Chrome),
            ["accept"]
        );
    }

    #[test]
    fn token_lists() {
        assert_eq!(
            parse_token_list("GET, PUT,,DELETE ").unwrap(),
            ["GET", "PUT", "DELETE"]
        );
        assert_eq!(parse_token_list("put;delete"), Err("put;delete"));
        assert_eq!(
            parse_token_list("content-type; x-api-key"),
            Err("content-type; x-api-key")
        );
    }

    #[test]
    fn exposed_headers() {
        assert!(is_exposed("Content-Language", None, true));
        assert!(is_exposed("X-Total", Some("x-total"), true));
        assert!(is_exposed("X-Total", Some("*"), false));
        assert!(!is_exposed("X-Total", Some("*"), true));
        assert!(!is_exposed("Set-Cookie", Some("*"), false));
    }
}
