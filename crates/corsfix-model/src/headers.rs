//! Request and response header rules: safelisted and forbidden request headers, the
//! CORS-unsafe request-header names, header-list parsing and exposed response headers.
//!
//! Spec: [Fetch: HTTP header layer](https://fetch.spec.whatwg.org/#http-header-layer-division).

use std::borrow::Cow;

use crate::Browser;
use crate::method::is_token;

/// A header list as the server sent it: `(name, value)` pairs in order, names as written.
pub type HeaderPairs = [(String, String)];

/// As [`get_combined`], without allocating when the header appears on one line (the usual
/// case): the trimmed value is borrowed from the header list.
pub fn get_combined_cow<'h>(headers: &'h HeaderPairs, name: &str) -> Option<Cow<'h, str>> {
    let mut lines = headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name));
    let (_, first) = lines.next()?;
    if lines.next().is_none() {
        return Some(Cow::Borrowed(trim_http_whitespace(first)));
    }
    get_combined(headers, name).map(Cow::Owned)
}

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
    UNSAFE_BYTES[usize::from(b)]
}

/// [CORS-unsafe request-header bytes](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte)
/// as a table (one load per byte instead of a search of the list).
const UNSAFE_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b != 0x09;
        b += 1;
    }
    t[0x7f] = true;
    let listed = b"\"():<>?@[\\]{}";
    let mut i = 0;
    while i < listed.len() {
        t[listed[i] as usize] = true;
        i += 1;
    }
    t
};

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
    let b = name.as_bytes();
    if b.get(..6)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"proxy-"))
        || b.get(..4).is_some_and(|p| p.eq_ignore_ascii_case(b"sec-"))
    {
        return true;
    }
    let mut buf = [0u8; LOWER_BUF];
    // No forbidden or special name is longer than the buffer.
    let Some(lower) = lower_in(name, &mut buf) else {
        return false;
    };
    if FORBIDDEN.contains(&lower) {
        return true;
    }
    // Chromium still forbids User-Agent (net/http/http_util.cc IsSafeHeader). Firefox and
    // WebKit follow the spec and let scripts set it, so it needs a preflight there (WebKit
    // 2.50 seen in the difftest; docs/model-notes.md).
    if lower == "user-agent" && browser == Browser::Chrome {
        return true;
    }
    if matches!(
        lower,
        "x-http-method" | "x-http-method-override" | "x-method-override"
    ) {
        return value
            .split(',')
            .any(|m| crate::method::is_forbidden(trim_http_whitespace(m)));
    }
    false
}

/// Room for the longest header name the rules below name (`access-control-request-headers`).
const LOWER_BUF: usize = 32;

