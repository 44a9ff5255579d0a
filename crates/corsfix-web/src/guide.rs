//! The guide's page per browser error: what each means, what causes it, how to fix it, and
//! every browser's exact console wording, rendered by the model from an example request.

use corsfix_model::{ALL_CORS_ERRORS, Browser, CorsError, Initiator, MessageContext};
use serde::Serialize;

/// The page origin and URL every example uses.
const EX_ORIGIN: &str = "https://app.example.com";
const EX_URL: &str = "https://api.example.com/v1/items";

/// Hand-written text about one error (shared by an error and its preflight twin).
struct Text {
    title: &'static str,
    summary: &'static str,
    cause: &'static [&'static str],
    fix: &'static [&'static str],
}

fn text(base: CorsError) -> Text {
    match base {
        CorsError::DisallowedByMode => Text {
            title: "Cross origin requests are not allowed by request mode",
            summary: "The request was made with mode 'same-origin' but goes to (or was redirected to) another origin.",
            cause: &[
                "The script asked for `mode: \"same-origin\"`, which forbids cross-origin requests outright, and the URL (or a redirect) leads to another origin.",
                "No server header can allow this: the browser refuses before CORS is even considered.",
            ],
            fix: &[
                "If the cross-origin call is intended, drop `mode: \"same-origin\"` (the default `cors` mode is what you want) and make the server answer with CORS headers.",
                "If it is not intended, find the redirect that sends the request to another origin (often http→https or a trailing-slash redirect) and call the final URL directly.",
            ],
        },
        CorsError::InvalidResponse => Text {
            title: "The response is invalid",
            summary: "A service worker answered a CORS request with an opaque response, which the page may not use.",
            cause: &[
                "A service worker intercepted the request and answered it with an opaque response, usually one it fetched itself with `mode: \"no-cors\"` or took from a cache filled that way.",
            ],
            fix: &[
                "In the service worker, fetch the request as it came (`fetch(event.request)`) instead of re-creating it with `no-cors`.",
                "Clear caches that hold opaque responses, and have the API send CORS headers so the worker can store a readable response.",
            ],
        },
        CorsError::WildcardOriginNotAllowed => Text {
            title: "Wildcard '*' in Access-Control-Allow-Origin with credentials",
            summary: "The server answered Access-Control-Allow-Origin: * to a request that carries cookies or HTTP authentication.",
            cause: &[
                "The request includes credentials (`credentials: \"include\"` in fetch, `withCredentials = true` in XHR or axios), and the response says `Access-Control-Allow-Origin: *`.",
                "`*` means \"anyone, but without credentials\". For a credentialed request the browser requires the exact origin of the page.",
            ],
            fix: &[
                "Have the server send the page's exact origin (e.g. `Access-Control-Allow-Origin: https://app.example.com`) plus `Access-Control-Allow-Credentials: true`.",
                "When several front ends need access, keep a list of allowed origins and echo the request's `Origin` only when it is on the list; add `Vary: Origin`.",
                "Or, if the request does not need cookies, stop sending them: remove `credentials: \"include\"` / `withCredentials`.",
            ],
        },
        CorsError::MissingAllowOriginHeader => Text {
            title: "No 'Access-Control-Allow-Origin' header is present",
            summary: "The response carries no Access-Control-Allow-Origin header, so the page may not read it.",
            cause: &[
                "The server did not add CORS headers to this response. The most common reasons: no CORS middleware at all; the middleware only covers some routes; or the response is an error (404, 500, 502 from a proxy) produced before or outside the middleware.",
                "The request did reach the server: check the status code in the Network tab. A 500 without CORS headers shows up as this error and hides the real one.",
            ],
            fix: &[
                "Enable CORS for this route, listing the page's origin (use the Fix tool above for your framework).",
                "Make sure error responses carry the headers too: register the CORS middleware first, before auth, routing and error handlers.",
                "If a proxy or gateway answers (502, 504, a WAF block page), add the headers there or fix the upstream error.",
            ],
        },
        CorsError::MultipleAllowOriginValues => Text {
            title: "Access-Control-Allow-Origin contains multiple values",
            summary: "The response holds more than one origin in Access-Control-Allow-Origin, but the browser accepts exactly one.",
            cause: &[
                "Either the server lists several origins in one header (`https://a.example, https://b.example`), or two layers each add the header (the app and a proxy, CDN or gateway) and the browser sees both.",
            ],
            fix: &[
                "Send exactly one value: the request's `Origin` when it is on your allow list, with `Vary: Origin`.",
                "If two layers add the header, remove CORS from one of them (keep it in one place: the app, or the proxy).",
            ],
        },
        CorsError::InvalidAllowOriginValue => Text {
            title: "Access-Control-Allow-Origin contains an invalid value",
            summary: "Access-Control-Allow-Origin is neither '*' nor a valid origin such as https://app.example.com.",
            cause: &[
                "The header holds something that is not a serialized origin: a bare host name without a scheme, a pattern such as `*.example.com`, or a stray value from a template.",
            ],
            fix: &[
                "Send the page's origin exactly as the browser writes it in the `Origin` request header: scheme, host and port, no path, no trailing slash.",
                "Patterns belong in the server's matching logic, not in the header: match the request's `Origin` against the pattern and echo it.",
            ],
        },
        CorsError::AllowOriginMismatch => Text {
            title: "Access-Control-Allow-Origin is not equal to the supplied origin",
            summary: "The server allows a different origin than the page's, so the browser blocks the response.",
            cause: &[
                "The server sends a single origin that is not the page's. The comparison is exact: `https` vs `http`, a port, `www.`, `localhost` vs `127.0.0.1` or a trailing slash all make it differ.",
                "It also happens when a cache (a CDN or proxy) stores a response made for another origin because the server did not send `Vary: Origin`.",
            ],
            fix: &[
                "Add the page's exact origin, as shown in the message, to the server's allow list.",
                "When the server echoes one of several origins, send `Vary: Origin` so caches keep one copy per origin.",
            ],
        },
        CorsError::InvalidAllowCredentials => Text {
            title: "Access-Control-Allow-Credentials must be 'true'",
            summary: "A request with credentials got a response without Access-Control-Allow-Credentials: true.",
            cause: &[
                "The request includes cookies or HTTP authentication (`credentials: \"include\"`, `withCredentials = true`), and the response lacks `Access-Control-Allow-Credentials: true` (or has another value such as `True` or `false`).",
            ],
            fix: &[
                "Turn on credentials in the server's CORS configuration so it sends `Access-Control-Allow-Credentials: true` (lower-case `true`, exactly).",
                "Or stop sending credentials from the page if the API does not need them.",
            ],
        },
        CorsError::CorsDisabledScheme => Text {
            title: "Cross origin requests are only supported for some protocol schemes",
            summary: "The request goes to a URL whose scheme (file:, ftp:, a custom scheme) cannot be used with CORS.",
            cause: &[
                "The page asked for a URL such as `file:///…` or a custom scheme. CORS only exists for HTTP(S) and a few browser-internal schemes.",
                "A frequent case: opening `index.html` straight from disk, so relative URLs resolve to `file:` URLs.",
            ],
            fix: &[
                "Serve the page and the data over HTTP, even locally (`npx serve`, `python3 -m http.server`).",
                "Use an absolute `http://` or `https://` URL for the API.",
            ],
        },
        CorsError::PreflightInvalidStatus => Text {
            title: "Response to preflight request does not have HTTP ok status",
            summary: "The server answered the OPTIONS preflight with a status outside 200–299, so the real request was never sent.",
            cause: &[
                "Before a request with a non-simple method or header (PUT, DELETE, `Authorization`, `Content-Type: application/json`) the browser sends an `OPTIONS` preflight. The server must answer it with a 2xx status.",
                "Typical answers that fail: 401/403 because authentication runs before CORS (the preflight never has credentials), 404/405 because no route handles `OPTIONS`, or 500 from a handler that does not expect it.",
            ],
            fix: &[
                "Let the CORS middleware answer preflights itself, before authentication and routing (in most frameworks: register it first).",
                "Exempt `OPTIONS` requests from authentication; a preflight never carries cookies or tokens.",
                "If a proxy or gateway sits in front, let it pass `OPTIONS` through, or answer it there with the same CORS headers.",
            ],
        },
        CorsError::PreflightDisallowedRedirect => Text {
            title: "Redirect is not allowed for a preflight request",
            summary: "The server answered the OPTIONS preflight with a redirect; browsers do not follow redirects for preflights.",
            cause: &[
                "The preflight got a 301/302/307/308. Usual suspects: a trailing-slash redirect (`/items` → `/items/`), http → https, a `www` redirect, or a login redirect because the session is missing.",
            ],
            fix: &[
                "Call the final URL directly (with the trailing slash, https, the right host).",
                "Exempt `OPTIONS` from login redirects; answer preflights before authentication.",
            ],
        },
        CorsError::InvalidAllowMethodsPreflightResponse => Text {
            title: "Cannot parse Access-Control-Allow-Methods",
            summary: "The preflight's Access-Control-Allow-Methods header is not a comma-separated list of methods.",
            cause: &[
                "The header uses spaces or semicolons as separators, or holds characters that are not allowed in a method name (`GET POST`, `GET;POST`, quotes).",
            ],
            fix: &[
                "Send a comma-separated list: `Access-Control-Allow-Methods: GET, POST, PUT, DELETE`.",
            ],
        },
        CorsError::InvalidAllowHeadersPreflightResponse => Text {
            title: "Cannot parse Access-Control-Allow-Headers",
            summary: "The preflight's Access-Control-Allow-Headers header is not a comma-separated list of header names.",
            cause: &[
                "The header uses spaces or semicolons as separators, or holds a character that cannot appear in a header name (`Content-Type; Authorization`, a colon, quotes).",
            ],
            fix: &[
                "Send a comma-separated list of names: `Access-Control-Allow-Headers: Content-Type, Authorization`.",
            ],
        },
        CorsError::MethodDisallowedByPreflightResponse => Text {
            title: "Method is not allowed by Access-Control-Allow-Methods",
            summary: "The preflight response does not list the request's method in Access-Control-Allow-Methods.",
            cause: &[
                "The server's allowed methods do not include this one. Watch the case: methods are compared exactly, and `fetch` only upper-cases the six standard ones, so `method: \"patch\"` sends `patch`, which a server listing `PATCH` does not allow.",
                "`Access-Control-Allow-Methods: *` covers every method only for requests without credentials.",
            ],
            fix: &[
                "Add the method to the server's allowed methods.",
                "Write `PATCH` in upper case in the client.",
                "With credentials, list the methods explicitly instead of `*`.",
            ],
        },
        CorsError::HeaderDisallowedByPreflightResponse => Text {
            title: "Request header field is not allowed by Access-Control-Allow-Headers",
            summary: "The request sets a header the preflight response does not allow in Access-Control-Allow-Headers.",
            cause: &[
                "The script sets a header that is not on the safe list (`Authorization`, `Content-Type: application/json`, any `X-…` header), so the browser asks in the preflight, and the server's `Access-Control-Allow-Headers` does not name it.",
                "`Access-Control-Allow-Headers: *` covers every header only for requests without credentials; with credentials it covers nothing and each name must be listed.",
            ],
            fix: &[
                "Add the header name to the server's allowed headers (names are case-insensitive).",
                "List `Authorization` explicitly even when you use `*`: the standard requires it, and a browser that follows it (Firefox with its pref switched) refuses the request otherwise.",
                "Or stop sending the header if it is not needed (a library default such as `X-Requested-With`, for instance).",
            ],
        },
        CorsError::RedirectContainsCredentials => Text {
            title: "Redirect location contains a username and password",
            summary: "The server redirected a cross-origin request to a URL with user:password@ in it, which browsers refuse to follow.",
            cause: &[
                "A redirect's `Location` header holds a URL with credentials in it (`https://user:pass@host/`).",
            ],
            fix: &[
                "Redirect to a URL without credentials; send authentication in a header instead.",
            ],
        },
        CorsError::InsecureLocalNetwork => Text {
            title: "Request client is not a secure context (local network access)",
            summary: "A page served over plain HTTP from a public address tried to reach this machine or the local network; Chrome refuses before sending anything.",
            cause: &[
                "Chrome's Local Network Access (Chrome 142+) lets a page on the public internet reach this machine (`loopback`) or the local network (`local`) only from a secure context and with the user's permission. A plain-HTTP page is not a secure context, so Chrome cannot even ask: the request is refused before it is sent.",
                "Firefox 153 asks the user even from an HTTP page; Safari has no such check.",
            ],
            fix: &[
                "Serve the calling page over HTTPS; Chrome then asks the user once, and the CORS headers apply after that. An `http://` URL called from an `https:` page is mixed content and blocked before that, unless fetch() declares `targetAddressSpace: \"local\"` (or `\"loopback\"`) or the URL names a private IP address or a `.local` host.",
                "In development, serve both the page and the API from localhost (the same address space needs no permission).",
            ],
        },
        CorsError::InvalidLocalNetworkAccess => Text {
            title: "Target IP address space does not match (local network access)",
            summary: "fetch() declared a `targetAddressSpace` and the server is in another address space; Chrome refuses before sending anything.",
            cause: &[
                "The script called fetch() with `targetAddressSpace: 'local'` or `'loopback'` (needed for an https page to call an http device on the LAN), and the server turned out to be elsewhere. Chrome holds the request and every redirect hop to the declared space; the preflight is not held to it.",
                "Firefox ignores the option.",
            ],
            fix: &[
                "Declare the space the server is in (`loopback` for this machine, `local` for the LAN), or drop the option.",
            ],
        },
        CorsError::LocalNetworkAccessPermissionDenied => Text {
            title: "Permission was denied to access the local network",
            summary: "A public page reached this machine or the local network without the user's Local Network Access permission; the request was never sent.",
            cause: &[
                "Since Chrome 142 a page on the public internet needs the user's permission to reach this machine or the local network (Chrome asks \"… wants to: Access other apps and services on this device\" for `loopback`, \"… Look for and connect to any device on your local network\" for `local`).",
                "Chrome prints this line whenever the permission is required and not given: the user blocked or dismissed the prompt, nobody could answer it (a headless or automated browser), the request came from an iframe whose `allow` attribute does not delegate it, or a policy blocks it.",
                "Once the permission is given, the CORS headers are still checked. Firefox 153 has the same permission (its console shows \"CORS request did not succeed\"); Safari has no such check.",
            ],
            fix: &[
                "Allow the site: in the prompt, or in the site settings (Local network access); on managed Chrome, the LocalNetworkAccessAllowedForUrls policy.",
                "From an iframe, embed it with `allow=\"loopback-network; local-network\"`.",
                "Or avoid the jump: serve the page from the same network as the API, or call the API through your own backend.",
            ],
        },
        // Preflight twins are handled by the caller through `base()`.
        _ => Text {
            title: "CORS error",
            summary: "The browser blocked a cross-origin request.",
            cause: &[],
            fix: &[],
        },
    }
}

