//! What happened and what the browser's message means, in words: for a pasted text, from what
//! it says; for recorded exchanges, from the model's failed check.

use corsfix_model::error::{CorsError as E, Initiator};
use corsfix_model::exchange::CheckedRequest;
use corsfix_model::parse::{Kind, Reading};
use corsfix_model::simulate::Stage;
use corsfix_model::{Browser, Mode, Simulation};

use super::observe::Obs;
use crate::catalog::{Cause, status_text};

/// The headline of a run: blocked or allowed, and the first cause.
pub(super) fn run_headline(
    causes: &[Cause],
    is_cors: bool,
    allowed: bool,
    request: &CheckedRequest,
) -> String {
    match causes.first() {
        Some(c) if !is_cors || !allowed => format!("Blocked: {}", c.summary),
        Some(c) => format!("Allowed, but: {}", c.summary),
        None if allowed => {
            if request.mode == Mode::NoCors {
                "Allowed (an opaque response)".to_owned()
            } else {
                "Allowed: the page can read the response in Chrome, Firefox and Safari".to_owned()
            }
        }
        None => "Blocked".to_owned(),
    }
}

/// What the failed check (or the network failure) of a run means.
pub(super) fn run_meaning(o: &Obs<'_>, sim: Option<&Simulation>) -> String {
    let run = o.run;
    if run.is_some_and(|r| r.mixed_content.is_some()) {
        return "The browser refuses to load http:// resources from an https:// page before any CORS check happens.".to_owned();
    }
    if let Some(err) = run.and_then(|r| r.network_error.as_ref()) {
        return format!(
            "No HTTP response arrived ({}). Firefox still words this as a CORS error (\"CORS request did not succeed\"), but no CORS header could fix it.",
            err.kind.chrome_code()
        );
    }
    let Some(sim) = sim else {
        return String::new();
    };
    let Some(failure) = &sim.chrome.failure else {
        return String::new();
    };
    sim.chrome
        .steps
        .iter()
        .rev()
        .find(|s| !s.passed)
        .map(|s| {
            let which = match failure.stage {
                Stage::Preflight => "The check Chrome failed, on the preflight response: ",
                Stage::Redirect => "The check Chrome failed, on the redirect response: ",
                Stage::Actual => "The check Chrome failed, on the response: ",
                Stage::Request => "Chrome refused the request itself: ",
                Stage::Connect => "Chrome refused the connection before sending anything: ",
            };
            format!("{which}{}.", s.detail)
        })
        .unwrap_or_default()
}

fn browser_name(b: Option<Browser>) -> &'static str {
    match b {
        Some(Browser::Chrome) => "Chrome",
        Some(Browser::Firefox) => "Firefox",
        Some(Browser::Safari) => "Safari",
        None => "The browser",
    }
}

pub(super) fn headline(r: &Reading) -> String {
    let Some(kind) = r.kind else {
        return "No browser error was recognized in the text".to_owned();
    };
    let b = browser_name(r.browser);
    let what = match r.initiator {
        Some(Initiator::Fetch) => "a fetch()".to_owned(),
        Some(Initiator::XmlHttpRequest) => "an XMLHttpRequest".to_owned(),
        None => match r.resource.as_deref() {
            Some(res) => format!("a {res} request"),
            None => "a request".to_owned(),
        },
    };
    let from = r
        .origin
        .as_deref()
        .map_or_else(String::new, |o| format!(" from {o}"));
    let to = r
        .url
        .as_deref()
        .map_or_else(String::new, |u| format!(" to {u}"));
    let status = r
        .status
        .map_or_else(String::new, |s| format!(" (status {s} {})", status_text(s)));
    let short = short(r, kind);
    if kind.is_cors() {
        format!("{b} blocked {what}{from}{to}: {short}{status}")
    } else if kind == Kind::FetchFailed {
        format!(
            "{b} reports only that {what}{to} failed; the specific reason is on another console line"
        )
    } else {
        format!("Not a CORS-header problem: {short}{to}{status}")
    }
}

fn param(r: &Reading) -> &str {
    r.parameter.as_deref().unwrap_or("?")
}

