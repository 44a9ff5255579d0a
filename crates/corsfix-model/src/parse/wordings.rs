//! Every Chrome, Safari and DevTools reason sentence the tolerant reader looks for, with the
//! source it was copied from. (Firefox's, in every language, are in `firefox_l10n.rs`.)
//!
//! Placeholders: `{p}` the failed parameter, `{p2}` a second one, `{status}` an HTTP status,
//! `{url}` a URL, `{origin}` the page origin, `{loc}` a redirect location, `{any}` text that is
//! read over but not kept. The reader matches these sentences whatever the case, the quote
//! characters, the line breaks and the final full stop; the exact wordings (current Chrome,
//! Firefox and Safari) are also read by the exact parsers in `parse.rs`, which these only
//! back up.
//!
//! Sources (the Chromium files are Blink's, under `third_party/WebKit/Source/` before 2018 and
//! `third_party/blink/renderer/` after; "stored copy" means the text was read from a copy of
//! that file in the search index, whose id is given):
//! - `C-NOW`: `platform/loader/cors/cors_error_string.cc` and `services/network/public/mojom/cors.mojom`,
//!   2025-26 main (shared/reference/browser-cors.md §2.2, §2.4).
//! - `C-2018`: `platform/loader/cors/cors_error_string.cc`, 2018 (`GetErrorString`: "Origin '…' is
//!   therefore not allowed access.", "Response for preflight does not have HTTP ok status.";
//!   stored copy 8362284876).
//! - `C-2017`: `platform/loader/fetch/CrossOriginAccessControl.cpp` and
//!   `public/platform/WebCORS.cpp`, 2017 (stored copies 1019907100, 15410108):
//!   `accessControlErrorString`, `preflightErrorString` ("Response for preflight has invalid HTTP
//!   status code N"), `redirectErrorString`, "Redirect from '…' has been blocked by CORS policy: ".
//! - `C-2016`: `core/loader/DocumentThreadableLoader.cpp`, 2016 ("Response for preflight is invalid
//!   (redirect)"; stored copy 684822042) and `platform/loader/fetch/CrossOriginPreflightResultCache.cpp`
//!   2017 ("… in preflight response."; stored copy 623370109).
//! - `C-2014`: `core/fetch/CrossOriginAccessControl.cpp`, 2014 (stored copy 6511706892): "A wildcard '*'
//!   cannot be used …", "Credentials flag is 'true', but the 'Access-Control-Allow-Credentials'
//!   header is '…'", "Received an invalid response.", "Invalid HTTP status code N", "The request was
//!   redirected to a URL ('…') …", "Redirect at origin '…' has been blocked from loading by
//!   Cross-Origin Resource Sharing policy: ".
//! - `C-2015`: `core/fetch/ResourceFetcher.cpp`, 2015 (stored copy 1292252514): "{Font|Image|…} from
//!   origin '…' has been blocked from loading by Cross-Origin Resource Sharing policy: ".
//! - `WK-OLD`: WebKit `Source/WebCore/loader/CrossOriginPreflightResultCache.cpp` before the
//!   Blink fork, 2013 (stored copy 1004952824): "Request header field X is not allowed by
//!   Access-Control-Allow-Headers.", "Method X is not allowed by Access-Control-Allow-Methods.";
//!   Chrome printed these until 2016, Safari still does.
//! - `WK`: WebKit `Source/WebCore/loader/CrossOriginAccessControl.cpp`: 2018 without the status
//!   (stored copy 1254995759), current with " Status code: N" (stored copy 1623250945;
//!   WebKit/WebKit@00f03c1f in shared/reference/browser-cors.md §3.2), and
//!   `CrossOriginPreflightResultCache.cpp` (stored copy 1383726652).
//! - `WK-2013`: WebKit `CrossOriginAccessControl.cpp`, 2013 ("Cannot make any requests from …";
//!   stored copy 222205051); `LoadableClassicScript.cpp` ("Cross-origin script load denied …";
//!   stored copy 115314268) and the media loader ("Cross-origin media resource load denied …";
//!   stored copy 379936666). "Cross-origin image load denied …" is the same family's image
//!   sentence, which Chrome also printed before 2014.
//! - `DEVTOOLS-ISSUES`: Chrome DevTools `front_end/models/issues_manager/descriptions/*.md`, the
//!   Issues panel's titles (`corsInvalidHeaderValues.md`, `corsOriginMismatch.md`,
//!   `corsAllowCredentialsRequired.md`, `corsPreflightResponseInvalid.md`,
//!   `corsInsecurePrivateNetwork.md`, `CoepCorpNotSameOrigin.md`; copies in
//!   facebook/react-native `packages/debugger-frontend/dist/third-party/`).
//! - `OKTA`: the console messages Okta's developer documentation lists per browser (stored copy
//!   9216126382): Firefox before 2015 ("… This can be fixed by moving the resource to the same
//!   domain or enabling CORS."), Internet Explorer / EdgeHTML (`SEC7120: Origin … not found in
//!   Access-Control-Allow-Origin header.`, `SCRIPT7002: XMLHttpRequest: Network Error
//!   0x80070005, Access is denied.`). Firefox's own file for that key is not in the index.
//! - `DEVTOOLS`: Chrome DevTools `front_end/panels/network/NetworkDataGridNode.ts`:
//!   `crossoriginResourceSharingErrorS: 'Cross-Origin Resource Sharing error: {PH1}'` (the
//!   status tooltip; PH1 is the `CorsError` name) and `corsError: 'CORS error'` (stored copy
//!   8036914327).