/// Where the standard and the browsers differ on this error: what the standard says (with its
/// anchor), and the stored case whose verdicts in each browser the page shows, computed.
fn differences(base: CorsError) -> &'static [(&'static str, &'static str)] {
    match base {
        CorsError::HeaderDisallowedByPreflightResponse => &[(
            "The standard says `Access-Control-Allow-Headers: *` never covers `Authorization` ([Fetch: CORS non-wildcard request-header name](https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name)). The browsers do not enforce that yet: Chromium's `CorsNonWildcardRequestHeadersSupport` feature, which would, is off ([services/network/cors/preflight_result.cc](https://source.chromium.org/chromium/chromium/src/+/main:services/network/cors/preflight_result.cc)); Firefox lets `*` cover it and prints a deprecation warning while its pref `network.cors_preflight.authorization_covered_by_wildcard` is on, the default ([nsCORSListenerProxy.cpp](https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsCORSListenerProxy.cpp)); WebKit lets `*` cover every header ([CrossOriginPreflightResultCache.cpp](https://github.com/WebKit/WebKit/blob/main/Source/WebCore/loader/CrossOriginPreflightResultCache.cpp)). What each does with such a request:",
            "wildcard-allow-headers-authorization",
        )],
        _ => &[],
    }
}

/// A cause Explain ranks for the page's Chrome line (from the diagnosis crate's catalog).
#[derive(Debug, Clone, Serialize)]
pub struct RankedCause {
    /// The cause's code (`auth-before-cors`).
    pub code: String,
    /// Its one-line summary.
    pub summary: String,
    /// `likely` or `possible`.
    pub likelihood: corsfix_diagnose::Likelihood,
}