/// `name` lower-cased in `buf`, without allocating; `None` when it does not fit.
fn lower_in<'b>(name: &str, buf: &'b mut [u8; LOWER_BUF]) -> Option<&'b str> {
    let out = buf.get_mut(..name.len())?;
    out.copy_from_slice(name.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// Whether a Content-Type value's MIME essence is one of the safelisted ones.
fn content_type_is_safelisted(value: &str, browser: Browser) -> bool {
    let essence = value.split(';').next().unwrap_or_default();
    let essence = trim_http_whitespace(essence);
    // The essence must itself be a valid `type/subtype`.
    let valid = essence
        .split_once('/')
        .is_some_and(|(t, s)| is_token(t) && is_token(s));
    if !valid {
        return false;
    }
    [
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "text/plain",
    ]
    .iter()
    .any(|e| essence.eq_ignore_ascii_case(e))
        || (browser == Browser::Chrome
            && essence.eq_ignore_ascii_case("message/ad-auction-trusted-signals-request"))
}

/// "Parse a single range header value" with whitespace not allowed: `bytes=START-[END]`.
/// The unit is the exact text `bytes` in every engine: real Chromium 156 preflights
/// `Range: BYTES=0-1` (seen in the differential test; docs/model-notes.md).
fn range_is_safelisted(value: &str, browser: Browser) -> bool {
    // WebKit matches the unit case-insensitively (`BYTES=0-1` is safelisted there); Chromium
    // and Firefox need the exact `bytes` (difftest; docs/model-notes.md).
    let rest = match value.get(..6) {
        Some("bytes=") => &value[6..],
        Some(unit) if browser == Browser::Safari && unit.eq_ignore_ascii_case("bytes=") => {
            &value[6..]
        }
        _ => return false,
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
    let mut buf = [0u8; LOWER_BUF];
    // No safelisted name is longer than the buffer.
    let Some(lower) = lower_in(name, &mut buf) else {
        return false;
    };
    match lower {
        "accept" => !value.bytes().any(is_unsafe_byte),
        "accept-language" | "content-language" => value.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b' ' | b'*' | b',' | b'-' | b'.' | b';' | b'=')
        }),
        "content-type" => {
            !value.bytes().any(is_unsafe_byte) && content_type_is_safelisted(value, browser)
        }
        "range" => range_is_safelisted(value, browser),
        _ if browser == Browser::Chrome => chromium_extra_safelisted(lower, value),
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
    let mut safe_total = 0usize;
    for (name, value) in headers {
        if is_cors_safelisted_request_header(name, value, browser) {
            safe_total += value.len();
        } else {
            unsafe_names.push(name.to_ascii_lowercase());
        }
    }
    if safe_total > 1024 {
        unsafe_names = headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
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

/// The order in which Chromium walks a request's headers when it looks for one that the
/// preflight did not allow: the iteration order of Blink's header hash table.
///
/// Blink keeps request headers in a case-folding open-addressing hash table (WTF `HashMap`)
/// and the network service receives them in that table's slot order, so the first header named
/// in `Request header field … is not allowed` is the failing one with the lowest slot, not the
/// alphabetically first. `names` are the lower-cased header names in the order they were
/// inserted: for `fetch()` the script's headers sorted by name (Blink's `FetchHeaderList` is
/// ordered), for XHR in `setRequestHeader` order, and in both a `Content-Type` added for a body
/// last. Measured against Chromium 156 (docs/model-notes.md): the hash is rapidhash over the
/// name's UTF-16 code units, masked to 24 bits; the table holds `n` names in the smallest power
/// of two `P >= 8` with `4n < P` slots, and collisions probe triangularly.
pub fn chromium_header_table_order(names: &[String]) -> Vec<String> {
    let n = names.len();
    let mut capacity = 8usize;
    while 4 * n >= capacity {
        capacity *= 2;
    }
    let mask = capacity - 1;
    let mut table: Vec<Option<&String>> = vec![None; capacity];
    for name in names {
        if table.iter().flatten().any(|n| *n == name) {
            continue;
        }
        let mut index = blink_case_folding_hash(name) as usize & mask;
        let mut probe = 0;
        while table[index].is_some() {
            probe += 1;
            index = (index + probe) & mask;
        }
        table[index] = Some(name);
    }
    table.into_iter().flatten().cloned().collect()
}

/// Blink's `CaseFoldingHash` of an ASCII name: rapidhash of the lower-cased name as UTF-16LE,
/// keeping the low 24 bits (0 becomes `0x80_0000`).
fn blink_case_folding_hash(name: &str) -> u32 {
    let folded: Vec<u8> = name
        .bytes()
        .flat_map(|b| [b.to_ascii_lowercase(), 0])
        .collect();
    let h = (rapidhash(&folded) & 0x00ff_ffff) as u32;
    if h == 0 { 0x0080_0000 } else { h }
}

const RAPID_SEED: u64 = 0xbdd8_9aa9_8270_4029;
const RAPID_SECRET: [u64; 3] = [
    0x2d35_8dcc_aa6c_78a5,
    0x8bb8_4b93_962e_acc9,
    0x4b33_a62e_d433_d4a3,
];

fn rapid_mum(a: u64, b: u64) -> (u64, u64) {
    let r = u128::from(a) * u128::from(b);
    (r as u64, (r >> 64) as u64)
}

fn rapid_mix(a: u64, b: u64) -> u64 {
    let (lo, hi) = rapid_mum(a, b);
    lo ^ hi
}

fn read32(d: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&d[at..at + 4]);
    u64::from(u32::from_le_bytes(b))
}

fn read64(d: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[at..at + 8]);
    u64::from_le_bytes(b)
}