fn short(r: &Reading, kind: Kind) -> String {
    let stage = if r.preflight == Some(true) {
        " on the preflight"
    } else {
        ""
    };
    match kind {
        Kind::Cors(e) => match e.base() {
            E::MissingAllowOriginHeader => {
                format!("no Access-Control-Allow-Origin header{stage}")
            }
            E::AllowOriginMismatch => format!(
                "Access-Control-Allow-Origin is `{}`, not the page's origin{stage}",
                param(r)
            ),
            E::MultipleAllowOriginValues => {
                format!("Access-Control-Allow-Origin has several values{stage}")
            }
            E::InvalidAllowOriginValue => format!(
                "Access-Control-Allow-Origin holds the invalid value `{}`{stage}",
                param(r)
            ),
            E::WildcardOriginNotAllowed => {
                format!("Access-Control-Allow-Origin `*` with credentials{stage}")
            }
            E::InvalidAllowCredentials => {
                format!("Access-Control-Allow-Credentials is not `true`{stage}")
            }
            E::PreflightInvalidStatus => "the preflight's status is not 2xx".to_owned(),
            E::PreflightDisallowedRedirect => "the preflight was redirected".to_owned(),
            E::MethodDisallowedByPreflightResponse => match r.parameter.as_deref() {
                Some(m) => format!("the method {m} is not allowed by the preflight response"),
                None => "the method is not allowed by the preflight response".to_owned(),
            },
            E::HeaderDisallowedByPreflightResponse => format!(
                "the request header `{}` is not allowed by the preflight response",
                param(r)
            ),
            E::InvalidAllowMethodsPreflightResponse => {
                "Access-Control-Allow-Methods does not parse".to_owned()
            }
            E::InvalidAllowHeadersPreflightResponse => {
                "Access-Control-Allow-Headers does not parse".to_owned()
            }
            E::RedirectContainsCredentials => {
                "a redirect to a URL with user name and password".to_owned()
            }
            E::DisallowedByMode => "a same-origin-mode request went cross-origin".to_owned(),
            E::CorsDisabledScheme => "the URL's scheme does not support CORS".to_owned(),
            E::InvalidResponse => "a service worker returned an opaque response".to_owned(),
            E::InsecureLocalNetwork => format!(
                "Local Network Access: a non-secure page reached the `{}` address space",
                param(r)
            ),
            E::InvalidLocalNetworkAccess => {
                "Local Network Access: the target address space does not match".to_owned()
            }
            E::LocalNetworkAccessPermissionDenied => {
                "Local Network Access permission denied".to_owned()
            }
            _ => e.name().to_owned(),
        },
        Kind::OriginNotAllowed => {
            "the origin is not allowed (Access-Control-Allow-Origin missing or different)"
                .to_owned()
        }
        Kind::AccessControlChecks => "it failed the access control checks".to_owned(),
        Kind::PreflightMissingAllowPrivateNetwork
        | Kind::PreflightInvalidAllowPrivateNetwork
        | Kind::UnexpectedPrivateNetworkAccess
        | Kind::PreflightMissingPrivateNetworkAccessId
        | Kind::PreflightMissingPrivateNetworkAccessName
        | Kind::PrivateNetworkAccessPermissionUnavailable => {
            "Private Network Access (older Chrome) blocked a request to a private address"
                .to_owned()
        }
        Kind::AuthorizationNotCoveredByWildcard => {
            "`Access-Control-Allow-Headers: *` does not cover Authorization".to_owned()
        }
        Kind::CorsDisabled => "CORS is disabled in the browser".to_owned(),
        Kind::MixedContent => "mixed content (an https page requested an http URL)".to_owned(),
        Kind::ContentSecurityPolicy => {
            "the page's Content Security Policy refused the connection".to_owned()
        }
        Kind::BlockedByResponse => {
            "Cross-Origin-Resource-Policy / Embedder-Policy blocked the response".to_owned()
        }
        Kind::BlockedByOrb => "Opaque Response Blocking".to_owned(),
        Kind::ConnectionRefused => "the connection was refused".to_owned(),
        Kind::NameNotResolved => "the host name does not resolve".to_owned(),
        Kind::CertificateError => format!("a TLS certificate error ({})", param(r)),
        Kind::BlockedByClient => "a browser extension blocked the request".to_owned(),
        Kind::NetworkError => "no HTTP response arrived (network error)".to_owned(),
        Kind::TooManyRedirects => "too many redirects".to_owned(),
        Kind::CsrfOriginCheck => "the server's CSRF origin check refused it".to_owned(),
        Kind::WebSocket => "a WebSocket handshake failed".to_owned(),
        Kind::RedirectRefused => "the request's redirect mode refused a redirect".to_owned(),
        Kind::FetchFailed => "the request failed".to_owned(),
        Kind::FrameRefused => "the page refuses to be shown in a frame".to_owned(),
        Kind::CrossFrameAccess => "a script reached into a frame of another origin".to_owned(),
        Kind::PostMessageOrigin => {
            "postMessage's target origin does not match the receiving window".to_owned()
        }
        Kind::OpenerPolicy => {
            "Cross-Origin-Opener-Policy cut the page off from its popup".to_owned()
        }
        Kind::StorageBlocked => {
            "cookies or storage are blocked in a third-party context".to_owned()
        }
        Kind::LocalResource => "a web page may not load file: URLs".to_owned(),
        Kind::MimeType => "a script or stylesheet was refused for its MIME type".to_owned(),
        Kind::ForbiddenHeader => match r.parameter.as_deref() {
            Some(h) => format!("scripts may not set the `{h}` header"),
            None => "the script set a header only the browser may set".to_owned(),
        },
        Kind::SafeBrowsing => "Safe Browsing blocked the resource".to_owned(),
        Kind::HttpError => "the server answered with an HTTP error".to_owned(),
        Kind::FetchUnsupported => "this browser (or runtime) has no fetch()".to_owned(),
        Kind::PermissionDenied => "the browser refused the feature (NotAllowedError)".to_owned(),
        Kind::CrossOriginIsolation => {
            "SharedArrayBuffer is missing: the page is not cross-origin isolated".to_owned()
        }
        Kind::CanvasTainted => {
            "the canvas holds a cross-origin image loaded without CORS".to_owned()
        }
        Kind::UnexposedHeader => match r.parameter.as_deref() {
            Some(h) => format!("the response header `{h}` is not exposed to scripts"),
            None => "a response header is not exposed to scripts".to_owned(),
        },
        Kind::EmptyBody => "the page parsed an empty response body as JSON".to_owned(),
        _ => kind.name().to_owned(),
    }
}