/// What Explain says for `line`: its causes in rank order, and the link that opens Explain on
/// it (where the fix for the visitor's framework is one pick away).
fn ranked_causes(line: &str) -> (Vec<RankedCause>, Option<String>) {
    let Ok(reading) = corsfix_model::parse::parse(line) else {
        return (Vec::new(), None);
    };
    let evidence = corsfix_diagnose::Evidence::Text(&reading);
    let diagnosis = corsfix_diagnose::diagnose(&evidence);
    let report = corsfix_diagnose::report(&evidence, &diagnosis);
    let causes = report
        .cause
        .iter()
        .chain(&report.candidates)
        .filter(|c| c.is_cors || report.cause.is_none())
        .take(5)
        .map(|c| RankedCause {
            code: c.code.clone(),
            summary: c.summary.clone(),
            likelihood: c.likelihood,
        })
        .collect();
    let link = url::form_urlencoded::Serializer::for_suffix(String::from("/?"), 2)
        .append_pair("mode", "explain")
        .append_pair("error", line)
        .finish();
    (causes, Some(link))
}

/// A citation: what it is and where.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// `Fetch: CORS check`, `Chromium: cors.cc`.
    pub label: &'static str,
    /// The anchor or source file.
    pub url: &'static str,
}

const CHROMIUM_MESSAGES: Source = Source {
    label: "Chromium: cors_error_string.cc (the console text)",
    url: "https://source.chromium.org/chromium/chromium/src/+/main:third_party/blink/renderer/platform/loader/cors/cors_error_string.cc",
};
const FIREFOX_MESSAGES: Source = Source {
    label: "Firefox: security.properties (the console text)",
    url: "https://searchfox.org/mozilla-central/source/dom/locales/en-US/chrome/security/security.properties",
};
const FIREFOX_CHECKS: Source = Source {
    label: "Firefox: nsCORSListenerProxy.cpp",
    url: "https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsCORSListenerProxy.cpp",
};
const WEBKIT_CHECKS: Source = Source {
    label: "WebKit: CrossOriginAccessControl.cpp",
    url: "https://github.com/WebKit/WebKit/blob/main/Source/WebCore/loader/CrossOriginAccessControl.cpp",
};