use super::Kind;
use crate::error::CorsError;

/// What a wording means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Means {
    /// A Chromium `CorsError` (moved to its preflight variant when the text says preflight).
    Cors(CorsError),
    /// Firefox's "does not match ‘X’": Chromium's name depends on X.
    AcaoValue,
    /// A preflight answered with a status that is not ok (a 3xx: the redirect).
    PreflightStatus,
    /// A kind that is not a `CorsError`.
    Other(Kind),
    /// DevTools' tooltip, whose parameter is the `CorsError` name.
    ErrorName,
}

/// Who prints a wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    Chrome,
    /// WebKit's sentences, which Chrome also printed before it rewrote them: inside Chrome's
    /// `XMLHttpRequest cannot load X.` container they are `then`, elsewhere Safari.
    WebKitShared {
        then: crate::Browser,
    },
    Safari,
    DevTools,
    /// Firefox's sentences that are not a `security.properties` reason (the 2013-2015
    /// one-sentence message).
    Firefox,
    /// Internet Explorer and the old Edge (EdgeHTML), which the reading names no browser for.
    Other,
}

pub(super) struct Wording {
    pub id: &'static str,
    pub family: Family,
    pub means: Means,
    pub legacy: bool,
    pub text: &'static str,
    pub source: &'static str,
}

const fn w(
    id: &'static str,
    family: Family,
    means: Means,
    legacy: bool,
    text: &'static str,
    source: &'static str,
) -> Wording {
    Wording {
        id,
        family,
        means,
        legacy,
        text,
        source,
    }
}

use CorsError as E;
use Family::{Chrome, DevTools, Safari};
use Means::{Cors, Other};

const NOW: &str = "C-NOW";
const SHARED_CHROME: Family = Family::WebKitShared {
    then: crate::Browser::Chrome,
};
const SHARED_SAFARI: Family = Family::WebKitShared {
    then: crate::Browser::Safari,
};