#[allow(clippy::too_many_lines)]
pub(super) fn meaning(r: &Reading) -> String {
    let Some(kind) = r.kind else {
        return "The text holds no console line corsfix knows: paste the whole red error line(s) from the browser console, or probe the endpoint with `corsfix check`.".to_owned();
    };
    let mut m = match kind {
        Kind::Cors(e) => {
            let lna = matches!(
                e,
                E::InsecureLocalNetwork
                    | E::InvalidLocalNetworkAccess
                    | E::LocalNetworkAccessPermissionDenied
            );
            let stage = if lna {
                "The request was never sent: Chrome checks Local Network Access when it connects to the server, before the preflight or the request goes out, so the server saw nothing. "
            } else if e.is_preflight() {
                "The browser first sent an OPTIONS preflight to ask whether the real request is allowed; the preflight's answer failed, so the real request was never sent. "
            } else if r.preflight == Some(false) {
                "The response arrived, but the browser refused to hand it to the page. "
            } else {
                ""
            };
            let specific = match e.base() {
                E::MissingAllowOriginHeader => "The response carried no Access-Control-Allow-Origin header, so the page may not read it. The status of the response does not matter to CORS: an error page without CORS headers gives exactly this message.",
                E::AllowOriginMismatch => "The response's Access-Control-Allow-Origin names another origin than the page's; the browser compares them as exact strings.",
                E::MultipleAllowOriginValues => "Access-Control-Allow-Origin must hold exactly one origin; the response had several values (two header lines, or a list in one).",
                E::InvalidAllowOriginValue => "Access-Control-Allow-Origin holds something that is not an origin.",
                E::WildcardOriginNotAllowed => "The request carries credentials (cookies or HTTP auth), and then the browser refuses `Access-Control-Allow-Origin: *`: it needs the exact origin.",
                E::InvalidAllowCredentials => "The request carries credentials, so the response must also say `Access-Control-Allow-Credentials: true`, exactly.",
                E::PreflightInvalidStatus => "The preflight's status was not 2xx. Browsers never send cookies or Authorization on a preflight, and many servers do not route OPTIONS at all.",
                E::PreflightDisallowedRedirect => "The preflight was answered with a redirect, which browsers never follow for a preflight.",
                E::MethodDisallowedByPreflightResponse => "The preflight's Access-Control-Allow-Methods does not list the request's method (compared case-sensitively).",
                E::HeaderDisallowedByPreflightResponse => "The request sets a header outside the CORS safelist, and the preflight's Access-Control-Allow-Headers does not list it.",
                E::InvalidAllowMethodsPreflightResponse => "The preflight's Access-Control-Allow-Methods is not a comma-separated list of method names.",
                E::InvalidAllowHeadersPreflightResponse => "The preflight's Access-Control-Allow-Headers is not a comma-separated list of header names.",
                E::RedirectContainsCredentials => "A redirect pointed at a URL with a user name and password; browsers refuse to follow that for a CORS request.",
                E::DisallowedByMode => "The request was made in same-origin mode and went (or was redirected) to another origin.",
                E::CorsDisabledScheme => "CORS only exists for http(s); this request's URL uses another scheme (typically file:).",
                E::InvalidResponse => "A service worker answered a CORS request with an opaque (no-cors) response.",
                E::InsecureLocalNetwork => "Chrome's Local Network Access rules refuse a page that is not a secure context (plain http on a public host) when it reaches a more private network (the LAN or this machine). This is not about CORS headers: no server header lifts it.",
                E::InvalidLocalNetworkAccess => "The script declared fetch()'s `targetAddressSpace`, and the server turned out to be in another address space. This is not about CORS headers.",
                E::LocalNetworkAccessPermissionDenied => "A public page needs the user's Local Network Access permission to reach this machine (`loopback`) or the local network (`local`), and Chrome did not have it. This is not about CORS headers; once allowed, they are checked as usual.",
                _ => "The browser's CORS check failed.",
            };
            format!("{stage}{specific}")
        }
        Kind::OriginNotAllowed => "Safari says the same words whether Access-Control-Allow-Origin is missing or names another origin, so the message alone cannot tell which: every candidate is listed below, and a live probe decides.".to_owned(),
        Kind::AccessControlChecks if r.browser == Some(Browser::Safari) => "Safari's summary line says only that CORS failed. The line just above it in the console (\"Origin … is not allowed\", \"Preflight response is not successful\", …) names the reason; paste it too, or probe the endpoint.".to_owned(),
        Kind::AccessControlChecks => "The text says the request failed CORS but not why: the reason is on the console line that names a header or a status (often just above), or in the Network tab. Paste that line too, or probe the endpoint.".to_owned(),
        Kind::PreflightMissingAllowPrivateNetwork
        | Kind::PreflightInvalidAllowPrivateNetwork
        | Kind::UnexpectedPrivateNetworkAccess
        | Kind::PreflightMissingPrivateNetworkAccessId
        | Kind::PreflightMissingPrivateNetworkAccessName
        | Kind::PrivateNetworkAccessPermissionUnavailable => "This wording is from Chrome 94–141 (Private Network Access), which guarded requests from public pages to private or loopback addresses. Chrome 142+ replaced it with Local Network Access and a permission prompt.".to_owned(),
        Kind::AuthorizationNotCoveredByWildcard => "A warning, not yet an error: the request sends Authorization and the server allows headers with `*`, which by the standard does not cover Authorization.".to_owned(),
        Kind::CorsDisabled => "Firefox's content.cors.disable preference blocks every cross-origin request.".to_owned(),
        Kind::MixedContent => "The page is https and the request is http. Browsers block it before sending it: no CORS check ever runs, and no CORS header can fix it.".to_owned(),
        Kind::ContentSecurityPolicy => "The page's own Content Security Policy forbids connecting to that URL. The request was never sent; the API's CORS headers are irrelevant.".to_owned(),
        Kind::BlockedByResponse => "The response was blocked by Cross-Origin-Resource-Policy (or the page's Cross-Origin-Embedder-Policy), a separate mechanism from CORS.".to_owned(),
        Kind::BlockedByOrb => "Chrome's Opaque Response Blocking withheld a no-cors response that looked like data (JSON, HTML). It is not a CORS error.".to_owned(),
        Kind::ConnectionRefused => "No HTTP response arrived at all: the connection was refused. Browsers often show this next to a generic \"Failed to fetch\", which looks like CORS but is not.".to_owned(),
        Kind::NameNotResolved => "No HTTP response arrived at all: DNS could not resolve the host.".to_owned(),
        Kind::CertificateError => "No HTTP response arrived at all: the TLS handshake failed on the certificate.".to_owned(),
        Kind::BlockedByClient => "The browser itself (an extension) cancelled the request before it was sent.".to_owned(),
        Kind::NetworkError => "No HTTP response arrived (Firefox's \"CORS request did not succeed\" means exactly this): the server is down or unreachable, the certificate is not trusted, or the connection was cut. A specific reason line above it, if any, is the real error.".to_owned(),
        Kind::TooManyRedirects => "The request kept being redirected (more than 20 times): a redirect loop, not CORS.".to_owned(),
        Kind::CsrfOriginCheck => "CORS passed, but the server's own CSRF protection rejected the request's Origin.".to_owned(),
        Kind::WebSocket => "WebSockets are not covered by CORS; the server refused the handshake (often an Origin allowlist on the server).".to_owned(),
        Kind::RedirectRefused => "The request was made with redirect: 'error' (or similar) and the server answered with a redirect.".to_owned(),
        Kind::FetchFailed => "This is the page's generic rejection; the browser never tells scripts why. The console has a more specific line above it (a CORS message or a net::ERR_… code): paste that one, or probe the endpoint.".to_owned(),
        Kind::FrameRefused => "The framed page's own server forbids framing (X-Frame-Options or CSP frame-ancestors): an anti-clickjacking rule of the framed site, not CORS.".to_owned(),
        Kind::CrossFrameAccess => "A script tried to read or call into a window or frame of another origin. The same-origin policy for frames forbids that whatever the headers; frames talk with postMessage.".to_owned(),
        Kind::PostMessageOrigin => "postMessage drops a message whose target origin is not the receiving window's origin. Nothing was blocked by CORS.".to_owned(),
        Kind::OpenerPolicy => "Cross-Origin-Opener-Policy put the popup in another browsing context group, so the opener can no longer see it (window.closed, postMessage). Not CORS.".to_owned(),
        Kind::StorageBlocked => "The browser blocked (or partitioned) cookies or storage for a third-party context. Not CORS: no CORS header changes what the browser stores.".to_owned(),
        Kind::LocalResource => "A page served over the web referenced a file: URL, which browsers never load for web pages.".to_owned(),
        Kind::MimeType => "The browser refused to run or apply a resource because of its Content-Type (strict MIME checking). Not CORS: usually the URL returns an HTML page instead of the file.".to_owned(),
        Kind::ForbiddenHeader => "The script tried to set a header that only the browser may set; the browser ignored the value. This does not block the request and is not CORS.".to_owned(),
        Kind::SafeBrowsing => "The browser's Safe Browsing list flags the URL as harmful, so it was not loaded. Not CORS.".to_owned(),
        Kind::HttpError => "The text holds only an HTTP error status: the page got this error response, and no CORS check is reported (a CORS failure prints its own red line naming the header; if one was left out, the error response lacks CORS headers). The status is the problem to look at.".to_owned(),
        Kind::FetchUnsupported => "fetch() does not exist where the code ran: an old browser, or server-side code in Node.js before 18. Not CORS.".to_owned(),
        Kind::PermissionDenied => "The browser refused a powerful feature (clipboard, autoplay, a permission) because no user gesture allowed it or the permission was denied. Not CORS.".to_owned(),
        Kind::CrossOriginIsolation => "SharedArrayBuffer exists only in a cross-origin isolated page, one served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp. This page is not, so the global is missing. No request was refused; not CORS.".to_owned(),
        Kind::CanvasTainted => "A cross-origin image was drawn into the canvas without CORS approval, so reading the canvas back (getImageData, toDataURL, toBlob) is refused. The image has to be requested with CORS (crossOrigin) from a server that sends Access-Control-Allow-Origin.".to_owned(),
        Kind::UnexposedHeader => "The script read a response header that the CORS response does not expose: only the safelisted headers and those named in Access-Control-Expose-Headers are readable.".to_owned(),
        Kind::EmptyBody => "The page parsed an empty body as JSON. A `mode: 'no-cors'` request gives exactly that: an opaque response with no body. An empty error or 204 response does too.".to_owned(),
        _ => String::new(),
    };
    if let Some(first) = &r.redirected_from {
        m.push_str(&format!(
            " The request started at {first} and was redirected; the failing response came from {}.",
            r.url.as_deref().unwrap_or("the redirect target")
        ));
    } else if let Some(loc) = &r.location {
        m.push_str(&format!(" The failing step was a redirect to {loc}."));
    }
    if let Some(s) = r.status
        && !matches!(kind, Kind::Cors(E::PreflightInvalidStatus))
        && s >= 400
    {
        m.push_str(&format!(
            " The {} status was {s} ({}): the server (or a proxy in front of it) failed, and that error is the real problem to look at.",
            if r.preflight == Some(true) { "preflight's" } else { "response's" },
            status_text(s)
        ));
    }
    if r.legacy {
        m.push_str(" (This wording is from an older browser version.)");
    }
    m
}