/// Where each rule on an error's page comes from: the standard's anchor, then the browsers'
/// source files that implement it and print its message.
fn sources(base: CorsError) -> Vec<Source> {
    let fetch = |label, url| Source { label, url };
    let chromium = |label, url| Source { label, url };
    let mut out = match base {
        CorsError::DisallowedByMode | CorsError::InvalidResponse => vec![
            fetch(
                "Fetch: main fetch",
                "https://fetch.spec.whatwg.org/#main-fetch",
            ),
            chromium(
                "Chromium: cors_url_loader.cc",
                "https://source.chromium.org/chromium/chromium/src/+/main:services/network/cors/cors_url_loader.cc",
            ),
        ],
        CorsError::CorsDisabledScheme => vec![
            fetch(
                "Fetch: scheme fetch",
                "https://fetch.spec.whatwg.org/#scheme-fetch",
            ),
            chromium(
                "Chromium: cors_url_loader.cc",
                "https://source.chromium.org/chromium/chromium/src/+/main:services/network/cors/cors_url_loader.cc",
            ),
        ],
        CorsError::RedirectContainsCredentials => vec![
            fetch(
                "Fetch: HTTP-redirect fetch",
                "https://fetch.spec.whatwg.org/#http-redirect-fetch",
            ),
            chromium(
                "Chromium: cors_url_loader.cc",
                "https://source.chromium.org/chromium/chromium/src/+/main:services/network/cors/cors_url_loader.cc",
            ),
        ],
        CorsError::PreflightInvalidStatus
        | CorsError::PreflightDisallowedRedirect
        | CorsError::InvalidAllowMethodsPreflightResponse
        | CorsError::InvalidAllowHeadersPreflightResponse
        | CorsError::MethodDisallowedByPreflightResponse
        | CorsError::HeaderDisallowedByPreflightResponse => vec![
            fetch(
                "Fetch: CORS-preflight fetch",
                "https://fetch.spec.whatwg.org/#cors-preflight-fetch",
            ),
            chromium(
                "Chromium: preflight_controller.cc",
                "https://source.chromium.org/chromium/chromium/src/+/main:services/network/cors/preflight_controller.cc",
            ),
            chromium(
                "Chromium: preflight_result.cc",
                "https://source.chromium.org/chromium/chromium/src/+/main:services/network/cors/preflight_result.cc",
            ),
            Source {
                label: "WebKit: CrossOriginPreflightResultCache.cpp",
                url: "https://github.com/WebKit/WebKit/blob/main/Source/WebCore/loader/CrossOriginPreflightResultCache.cpp",
            },
        ],
        CorsError::InsecureLocalNetwork
        | CorsError::InvalidLocalNetworkAccess
        | CorsError::LocalNetworkAccessPermissionDenied => vec![
            fetch(
                "Local Network Access (draft): fetch integration",
                "https://wicg.github.io/local-network-access/#integration-fetch",
            ),
            chromium(
                "Chromium: local_network_access_checker.cc",
                "https://source.chromium.org/chromium/chromium/src/+/main:services/network/local_network_access_checker.cc",
            ),
            Source {
                label: "Chrome: New permission prompt for Local Network Access",
                url: "https://developer.chrome.com/blog/local-network-access",
            },
        ],
        _ => vec![
            fetch(
                "Fetch: CORS check",
                "https://fetch.spec.whatwg.org/#cors-check",
            ),
            fetch(
                "Fetch: CORS protocol and credentials",
                "https://fetch.spec.whatwg.org/#cors-protocol-and-credentials",
            ),
            chromium(
                "Chromium: cors.cc (CheckAccess)",
                "https://source.chromium.org/chromium/chromium/src/+/main:services/network/public/cpp/cors/cors.cc",
            ),
        ],
    };
    out.extend([
        CHROMIUM_MESSAGES,
        FIREFOX_CHECKS,
        FIREFOX_MESSAGES,
        WEBKIT_CHECKS,
    ]);
    out
}

