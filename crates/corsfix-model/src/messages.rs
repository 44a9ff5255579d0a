//! Firefox's and WebKit's console texts (`security.properties` + `nsCORSListenerProxy.cpp`;
//! WebKit `CrossOriginAccessControl.cpp`, `NetworkLoadChecker.cpp`, `ThreadableLoader.cpp`).
//! Chromium's are on [`crate::CorsError`].

use std::fmt::Write as _;

use serde::Serialize;

use crate::error::Initiator;

/// Why Firefox blocked a request: one variant per `security.properties` key it prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "key", content = "parameter")]
#[non_exhaustive]
pub enum FirefoxReason {
    /// `CORSMissingAllowOrigin2`.
    MissingAllowOrigin {
        /// The response status.
        status: u16,
    },
    /// `CORSMultipleAllowOriginNotAllowed`: more than one ACAO header line.
    MultipleAllowOrigin,
    /// `CORSAllowOriginNotMatchingOrigin`, with the ACAO value.
    AllowOriginNotMatchingOrigin(String),
    /// `CORSNotSupportingCredentials`: ACAO `*` with credentials.
    NotSupportingCredentials,
    /// `CORSMissingAllowCredentials`.
    MissingAllowCredentials,
    /// `CORSPreflightDidNotSucceed3`, with the preflight status.
    PreflightDidNotSucceed {
        /// The preflight status.
        status: u16,
    },
    /// `CORSInvalidAllowMethod`, with the bad token.
    InvalidAllowMethod(String),
    /// `CORSMethodNotFound`.
    MethodNotFound,
    /// `CORSInvalidAllowHeader`, with the bad token.
    InvalidAllowHeader(String),
    /// `CORSMissingAllowHeaderFromPreflight2`, with the lower-case header name.
    MissingAllowHeaderFromPreflight(String),
    /// `CORSExternalRedirectNotAllowed`.
    ExternalRedirectNotAllowed,
    /// `CORSDidNotSucceed2` (status `(null)` when there was no response).
    DidNotSucceed {
        /// The status, if any.
        status: Option<u16>,
    },
    /// `CORSRequestNotHttp`.
    RequestNotHttp,
}

impl FirefoxReason {
    /// The `security.properties` key.
    pub fn key(&self) -> &'static str {
        match self {
            Self::MissingAllowOrigin { .. } => "CORSMissingAllowOrigin2",
            Self::MultipleAllowOrigin => "CORSMultipleAllowOriginNotAllowed",
            Self::AllowOriginNotMatchingOrigin(_) => "CORSAllowOriginNotMatchingOrigin",
            Self::NotSupportingCredentials => "CORSNotSupportingCredentials",
            Self::MissingAllowCredentials => "CORSMissingAllowCredentials",
            Self::PreflightDidNotSucceed { .. } => "CORSPreflightDidNotSucceed3",
            Self::InvalidAllowMethod(_) => "CORSInvalidAllowMethod",
            Self::MethodNotFound => "CORSMethodNotFound",
            Self::InvalidAllowHeader(_) => "CORSInvalidAllowHeader",
            Self::MissingAllowHeaderFromPreflight(_) => "CORSMissingAllowHeaderFromPreflight2",
            Self::ExternalRedirectNotAllowed => "CORSExternalRedirectNotAllowed",
            Self::DidNotSucceed { .. } => "CORSDidNotSucceed2",
            Self::RequestNotHttp => "CORSRequestNotHttp",
        }
    }

    /// The whole console line for `url`.
    pub fn line(&self, url: &str) -> String {
        if matches!(self, Self::NotSupportingCredentials) {
            return format!(
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at \u{2018}{url}\u{2019}. (Reason: Credential is not supported if the CORS header \u{2018}Access-Control-Allow-Origin\u{2019} is \u{2018}*\u{2019})."
            );
        }
        let mut out = format!(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {url}. (Reason: "
        );
        match self {
            Self::MissingAllowOrigin { status } => {
                let _ = write!(out, "CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: {status}.");
            }
            Self::MultipleAllowOrigin => out.push_str("Multiple CORS header \u{2018}Access-Control-Allow-Origin\u{2019} not allowed)."),
            Self::AllowOriginNotMatchingOrigin(v) => {
                let _ = write!(out, "CORS header \u{2018}Access-Control-Allow-Origin\u{2019} does not match \u{2018}{v}\u{2019}).");
            }
            Self::MissingAllowCredentials => out.push_str("expected \u{2018}true\u{2019} in CORS header \u{2018}Access-Control-Allow-Credentials\u{2019})."),
            Self::PreflightDidNotSucceed { status } => {
                let _ = write!(out, "CORS preflight response did not succeed). Status code: {status}.");
            }
            Self::InvalidAllowMethod(t) => {
                let _ = write!(out, "invalid token \u{2018}{t}\u{2019} in CORS header \u{2018}Access-Control-Allow-Methods\u{2019}).");
            }
            Self::MethodNotFound => out.push_str("Did not find method in CORS header \u{2018}Access-Control-Allow-Methods\u{2019})."),
            Self::InvalidAllowHeader(t) => {
                let _ = write!(out, "invalid token \u{2018}{t}\u{2019} in CORS header \u{2018}Access-Control-Allow-Headers\u{2019}).");
            }
            Self::MissingAllowHeaderFromPreflight(h) => {
                let _ = write!(out, "header \u{2018}{h}\u{2019} is not allowed according to header \u{2018}Access-Control-Allow-Headers\u{2019} from CORS preflight response).");
            }
            Self::ExternalRedirectNotAllowed => out.push_str("CORS request external redirect not allowed)."),
            Self::DidNotSucceed { status } => {
                out.push_str("CORS request did not succeed). Status code: ");
                match status {
                    Some(s) => { let _ = write!(out, "{s}."); }
                    None => out.push_str("(null)."),
                }
            }
            Self::RequestNotHttp => out.push_str("CORS request not http)."),
            Self::NotSupportingCredentials => {}
        }
        out
    }
}

