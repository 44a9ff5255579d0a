//! Chromium's `CorsError` values (`services/network/public/mojom/cors.mojom`) and the console
//! line Chromium prints for each (`third_party/blink/renderer/platform/loader/cors/cors_error_string.cc`).

use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Chromium's `network::mojom::CorsError`, named as the DevTools protocol spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CorsError {
    /// A `same-origin` request was redirected cross-origin.
    DisallowedByMode,
    /// A `cors` request got an opaque response (from a service worker).
    InvalidResponse,
    /// `Access-Control-Allow-Origin: *` on a credentialed request.
    WildcardOriginNotAllowed,
    /// No `Access-Control-Allow-Origin` on the response.
    MissingAllowOriginHeader,
    /// `Access-Control-Allow-Origin` holds several values (a list, or two header lines).
    MultipleAllowOriginValues,
    /// `Access-Control-Allow-Origin` does not parse as a URL.
    InvalidAllowOriginValue,
    /// `Access-Control-Allow-Origin` names another origin.
    AllowOriginMismatch,
    /// Credentialed request, but `Access-Control-Allow-Credentials` is not exactly `true`.
    InvalidAllowCredentials,
    /// The URL's scheme does not support CORS.
    CorsDisabledScheme,
    /// The preflight's status is not 2xx.
    PreflightInvalidStatus,
    /// The preflight was answered with a redirect.
    PreflightDisallowedRedirect,
    /// As `WildcardOriginNotAllowed`, on the preflight.
    PreflightWildcardOriginNotAllowed,
    /// As `MissingAllowOriginHeader`, on the preflight.
    PreflightMissingAllowOriginHeader,
    /// As `MultipleAllowOriginValues`, on the preflight.
    PreflightMultipleAllowOriginValues,
    /// As `InvalidAllowOriginValue`, on the preflight.
    PreflightInvalidAllowOriginValue,
    /// As `AllowOriginMismatch`, on the preflight.
    PreflightAllowOriginMismatch,
    /// As `InvalidAllowCredentials`, on the preflight.
    PreflightInvalidAllowCredentials,
    /// `Access-Control-Allow-Methods` does not parse.
    InvalidAllowMethodsPreflightResponse,
    /// `Access-Control-Allow-Headers` does not parse.
    InvalidAllowHeadersPreflightResponse,
    /// The method is not allowed by the preflight response.
    MethodDisallowedByPreflightResponse,
    /// A request header is not allowed by the preflight response.
    HeaderDisallowedByPreflightResponse,
    /// A redirect's `Location` has a user name or password.
    RedirectContainsCredentials,
    /// Local Network Access: a non-secure page reaching a more private address space.
    InsecureLocalNetwork,
    /// Local Network Access: the declared target address space does not match.
    InvalidLocalNetworkAccess,
    /// Local Network Access: the permission was denied.
    LocalNetworkAccessPermissionDenied,
}

/// Every value, in declaration order.
pub const ALL_CORS_ERRORS: [CorsError; 25] = [
    CorsError::DisallowedByMode,
    CorsError::InvalidResponse,
    CorsError::WildcardOriginNotAllowed,
    CorsError::MissingAllowOriginHeader,
    CorsError::MultipleAllowOriginValues,
    CorsError::InvalidAllowOriginValue,
    CorsError::AllowOriginMismatch,
    CorsError::InvalidAllowCredentials,
    CorsError::CorsDisabledScheme,
    CorsError::PreflightInvalidStatus,
    CorsError::PreflightDisallowedRedirect,
    CorsError::PreflightWildcardOriginNotAllowed,
    CorsError::PreflightMissingAllowOriginHeader,
    CorsError::PreflightMultipleAllowOriginValues,
    CorsError::PreflightInvalidAllowOriginValue,
    CorsError::PreflightAllowOriginMismatch,
    CorsError::PreflightInvalidAllowCredentials,
    CorsError::InvalidAllowMethodsPreflightResponse,
    CorsError::InvalidAllowHeadersPreflightResponse,
    CorsError::MethodDisallowedByPreflightResponse,
    CorsError::HeaderDisallowedByPreflightResponse,
    CorsError::RedirectContainsCredentials,
    CorsError::InsecureLocalNetwork,
    CorsError::InvalidLocalNetworkAccess,
    CorsError::LocalNetworkAccessPermissionDenied,
];

/// The Chrome scheme list printed by `CorsDisabledScheme` (sorted, as current Chromium does).
pub const CHROME_CORS_SCHEMES: &str =
    "chrome, chrome-extension, chrome-untrusted, data, http, https, isolated-app";

const PREFLIGHT_PREFIX: &str = "Response to preflight request doesn't pass access control check: ";
const FETCH_SUFFIX: &str = " Have the server send the header with a valid value.";
const XHR_SUFFIX: &str = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.";