/// The parameter Chromium prints for errors rendered without a case.
fn direct_parameter(error: CorsError) -> &'static str {
    match error {
        CorsError::InsecureLocalNetwork | CorsError::LocalNetworkAccessPermissionDenied => "local",
        CorsError::InvalidLocalNetworkAccess => "local|public",
        _ => "",
    }
}

/// One browser's wording of an error.
#[derive(Debug, Clone, Serialize)]
pub struct Wording {
    /// `chrome`, `firefox` or `safari`.
    pub browser: &'static str,
    /// The browser's display name (`Chrome / Edge`).
    pub label: &'static str,
    /// Every line it prints (empty: this browser has no such error).
    pub lines: Vec<String>,
    /// Why there are no lines, when there are none.
    pub note: Option<String>,
}

/// A point where the standard and the browsers differ.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    /// What the standard says, with its anchor (Markdown links, `code`).
    pub spec: String,
    /// The stored case the browsers' verdicts come from.
    pub case: String,
    /// The verdicts, as HTML (computed by the model when the page is built).
    pub html: String,
}

/// A guide page about one error.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorDoc {
    /// The page's address under `/errors/` (`preflight-invalid-status`).
    pub slug: String,
    /// Chromium's `CorsError` name (`PreflightInvalidStatus`).
    pub name: &'static str,
    /// The page title.
    pub title: String,
    /// One paragraph: what the error means.
    pub summary: String,
    /// Whether it is the preflight's form of the error.
    pub preflight: bool,
    /// The same check on the other request (preflight or actual): its slug and title.
    pub twin: Option<(String, String)>,
    /// What causes it.
    pub cause: Vec<String>,
    /// How to fix it.
    pub fix: Vec<String>,
    /// The stored case the messages come from (`guide/cases/<case>.json`).
    pub case: Option<String>,
    /// That case's request, in words.
    pub request: Option<String>,
    /// The example case, as stored (JSON).
    pub example: Option<String>,
    /// Where the standard and the browsers differ, each with the browsers' verdicts computed
    /// from a stored case.
    pub differences: Vec<Difference>,
    /// Where the page's rules come from: the standard's anchors and the browsers' sources.
    pub sources: Vec<Source>,
    /// The causes Explain ranks for the example's Chrome line.
    pub ranked: Vec<RankedCause>,
    /// Explain, opened on that line (the fix for a framework is picked there).
    pub explain_link: Option<String>,
    /// What each browser prints for the example.
    pub wordings: Vec<Wording>,
}

