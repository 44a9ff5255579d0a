//! The CORS protocol's checks on a response and the redirect rules, each once, named as the
//! Fetch standard names them: the [CORS check](https://fetch.spec.whatwg.org/#cors-check),
//! `Access-Control-Allow-Credentials`, `Vary` and caches, and the
//! [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#http-redirect-fetch) method rewrite.
//!
//! The simulator, the probe, the scanner, the policy linter, the proxy and the verifier all
//! call these; nobody re-parses `Access-Control-Allow-Credentials` or `Vary` on their own.
//!
//! ```
//! use corsfix_model::cors::{CorsCheckFailure, cors_check, vary_names_origin};
//!
//! let origin = "https://app.example.com";
//! assert_eq!(cors_check(Some(origin), Some("true"), origin, true), Ok(()));
//! assert_eq!(
//!     cors_check(Some("*"), Some("true"), origin, true),
//!     Err(CorsCheckFailure::Wildcard)
//! );
//! assert!(vary_names_origin("Accept-Encoding, Origin"));
//! ```

use url::Url;

/// Why the [CORS check](https://fetch.spec.whatwg.org/#cors-check) fails, in the order
/// Chromium tells the cases apart (`network::cors::CheckAccess`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorsCheckFailure {
    /// No `Access-Control-Allow-Origin`.
    Missing,
    /// `*` on a request with credentials.
    Wildcard,
    /// Several values (two header lines, or a list in one).
    Multiple(String),
    /// A value that is not a URL (quoted, empty, stray characters).
    Invalid(String),
    /// Another origin than the request's (compared byte for byte).
    Mismatch(String),
    /// Credentials, and `Access-Control-Allow-Credentials` is not exactly `true` (the value,
    /// empty when absent).
    Credentials(String),
}

/// The [CORS check](https://fetch.spec.whatwg.org/#cors-check) of a response, from its
/// `Access-Control-Allow-Origin` and `Access-Control-Allow-Credentials` values (each header's
/// lines combined with `, `), for a request from `request_origin` (`null` after a tainting
/// redirect) with or without credentials.
///
/// - no `Access-Control-Allow-Origin`: failure;
/// - `*` passes only without credentials;
/// - otherwise the value must be byte-equal to the request's serialized origin;
/// - with credentials, `Access-Control-Allow-Credentials` must be exactly `true`
///   ([`is_valid_allow_credentials`]).
pub fn cors_check(
    allow_origin: Option<&str>,
    allow_credentials: Option<&str>,
    request_origin: &str,
    include_credentials: bool,
) -> Result<(), CorsCheckFailure> {
    let Some(acao) = allow_origin else {
        return Err(CorsCheckFailure::Missing);
    };
    if acao == "*" {
        return if include_credentials {
            Err(CorsCheckFailure::Wildcard)
        } else {
            Ok(())
        };
    }
    if acao != request_origin {
        if acao.contains(' ') || acao.contains(',') {
            return Err(CorsCheckFailure::Multiple(acao.to_owned()));
        }
        if acao == "null" {
            return Err(CorsCheckFailure::Mismatch(acao.to_owned()));
        }
        // A serialized origin is a valid URL: skip the parser for the usual mismatch.
        if !crate::origin::is_canonical_origin(acao) && Url::parse(acao).is_err() {
            return Err(CorsCheckFailure::Invalid(acao.to_owned()));
        }
        return Err(CorsCheckFailure::Mismatch(acao.to_owned()));
    }
    if include_credentials && !is_valid_allow_credentials(allow_credentials) {
        return Err(CorsCheckFailure::Credentials(
            allow_credentials.unwrap_or_default().to_owned(),
        ));
    }
    Ok(())
}

/// Whether an `Access-Control-Allow-Credentials` value lets a request with credentials
/// through: exactly `true`, lower case, nothing else
/// ([CORS check](https://fetch.spec.whatwg.org/#cors-check), step 7). `True`, `1` or an absent
/// header fail.
pub fn is_valid_allow_credentials(value: Option<&str>) -> bool {
    value == Some("true")
}

/// Whether a `Vary` value names the request header `name` (case-insensitively), or is `*`
/// ([RFC 9110 §12.5.5](https://www.rfc-editor.org/rfc/rfc9110#field.vary)).
pub fn vary_names(vary: &str, name: &str) -> bool {
    vary.split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.eq_ignore_ascii_case(name))
}