/// Who started the request: it changes the console wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Initiator {
    /// `fetch()`.
    #[default]
    Fetch,
    /// `XMLHttpRequest` (axios, jQuery).
    #[serde(rename = "xmlhttprequest")]
    XmlHttpRequest,
}

impl Initiator {
    /// The word Chromium uses after "Access to".
    pub fn chrome_word(self) -> &'static str {
        match self {
            Self::Fetch => "fetch",
            Self::XmlHttpRequest => "XMLHttpRequest",
        }
    }
}

/// What a Chromium console line is about: the URLs, the page origin and who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageContext<'a> {
    /// `fetch` or `XMLHttpRequest`.
    pub initiator: Initiator,
    /// The URL whose response failed.
    pub url: &'a str,
    /// The first URL, when redirects happened (`None` or equal to `url` otherwise).
    pub initial_url: Option<&'a str>,
    /// The page origin, as serialized.
    pub origin: &'a str,
}

impl CorsError {
    /// The DevTools protocol name (`PreflightInvalidStatus`).
    pub fn name(self) -> &'static str {
        match self {
            Self::DisallowedByMode => "DisallowedByMode",
            Self::InvalidResponse => "InvalidResponse",
            Self::WildcardOriginNotAllowed => "WildcardOriginNotAllowed",
            Self::MissingAllowOriginHeader => "MissingAllowOriginHeader",
            Self::MultipleAllowOriginValues => "MultipleAllowOriginValues",
            Self::InvalidAllowOriginValue => "InvalidAllowOriginValue",
            Self::AllowOriginMismatch => "AllowOriginMismatch",
            Self::InvalidAllowCredentials => "InvalidAllowCredentials",
            Self::CorsDisabledScheme => "CorsDisabledScheme",
            Self::PreflightInvalidStatus => "PreflightInvalidStatus",
            Self::PreflightDisallowedRedirect => "PreflightDisallowedRedirect",
            Self::PreflightWildcardOriginNotAllowed => "PreflightWildcardOriginNotAllowed",
            Self::PreflightMissingAllowOriginHeader => "PreflightMissingAllowOriginHeader",
            Self::PreflightMultipleAllowOriginValues => "PreflightMultipleAllowOriginValues",
            Self::PreflightInvalidAllowOriginValue => "PreflightInvalidAllowOriginValue",
            Self::PreflightAllowOriginMismatch => "PreflightAllowOriginMismatch",
            Self::PreflightInvalidAllowCredentials => "PreflightInvalidAllowCredentials",
            Self::InvalidAllowMethodsPreflightResponse => "InvalidAllowMethodsPreflightResponse",
            Self::InvalidAllowHeadersPreflightResponse => "InvalidAllowHeadersPreflightResponse",
            Self::MethodDisallowedByPreflightResponse => "MethodDisallowedByPreflightResponse",
            Self::HeaderDisallowedByPreflightResponse => "HeaderDisallowedByPreflightResponse",
            Self::RedirectContainsCredentials => "RedirectContainsCredentials",
            Self::InsecureLocalNetwork => "InsecureLocalNetwork",
            Self::InvalidLocalNetworkAccess => "InvalidLocalNetworkAccess",
            Self::LocalNetworkAccessPermissionDenied => "LocalNetworkAccessPermissionDenied",
        }
    }

    /// Whether the error is about the preflight response.
    pub fn is_preflight(self) -> bool {
        matches!(
            self,
            Self::PreflightInvalidStatus
                | Self::PreflightDisallowedRedirect
                | Self::PreflightWildcardOriginNotAllowed
                | Self::PreflightMissingAllowOriginHeader
                | Self::PreflightMultipleAllowOriginValues
                | Self::PreflightInvalidAllowOriginValue
                | Self::PreflightAllowOriginMismatch
                | Self::PreflightInvalidAllowCredentials
                | Self::InvalidAllowMethodsPreflightResponse
                | Self::InvalidAllowHeadersPreflightResponse
                | Self::MethodDisallowedByPreflightResponse
                | Self::HeaderDisallowedByPreflightResponse
        )
    }

    /// Whether Chromium prints "Response to preflight request doesn't pass access control check: ".
    fn has_preflight_prefix(self) -> bool {
        self.is_preflight()
            && !matches!(
                self,
                Self::InvalidAllowMethodsPreflightResponse
                    | Self::InvalidAllowHeadersPreflightResponse
                    | Self::MethodDisallowedByPreflightResponse
                    | Self::HeaderDisallowedByPreflightResponse
            )
    }

    /// The same error on the preflight (`AllowOriginMismatch` → `PreflightAllowOriginMismatch`).
    pub fn on_preflight(self) -> Self {
        match self {
            Self::WildcardOriginNotAllowed => Self::PreflightWildcardOriginNotAllowed,
            Self::MissingAllowOriginHeader => Self::PreflightMissingAllowOriginHeader,
            Self::MultipleAllowOriginValues => Self::PreflightMultipleAllowOriginValues,
            Self::InvalidAllowOriginValue => Self::PreflightInvalidAllowOriginValue,
            Self::AllowOriginMismatch => Self::PreflightAllowOriginMismatch,
            Self::InvalidAllowCredentials => Self::PreflightInvalidAllowCredentials,
            other => other,
        }
    }

    /// The error without its preflight stage (`PreflightAllowOriginMismatch` → `AllowOriginMismatch`).
    pub fn base(self) -> Self {
        match self {
            Self::PreflightWildcardOriginNotAllowed => Self::WildcardOriginNotAllowed,
            Self::PreflightMissingAllowOriginHeader => Self::MissingAllowOriginHeader,
            Self::PreflightMultipleAllowOriginValues => Self::MultipleAllowOriginValues,
            Self::PreflightInvalidAllowOriginValue => Self::InvalidAllowOriginValue,
            Self::PreflightAllowOriginMismatch => Self::AllowOriginMismatch,
            Self::PreflightInvalidAllowCredentials => Self::InvalidAllowCredentials,
            other => other,
        }
    }

    /// Whether the message carries a failed parameter (a header value, method or name).
    pub fn has_parameter(self) -> bool {
        matches!(
            self.base(),
            Self::MultipleAllowOriginValues
                | Self::InvalidAllowOriginValue
                | Self::AllowOriginMismatch
                | Self::InvalidAllowCredentials
                | Self::MethodDisallowedByPreflightResponse
                | Self::HeaderDisallowedByPreflightResponse
                | Self::RedirectContainsCredentials
        )
    }

    /// The detail text after "has been blocked by CORS policy: " (prefix and suffix included).
    /// `param` is the failed parameter (raw; it is hint-encoded here); address spaces for the
    /// Local Network Access errors are passed as `param` too (`loopback`, or `public|local`).
    pub fn chrome_detail(self, param: &str, initiator: Initiator) -> String {
        let mut out = String::new();
        self.push_detail(&mut out, param, initiator);
        out
    }

    /// Append [`Self::chrome_detail`] to `out` (no intermediate strings).
    fn push_detail(self, out: &mut String, param: &str, initiator: Initiator) {
        let p = encode_hint_cow(param);
        let p: &str = &p;
        if self.has_preflight_prefix() {
            out.push_str(PREFLIGHT_PREFIX);
        }
        match self.base() {
            Self::DisallowedByMode => out.push_str("Cross origin requests are not allowed by request mode."),
            Self::InvalidResponse => out.push_str("The response is invalid."),
            Self::WildcardOriginNotAllowed => out.push_str("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."),
            Self::MissingAllowOriginHeader => out.push_str("No 'Access-Control-Allow-Origin' header is present on the requested resource."),
            Self::MultipleAllowOriginValues => { out.push_str("The 'Access-Control-Allow-Origin' header contains multiple values '"); out.push_str(p); out.push_str("', but only one is allowed."); }
            Self::InvalidAllowOriginValue => { out.push_str("The 'Access-Control-Allow-Origin' header contains the invalid value '"); out.push_str(p); out.push_str("'."); }
            Self::AllowOriginMismatch => { out.push_str("The 'Access-Control-Allow-Origin' header has a value '"); out.push_str(p); out.push_str("' that is not equal to the supplied origin."); }
            Self::InvalidAllowCredentials => { out.push_str("The value of the 'Access-Control-Allow-Credentials' header in the response is '"); out.push_str(p); out.push_str("' which must be 'true' when the request's credentials mode is 'include'."); }
            Self::CorsDisabledScheme => { out.push_str("Cross origin requests are only supported for protocol schemes: "); out.push_str(CHROME_CORS_SCHEMES); out.push('.'); }
            Self::PreflightInvalidStatus => out.push_str("It does not have HTTP ok status."),
            Self::PreflightDisallowedRedirect => out.push_str("Redirect is not allowed for a preflight request."),
            Self::InvalidAllowMethodsPreflightResponse => out.push_str("Cannot parse Access-Control-Allow-Methods response header field in preflight response."),
            Self::InvalidAllowHeadersPreflightResponse => out.push_str("Cannot parse Access-Control-Allow-Headers response header field in preflight response."),
            Self::MethodDisallowedByPreflightResponse => { out.push_str("Method "); out.push_str(p); out.push_str(" is not allowed by Access-Control-Allow-Methods in preflight response."); }
            Self::HeaderDisallowedByPreflightResponse => { out.push_str("Request header field "); out.push_str(p); out.push_str(" is not allowed by Access-Control-Allow-Headers in preflight response."); }
            Self::RedirectContainsCredentials => { out.push_str("Redirect location '"); out.push_str(p); out.push_str("' contains a username and password, which is disallowed for cross-origin requests."); }
            Self::InsecureLocalNetwork => { out.push_str("The request client is not a secure context and the resource is in more-private address space `"); out.push_str(param); out.push_str("`."); }
            Self::InvalidLocalNetworkAccess => {
                let (target, resource) = param.split_once('|').unwrap_or((param, param));
                out.push_str("Request had a target IP address space of `"); out.push_str(target); out.push_str("` yet the resource is in address space `"); out.push_str(resource); out.push_str("`.");
            }
            Self::LocalNetworkAccessPermissionDenied => { out.push_str("Permission was denied for this request to access the `"); out.push_str(param); out.push_str("` address space."); }
            // `base()` never returns a Preflight* stage variant.
            _ => {}
        }
        let base = self.base();
        match initiator {
            Initiator::Fetch
                if matches!(
                    base,
                    Self::MultipleAllowOriginValues
                        | Self::InvalidAllowOriginValue
                        | Self::AllowOriginMismatch
                ) =>
            {
                out.push_str(FETCH_SUFFIX);
            }
            Initiator::XmlHttpRequest
                if matches!(
                    base,
                    Self::WildcardOriginNotAllowed | Self::InvalidAllowCredentials
                ) =>
            {
                out.push_str(XHR_SUFFIX);
            }
            _ => {}
        }
    }

    /// The whole Chromium console line.
    pub fn chrome_message(self, param: &str, ctx: &MessageContext<'_>) -> String {
        let mut out = String::with_capacity(256 + 2 * ctx.url.len() + ctx.origin.len());
        out.push_str("Access to ");
        out.push_str(ctx.initiator.chrome_word());
        out.push_str(" at '");
        out.push_str(ctx.url);
        out.push_str("' ");
        if let Some(initial) = ctx.initial_url.filter(|i| *i != ctx.url) {
            out.push_str("(redirected from '");
            out.push_str(initial);
            out.push_str("') ");
        }
        out.push_str("from origin '");
        out.push_str(ctx.origin);
        out.push_str("' has been blocked by CORS policy: ");
        self.push_detail(&mut out, param, ctx.initiator);
        out
    }
}