/// `PreflightInvalidStatus` → `preflight-invalid-status`.
pub(crate) fn slug(error: CorsError) -> String {
    let mut out = String::new();
    for (i, c) in error.name().chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The error a slug names.
pub(crate) fn by_slug(s: &str) -> Option<CorsError> {
    ALL_CORS_ERRORS.iter().copied().find(|e| slug(*e) == s)
}

/// The stored case of `error`'s page (`guide/cases/error-<slug>.json`), when the model really
/// gives this error in Chrome for it (otherwise the page renders Chromium's line from its
/// template and says that no case produces it).
fn checked_case(error: CorsError) -> Option<&'static crate::content::StoredCase> {
    crate::content::case(&format!("error-{}", slug(error))).filter(|c| {
        corsfix_model::simulate(&c.case, Browser::Chrome)
            .failure
            .is_some_and(|f| f.kind_name() == error.name())
    })
}

/// The page about `error`.
pub(crate) fn doc(error: CorsError) -> ErrorDoc {
    let base = error.base();
    let t = text(base);
    let preflight = error.is_preflight();
    let twin = if error == base && error.on_preflight() != error {
        Some(error.on_preflight())
    } else if error != base {
        Some(base)
    } else {
        None
    };
    let mut title = t.title.to_owned();
    let mut summary = t.summary.to_owned();
    if error != base {
        title = format!("{title} (preflight)");
        summary = format!("On the preflight: {summary}");
    }
    let mut cause: Vec<String> = t.cause.iter().map(|s| (*s).to_owned()).collect();
    if error != base {
        cause.insert(0, "This is the same check as on a normal response, but it failed on the `OPTIONS` preflight the browser sends before the real request. The real request was never sent.".to_owned());
    }
    let fix = t.fix.iter().map(|s| (*s).to_owned()).collect();
    let case = checked_case(error);
    let wordings = match case {
        Some(stored) => crate::content::example_of(stored)
            .browsers
            .into_iter()
            .map(|b| Wording {
                browser: b.browser,
                label: b.label,
                lines: b.lines,
                note: b.note,
            })
            .collect(),
        None => {
            let ctx = MessageContext {
                initiator: Initiator::Fetch,
                url: EX_URL,
                initial_url: None,
                origin: EX_ORIGIN,
            };
            let none = |b: Browser| Wording {
                browser: b.name(),
                label: b.modelled_version(),
                lines: Vec::new(),
                note: Some(format!(
                    "Not shown: corsfix's browser model has no case that gives this error, so what {} prints for it is not computed here.",
                    b.modelled_version()
                )),
            };
            vec![
                Wording {
                    browser: "chrome",
                    label: Browser::Chrome.modelled_version(),
                    lines: vec![error.chrome_message(direct_parameter(error), &ctx)],
                    note: Some(
                        "Rendered from Chromium's message template (no stored case gives this error in the model).".to_owned(),
                    ),
                },
                none(Browser::Firefox),
                none(Browser::Safari),
            ]
        }
    };
    let (ranked, explain_link) = case
        .and(wordings.first())
        .and_then(|w| w.lines.first())
        .map_or((Vec::new(), None), |l| ranked_causes(l));
    ErrorDoc {
        ranked,
        explain_link,
        slug: slug(error),
        name: error.name(),
        title,
        summary,
        preflight,
        twin: twin.map(|e| (slug(e), text(e.base()).title.to_owned())),
        cause,
        fix,
        case: case.map(|c| c.id.to_owned()),
        request: case.map(|c| crate::content::describe(&c.case)),
        example: case.map(|c| c.json.to_owned()),
        sources: sources(base),
        differences: differences(base)
            .iter()
            .map(|(spec, id)| Difference {
                spec: crate::markdown::inline_html(spec),
                case: (*id).to_owned(),
                html: crate::content::example(id)
                    .and_then(|ex| crate::render::render_string("verdicts.html", ex).ok())
                    .unwrap_or_default(),
            })
            .collect(),
        wordings,
    }
}