/// Why WebKit (Safari) blocked a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", content = "parameter")]
#[non_exhaustive]
pub enum SafariReason {
    /// ACAO `*` on a credentialed request.
    WildcardWithCredentials,
    /// ACAO holds a comma.
    MultipleOrigins,
    /// ACAO missing or not matching (with the request's origin and the status).
    OriginNotAllowed {
        /// The request's origin (`null` once tainted).
        origin: String,
        /// The response status.
        status: u16,
    },
    /// ACAC is not `true`.
    AllowCredentials,
    /// The preflight's status is not 2xx.
    PreflightNotSuccessful {
        /// The preflight status.
        status: u16,
    },
    /// ACAM does not parse (raw value).
    InvalidAllowMethods(String),
    /// ACAH does not parse (raw value).
    InvalidAllowHeaders(String),
    /// The method is not allowed.
    MethodNotAllowed(String),
    /// The header (as the script wrote it) is not allowed.
    HeaderNotAllowed(String),
    /// A redirect response failed the CORS check.
    RedirectDenied {
        /// The redirect target (userinfo removed).
        url: String,
        /// Why.
        inner: Box<SafariReason>,
    },
    /// A redirect to a URL with credentials.
    RedirectHasCredentials {
        /// The target as written.
        url: String,
    },
    /// The redirect mode forbids following (`redirect: "error"`).
    RedirectNotAllowed {
        /// The URL that redirected.
        url: String,
    },
    /// A cross-origin request to a URL that is not HTTP(S) (`file:`): WebKit's
    /// `DocumentThreadableLoader`, expected verbatim by WebKit's GLib API test
    /// `TestWebKitWebContext.cpp` (testWebContextSecurityFileXHR).
    OnlyHttp,
}

impl SafariReason {
    /// A stable name for the reason (`OriginNotAllowed`, `PreflightNotSuccessful`, …): WebKit
    /// has no public error enum, so these are corsfix's names for its distinct messages.
    pub fn name(&self) -> &'static str {
        match self {
            Self::WildcardWithCredentials => "WildcardWithCredentials",
            Self::MultipleOrigins => "MultipleOrigins",
            Self::OriginNotAllowed { .. } => "OriginNotAllowed",
            Self::AllowCredentials => "AllowCredentials",
            Self::PreflightNotSuccessful { .. } => "PreflightNotSuccessful",
            Self::InvalidAllowMethods(_) => "InvalidAllowMethods",
            Self::InvalidAllowHeaders(_) => "InvalidAllowHeaders",
            Self::MethodNotAllowed(_) => "MethodNotAllowed",
            Self::HeaderNotAllowed(_) => "HeaderNotAllowed",
            Self::RedirectDenied { .. } => "RedirectDenied",
            Self::RedirectHasCredentials { .. } => "RedirectHasCredentials",
            Self::RedirectNotAllowed { .. } => "RedirectNotAllowed",
            Self::OnlyHttp => "OnlyHttp",
        }
    }

    /// The reason line.
    pub fn line(&self) -> String {
        match self {
            Self::WildcardWithCredentials => {
                "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
                    .to_owned()
            }
            Self::MultipleOrigins => {
                "Access-Control-Allow-Origin cannot contain more than one origin.".to_owned()
            }
            Self::OriginNotAllowed { origin, status } => format!(
                "Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {status}"
            ),
            Self::AllowCredentials => {
                "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."
                    .to_owned()
            }
            Self::PreflightNotSuccessful { status } => {
                format!("Preflight response is not successful. Status code: {status}")
            }
            Self::InvalidAllowMethods(v) => {
                format!("Header Access-Control-Allow-Methods has an invalid value: {v}")
            }
            Self::InvalidAllowHeaders(v) => {
                format!("Header Access-Control-Allow-Headers has an invalid value: {v}")
            }
            Self::MethodNotAllowed(m) => {
                format!("Method {m} is not allowed by Access-Control-Allow-Methods.")
            }
            Self::HeaderNotAllowed(h) => {
                format!("Request header field {h} is not allowed by Access-Control-Allow-Headers.")
            }
            Self::RedirectDenied { url, inner } => format!(
                "Cross-origin redirection to {url} denied by Cross-Origin Resource Sharing policy: {}",
                inner.line()
            ),
            Self::RedirectHasCredentials { url } => {
                // The first URL is printed without user:password, the second as written (§7.3).
                let shown = url::Url::parse(url).map_or_else(
                    |_| url.clone(),
                    |mut u| {
                        let _ = u.set_username("");
                        let _ = u.set_password(None);
                        u.as_str().to_owned()
                    },
                );
                format!(
                    "Cross-origin redirection to {shown} denied by Cross-Origin Resource Sharing policy: redirection URL {url} has credentials"
                )
            }
            Self::RedirectNotAllowed { url } => {
                format!("Not allowed to follow a redirection while loading {url}")
            }
            Self::OnlyHttp => "Cross origin requests are only supported for HTTP.".to_owned(),
        }
    }
}