/// Chromium's `EncodeHint`: printable ASCII is kept, anything else becomes `\uXXXX`
/// (UTF-16 code units, upper-case hex).
pub fn encode_hint(s: &str) -> String {
    encode_hint_cow(s).into_owned()
}

/// [`encode_hint`], borrowing `s` when it is all printable ASCII already.
fn encode_hint_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if (' '..='~').contains(&c) {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                let _ = write!(out, "\\u{unit:04X}");
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

impl fmt::Display for CorsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name is not a Chromium `CorsError`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a Chromium CorsError name")]
pub struct UnknownCorsError(pub String);

impl FromStr for CorsError {
    type Err = UnknownCorsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s
            .strip_prefix('k')
            .filter(|r| r.starts_with(char::is_uppercase))
            .unwrap_or(s);
        ALL_CORS_ERRORS
            .iter()
            .copied()
            .find(|e| e.name() == s)
            .ok_or_else(|| UnknownCorsError(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for e in ALL_CORS_ERRORS {
            assert_eq!(e.name().parse::<CorsError>().unwrap(), e);
        }
        assert_eq!(
            "kPreflightInvalidStatus".parse::<CorsError>().unwrap(),
            CorsError::PreflightInvalidStatus
        );
    }

    #[test]
    fn hints_are_encoded() {
        assert_eq!(encode_hint("a\u{e9}\n"), "a\\u00E9\\u000A");
        assert_eq!(encode_hint("\u{1F600}"), "\\uD83D\\uDE00");
    }

    #[test]
    fn preflight_prefix_and_suffixes() {
        let ctx = MessageContext {
            initiator: Initiator::Fetch,
            url: "http://b/x",
            initial_url: None,
            origin: "http://a",
        };
        assert_eq!(
            CorsError::PreflightAllowOriginMismatch.chrome_message("null", &ctx),
            "Access to fetch at 'http://b/x' from origin 'http://a' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Origin' header has a value 'null' that is not equal to the supplied origin. Have the server send the header with a valid value."
        );
        let xhr = MessageContext {
            initiator: Initiator::XmlHttpRequest,
            ..ctx
        };
        assert!(
            CorsError::WildcardOriginNotAllowed
                .chrome_message("", &xhr)
                .ends_with("withCredentials attribute.")
        );
        assert!(
            !CorsError::AllowOriginMismatch
                .chrome_message("x", &xhr)
                .contains("Have the server")
        );
    }
}