/// Every error's page, computed once (each runs its example through the model).
static ALL: std::sync::LazyLock<Vec<ErrorDoc>> =
    std::sync::LazyLock::new(|| ALL_CORS_ERRORS.iter().map(|e| doc(*e)).collect());

/// Every error, for the index.
pub(crate) fn all() -> &'static [ErrorDoc] {
    &ALL
}

/// The page about `error`, from the cache.
pub(crate) fn cached(error: CorsError) -> Option<&'static ErrorDoc> {
    ALL.iter().find(|d| d.name == error.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_kebab_case_and_round_trip() {
        assert_eq!(
            slug(CorsError::PreflightInvalidStatus),
            "preflight-invalid-status"
        );
        for e in ALL_CORS_ERRORS {
            assert_eq!(by_slug(&slug(e)), Some(e));
        }
        assert_eq!(by_slug("no-such-error"), None);
    }

    #[test]
    fn every_stored_error_case_makes_chrome_print_its_own_error() {
        let mut wrong = Vec::new();
        for e in ALL_CORS_ERRORS {
            let id = format!("error-{}", slug(e));
            let Some(stored) = crate::content::case(&id) else {
                continue;
            };
            let v = corsfix_model::simulate(&stored.case, Browser::Chrome);
            let got = v.failure.as_ref().map(corsfix_model::Failure::kind_name);
            if got != Some(e.name()) {
                wrong.push(format!("{id}: the case gives {got:?}"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn only_errors_the_model_cannot_reach_go_without_a_case() {
        // A service worker's opaque answer is outside the model; everything else has a case.
        let without: Vec<_> = ALL_CORS_ERRORS
            .iter()
            .filter(|e| checked_case(**e).is_none())
            .map(|e| e.name())
            .collect();
        assert!(without == ["InvalidResponse"], "{without:?}");
    }

    #[test]
    fn every_error_has_its_own_text_and_an_exact_chrome_line() {
        for e in ALL_CORS_ERRORS {
            let d = doc(e);
            assert!(!d.cause.is_empty(), "{e}");
            assert!(!d.fix.is_empty(), "{e}");
            assert_ne!(d.title, "CORS error", "{e}");
            let chrome = &d.wordings[0];
            assert!(
                chrome
                    .lines
                    .first()
                    .is_some_and(|l| l.starts_with("Access to ")),
                "{e}: {:?}",
                chrome.lines
            );
        }
    }
}