/// WebKit's second line: "Fetch API cannot load {url} due to access control checks.".
pub fn safari_cannot_load(initiator: Initiator, url: &str) -> String {
    let api = match initiator {
        Initiator::Fetch => "Fetch API",
        Initiator::XmlHttpRequest => "XMLHttpRequest",
    };
    format!("{api} cannot load {url} due to access control checks.")
}

/// What each engine prints when no HTTP response arrived: Chrome's failed request line and
/// `TypeError: Failed to fetch`, Firefox's "CORS request did not succeed", Safari's load
/// failure and its access-control summary. In `Browser::ALL` order.
pub fn network_error_lines(
    kind: crate::exchange::NetworkErrorKind,
    method: &str,
    url: &str,
) -> [Vec<String>; 3] {
    use crate::exchange::NetworkErrorKind as K;
    let safari = match kind {
        K::ConnectionRefused => "Could not connect to the server.",
        K::NameNotResolved => "A server with the specified hostname could not be found.",
        K::Certificate => "The certificate for this server is invalid.",
        K::Tls => "An SSL error has occurred and a secure connection to the server cannot be made.",
        K::Timeout => "The request timed out.",
        K::ConnectionReset => "The network connection was lost.",
        K::TooManyRedirects => "too many HTTP redirects",
        _ => "Load failed",
    };
    [
        vec![
            format!("{method} {url} {}", kind.chrome_code()),
            "TypeError: Failed to fetch".to_owned(),
        ],
        vec![FirefoxReason::DidNotSucceed { status: None }.line(url)],
        vec![
            format!("Failed to load resource: {safari}"),
            format!("Fetch API cannot load {url} due to access control checks."),
        ],
    ]
}

/// Chromium's mixed-content line for an `https:` page (`page_origin`, the page at its `/`)
/// requesting the `http:` URL `target`: `blocked`, or let through with a warning (a
/// local-network request, `crate::lna::mixed_content`). XHR says "XMLHttpRequest endpoint"
/// where fetch() says "resource" (measured in Chromium 156).
pub fn chrome_mixed_content_line(
    page_origin: &str,
    target: &str,
    initiator: crate::Initiator,
    blocked: bool,
) -> String {
    let what = match initiator {
        crate::Initiator::Fetch => "resource",
        crate::Initiator::XmlHttpRequest => "XMLHttpRequest endpoint",
    };
    let tail = if blocked {
        "This request has been blocked; the content must be served over HTTPS."
    } else {
        "This content should also be served over HTTPS."
    };
    format!(
        "Mixed Content: The page at '{page_origin}/' was loaded over HTTPS, but requested an insecure {what} '{target}'. {tail}"
    )
}

/// What each engine prints when an `https:` page (`page_origin`) requests an `http:` URL
/// (mixed content, blocked before sending). In `Browser::ALL` order.
pub fn mixed_content_lines(page_origin: &str, target: &str) -> [Vec<String>; 3] {
    let page = format!("{page_origin}/");
    [
        vec![format!(
            "Mixed Content: The page at '{page}' was loaded over HTTPS, but requested an insecure resource '{target}'. This request has been blocked; the content must be served over HTTPS."
        )],
        vec![format!(
            "Blocked loading mixed active content \u{201c}{target}\u{201d}"
        )],
        vec![format!(
            "[blocked] The page at {page} requested insecure content from {target}. This content was blocked and must be served over HTTPS."
        )],
    ]
}
