//! How long each engine keeps a preflight result: `Access-Control-Max-Age` parsed the way
//! Chromium (`services/network/cors/preflight_result.cc`), Firefox (`nsCORSListenerProxy.cpp`)
//! and WebKit (`CrossOriginPreflightResultCache.cpp`) parse it.
//!
//! Spec: [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch), step
//! "max-age": `delta-seconds`, 5 seconds when missing or unparsable, capped by the user agent.
//!
//! | | absent | unparsable | negative | cap |
//! |---|---|---|---|---|
//! | Chromium | 5 s | 5 s | 0 (not reused) | 7200 s |
//! | Firefox | 5 s | not cached | not cached | 86400 s |
//! | WebKit | 5 s | 5 s | 0 (expires at once) | 600 s |

use serde::Serialize;

use crate::Browser;
use crate::headers::{HeaderPairs, get_combined};

/// The lifetime used when the header is absent (and, except in Firefox, when it does not parse).
pub const DEFAULT_SECONDS: u32 = 5;
/// Chromium's cap (2 hours).
pub const CHROME_CAP_SECONDS: u32 = 7200;
/// Firefox's cap (24 hours).
pub const FIREFOX_CAP_SECONDS: u32 = 86_400;
/// WebKit's cap (10 minutes).
pub const SAFARI_CAP_SECONDS: u32 = 600;

/// The cap an engine puts on `Access-Control-Max-Age`.
pub fn cap(browser: Browser) -> u32 {
    match browser {
        Browser::Chrome => CHROME_CAP_SECONDS,
        Browser::Firefox => FIREFOX_CAP_SECONDS,
        Browser::Safari => SAFARI_CAP_SECONDS,
    }
}

/// How a lifetime was arrived at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MaxAgeSource {
    /// No `Access-Control-Max-Age`: the default.
    Absent,
    /// The value, used as sent.
    Value,
    /// The value was larger than the engine's cap.
    Capped,
    /// A negative value: the result is not reused.
    Negative,
    /// The value does not parse; the engine uses the default.
    Unparsable,
    /// Firefox does not cache a value that is not plain digits (or is 0).
    NotCached,
}

/// How long an engine reuses a preflight result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MaxAge {
    /// Seconds the result is reused for (0: not reused).
    pub seconds: u32,
    /// Why.
    pub source: MaxAgeSource,
}

impl MaxAge {
    const fn new(seconds: u32, source: MaxAgeSource) -> Self {
        Self { seconds, source }
    }

    /// Whether a later request can skip its preflight at all.
    pub fn is_cached(self) -> bool {
        self.seconds > 0
    }
}

/// The lifetime for the `Access-Control-Max-Age` value `value` (`None`: absent), already
/// trimmed and combined as the browser reads it.
pub fn parse(value: Option<&str>, browser: Browser) -> MaxAge {
    let Some(value) = value else {
        return MaxAge::new(DEFAULT_SECONDS, MaxAgeSource::Absent);
    };
    match browser {
        Browser::Firefox => parse_firefox(value),
        Browser::Chrome | Browser::Safari => parse_signed(value, cap(browser)),
    }
}

/// The lifetime a preflight response's header list gives (lines of the same name combined).
pub fn from_headers(headers: &HeaderPairs, browser: Browser) -> MaxAge {
    let value = get_combined(headers, "access-control-max-age");
    parse(value.as_deref(), browser)
}

/// Chromium (`base::StringToInt64`) and WebKit (`parseInteger<int64_t>`): an optional sign
/// and decimal digits that fit an `i64`; anything else (overflow included) is the default.
fn parse_signed(value: &str, cap: u32) -> MaxAge {
    let (negative, digits) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return MaxAge::new(DEFAULT_SECONDS, MaxAgeSource::Unparsable);
    }
    let Ok(magnitude) = digits.parse::<u64>() else {
        return MaxAge::new(DEFAULT_SECONDS, MaxAgeSource::Unparsable);
    };
    let fits = if negative {
        magnitude <= i64::MAX.unsigned_abs() + 1
    } else {
        magnitude <= i64::MAX.unsigned_abs()
    };
    if !fits {
        return MaxAge::new(DEFAULT_SECONDS, MaxAgeSource::Unparsable);
    }
    if negative && magnitude > 0 {
        return MaxAge::new(0, MaxAgeSource::Negative);
    }
    match u32::try_from(magnitude) {
        Ok(s) if s <= cap => MaxAge::new(s, MaxAgeSource::Value),
        _ => MaxAge::new(cap, MaxAgeSource::Capped),
    }
}