/// rapidhash (Nicolas De Carli's wyhash derivative) with Blink's seed.
fn rapidhash(d: &[u8]) -> u64 {
    let len = d.len();
    let len64 = len as u64;
    let mut seed = RAPID_SEED ^ rapid_mix(RAPID_SEED ^ RAPID_SECRET[0], RAPID_SECRET[1]) ^ len64;
    let (mut a, mut b);
    if len <= 16 {
        if len >= 4 {
            let delta = (len & 24) >> (len >> 3);
            a = (read32(d, 0) << 32) | read32(d, len - 4);
            b = (read32(d, delta) << 32) | read32(d, len - 4 - delta);
        } else if len > 0 {
            a = (u64::from(d[0]) << 56) | (u64::from(d[len >> 1]) << 32) | u64::from(d[len - 1]);
            b = 0;
        } else {
            a = 0;
            b = 0;
        }
    } else {
        let mut left = len;
        if left > 48 {
            let (mut see1, mut see2) = (seed, seed);
            while left >= 48 {
                let p = len - left;
                seed = rapid_mix(read64(d, p) ^ RAPID_SECRET[0], read64(d, p + 8) ^ seed);
                see1 = rapid_mix(
                    read64(d, p + 16) ^ RAPID_SECRET[1],
                    read64(d, p + 24) ^ see1,
                );
                see2 = rapid_mix(
                    read64(d, p + 32) ^ RAPID_SECRET[2],
                    read64(d, p + 40) ^ see2,
                );
                left -= 48;
            }
            seed ^= see1 ^ see2;
        }
        if left > 16 {
            let p = len - left;
            seed = rapid_mix(
                read64(d, p) ^ RAPID_SECRET[2],
                read64(d, p + 8) ^ seed ^ RAPID_SECRET[1],
            );
            if left > 32 {
                seed = rapid_mix(
                    read64(d, p + 16) ^ RAPID_SECRET[2],
                    read64(d, p + 24) ^ seed,
                );
            }
        }
        a = read64(d, len - 16);
        b = read64(d, len - 8);
    }
    a ^= RAPID_SECRET[1];
    b ^= seed;
    let (lo, hi) = rapid_mum(a, b);
    rapid_mix(lo ^ RAPID_SECRET[0] ^ len64, hi ^ RAPID_SECRET[1])
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_unsafe_byte_table_is_the_specs_list() {
        for b in 0..=255u8 {
            let spec = (b < 0x20 && b != 0x09) || b == 0x7f || b"\"():<>?@[\\]{}".contains(&b);
            assert_eq!(is_unsafe_byte(b), spec, "{b:#04x}");
        }
    }

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

    #[test]
    fn chromium_header_order_is_blinks_table_order() {
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        // Observed in Chromium 156: `range` before `content-type`, `x-trace` before
        // `authorization`, `x-requested-with` before `accept-language`.
        assert_eq!(
            chromium_header_table_order(&names(&["content-type", "range"])),
            names(&["range", "content-type"])
        );
        assert_eq!(
            chromium_header_table_order(&names(&["authorization", "x-trace"])),
            names(&["x-trace", "authorization"])
        );
        assert_eq!(
            chromium_header_table_order(&names(&["accept-language", "x-requested-with"])),
            names(&["x-requested-with", "accept-language"])
        );
        // A collision goes to the name inserted first.
        let a = chromium_header_table_order(&names(&["if-none-match", "x-request-id"]));
        let b = chromium_header_table_order(&names(&["x-request-id", "if-none-match"]));
        assert_eq!(a[0], "if-none-match");
        assert_eq!(b[0], "x-request-id");
        // Long names take rapidhash's long path without panicking.
        let long = names(&["x-a-very-long-header-name-that-is-more-than-forty-eight-bytes"]);
        assert_eq!(chromium_header_table_order(&long), long);
    }
}