/// Whether a `Vary` value names `Origin` (or is `*`): what a response whose CORS headers depend
/// on the request's `Origin` must send, so a cache does not hand one origin's answer to another
/// ([Fetch: CORS protocol and HTTP caches](https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches)).
pub fn vary_names_origin(vary: &str) -> bool {
    vary_names(vary, "origin")
}

/// Whether a request needs a CORS preflight: its method is not
/// [CORS-safelisted](https://fetch.spec.whatwg.org/#cors-safelisted-method) or it sets a
/// [CORS-unsafe request-header name](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names)
/// ([main fetch](https://fetch.spec.whatwg.org/#main-fetch), the `cors-with-preflight` case).
/// `method` is the method as sent (normalized); `headers` the script's headers.
pub fn needs_preflight(
    method: &str,
    headers: &crate::headers::HeaderPairs,
    browser: crate::Browser,
) -> bool {
    !crate::method::is_cors_safelisted(method)
        || !crate::headers::cors_unsafe_request_header_names(headers, browser).is_empty()
}

/// Why a preflight response does not allow the request (the checks of a
/// [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch) after the CORS
/// check, steps 7.3–7.8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreflightCheckFailure {
    /// `Access-Control-Allow-Methods` is not a list of method tokens (the first bad item).
    InvalidAllowMethods(String),
    /// `Access-Control-Allow-Headers` is not a list of header-name tokens (the first bad item).
    InvalidAllowHeaders(String),
    /// The method is neither CORS-safelisted nor allowed.
    MethodNotAllowed(String),
    /// A CORS-unsafe request-header name is not allowed (the first, in the order given).
    HeaderNotAllowed(String),
}

/// Whether a preflight's methods allow `method` (as sent, normalized): a
/// [CORS-safelisted method](https://fetch.spec.whatwg.org/#cors-safelisted-method), a
/// case-sensitive match in `allowed_methods`, or `*` when the request has no credentials
/// ([CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch), step 7.5).
pub fn is_method_allowed(
    method: &str,
    allowed_methods: &[&str],
    include_credentials: bool,
) -> bool {
    crate::method::is_cors_safelisted(method)
        || allowed_methods.contains(&method)
        || (!include_credentials && allowed_methods.contains(&"*"))
}

/// Whether a preflight's header names allow the request-header `name`: a case-insensitive
/// match in `allowed_headers`, or `*` when the request has no credentials
/// ([CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch), step 7.6).
///
/// The standard also keeps `Authorization` out of `*`; browsers only warn about it so far
/// (Chromium's and Firefox's deprecation messages), and this follows the browsers.
pub fn is_header_allowed(name: &str, allowed_headers: &[&str], include_credentials: bool) -> bool {
    allowed_headers
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name) || (*h == "*" && !include_credentials))
}

/// The checks a preflight response's `Access-Control-Allow-Methods` and
/// `Access-Control-Allow-Headers` (each header's lines combined with `, `) make on the request,
/// in the standard's order (Chromium's): both lists must parse, then the method must be
/// allowed ([`is_method_allowed`]), then every CORS-unsafe request-header name
/// (`unsafe_header_names`, in the order the engine reports them; see
/// [`crate::headers::cors_unsafe_request_header_names`]) must be ([`is_header_allowed`]).
/// Firefox checks the method before it parses the header list; `simulate` keeps each engine's
/// order with the same pieces.
///
/// ```
/// use corsfix_model::cors::{PreflightCheckFailure, preflight_check};
///
/// assert_eq!(preflight_check("PUT", &["content-type"], Some("GET, PUT"), Some("Content-Type"), false), Ok(()));
/// assert_eq!(
///     preflight_check("PUT", &[], Some("GET, POST"), None, false),
///     Err(PreflightCheckFailure::MethodNotAllowed("PUT".into()))
/// );
/// assert_eq!(
///     preflight_check("GET", &["authorization"], None, Some("*"), true),
///     Err(PreflightCheckFailure::HeaderNotAllowed("authorization".into()))
/// );
/// ```
pub fn preflight_check(
    method: &str,
    unsafe_header_names: &[&str],
    allow_methods: Option<&str>,
    allow_headers: Option<&str>,
    include_credentials: bool,
) -> Result<(), PreflightCheckFailure> {
    let methods = match allow_methods.map(crate::headers::parse_token_list) {
        None => Vec::new(),
        Some(Ok(v)) => v,
        Some(Err(bad)) => return Err(PreflightCheckFailure::InvalidAllowMethods(bad.to_owned())),
    };
    let headers = match allow_headers.map(crate::headers::parse_token_list) {
        None => Vec::new(),
        Some(Ok(v)) => v,
        Some(Err(bad)) => return Err(PreflightCheckFailure::InvalidAllowHeaders(bad.to_owned())),
    };
    if !is_method_allowed(method, &methods, include_credentials) {
        return Err(PreflightCheckFailure::MethodNotAllowed(method.to_owned()));
    }
    if let Some(name) = unsafe_header_names
        .iter()
        .find(|n| !is_header_allowed(n, &headers, include_credentials))
    {
        return Err(PreflightCheckFailure::HeaderNotAllowed((*name).to_owned()));
    }
    Ok(())
}

