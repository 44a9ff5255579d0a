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
//!
//! The look-alikes and the page's own exceptions (read on their own, `Family::Plain`; one
//! `not-cors-*` cause each, or a CORS cause when the exception points at one):
//! - `C-XHR`: Blink `core/xml/XMLHttpRequest.cpp` (bloomberg/chromium.bb
//!   `third_party/WebKit/Source/core/xml/XMLHttpRequest.cpp`, and WebKit's
//!   `WebCore/xml/XMLHttpRequest.cpp`, which Safari still runs): `setRequestHeader` logs
//!   "Refused to set unsafe header \"…\"", `getResponseHeader` "Refused to get unsafe header
//!   \"…\"".
//! - `C-FRAME`: Chromium `content/browser/renderer_host/ancestor_throttle.cc` ("Refused to
//!   display '…' in a frame because it set 'X-Frame-Options' to '…'.", "Refused to frame '…'
//!   because an ancestor violates the following Content Security Policy directive: \"…\".");
//!   the older "Refused to display '…' in a frame because an ancestor violates …" as the
//!   WebKit/Blink LayoutTests record it (`security/contentSecurityPolicy/frame-ancestors*`
//!   expectations, stored copies found by search).
//! - `MDN-SOP`: MDN's "Permission denied to access property" page (mdn/content
//!   `files/en-us/web/javascript/reference/errors/property_access_denied/index.md`), which
//!   lists each engine's message ("Blocked a frame with origin \"x\" from accessing a
//!   cross-origin frame." Chromium and Safari, "Permission denied to access property \"x\" on
//!   cross-origin object" Firefox), and WebKit's older "… from accessing a frame with origin
//!   \"y\". Protocols, domains, and ports must match." as WebKit's LayoutTests record it.
//! - `FF-DOM`: mozilla/gecko-dev@04e4924d `dom/locales/en-US/chrome/dom/dom.properties`
//!   (`TargetPrincipalDoesNotMatch`, Chromium prints the same sentence; `ForbiddenHeaderWarning`).
//! - `FF-NECKO`: mozilla/gecko-dev@2979eeb8 `netwerk/locales/en-US/necko.properties`
//!   (`UnsafeUriBlocked`, `TrackerUriBlocked`, `CORPBlocked`, `ResourceBlockedORB`, the
//!   `Cookie*` storage blocks).
//! - `FF-SEC`: mozilla/gecko-dev@5f378c92 `dom/locales/en-US/chrome/security/security.properties`
//!   (`XFrameOptionsDeny`, `MimeTypeMismatch2`, `BlockScriptWithWrongMimeType2`,
//!   `BlockModuleWithWrongMimeType`); `FF-SEC-PT-BR` mozilla-l10n/firefox-l10n@041b3564
//!   `pt-BR/dom/chrome/security/security.properties`, `FF-SEC-ZH-CN` @00b2f0d1
//!   `zh-CN/…/security.properties`, `FF-SEC-DE` @007cca4c, `FF-SEC-FR` @015b8546, `FF-SEC-ES`
//!   @1cc6d82f (es-ES), `FF-SEC-RU` @08b37a64 (the same file in each language), `FF-CSP-DE`
//!   @1158c549 `de/dom/chrome/security/csp.properties`.
//! - `C-COOP`: Blink `core/frame/dom_window.cc`, the Cross-Origin-Opener-Policy access reports
//!   ("Cross-Origin-Opener-Policy policy would block the window.{closed|postMessage|…} call.").
//! - `C-LOCAL`: WebKit/Blink `FrameLoader::reportLocalLoadFailed` ("Not allowed to load local
//!   resource: …").
//! - `C-MIME`: Blink's strict MIME checks: the module script fetcher ("Failed to load module
//!   script: Expected a JavaScript module script but the server responded with a MIME type of
//!   \"…\". …", before 2021 "… The server responded with a non-JavaScript MIME type of \"…\"."),
//!   `CSSStyleSheetResource` ("Refused to apply style from '…' because its MIME type ('…') is
//!   not a supported stylesheet MIME type, and strict MIME checking is enabled."),
//!   `ScriptResource` ("Refused to execute script from '…' because its MIME type ('…') is not
//!   executable, and strict MIME type checking is enabled.").
//! - `C-CANVAS`: Chromium's LayoutTests expectations `http/tests/security/canvas-remote-read-*`
//!   (stored copies found by search: "Failed to execute 'getImageData' on
//!   'CanvasRenderingContext2D': The canvas has been tainted by cross-origin data.", "Failed to
//!   execute 'toDataURL' on 'HTMLCanvasElement': Tainted canvases may not be exported."), WebKit
//!   `CanvasRenderingContext2DBase.cpp` (stored copy 199581160: "Unable to get image data from
//!   canvas because the canvas has been tainted by cross-origin data."), Blink's WebGL "The
//!   cross-origin image at … may not be loaded." (as PhotoEditor SDK's documentation quotes it).
//! - `C-STORAGE`: Blink's `DOMWindowStorage` ("Failed to read the 'localStorage' property from
//!   'Window': Access is denied for this document.", when the browser blocks storage).
//! - `JS-ERRORS`: MDN's JavaScript error reference (mdn/content
//!   `files/en-us/web/javascript/reference/errors/{not_defined,json_bad_parse}/index.md`): V8 and
//!   SpiderMonkey "x is not defined", JavaScriptCore "Can't find variable: x"; "Unexpected end of
//!   JSON input" (V8, `JsonParseUnexpectedEOS`; V8 said "Unexpected end of input" before 2016),
//!   "JSON.parse: unexpected end of data at line 1 column 1 of the JSON data" (Firefox), "JSON
//!   Parse error: Unexpected EOF" (Safari).
//! - `APPLE`: Safari's network failures after `Failed to load resource:` are Apple's
//!   `NSURLError` descriptions (`NSURLErrorCannotFindHost`, `…CannotConnectToHost`,
//!   `…NetworkConnectionLost`, `…TimedOut`, `…NotConnectedToInternet`,
//!   `…SecureConnectionFailed`), and its error pages say "Safari can’t open the page …". Apple's
//!   strings are not open source: these are as Safari prints them (Apple's URLError
//!   documentation names each code).
//! - `FF-PASTED`: a Firefox translation the index's locale file predates, as developers pasted
//!   it (stored copies named at the entry).
//!
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
    /// A sentence read on its own, with no lead around it: the look-alikes' console lines
    /// and the page's own exceptions. `browser` is who prints it (`None`: more than one
    /// engine), `locale` the language of a localized Firefox message.
    Plain {
        browser: Option<crate::Browser>,
        locale: Option<&'static str>,
    },
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