pub(super) const WORDINGS: &[Wording] = &[
    // Current Chromium (Chrome, Edge, Opera, Brave): the detail after "has been blocked by
    // CORS policy: ".
    w(
        "chrome/disallowed-by-mode",
        Chrome,
        Cors(E::DisallowedByMode),
        false,
        "Cross origin requests are not allowed by request mode.",
        NOW,
    ),
    w(
        "chrome/invalid-response",
        Chrome,
        Cors(E::InvalidResponse),
        false,
        "The response is invalid.",
        NOW,
    ),
    w(
        "chrome/wildcard",
        Chrome,
        Cors(E::WildcardOriginNotAllowed),
        false,
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
        NOW,
    ),
    w(
        "chrome/missing-acao",
        Chrome,
        Cors(E::MissingAllowOriginHeader),
        false,
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        NOW,
    ),
    w(
        "chrome/multiple-acao",
        Chrome,
        Cors(E::MultipleAllowOriginValues),
        false,
        "The 'Access-Control-Allow-Origin' header contains multiple values '{p}', but only one is allowed.",
        NOW,
    ),
    w(
        "chrome/invalid-acao",
        Chrome,
        Cors(E::InvalidAllowOriginValue),
        false,
        "The 'Access-Control-Allow-Origin' header contains the invalid value '{p}'.",
        NOW,
    ),
    w(
        "chrome/acao-mismatch",
        Chrome,
        Cors(E::AllowOriginMismatch),
        false,
        "The 'Access-Control-Allow-Origin' header has a value '{p}' that is not equal to the supplied origin.",
        NOW,
    ),
    w(
        "chrome/acac",
        Chrome,
        Cors(E::InvalidAllowCredentials),
        false,
        "The value of the 'Access-Control-Allow-Credentials' header in the response is '{p}' which must be 'true' when the request's credentials mode is 'include'.",
        NOW,
    ),
    w(
        "chrome/disabled-scheme",
        Chrome,
        Cors(E::CorsDisabledScheme),
        false,
        "Cross origin requests are only supported for protocol schemes: {any}.",
        NOW,
    ),
    w(
        "chrome/preflight-status",
        Chrome,
        Cors(E::PreflightInvalidStatus),
        false,
        "It does not have HTTP ok status.",
        NOW,
    ),
    w(
        "chrome/preflight-redirect",
        Chrome,
        Cors(E::PreflightDisallowedRedirect),
        false,
        "Redirect is not allowed for a preflight request.",
        NOW,
    ),
    w(
        "chrome/acam-unparsable",
        Chrome,
        Cors(E::InvalidAllowMethodsPreflightResponse),
        false,
        "Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
        NOW,
    ),
    w(
        "chrome/acah-unparsable",
        Chrome,
        Cors(E::InvalidAllowHeadersPreflightResponse),
        false,
        "Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
        NOW,
    ),
    w(
        "chrome/method",
        Chrome,
        Cors(E::MethodDisallowedByPreflightResponse),
        false,
        "Method {p} is not allowed by Access-Control-Allow-Methods in preflight response.",
        NOW,
    ),
    w(
        "chrome/header",
        Chrome,
        Cors(E::HeaderDisallowedByPreflightResponse),
        false,
        "Request header field {p} is not allowed by Access-Control-Allow-Headers in preflight response.",
        NOW,
    ),
    w(
        "chrome/redirect-credentials",
        Chrome,
        Cors(E::RedirectContainsCredentials),
        false,
        "Redirect location '{p}' contains a username and password, which is disallowed for cross-origin requests.",
        NOW,
    ),
    w(
        "chrome/lna-insecure",
        Chrome,
        Cors(E::InsecureLocalNetwork),
        false,
        "The request client is not a secure context and the resource is in more-private address space `{p}`.",
        NOW,
    ),
    w(
        "chrome/lna-mismatch",
        Chrome,
        Cors(E::InvalidLocalNetworkAccess),
        false,
        "Request had a target IP address space of `{p}` yet the resource is in address space `{p2}`.",
        NOW,
    ),
    w(
        "chrome/lna-denied",
        Chrome,
        Cors(E::LocalNetworkAccessPermissionDenied),
        false,
        "Permission was denied for this request to access the `{p}` address space.",
        NOW,
    ),
    // Private Network Access (Chrome 94-141).
    w(
        "chrome/pna-missing",
        Chrome,
        Other(Kind::PreflightMissingAllowPrivateNetwork),
        true,
        "No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the `{p}` address space.",
        "C-NOW §2.4",
    ),
    w(
        "chrome/pna-invalid",
        Chrome,
        Other(Kind::PreflightInvalidAllowPrivateNetwork),
        true,
        "The 'Access-Control-Allow-Private-Network' header in the preflight response for this private network request targeting the `{any}` address space had a value of '{p}',  not 'true'.",
        "C-NOW §2.4",
    ),
    w(
        "chrome/pna-unexpected",
        Chrome,
        Other(Kind::UnexpectedPrivateNetworkAccess),
        true,
        "Request had no target IP address space, yet the resource is in address space `{p}`.",
        "C-NOW §2.4",
    ),
    w(
        "chrome/pna-id",
        Chrome,
        Other(Kind::PreflightMissingPrivateNetworkAccessId),
        true,
        "No 'Private-Network-Access-Id' header was present in the preflight response for this private network request targeting the `{p}` address space.",
        "C-NOW §2.4",
    ),
    w(
        "chrome/pna-name",
        Chrome,
        Other(Kind::PreflightMissingPrivateNetworkAccessName),
        true,
        "No 'Private-Network-Access-Name' header was present in the preflight response for this private network request targeting the `{p}` address space.",
        "C-NOW §2.4",
    ),
    w(
        "chrome/pna-unavailable",
        Chrome,
        Other(Kind::PrivateNetworkAccessPermissionUnavailable),
        true,
        "Unable to ask for permission to access the `{p}` IP address space.",
        "C-NOW §2.4",
    ),
    // Older Chromium.
    w(
        "chrome-2017/preflight-status",
        Chrome,
        Cors(E::PreflightInvalidStatus),
        true,
        "Response for preflight has invalid HTTP status code {status}",
        "C-2017",
    ),
    w(
        "chrome-2018/preflight-status",
        Chrome,
        Cors(E::PreflightInvalidStatus),
        true,
        "Response for preflight does not have HTTP ok status.",
        "C-2018",
    ),
    w(
        "chrome-2016/preflight-redirect",
        Chrome,
        Cors(E::PreflightDisallowedRedirect),
        true,
        "Response for preflight is invalid (redirect)",
        "C-2016",
    ),
    w(
        "chrome-2014/preflight-status",
        Chrome,
        Cors(E::PreflightInvalidStatus),
        true,
        "Invalid HTTP status code {status}",
        "C-2014",
    ),
    w(
        "chrome-2014/wildcard",
        Chrome,
        Cors(E::WildcardOriginNotAllowed),
        true,
        "A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true.",
        "C-2014",
    ),
    w(
        "chrome-2014/acac",
        Chrome,
        Cors(E::InvalidAllowCredentials),
        true,
        "Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is '{p}'. It must be 'true' to allow credentials.",
        "C-2014",
    ),
    w(
        "chrome-2014/invalid-response",
        Chrome,
        Cors(E::InvalidResponse),
        true,
        "Received an invalid response.",
        "C-2014",
    ),
    w(
        "chrome-2017/invalid-response",
        Chrome,
        Cors(E::InvalidResponse),
        true,
        "Invalid response.",
        "C-2017",
    ),
    w(
        "chrome-2014/redirect-scheme",
        Chrome,
        Cors(E::CorsDisabledScheme),
        true,
        "The request was redirected to a URL ('{loc}') which has a disallowed scheme for cross-origin requests.",
        "C-2014",
    ),
    w(
        "chrome-2014/redirect-userinfo",
        Chrome,
        Cors(E::RedirectContainsCredentials),
        true,
        "The request was redirected to a URL ('{loc}') containing userinfo, which is disallowed for cross-origin requests.",
        "C-2014",
    ),
    w(
        "chrome-2016/redirect-preflight",
        Chrome,
        Cors(E::PreflightDisallowedRedirect),
        true,
        "The request was redirected to '{loc}', which is disallowed for cross-origin requests that require preflight.",
        "C-2016",
    ),
    w(
        "chrome-2017/redirect-scheme",
        Chrome,
        Cors(E::CorsDisabledScheme),
        true,
        "Redirect location '{loc}' has a disallowed scheme for cross-origin requests.",
        "C-2017",
    ),
    // WebKit's sentences, printed by Chrome too until it rewrote them.
    w(
        "webkit/header",
        SHARED_CHROME,
        Cors(E::HeaderDisallowedByPreflightResponse),
        true,
        "Request header field {p} is not allowed by Access-Control-Allow-Headers.",
        "WK-OLD",
    ),
    w(
        "webkit/method",
        SHARED_CHROME,
        Cors(E::MethodDisallowedByPreflightResponse),
        true,
        "Method {p} is not allowed by Access-Control-Allow-Methods.",
        "WK-OLD",
    ),
    w(
        "webkit/origin-not-allowed",
        SHARED_SAFARI,
        Other(Kind::OriginNotAllowed),
        false,
        "Origin {origin} is not allowed by Access-Control-Allow-Origin.",
        "WK",
    ),
    w(
        "webkit/wildcard",
        SHARED_SAFARI,
        Cors(E::WildcardOriginNotAllowed),
        false,
        "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
        "WK",
    ),
    w(
        "webkit/acac",
        SHARED_SAFARI,
        Cors(E::InvalidAllowCredentials),
        false,
        "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
        "WK",
    ),
    w(
        "webkit/http-only",
        SHARED_CHROME,
        Cors(E::CorsDisabledScheme),
        true,
        "Cross origin requests are only supported for HTTP.",
        "WK; shared/reference/browser-cors.md §2.4, §3.2",
    ),
    // Safari only.
    w(
        "safari/multiple-acao",
        Safari,
        Cors(E::MultipleAllowOriginValues),
        false,
        "Access-Control-Allow-Origin cannot contain more than one origin.",
        "WK",
    ),
    w(
        "safari/preflight-status",
        Safari,
        Means::PreflightStatus,
        false,
        "Preflight response is not successful",
        "WK",
    ),
    w(
        "safari/acam-unparsable",
        Safari,
        Cors(E::InvalidAllowMethodsPreflightResponse),
        false,
        "Header Access-Control-Allow-Methods has an invalid value: {p}",
        "WK",
    ),
    w(
        "safari/acah-unparsable",
        Safari,
        Cors(E::InvalidAllowHeadersPreflightResponse),
        false,
        "Header Access-Control-Allow-Headers has an invalid value: {p}",
        "WK",
    ),
    w(
        "safari/redirect-refused",
        Safari,
        Other(Kind::RedirectRefused),
        false,
        "Not allowed to follow a redirection while loading {url}",
        "WK NetworkLoadChecker.cpp",
    ),
    w(
        "safari/same-origin-mode",
        Safari,
        Cors(E::DisallowedByMode),
        false,
        "Unsafe attempt to load URL {url} from origin {origin}. Domains, protocols and ports must match.",
        "WK NetworkLoadChecker.cpp",
    ),
    // DevTools' Network panel.
    w(
        "devtools/cors-error-name",
        DevTools,
        Means::ErrorName,
        false,
        "Cross-Origin Resource Sharing error: {p}",
        "DEVTOOLS",
    ),
    w(
        "webkit-2013/unique-origin",
        SHARED_SAFARI,
        Other(Kind::OriginNotAllowed),
        true,
        "Cannot make any requests from {origin}.",
        "WK-2013",
    ),
    w(
        "webkit/image-denied",
        SHARED_SAFARI,
        Other(Kind::AccessControlChecks),
        true,
        "Cross-origin image load denied by Cross-Origin Resource Sharing policy.",
        "WK-2013",
    ),
    w(
        "safari/script-denied",
        Safari,
        Other(Kind::AccessControlChecks),
        false,
        "Cross-origin script load denied by Cross-Origin Resource Sharing policy.",
        "WK-2013",
    ),
    w(
        "safari/media-denied",
        Safari,
        Other(Kind::AccessControlChecks),
        false,
        "Cross-origin media resource load denied by Cross-Origin Resource Sharing policy.",
        "WK-2013",
    ),
    // DevTools' Issues panel.
    w(
        "devtools/issue-invalid-headers",
        DevTools,
        Other(Kind::AccessControlChecks),
        false,
        "Ensure CORS response header values are valid",
        "DEVTOOLS-ISSUES",
    ),
    w(
        "devtools/issue-origin-mismatch",
        DevTools,
        Cors(E::AllowOriginMismatch),
        false,
        "Ensure CORS requesting origin matches resource's allowed origin",
        "DEVTOOLS-ISSUES",
    ),
    w(
        "devtools/issue-credentials",
        DevTools,
        Cors(E::InvalidAllowCredentials),
        false,
        "Ensure CORS requests include credentials only when allowed",
        "DEVTOOLS-ISSUES",
    ),
    w(
        "devtools/issue-preflight-invalid",
        DevTools,
        Other(Kind::AccessControlChecks),
        false,
        "Ensure preflight responses are valid",
        "DEVTOOLS-ISSUES",
    ),
    w(
        "devtools/issue-insecure-private-network",
        DevTools,
        Cors(E::InsecureLocalNetwork),
        true,
        "Ensure private network requests are made from secure contexts",
        "DEVTOOLS-ISSUES",
    ),
    w(
        "devtools/issue-corp",
        DevTools,
        Other(Kind::BlockedByResponse),
        false,
        "Specify a more permissive Cross-Origin Resource Policy to prevent a resource from being blocked",
        "DEVTOOLS-ISSUES",
    ),
    // Firefox before 2015, Internet Explorer and EdgeHTML.
    w(
        "firefox-2014/fix-by-moving",
        Family::Firefox,
        Other(Kind::AccessControlChecks),
        true,
        "This can be fixed by moving the resource to the same domain or enabling CORS.",
        "OKTA",
    ),
    w(
        "ie/origin-not-found",
        Family::Other,
        Other(Kind::OriginNotAllowed),
        true,
        "Origin {origin} not found in Access-Control-Allow-Origin header.",
        "OKTA",
    ),
    w(
        "ie/network-error",
        Family::Other,
        Other(Kind::FetchFailed),
        true,
        "XMLHttpRequest: Network Error 0x80070005, Access is denied.",
        "OKTA",
    ),
];