/// Whether a status is a [redirect status](https://fetch.spec.whatwg.org/#redirect-status):
/// 301, 302, 303, 307 or 308.
pub fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Whether a redirect with `status` turns a request with `method` into a `GET` without a body
/// ([HTTP-redirect fetch](https://fetch.spec.whatwg.org/#http-redirect-fetch), step 12): a 301
/// or 302 answering a `POST`, or a 303 answering anything but `GET` or `HEAD`.
pub fn redirect_changes_method_to_get(status: u16, method: &str) -> bool {
    (matches!(status, 301 | 302) && method == "POST")
        || (status == 303 && !matches!(method, "GET" | "HEAD"))
}

/// Whether `name` is a [request-body-header name](https://fetch.spec.whatwg.org/#request-body-header-name)
/// (`Content-Encoding`, `Content-Language`, `Content-Location`, `Content-Type`): removed from
/// the request when a redirect turns it into a `GET`.
pub fn is_request_body_header_name(name: &str) -> bool {
    [
        "content-encoding",
        "content-language",
        "content-location",
        "content-type",
    ]
    .iter()
    .any(|n| n.eq_ignore_ascii_case(name))
}

/// The request a browser sends after a redirect, as Chromium builds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextHop {
    /// The `Location` resolved against the current URL.
    pub url: Url,
    /// The method after the rewrite.
    pub method: String,
    /// Whether the method became `GET` (the body and the request-body headers are dropped).
    pub method_changed: bool,
    /// Whether the hop changes origin (Chromium then drops `Authorization`, and a request
    /// that already crossed origins gets `Origin: null`).
    pub cross_origin: bool,
}

/// Why a redirect cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NextHopError {
    /// The `Location` is not a URL.
    #[error("the redirect's Location `{0}` is not a valid URL")]
    InvalidLocation(String),
    /// The `Location` is not http or https.
    #[error("redirect to a non-HTTP(S) URL: {0}")]
    NotHttp(String),
}

