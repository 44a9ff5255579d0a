//! Request methods ([Fetch: methods](https://fetch.spec.whatwg.org/#methods)).

/// The six names `fetch()` and XHR upper-case ("normalize a method").
const NORMALIZED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// [Normalize](https://fetch.spec.whatwg.org/#concept-method-normalize) a method: only
/// `delete get head options post put` (any case) are upper-cased; `patch` stays `patch`.
pub fn normalize(method: &str) -> String {
    normalized(method).to_owned()
}

/// [`normalize`] without allocating: the upper-case form (a static string) for the six
/// normalized methods, `method` itself otherwise.
pub fn normalized(method: &str) -> &str {
    NORMALIZED
        .iter()
        .find(|m| m.eq_ignore_ascii_case(method))
        .map_or(method, |m| m)
}

/// Whether a method is a [CORS-safelisted method](https://fetch.spec.whatwg.org/#cors-safelisted-method):
/// exactly `GET`, `HEAD` or `POST` (after normalization).
pub fn is_cors_safelisted(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST")
}

/// Whether a method is a [forbidden method](https://fetch.spec.whatwg.org/#forbidden-method)
/// (`CONNECT`, `TRACE`, `TRACK`, any case).
pub fn is_forbidden(method: &str) -> bool {
    ["CONNECT", "TRACE", "TRACK"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
}

/// Whether a byte is an HTTP `tchar` (RFC 9110 token character).
pub fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Whether a string is an HTTP token (non-empty, only `tchar`s).
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_six_standard_methods_are_upper_cased() {
        assert_eq!(normalize("delete"), "DELETE");
        assert_eq!(normalize("pOsT"), "POST");
        assert_eq!(normalize("patch"), "patch");
        assert_eq!(normalize("Purge"), "Purge");
    }

    #[test]
    fn safelisted_methods_are_exact() {
        assert!(is_cors_safelisted("GET"));
        assert!(!is_cors_safelisted("get"));
        assert!(!is_cors_safelisted("PUT"));
        assert!(is_forbidden("trace"));
    }
}