use crate::Browser;

/// A sentence any engine prints (the page's exceptions, WebKit's and Blink's shared ones).
const ANY: Family = Family::Plain {
    browser: None,
    locale: None,
};
const CHROME: Family = Family::Plain {
    browser: Some(Browser::Chrome),
    locale: None,
};
const SAFARI: Family = Family::Plain {
    browser: Some(Browser::Safari),
    locale: None,
};
/// Firefox's engine messages (JavaScript errors), which are not localized.
const FIREFOX: Family = Family::Plain {
    browser: Some(Browser::Firefox),
    locale: None,
};
const fn firefox_in(locale: &'static str) -> Family {
    Family::Plain {
        browser: Some(Browser::Firefox),
        locale: Some(locale),
    }
}

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
    // DevTools' Issues panel: the CORP title and the Private Network Access issue.
    w(
        "devtools/issue-corp-required",
        DevTools,
        Other(Kind::BlockedByResponse),
        false,
        "Specify a Cross-Origin Resource Policy to prevent a resource from being blocked",
        "DEVTOOLS-ISSUES (CoepCorpNotSameOriginAfterDefaultedToSameOriginByCoep.md)",
    ),
    w(
        "devtools/issue-pna-preflight",
        DevTools,
        Other(Kind::PreflightMissingAllowPrivateNetwork),
        true,
        "Ensure private network requests are only made to resources that allow them",
        "DEVTOOLS-ISSUES (corsPreflightAllowPrivateNetworkError.md)",
    ),
    w(
        "devtools/issue-pna-preflight-fix",
        DevTools,
        Other(Kind::PreflightMissingAllowPrivateNetwork),
        true,
        "ensure that response to the preflight request for the private network resource has the Access-Control-Allow-Private-Network header set to true",
        "DEVTOOLS-ISSUES (corsPreflightAllowPrivateNetworkError.md, as the panel renders it)",
    ),
    // Older Chrome's same-origin mode sentence without its "Fetch API cannot load X." lead
    // (Blink `FetchManager.cpp`, 2016, read with its lead by the exact parser).
    w(
        "chrome-2016/same-origin-mode",
        Chrome,
        Cors(E::DisallowedByMode),
        true,
        "Request mode is \"same-origin\" but the URL's origin is not same as the request origin",
        "C-2016",
    ),
    // The look-alikes: not CORS at all, but pasted as if they were.
    w(
        "chrome/x-frame-options",
        ANY,
        Other(Kind::FrameRefused),
        false,
        "Refused to display '{url}' in a frame because it set 'X-Frame-Options' to '{p}'.",
        "C-FRAME",
    ),
    w(
        "chrome/frame-ancestors",
        CHROME,
        Other(Kind::FrameRefused),
        false,
        "Refused to frame '{url}' because an ancestor violates the following Content Security Policy directive: \"{p}\".",
        "C-FRAME",
    ),
    w(
        "chrome-2016/frame-ancestors",
        ANY,
        Other(Kind::FrameRefused),
        true,
        "Refused to display '{url}' in a frame because an ancestor violates the following Content Security Policy directive: \"{p}\".",
        "C-FRAME",
    ),
    w(
        "firefox/en-US/XFrameOptionsDeny",
        firefox_in("en-US"),
        Other(Kind::FrameRefused),
        false,
        "The loading of \u{201c}{url}\u{201d} in a frame is denied by \u{201c}X-Frame-Options\u{201c} directive set to \u{201c}{p}\u{201c}.",
        "FF-SEC",
    ),
    w(
        "firefox/pt-BR/XFrameOptionsDeny",
        firefox_in("pt-BR"),
        Other(Kind::FrameRefused),
        false,
        "O carregamento de \u{201c}{url}\u{201d} em um frame é negado pela diretiva \u{201c}X-Frame-Options\u{201c} definida como \u{201c}{p}\u{201c}.",
        "FF-SEC-PT-BR",
    ),
    w(
        "page/cross-origin-frame",
        ANY,
        Other(Kind::CrossFrameAccess),
        false,
        "Blocked a frame with origin \"{origin}\" from accessing a cross-origin frame.",
        "MDN-SOP",
    ),
    w(
        "webkit/cross-origin-frame",
        ANY,
        Other(Kind::CrossFrameAccess),
        true,
        "Blocked a frame with origin \"{origin}\" from accessing a frame with origin \"{p}\".",
        "MDN-SOP",
    ),
    w(
        "firefox/cross-origin-object",
        FIREFOX,
        Other(Kind::CrossFrameAccess),
        false,
        "Permission denied to access property \"{p}\" on cross-origin object",
        "MDN-SOP",
    ),
    w(
        "page/postmessage-target-origin",
        ANY,
        Other(Kind::PostMessageOrigin),
        false,
        "Failed to execute 'postMessage' on 'DOMWindow': The target origin provided ('{p}') does not match the recipient window's origin ('{origin}').",
        "FF-DOM",
    ),
    w(
        "chrome/coop-blocked",
        CHROME,
        Other(Kind::OpenerPolicy),
        false,
        "Cross-Origin-Opener-Policy policy would block the window.{p} call.",
        "C-COOP",
    ),
    w(
        "page/local-resource",
        ANY,
        Other(Kind::LocalResource),
        false,
        "Not allowed to load local resource: {url}",
        "C-LOCAL",
    ),
    w(
        "chrome/module-mime",
        CHROME,
        Other(Kind::MimeType),
        false,
        "Failed to load module script: Expected a JavaScript module script but the server responded with a MIME type of \"{p}\". Strict MIME type checking is enforced for module scripts per HTML spec.",
        "C-MIME",
    ),
    w(
        "chrome-2019/module-mime",
        CHROME,
        Other(Kind::MimeType),
        true,
        "Failed to load module script: The server responded with a non-JavaScript MIME type of \"{p}\". Strict MIME type checking is enforced for module scripts per HTML spec.",
        "C-MIME",
    ),
    w(
        "chrome/stylesheet-mime",
        CHROME,
        Other(Kind::MimeType),
        false,
        "Refused to apply style from '{url}' because its MIME type ('{p}') is not a supported stylesheet MIME type, and strict MIME checking is enabled.",
        "C-MIME",
    ),
    w(
        "chrome/script-mime",
        CHROME,
        Other(Kind::MimeType),
        false,
        "Refused to execute script from '{url}' because its MIME type ('{p}') is not executable, and strict MIME type checking is enabled.",
        "C-MIME",
    ),
    w(
        "firefox/en-US/MimeTypeMismatch2",
        firefox_in("en-US"),
        Other(Kind::MimeType),
        false,
        "The resource from \u{201c}{url}\u{201d} was blocked due to MIME type (\u{201c}{p}\u{201d}) mismatch (X-Content-Type-Options: nosniff).",
        "FF-SEC",
    ),
    w(
        "firefox/en-US/BlockScriptWithWrongMimeType2",
        firefox_in("en-US"),
        Other(Kind::MimeType),
        false,
        "Script from \u{201c}{url}\u{201d} was blocked because of a disallowed MIME type (\u{201c}{p}\u{201d}).",
        "FF-SEC",
    ),
    w(
        "firefox/en-US/BlockModuleWithWrongMimeType",
        firefox_in("en-US"),
        Other(Kind::MimeType),
        false,
        "Loading module from \u{201c}{url}\u{201d} was blocked because of a disallowed MIME type (\u{201c}{p}\u{201d}).",
        "FF-SEC",
    ),
    w(
        "firefox/pt-BR/MimeTypeMismatch2",
        firefox_in("pt-BR"),
        Other(Kind::MimeType),
        false,
        "O recurso de \u{201c}{url}\u{201d} foi bloqueado devido ao tipo MIME (\u{201c}{p}\u{201d}) não corresponder (X-Content-Type-Options: nosniff).",
        "FF-SEC-PT-BR",
    ),
    w(
        "firefox/pt-BR/BlockModuleWithWrongMimeType",
        firefox_in("pt-BR"),
        Other(Kind::MimeType),
        false,
        "O carregamento de um módulo de \u{201c}{url}\u{201d} foi bloqueado devido a um tipo MIME não permitido (\u{201c}{p}\u{201d}).",
        "FF-SEC-PT-BR",
    ),
    w(
        "firefox/zh-CN/MimeTypeMismatch",
        firefox_in("zh-CN"),
        Other(Kind::MimeType),
        true,
        "来自\u{201c}{url}\u{201d}的资源已被阻止，因为 MIME 类型不匹配（X-Content-Type-Options: nosniff）。",
        "FF-SEC-ZH-CN",
    ),
    w(
        "firefox/pt-BR/BlockMixedActiveContent",
        firefox_in("pt-BR"),
        Other(Kind::MixedContent),
        false,
        "Bloqueado carregamento de conteúdo misto ativo \u{201c}{url}\u{201d}",
        "FF-SEC-PT-BR",
    ),
    w(
        "firefox/zh-CN/BlockMixedActiveContent",
        firefox_in("zh-CN"),
        Other(Kind::MixedContent),
        false,
        "已阻止载入混合活动内容\u{201c}{url}\u{201d}",
        "FF-SEC-ZH-CN",
    ),
    w(
        "firefox/de/BlockMixedActiveContent",
        firefox_in("de"),
        Other(Kind::MixedContent),
        false,
        "Laden von gemischten aktiven Inhalten \"{url}\" wurde blockiert.",
        "FF-SEC-DE",
    ),
    w(
        "firefox/de/MimeTypeMismatch2",
        firefox_in("de"),
        Other(Kind::MimeType),
        false,
        "Die Ressource von \"{url}\" wurde wegen eines MIME-Typ-Konfliktes (\"{p}\") blockiert (X-Content-Type-Options: nosniff).",
        "FF-SEC-DE",
    ),
    w(
        "firefox/de/BlockScriptWithWrongMimeType2",
        firefox_in("de"),
        Other(Kind::MimeType),
        false,
        "Skript von \"{url}\" wurde wegen eines unerlaubten MIME-Typs (\"{p}\") blockiert.",
        "FF-SEC-DE",
    ),
    w(
        "firefox/de/BlockModuleWithWrongMimeType",
        firefox_in("de"),
        Other(Kind::MimeType),
        false,
        "Laden des Moduls von \"{url}\" wurde auf Grund eines nicht freigegebenen MIME-Typs (\"{p}\") blockiert.",
        "FF-SEC-DE",
    ),
    w(
        "firefox/de/XFrameOptionsDeny",
        firefox_in("de"),
        Other(Kind::FrameRefused),
        false,
        "Die \"X-Frame-Options\"-Direktive \"{p}\" verbietet das Laden von \"{url}\" in einem Frame.",
        "FF-SEC-DE",
    ),
    w(
        "firefox/fr/BlockMixedActiveContent",
        firefox_in("fr"),
        Other(Kind::MixedContent),
        false,
        "Blocage du chargement du contenu mixte actif (mixed active content) \u{ab} {url} \u{bb}",
        "FF-SEC-FR",
    ),
    w(
        "firefox/fr/MimeTypeMismatch2",
        firefox_in("fr"),
        Other(Kind::MimeType),
        false,
        "La ressource à l\u{2019}adresse \u{ab} {url} \u{bb} a été bloquée en raison d\u{2019}un type MIME (\u{ab} {p} \u{bb}) incorrect (X-Content-Type-Options: nosniff).",
        "FF-SEC-FR",
    ),
    w(
        "firefox/fr/BlockScriptWithWrongMimeType2",
        firefox_in("fr"),
        Other(Kind::MimeType),
        false,
        "Le script à l\u{2019}adresse \u{ab} {url} \u{bb} a été bloqué à cause d\u{2019}un type MIME interdit (\u{ab} {p} \u{bb}).",
        "FF-SEC-FR",
    ),
    w(
        "firefox/fr/BlockModuleWithWrongMimeType",
        firefox_in("fr"),
        Other(Kind::MimeType),
        false,
        "Le chargement du module à l\u{2019}adresse \u{ab} {url} \u{bb} a été bloqué en raison d\u{2019}un type MIME interdit (\u{ab} {p} \u{bb}).",
        "FF-SEC-FR",
    ),
    w(
        "firefox/es-ES/BlockMixedActiveContent",
        firefox_in("es-ES"),
        Other(Kind::MixedContent),
        false,
        "Se ha bloqueado la carga del contenido activo mixto \"{url}\"",
        "FF-SEC-ES",
    ),
    w(
        "firefox/es-ES/MimeTypeMismatch2",
        firefox_in("es-ES"),
        Other(Kind::MimeType),
        false,
        "El recurso de \u{201c}{url}\u{201d} fue bloqueado debido a una discordancia del tipo MIME (\u{201c}{p}\u{201d}) (X-Content-Type-Options: nosniff).",
        "FF-SEC-ES",
    ),
    w(
        "firefox/es-ES/BlockScriptWithWrongMimeType2",
        firefox_in("es-ES"),
        Other(Kind::MimeType),
        false,
        "El script de \u{201c}{url}\u{201d} fue bloqueado debido a un tipo MIME no permitido (\u{201c}{p}\u{201d}).",
        "FF-SEC-ES",
    ),
    w(
        "firefox/es-ES/BlockModuleWithWrongMimeType",
        firefox_in("es-ES"),
        Other(Kind::MimeType),
        false,
        "Se bloqueó la carga de un módulo de \u{201c}{url}\u{201d} debido a un tipo MIME no permitido (\u{201c}{p}\u{201d}).",
        "FF-SEC-ES",
    ),
    w(
        "firefox/es-ES/XFrameOptionsDeny",
        firefox_in("es-ES"),
        Other(Kind::FrameRefused),
        false,
        "La carga de \u{201c}{url}\u{201d} en un marco ha sido denegada por la directiva \u{201c}X-Frame-Options\u{201c} establecida en \u{201c}{p}\u{201c}.",
        "FF-SEC-ES",
    ),
    w(
        "firefox/ru/BlockMixedActiveContent",
        firefox_in("ru"),
        Other(Kind::MixedContent),
        false,
        "Заблокирована загрузка смешанного активного содержимого \u{ab}{url}\u{bb}",
        "FF-SEC-RU",
    ),
    w(
        "firefox/ru/MimeTypeMismatch2",
        firefox_in("ru"),
        Other(Kind::MimeType),
        false,
        "Ресурс с \u{ab}{url}\u{bb} был заблокирован из-за несоответствия MIME-типа (\u{ab}{p}\u{bb}) (X-Content-Type-Options: nosniff).",
        "FF-SEC-RU",
    ),
    w(
        "firefox/ru/BlockScriptWithWrongMimeType2",
        firefox_in("ru"),
        Other(Kind::MimeType),
        false,
        "Сценарий с \u{ab}{url}\u{bb} был заблокирован из-за неразрешенного MIME-типа (\u{ab}{p}\u{bb}).",
        "FF-SEC-RU",
    ),
    w(
        "firefox/ru/BlockModuleWithWrongMimeType",
        firefox_in("ru"),
        Other(Kind::MimeType),
        false,
        "Загрузка модуля по адресу \u{ab}{url}\u{bb} была заблокирована из-за неразрешенного MIME-типа (\u{ab}{p}\u{bb}).",
        "FF-SEC-RU",
    ),
    w(
        "firefox/ru/XFrameOptionsDeny",
        firefox_in("ru"),
        Other(Kind::FrameRefused),
        false,
        "Загрузка \u{ab}{url}\u{bb} во фрейме запрещена директивой \u{ab}X-Frame-Options\u{bb}, установленной в \u{ab}{p}\u{bb}.",
        "FF-SEC-RU",
    ),
    w(
        "firefox/de/CSPViolationWithURI",
        firefox_in("de"),
        Other(Kind::ContentSecurityPolicy),
        false,
        "Die Einstellungen der Seite haben das Laden einer Ressource auf {any} blockiert (\"{p}\").",
        "FF-CSP-DE",
    ),
    w(
        "page/unsafe-header-set",
        ANY,
        Other(Kind::ForbiddenHeader),
        false,
        "Refused to set unsafe header \"{p}\"",
        "C-XHR",
    ),
    w(
        "firefox/en-US/ForbiddenHeaderWarning",
        firefox_in("en-US"),
        Other(Kind::ForbiddenHeader),
        false,
        "Attempt to set a forbidden header was denied: {p}",
        "FF-DOM",
    ),
    w(
        "page/unsafe-header-get",
        ANY,
        Other(Kind::UnexposedHeader),
        false,
        "Refused to get unsafe header \"{p}\"",
        "C-XHR",
    ),
    w(
        "firefox/en-US/UnsafeUriBlocked",
        firefox_in("en-US"),
        Other(Kind::SafeBrowsing),
        false,
        "The resource at \u{201c}{url}\u{201d} was blocked by Safe Browsing.",
        "FF-NECKO",
    ),
    w(
        "firefox/en-US/TrackerUriBlocked",
        firefox_in("en-US"),
        Other(Kind::BlockedByClient),
        false,
        "The resource at \u{201c}{url}\u{201d} was blocked because content blocking is enabled.",
        "FF-NECKO",
    ),
    w(
        "firefox/en-US/CORPBlocked",
        firefox_in("en-US"),
        Other(Kind::BlockedByResponse),
        false,
        "The resource at \u{201c}{url}\u{201d} was blocked due to its Cross-Origin-Resource-Policy header (or lack thereof).",
        "FF-NECKO",
    ),
    w(
        "firefox/en-US/ResourceBlockedORB",
        firefox_in("en-US"),
        Other(Kind::BlockedByOrb),
        false,
        "The resource at \u{201c}{url}\u{201d} was blocked by OpaqueResponseBlocking. Reason: \u{201c}{p}\u{201d}.",
        "FF-NECKO",
    ),
    w(
        "firefox/en-US/CookieBlockedTracker",
        firefox_in("en-US"),
        Other(Kind::StorageBlocked),
        false,
        "Request to access cookie or storage on \u{201c}{url}\u{201d} was blocked because it came from a tracker and content blocking is enabled.",
        "FF-NECKO",
    ),
    w(
        "firefox/en-US/CookieBlockedAll",
        firefox_in("en-US"),
        Other(Kind::StorageBlocked),
        false,
        "Request to access cookie or storage on \u{201c}{url}\u{201d} was blocked because we are blocking all storage access requests.",
        "FF-NECKO",
    ),
    w(
        "firefox/en-US/CookieBlockedForeign",
        firefox_in("en-US"),
        Other(Kind::StorageBlocked),
        false,
        "Request to access cookie or storage on \u{201c}{url}\u{201d} was blocked because we are blocking all third-party storage access requests and content blocking is enabled.",
        "FF-NECKO",
    ),
    w(
        "firefox/en-US/CookieBlockedByPermission",
        firefox_in("en-US"),
        Other(Kind::StorageBlocked),
        false,
        "Request to access cookies or storage on \u{201c}{url}\u{201d} was blocked because of custom cookie permission.",
        "FF-NECKO",
    ),
    w(
        "firefox/en-US/CookiePartitionedForeign2",
        firefox_in("en-US"),
        Other(Kind::StorageBlocked),
        false,
        "Partitioned cookie or storage access was provided to \u{201c}{url}\u{201d} because it is loaded in the third-party context and dynamic state partitioning is enabled.",
        "FF-NECKO",
    ),
    w(
        "chrome/storage-denied",
        CHROME,
        Other(Kind::StorageBlocked),
        false,
        "Failed to read the '{p}' property from 'Window': Access is denied for this document.",
        "C-STORAGE",
    ),
    w(
        "chrome/canvas-tainted",
        CHROME,
        Other(Kind::CanvasTainted),
        false,
        "The canvas has been tainted by cross-origin data.",
        "C-CANVAS",
    ),
    w(
        "chrome/canvas-export",
        CHROME,
        Other(Kind::CanvasTainted),
        false,
        "Tainted canvases may not be exported.",
        "C-CANVAS",
    ),
    w(
        "webkit/canvas-tainted",
        ANY,
        Other(Kind::CanvasTainted),
        false,
        "Unable to get image data from canvas because the canvas has been tainted by cross-origin data.",
        "C-CANVAS",
    ),
    w(
        "chrome/webgl-cross-origin-image",
        CHROME,
        Other(Kind::CanvasTainted),
        false,
        "The cross-origin image at {url} may not be loaded.",
        "C-CANVAS",
    ),
    w(
        "safari/fetch-undefined",
        SAFARI,
        Other(Kind::FetchUnsupported),
        true,
        "ReferenceError: Can't find variable: fetch",
        "JS-ERRORS",
    ),
    w(
        "page/fetch-undefined",
        ANY,
        Other(Kind::FetchUnsupported),
        false,
        "ReferenceError: fetch is not defined",
        "JS-ERRORS",
    ),
    w(
        "page/xhr-undefined",
        ANY,
        Other(Kind::FetchUnsupported),
        false,
        "ReferenceError: XMLHttpRequest is not defined",
        "JS-ERRORS",
    ),
    w(
        "chrome/json-empty",
        CHROME,
        Other(Kind::EmptyBody),
        false,
        "Unexpected end of JSON input",
        "JS-ERRORS",
    ),
    w(
        "chrome-2016/json-empty",
        CHROME,
        Other(Kind::EmptyBody),
        true,
        "SyntaxError: Unexpected end of input",
        "JS-ERRORS",
    ),
    w(
        "firefox/json-empty",
        FIREFOX,
        Other(Kind::EmptyBody),
        false,
        "JSON.parse: unexpected end of data at line 1 column 1 of the JSON data",
        "JS-ERRORS",
    ),
    w(
        "safari/json-empty",
        SAFARI,
        Other(Kind::EmptyBody),
        false,
        "JSON Parse error: Unexpected EOF",
        "JS-ERRORS",
    ),
    w(
        "safari/cannot-find-host",
        SAFARI,
        Other(Kind::NameNotResolved),
        false,
        "Failed to load resource: A server with the specified hostname could not be found.",
        "APPLE",
    ),
    w(
        "safari/cannot-connect",
        SAFARI,
        Other(Kind::ConnectionRefused),
        false,
        "Failed to load resource: Could not connect to the server.",
        "APPLE",
    ),
    w(
        "safari/connection-lost",
        SAFARI,
        Other(Kind::NetworkError),
        false,
        "Failed to load resource: The network connection was lost.",
        "APPLE",
    ),
    w(
        "safari/timed-out",
        SAFARI,
        Other(Kind::NetworkError),
        false,
        "Failed to load resource: The request timed out.",
        "APPLE",
    ),
    w(
        "safari/offline",
        SAFARI,
        Other(Kind::NetworkError),
        false,
        "Failed to load resource: The Internet connection appears to be offline.",
        "APPLE",
    ),
    w(
        "safari/ssl-failed",
        SAFARI,
        Other(Kind::CertificateError),
        false,
        "Failed to load resource: An SSL error has occurred and a secure connection to the server cannot be made.",
        "APPLE",
    ),
    w(
        "safari/page-dropped",
        SAFARI,
        Other(Kind::NetworkError),
        false,
        "Safari can\u{2019}t open the page \u{201c}{p}\u{201d} because the server unexpectedly dropped the connection.",
        "APPLE",
    ),
    w(
        "safari/page-cannot-connect",
        SAFARI,
        Other(Kind::ConnectionRefused),
        false,
        "Safari can\u{2019}t open the page \u{201c}{p}\u{201d} because Safari can\u{2019}t connect to the server \u{201c}{p2}\u{201d}.",
        "APPLE",
    ),
    w(
        "safari/page-cannot-find",
        SAFARI,
        Other(Kind::NameNotResolved),
        false,
        "Safari can\u{2019}t open the page \u{201c}{p}\u{201d} because Safari can\u{2019}t find the server \u{201c}{p2}\u{201d}.",
        "APPLE",
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
    // Players' and libraries' own errors that name CORS as what to check: THEOplayer's
    // "Could not load the manifest file. Make sure the source is set correctly and that CORS
    // support is enabled.", "… enable CORS on the server".
    "corssupport",
    "enablecors",
];