/// The next hop of an [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#http-redirect-fetch):
/// `Location` resolved against `url` (http and https only), the method rewritten by
/// [`redirect_changes_method_to_get`], and whether the hop crosses origins.
pub fn next_hop(
    url: &Url,
    status: u16,
    location: &str,
    method: &str,
) -> Result<NextHop, NextHopError> {
    let next = url
        .join(location)
        .map_err(|_| NextHopError::InvalidLocation(location.to_owned()))?;
    if !matches!(next.scheme(), "http" | "https") {
        return Err(NextHopError::NotHttp(next.to_string()));
    }
    let method_changed = redirect_changes_method_to_get(status, method);
    let cross_origin = !crate::Origin::of_url(url).same_origin(&crate::Origin::of_url(&next));
    Ok(NextHop {
        url: next,
        method: if method_changed {
            "GET".to_owned()
        } else {
            method.to_owned()
        },
        method_changed,
        cross_origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const O: &str = "https://app.example.com";

    #[test]
    fn the_cors_check_compares_byte_for_byte_and_wants_exactly_true() {
        assert_eq!(
            cors_check(None, None, O, false),
            Err(CorsCheckFailure::Missing)
        );
        assert_eq!(cors_check(Some("*"), None, O, false), Ok(()));
        assert_eq!(
            cors_check(Some("*"), Some("true"), O, true),
            Err(CorsCheckFailure::Wildcard)
        );
        assert_eq!(
            cors_check(Some("https://APP.example.com"), None, O, false),
            Err(CorsCheckFailure::Mismatch("https://APP.example.com".into()))
        );
        assert_eq!(
            cors_check(Some("https://app.example.com/"), None, O, false),
            Err(CorsCheckFailure::Mismatch(
                "https://app.example.com/".into()
            ))
        );
        assert_eq!(
            cors_check(Some("*, *"), None, O, false),
            Err(CorsCheckFailure::Multiple("*, *".into()))
        );
        assert_eq!(
            cors_check(Some("\"https://app.example.com\""), None, O, false),
            Err(CorsCheckFailure::Invalid(
                "\"https://app.example.com\"".into()
            ))
        );
        assert_eq!(
            cors_check(Some(O), Some("True"), O, true),
            Err(CorsCheckFailure::Credentials("True".into()))
        );
        assert_eq!(
            cors_check(Some(O), None, O, true),
            Err(CorsCheckFailure::Credentials(String::new()))
        );
        assert_eq!(cors_check(Some(O), Some("true"), O, true), Ok(()));
        assert_eq!(cors_check(Some(O), Some("True"), O, false), Ok(()));
    }

    #[test]
    fn the_preflight_check_parses_then_checks_the_method_then_the_headers() {
        use PreflightCheckFailure as F;
        // Safelisted methods need nothing; others a case-sensitive match.
        assert_eq!(preflight_check("POST", &[], None, None, false), Ok(()));
        assert_eq!(
            preflight_check("PATCH", &[], Some("patch"), None, false),
            Err(F::MethodNotAllowed("PATCH".into()))
        );
        // `*` covers methods and headers only without credentials.
        assert_eq!(
            preflight_check("DELETE", &["x-a"], Some("*"), Some("*"), false),
            Ok(())
        );
        assert_eq!(
            preflight_check("DELETE", &[], Some("*"), None, true),
            Err(F::MethodNotAllowed("DELETE".into()))
        );
        // Header names compare case-insensitively; the first disallowed one is reported.
        assert_eq!(
            preflight_check("GET", &["x-a", "x-b"], None, Some("X-A"), false),
            Err(F::HeaderNotAllowed("x-b".into()))
        );
        // A list that does not parse fails first, methods before headers.
        assert_eq!(
            preflight_check("PUT", &[], Some("GET;PUT"), Some("a b"), false),
            Err(F::InvalidAllowMethods("GET;PUT".into()))
        );
        assert_eq!(
            preflight_check("PUT", &[], Some("GET"), Some("a b"), false),
            Err(F::InvalidAllowHeaders("a b".into()))
        );
    }

    #[test]
    fn vary_is_a_case_insensitive_list_and_star_names_everything() {
        assert!(vary_names_origin("Origin"));
        assert!(vary_names_origin("accept-encoding ,  origin"));
        assert!(vary_names_origin("*"));
        assert!(!vary_names_origin("Accept-Encoding"));
        assert!(!vary_names_origin("Origin-Agent-Cluster"));
        assert!(vary_names(
            "Origin, Access-Control-Request-Headers",
            "access-control-request-headers"
        ));
    }

    #[test]
    fn redirects_rewrite_the_method_as_fetch_says() {
        assert!(redirect_changes_method_to_get(301, "POST"));
        assert!(redirect_changes_method_to_get(302, "POST"));
        assert!(!redirect_changes_method_to_get(302, "PUT"));
        assert!(redirect_changes_method_to_get(303, "PUT"));
        assert!(!redirect_changes_method_to_get(303, "HEAD"));
        assert!(!redirect_changes_method_to_get(307, "POST"));
        assert!(!redirect_changes_method_to_get(308, "POST"));
        let u = Url::parse("https://api.example.com/a").unwrap();
        let h = next_hop(&u, 303, "/b", "DELETE").unwrap();
        assert_eq!(
            (h.url.as_str(), h.method.as_str()),
            ("https://api.example.com/b", "GET")
        );
        assert!(h.method_changed && !h.cross_origin);
        let h = next_hop(&u, 307, "https://login.example.com/", "PUT").unwrap();
        assert!(h.cross_origin && !h.method_changed && h.method == "PUT");
        assert!(matches!(
            next_hop(&u, 302, "ftp://x/", "GET"),
            Err(NextHopError::NotHttp(_))
        ));
        assert!(is_request_body_header_name("Content-Type"));
        assert!(!is_request_body_header_name("Authorization"));
        assert!(is_redirect_status(308) && !is_redirect_status(304));
    }
}