/// Firefox: an empty value is the default; otherwise only digits count (capped at 24 hours
/// while reading, so no overflow), and 0 or anything else is not cached.
fn parse_firefox(value: &str) -> MaxAge {
    if value.is_empty() {
        return MaxAge::new(DEFAULT_SECONDS, MaxAgeSource::Absent);
    }
    let mut age: u32 = 0;
    let mut capped = false;
    for b in value.bytes() {
        if !b.is_ascii_digit() {
            return MaxAge::new(0, MaxAgeSource::NotCached);
        }
        age = age * 10 + u32::from(b - b'0');
        if age > FIREFOX_CAP_SECONDS {
            age = FIREFOX_CAP_SECONDS;
            capped = true;
        }
    }
    if age == 0 {
        return MaxAge::new(0, MaxAgeSource::NotCached);
    }
    let source = if capped {
        MaxAgeSource::Capped
    } else {
        MaxAgeSource::Value
    };
    MaxAge::new(age, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: Browser = Browser::Chrome;
    const F: Browser = Browser::Firefox;
    const S: Browser = Browser::Safari;

    fn secs(v: Option<&str>, b: Browser) -> u32 {
        parse(v, b).seconds
    }

    #[test]
    fn absent_is_five_seconds_everywhere() {
        for b in Browser::ALL {
            assert_eq!(
                parse(None, b),
                MaxAge::new(5, MaxAgeSource::Absent),
                "{b:?}"
            );
        }
    }

    #[test]
    fn plain_values_are_used_as_sent() {
        for b in Browser::ALL {
            assert_eq!(secs(Some("60"), b), 60, "{b:?}");
            assert_eq!(secs(Some("600"), b), 600, "{b:?}");
        }
        assert_eq!(secs(Some("7200"), C), 7200);
    }

    #[test]
    fn each_engine_caps_at_its_own_limit() {
        assert_eq!(
            parse(Some("86400"), C),
            MaxAge::new(7200, MaxAgeSource::Capped)
        );
        assert_eq!(
            parse(Some("86400"), F),
            MaxAge::new(86_400, MaxAgeSource::Value)
        );
        assert_eq!(
            parse(Some("86401"), F),
            MaxAge::new(86_400, MaxAgeSource::Capped)
        );
        assert_eq!(
            parse(Some("601"), S),
            MaxAge::new(600, MaxAgeSource::Capped)
        );
        assert_eq!(secs(Some("7201"), C), 7200);
        // Within i64 but far beyond u32.
        assert_eq!(secs(Some("9223372036854775807"), C), 7200);
        assert_eq!(secs(Some("9223372036854775807"), S), 600);
    }

    #[test]
    fn negative_is_zero_in_chrome_and_webkit_and_not_cached_in_firefox() {
        assert_eq!(parse(Some("-1"), C), MaxAge::new(0, MaxAgeSource::Negative));
        assert_eq!(
            parse(Some("-600"), S),
            MaxAge::new(0, MaxAgeSource::Negative)
        );
        assert_eq!(
            parse(Some("-1"), F),
            MaxAge::new(0, MaxAgeSource::NotCached)
        );
        assert!(!parse(Some("-1"), C).is_cached());
    }

    #[test]
    fn zero_is_never_reused() {
        for b in Browser::ALL {
            assert!(!parse(Some("0"), b).is_cached(), "{b:?}");
        }
        assert_eq!(parse(Some("0"), F).source, MaxAgeSource::NotCached);
        assert_eq!(parse(Some("-0"), C), MaxAge::new(0, MaxAgeSource::Value));
    }

    #[test]
    fn unparsable_is_the_default_except_in_firefox() {
        for v in [
            "abc",
            "10s",
            "1.5",
            "10, 20",
            "1e3",
            "",
            "+",
            "-",
            "9223372036854775808",
        ] {
            assert_eq!(
                parse(Some(v), C),
                MaxAge::new(5, MaxAgeSource::Unparsable),
                "{v:?}"
            );
            assert_eq!(
                parse(Some(v), S),
                MaxAge::new(5, MaxAgeSource::Unparsable),
                "{v:?}"
            );
        }
        for v in ["abc", "10s", "1.5", "10, 20", "1e3", "+10", "-"] {
            assert_eq!(
                parse(Some(v), F),
                MaxAge::new(0, MaxAgeSource::NotCached),
                "{v:?}"
            );
        }
        // Firefox reads a present but empty value as absent; it never overflows.
        assert_eq!(secs(Some(""), F), 5);
        assert_eq!(secs(Some("99999999999999999999999"), F), 86_400);
    }

    #[test]
    fn a_leading_plus_is_accepted_by_chrome_and_webkit() {
        assert_eq!(secs(Some("+30"), C), 30);
        assert_eq!(secs(Some("+30"), S), 30);
    }

    #[test]
    fn header_lines_are_combined_first() {
        let one = vec![("Access-Control-Max-Age".to_owned(), " 120 ".to_owned())];
        assert_eq!(from_headers(&one, C).seconds, 120);
        let two = vec![
            ("access-control-max-age".to_owned(), "10".to_owned()),
            ("Access-Control-Max-Age".to_owned(), "20".to_owned()),
        ];
        assert_eq!(from_headers(&two, C).source, MaxAgeSource::Unparsable);
        assert_eq!(from_headers(&two, F).source, MaxAgeSource::NotCached);
        assert_eq!(from_headers(&[], S).source, MaxAgeSource::Absent);
    }
}