/// Chromium's lead before the detail, and the older ones.
pub(super) const CHROME_BLOCKED: &str = "has been blocked by CORS policy:";
pub(super) const CHROME_PREFLIGHT: &str =
    "Response to preflight request doesn't pass access control check:";
/// `C-2015`, `C-2014`: "{Font} from origin '{o}' has been blocked from loading by …".
pub(super) const CHROME_BLOCKED_2015: &str =
    "has been blocked from loading by Cross-Origin Resource Sharing policy:";

/// What follows an older Chromium reason (`C-2014` … `C-2018`), and what each tells.
pub(super) const CHROME_SUFFIXES: &[(&str, Suffix)] = &[
    (
        "Origin '{origin}' is therefore not allowed access.",
        Suffix::Origin,
    ),
    (
        "The response had HTTP status code {status}.",
        Suffix::Status,
    ),
    (
        "Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
        Suffix::FetchLegacy,
    ),
    (
        "Have the server send the header with a valid value.",
        Suffix::Fetch,
    ),
    (
        "If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
        Suffix::FetchLegacy,
    ),
    (
        "The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.",
        Suffix::Xhr,
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Suffix {
    Origin,
    Status,
    Fetch,
    FetchLegacy,
    Xhr,
}

/// Words that say a text is about CORS even when no reason sentence is in it: DevTools'
/// Network status ("CORS error", `DEVTOOLS`), the leads of Chrome and Firefox without their
/// reason, the header names. Folded (lower case, no spaces).
pub(super) const CORS_VOCABULARY: &[&str] = &[
    "corserror",
    "blockedbycorspolicy",
    "corspolicy",
    "cross-originrequestblocked",
    "cross-originresourcesharing",
    "duetoaccesscontrolchecks",
    "access-control-allow-",
    "corsheader",
    "corspreflight",
    "corsrequest",
];
