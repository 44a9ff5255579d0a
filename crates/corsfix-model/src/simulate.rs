//! The browser, step by step: from a [`Case`] to a [`Verdict`].
//!
//! One pipeline, following Fetch's "main fetch", "HTTP fetch", "CORS-preflight fetch",
//! "CORS check" and "HTTP-redirect fetch" in the order Chromium runs them, with the
//! differences of Firefox and WebKit where they change a verdict or a message
//! (`shared/reference/browser-cors.md` §4 and §7).

use std::collections::BTreeMap;

use serde::Serialize;
use url::Url;

// An access-check failure before it is worded for a browser.
use crate::Browser;
use crate::case::{Case, Credentials, Hop, Mode, RedirectMode, ResponseSpec};
use crate::cors::CorsCheckFailure as Access;
use crate::error::{CorsError, Initiator, MessageContext};
use crate::exchange::AddressSpace;
use crate::headers::{self, get_combined};
use crate::lna::{self, Frame, LnaBlock, LnaPermission, MixedContent};
use crate::messages::{FirefoxReason, SafariReason, safari_cannot_load};
use crate::method;
use crate::origin::Origin;

/// What one browser does with a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Which browser.
    pub browser: Browser,
    /// Whether the script gets the response.
    pub allowed: bool,
    /// Whether a (first) preflight was sent.
    pub preflight_sent: bool,
    /// Its `Access-Control-Request-*` headers.
    pub preflight_request_headers: Vec<(String, String)>,
    /// Whether the request itself reached the server (first hop).
    pub actual_sent: bool,
    /// Why it was blocked.
    pub failure: Option<Failure>,
    /// What the script sees, when allowed.
    pub response: Option<Response>,
    /// Every check that ran, in order.
    pub steps: Vec<Step>,
    /// Console warnings the browser prints about the request although they do not block it
    /// (Chromium's mixed-content warning for a local-network request), in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Verdict {
    /// The lines this engine prints to the console for the request (none when allowed).
    pub fn console_lines(&self) -> &[String] {
        self.failure.as_ref().map_or(&[], |f| f.lines.as_slice())
    }

    /// The failure's kind (`PreflightMissingAllowOriginHeader`, …); `None` when allowed.
    pub fn failure_kind(&self) -> Option<&'static str> {
        self.failure.as_ref().map(Failure::kind_name)
    }
}

/// What the script sees.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// The status (0 for opaque responses).
    pub status: u16,
    /// `cors`, `basic`, `opaque` or `opaqueredirect`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `headers.get(name)` for each name the script reads.
    pub readable_headers: BTreeMap<String, Option<String>>,
}

/// Where the failing response came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Refused before anything was sent (a `TypeError` from `fetch()` itself).
    Request,
    /// The preflight's response.
    Preflight,
    /// A redirect response to the request.
    Redirect,
    /// The final response to the request.
    Actual,
    /// Refused when connecting, before anything was sent to that server (Local Network
    /// Access, mixed content).
    Connect,
}

/// The browser-specific reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "browser", rename_all = "lowercase")]
pub enum Reason {
    /// Chromium's `CorsError` and its failed parameter.
    Chrome {
        /// The error.
        error: CorsError,
        /// The failed parameter (raw).
        parameter: String,
    },
    /// Firefox's reason.
    Firefox(FirefoxReason),
    /// WebKit's reason.
    Safari(SafariReason),
    /// Not a CORS error: a network error or a `TypeError`.
    Network {
        /// What the browser says, in words.
        detail: String,
    },
}

/// Why a request was blocked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// The browser's reason.
    pub reason: Reason,
    /// Which response failed.
    pub stage: Stage,
    /// The URL whose response failed.
    pub url: String,
    /// The first URL.
    pub initial_url: String,
    /// That response's status.
    pub status: Option<u16>,
    /// Every console line the browser prints about it, in order (empty: none).
    pub lines: Vec<String>,
}

impl Failure {
    /// Chromium's `CorsError`, when this is a Chromium CORS failure.
    pub fn cors_error(&self) -> Option<CorsError> {
        match &self.reason {
            Reason::Chrome { error, .. } => Some(*error),
            _ => None,
        }
    }

    /// The `error.kind` of the result format: the `CorsError` name, or `NetworkError`.
    pub fn kind_name(&self) -> &'static str {
        match &self.reason {
            Reason::Chrome { error, .. } => error.name(),
            Reason::Network { .. } => "NetworkError",
            Reason::Firefox(r) => r.key(),
            Reason::Safari(r) => r.name(),
        }
    }

    /// The first console line, if the browser prints one.
    pub fn first_line(&self) -> Option<&str> {
        self.lines.first().map(String::as_str)
    }
}

/// One check in the trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// A stable name (`preflight-needed`, `allow-origin`, …).
    pub check: &'static str,
    /// Whether it passed (for decisions such as "preflight needed", whether the answer is yes).
    pub passed: bool,
    /// What was looked at and what it meant, in words.
    pub detail: String,
    /// The spec section.
    pub spec: &'static str,
}

const SPEC_MAIN_FETCH: &str = "https://fetch.spec.whatwg.org/#main-fetch";
const SPEC_PREFLIGHT: &str = "https://fetch.spec.whatwg.org/#cors-preflight-fetch";
const SPEC_CORS_CHECK: &str = "https://fetch.spec.whatwg.org/#concept-cors-check";
const SPEC_SAFELIST: &str = "https://fetch.spec.whatwg.org/#cors-safelisted-request-header";
const SPEC_REDIRECT: &str = "https://fetch.spec.whatwg.org/#http-redirect-fetch";
const SPEC_EXPOSE: &str = "https://fetch.spec.whatwg.org/#cors-filtered-response";
const SPEC_REQUEST: &str = "https://fetch.spec.whatwg.org/#dom-request";
const SPEC_MIXED: &str = "https://w3c.github.io/webappsec-mixed-content/#should-block-fetch";

/// How a server answers when the case does not say: 200 with no headers.
static DEFAULT_RESPONSE: ResponseSpec = ResponseSpec {
    status: 200,
    headers: Vec::new(),
    next: None,
};

/// Statuses that redirect when a `Location` is present.
fn is_redirect(resp: &ResponseSpec) -> bool {
    crate::cors::is_redirect_status(resp.status)
        && resp
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("location"))
}

/// A URL as browsers print it in console lines: userinfo removed.
fn display_url(url: &Url) -> String {
    if url.username().is_empty() && url.password().is_none() {
        return url.as_str().to_owned();
    }
    let mut u = url.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.as_str().to_owned()
}

/// Whether two http(s) URLs are same-origin (scheme, host, port), without serializing.
fn same_origin_urls(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host() == b.host()
        && a.port_or_known_default() == b.port_or_known_default()
}

fn has_userinfo(url: &Url) -> bool {
    !url.username().is_empty() || url.password().is_some()
}

/// The request's current URL. The case's URL is borrowed as it is when [`simple_url`] shows
/// that the URL parser would give it back unchanged; anything else (and every redirect target)
/// goes through the `url` crate.
enum Target<'a> {
    /// A plain ASCII http(s) URL in its serialized form; `origin_len` bytes are its origin.
    Simple { text: &'a str, origin_len: usize },
    /// Parsed by the `url` crate, user name and password removed.
    Parsed(Url),
}

impl Target<'_> {
    fn scheme(&self) -> &str {
        match self {
            Self::Simple { text, .. } => {
                if text.starts_with("https:") {
                    "https"
                } else {
                    "http"
                }
            }
            Self::Parsed(u) => u.scheme(),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Self::Simple { text, .. } => text,
            Self::Parsed(u) => u.as_str(),
        }
    }

    /// The URL as console lines print it.
    fn display(&self) -> String {
        match self {
            Self::Simple { text, .. } => (*text).to_owned(),
            Self::Parsed(u) => display_url(u),
        }
    }

    /// `Location` resolved against this URL.
    fn join(&self, location: &str) -> Result<Url, url::ParseError> {
        match self {
            Self::Simple { text, .. } => Url::parse(text)?.join(location),
            Self::Parsed(u) => u.join(location),
        }
    }

    fn origin(&self) -> Origin {
        match self {
            Self::Simple { text, origin_len } => Origin::Tuple(text[..*origin_len].to_owned()),
            Self::Parsed(u) => Origin::of_url(u),
        }
    }

    /// Whether this URL's origin is `origin`.
    fn same_origin_as(&self, origin: &Origin) -> bool {
        match self {
            Self::Simple { text, origin_len } => {
                matches!(origin, Origin::Tuple(s) if s.as_str() == &text[..*origin_len])
            }
            Self::Parsed(u) => origin.same_origin_url(u),
        }
    }

    /// Whether the http(s) URL `other` is same-origin with this one (scheme, host, port).
    fn same_origin_with(&self, other: &Url) -> bool {
        match self {
            Self::Simple { text, origin_len } => {
                let scheme = self.scheme();
                let authority = &text[scheme.len() + 3..*origin_len];
                let (host, port) = match authority.split_once(':') {
                    Some((h, p)) => (h, p.parse::<u16>().ok()),
                    None => (
                        authority,
                        if scheme == "https" {
                            Some(443)
                        } else {
                            Some(80)
                        },
                    ),
                };
                other.scheme() == scheme
                    && other.host_str() == Some(host)
                    && other.port_or_known_default() == port
            }
            Self::Parsed(u) => same_origin_urls(other, u),
        }
    }
}

/// When `text` is a plain ASCII `http:`/`https:` URL that the URL parser would give back
/// byte for byte, the length of its origin (`http://127.0.0.1:8002` in
/// `http://127.0.0.1:8002/c/x?y=1`). A lower-case scheme, a serialized origin
/// ([`crate::origin::is_canonical_origin`]: lower-case domain or dotted-quad IPv4, no default
/// port, no user name), then a path of unreserved characters without `.`/`..` segments, an
/// optional query of the same and no fragment. Anything else (percent signs, backslashes,
/// white space, upper case in the host, IPv6, …) is `None` and goes through the `url` crate.
fn simple_url(text: &str) -> Option<usize> {
    let after_scheme = if text.starts_with("https://") {
        8
    } else if text.starts_with("http://") {
        7
    } else {
        return None;
    };
    let origin_len = after_scheme + text[after_scheme..].find('/')?;
    if !crate::origin::is_canonical_origin(&text[..origin_len]) {
        return None;
    }
    let rest = &text[origin_len..];
    let plain = |b: u8| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'?'
            )
    };
    if !rest.bytes().all(plain) {
        return None;
    }
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    if path.split('/').any(|seg| seg == "." || seg == "..") {
        return None;
    }
    Some(origin_len)
}

/// Simulate a case in one browser.
pub fn simulate(case: &Case, browser: Browser) -> Verdict {
    Sim::new(case, browser).run()
}

/// The same verdict as [`simulate`] without the step trace (`steps` is empty): for bulk runs
/// (differential tests, scans) that only need the outcome and the console lines.
pub fn simulate_untraced(case: &Case, browser: Browser) -> Verdict {
    let mut sim = Sim::new(case, browser);
    sim.trace = false;
    sim.run()
}

/// Record a step; the detail expression is only evaluated when the trace is kept.
macro_rules! step {
    ($sim:expr, $check:expr, $passed:expr, $detail:expr, $spec:expr $(,)?) => {
        if $sim.trace {
            let detail: String = $detail;
            $sim.step($check, $passed, detail, $spec);
        }
    };
}

struct Sim<'a> {
    case: &'a Case,
    browser: Browser,
    initiator: Initiator,
    include: bool,
    /// Whether to keep the step trace.
    trace: bool,
    steps: Vec<Step>,
    preflight_sent: bool,
    preflight_request_headers: Vec<(String, String)>,
    actual_sent: bool,
    initial_url: String,
    warnings: Vec<String>,
}

/// The Local Network Access facts of a case with `address_space`.
struct LnaCtx<'a> {
    client: AddressSpace,
    secure: bool,
    frame: Option<&'a Frame>,
    declared: Option<AddressSpace>,
    permission: LnaPermission,
}

impl<'a> Sim<'a> {
    fn new(case: &'a Case, browser: Browser) -> Self {
        Self {
            case,
            browser,
            initiator: case.request.initiator,
            include: case.request.credentials == Credentials::Include,
            trace: true,
            steps: Vec::new(),
            preflight_sent: false,
            preflight_request_headers: Vec::new(),
            actual_sent: false,
            // Set once the URL is known (the case's URL as written until then).
            initial_url: String::new(),
            warnings: Vec::new(),
        }
    }

    fn step(&mut self, check: &'static str, passed: bool, detail: String, spec: &'static str) {
        self.steps.push(Step {
            check,
            passed,
            detail,
            spec,
        });
    }

    fn finish(self, failure: Option<Failure>, response: Option<Response>) -> Verdict {
        Verdict {
            browser: self.browser,
            allowed: failure.is_none(),
            preflight_sent: self.preflight_sent,
            preflight_request_headers: self.preflight_request_headers,
            actual_sent: self.actual_sent,
            failure,
            response,
            steps: self.steps,
            warnings: self.warnings,
        }
    }

    /// A non-CORS failure: no CORS console line.
    fn network(mut self, stage: Stage, url: String, detail: String) -> Verdict {
        step!(self, "network", false, detail.clone(), SPEC_MAIN_FETCH);
        let failure = Failure {
            reason: Reason::Network { detail },
            stage,
            url,
            initial_url: std::mem::take(&mut self.initial_url),
            status: None,
            lines: Vec::new(),
        };
        self.finish(Some(failure), None)
    }

    #[allow(clippy::too_many_lines)]
    fn run(mut self) -> Verdict {
        let req = &self.case.request;
        let page_origin = match Origin::parse(&self.case.origin) {
            Ok(o) => o,
            Err(e) => {
                let url = self.case.url.clone();
                self.initial_url.clone_from(&self.case.url);
                return self.network(
                    Stage::Request,
                    url,
                    format!("the page origin is invalid: {e}"),
                );
            }
        };
        // Step: parse the URL (a TypeError from fetch() when it does not parse).
        let case: &'a Case = self.case;
        let mut url = if let Some(origin_len) = simple_url(&case.url) {
            Target::Simple {
                text: &case.url,
                origin_len,
            }
        } else {
            let mut url = match Url::parse(&case.url) {
                Ok(u) => u,
                Err(_) => {
                    let url = case.url.clone();
                    self.initial_url.clone_from(&self.case.url);
                    return self.network(
                        Stage::Request,
                        url.clone(),
                        format!("Failed to parse URL from {url}"),
                    );
                }
            };
            if has_userinfo(&url) {
                if self.initiator == Initiator::Fetch {
                    let shown = url.as_str().to_owned();
                    self.initial_url.clone_from(&self.case.url);
                    return self.network(
                        Stage::Request,
                        shown.clone(),
                        format!("Request cannot be constructed from a URL that includes credentials: {shown}"),
                    );
                }
                let _ = url.set_username("");
                let _ = url.set_password(None);
            }
            Target::Parsed(url)
        };
        self.initial_url = url.as_str().to_owned();
        let initial: &str = url.as_str();

        // Step: the method.
        if !method::is_token(&req.method) {
            return self.network(
                Stage::Request,
                initial.to_owned(),
                format!("'{}' is not a valid HTTP method.", req.method),
            );
        }
        if method::is_forbidden(&req.method) {
            return self.network(
                Stage::Request,
                initial.to_owned(),
                format!("'{}' HTTP method is unsupported.", req.method),
            );
        }
        let mut method = method::normalize(&req.method);
        if method != req.method {
            step!(
                self,
                "method",
                true,
                format!("`{}` is normalized to `{method}`", req.method),
                SPEC_REQUEST,
            );
        } else if method.eq_ignore_ascii_case("patch") && method != "PATCH" {
            step!(
                self,
                "method",
                true,
                format!(
                    "`{method}` is sent as written: only DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased"
                ),
                SPEC_REQUEST
            );
        }
        let mode = req.mode;
        if mode == Mode::NoCors && !method::is_cors_safelisted(&method) {
            return self.network(
                Stage::Request,
                initial.to_owned(),
                format!("'{method}' is unsupported in no-cors mode."),
            );
        }
        let redirect_mode = if self.initiator == Initiator::XmlHttpRequest {
            RedirectMode::Follow
        } else {
            req.redirect
        };

        // Step: the headers the script sets (invalid ones throw; forbidden ones are dropped).
        let mut headers: Vec<(String, String)> = Vec::new();
        for (name, value) in &req.headers {
            if !method::is_token(name) {
                return self.network(
                    Stage::Request,
                    initial.to_owned(),
                    format!("'{name}' is not a valid HTTP header field name."),
                );
            }
            let value = headers::trim_http_whitespace(value);
            if value.bytes().any(|b| b == 0 || b == b'\r' || b == b'\n') {
                return self.network(
                    Stage::Request,
                    initial.to_owned(),
                    format!("'{value}' is not a valid HTTP header field value."),
                );
            }
            if headers::is_forbidden_request_header(name, value, self.browser) {
                step!(
                    self,
                    "forbidden-header",
                    true,
                    format!("`{name}` is a forbidden request header: the browser drops it"),
                    SPEC_REQUEST,
                );
                continue;
            }
            if let Some(existing) = headers
                .iter_mut()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                existing.1.push_str(", ");
                existing.1.push_str(value);
            } else {
                headers.push((name.clone(), value.to_owned()));
            }
        }
        if mode == Mode::NoCors {
            headers.retain(|(n, v)| {
                let lower = n.to_ascii_lowercase();
                matches!(
                    lower.as_str(),
                    "accept" | "accept-language" | "content-language" | "content-type"
                ) && headers::is_cors_safelisted_request_header(n, v, Browser::Firefox)
            });
        }
        let mut body = req.body.clone();
        if body.is_some() && matches!(method.as_str(), "GET" | "HEAD") {
            if self.initiator == Initiator::Fetch {
                return self.network(
                    Stage::Request,
                    initial.to_owned(),
                    "Request with GET/HEAD method cannot have body.".to_owned(),
                );
            }
            body = None;
        }
        if body.is_some()
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            headers.push((
                "Content-Type".to_owned(),
                "text/plain;charset=UTF-8".to_owned(),
            ));
        }

        if mode == Mode::NoCors && redirect_mode != RedirectMode::Follow {
            let (browser, initiator) = (self.browser, self.initiator);
            let mut v = self.network(Stage::Request, initial.to_owned(), format!("Fetch API cannot load {initial}. Request mode is \"no-cors\" but the redirect mode is not \"follow\"."));
            // WebKit prints its refusal (browser-cors.md §7.9; difftest).
            if let (Browser::Safari, Some(f)) = (browser, v.failure.as_mut()) {
                f.lines = vec![
                    "No-Cors mode requires follow redirect mode".to_owned(),
                    "Not allowed to request resource".to_owned(),
                    safari_cannot_load(initiator, initial),
                ];
            }
            return v;
        }
        if !matches!(url.scheme(), "http" | "https") {
            if mode == Mode::Cors
                && self.initiator == Initiator::XmlHttpRequest
                && url.scheme() != "data"
            {
                return self.chrome_only_cors(
                    Stage::Request,
                    &url,
                    CorsError::CorsDisabledScheme,
                    "",
                );
            }
            let scheme = url.scheme().to_owned();
            return self.network(
                Stage::Request,
                initial.to_owned(),
                format!(
                    "Fetch API cannot load {initial}. URL scheme \"{scheme}\" is not supported."
                ),
            );
        }
        if mode == Mode::SameOrigin && !url.origin().same_origin(&page_origin) {
            let o = page_origin.as_str().to_owned();
            return self.network(Stage::Request, initial.to_owned(), format!("Fetch API cannot load {initial}. Request mode is \"same-origin\" but the URL's origin is not same as the request origin {o}."));
        }

        // The hops.
        // The current hop's answers, borrowed from the case (absent: 200 with no headers).
        let mut hop_preflight: Option<&'a ResponseSpec> = case.preflight.as_ref();
        let mut hop_actual: Option<&'a ResponseSpec> = case.actual.as_ref();
        let mut tainted = false;
        let mut cors_tainting = false;
        // A no-cors request that has been cross-origin once stays opaque, even when a redirect
        // brings it back to the page's origin (Fetch "response tainting"; docs/model-notes.md).
        let mut opaque_tainting = false;
        // Firefox and WebKit keep preflighting every cross-origin hop of a request that needed
        // a preflight once, even when a 303 made it a plain GET (docs/model-notes.md).
        let mut preflighted = false;
        let mut redirects = 0u32;
        let lna = case.address_space.as_ref().map(|a| LnaCtx {
            client: a.page,
            secure: lna::is_secure_context(&case.origin, a.frame.as_ref().map(|f| f.top.as_str())),
            frame: a.frame.as_ref(),
            declared: req.target_address_space,
            permission: case.lna_permission.unwrap_or_default(),
        });
        let mut hop_space = case.address_space.as_ref().map(|a| a.target);
        loop {
            let same_origin = url.same_origin_as(&page_origin);
            if let (Some(ctx), Some(space)) = (&lna, hop_space)
                && let Some(v) = self.mixed_content_check(ctx, &url, space)
            {
                return v;
            }
            let cors_flag = mode == Mode::Cors && (cors_tainting || !same_origin);
            if mode == Mode::NoCors && !same_origin {
                opaque_tainting = true;
            }
            let request_origin: &str = if tainted {
                "null"
            } else {
                page_origin.as_str()
            };
            if mode == Mode::SameOrigin && !same_origin {
                // A same-origin request redirected cross-origin.
                return self.chrome_only_cors(Stage::Actual, &url, CorsError::DisallowedByMode, "");
            }
            if cors_flag {
                cors_tainting = true;
                let unsafe_names =
                    headers::cors_unsafe_request_header_names(&headers, self.browser);
                let method_safe = method::is_cors_safelisted(&method);
                let needs = !method_safe
                    || !unsafe_names.is_empty()
                    || (self.browser != Browser::Chrome && preflighted);
                preflighted |= needs;
                step!(
                    self,
                    "preflight-needed",
                    needs,
                    match (method_safe, unsafe_names.is_empty()) {
                        (true, true) => format!(
                            "{method} is a CORS-safelisted method and every header is safelisted: a simple request, no preflight"
                        ),
                        (false, true) => format!(
                            "{method} is not a CORS-safelisted method (GET, HEAD, POST): the browser sends a preflight"
                        ),
                        (true, false) => format!(
                            "{} not CORS-safelisted: the browser sends a preflight",
                            describe_names(&unsafe_names)
                        ),
                        (false, false) => format!(
                            "{method} is not a CORS-safelisted method and {} not safelisted: the browser sends a preflight",
                            describe_names(&unsafe_names)
                        ),
                    },
                    SPEC_SAFELIST
                );
                if needs {
                    // Local Network Access on the preflight's connection. The preflight does
                    // not carry targetAddressSpace: only the request itself is held to it
                    // (measured, docs/model-notes.md).
                    if let (Some(ctx), Some(space)) = (&lna, hop_space)
                        && let Some(v) =
                            self.lna_gate(ctx, &url, space, &page_origin, mode, None, true)
                    {
                        return v;
                    }
                    // The result format reports the first preflight's CORS request headers.
                    if !self.preflight_sent {
                        self.preflight_sent = true;
                        let mut acr =
                            vec![("Access-Control-Request-Method".to_owned(), method.clone())];
                        if !unsafe_names.is_empty() {
                            acr.push((
                                "Access-Control-Request-Headers".to_owned(),
                                unsafe_names.join(","),
                            ));
                        }
                        self.preflight_request_headers = acr;
                    }
                    let pf = hop_preflight.unwrap_or(&DEFAULT_RESPONSE);
                    // Firefox preflights with the page's real origin even after a taint (§7.8).
                    let pf_origin: &str = if self.browser == Browser::Firefox {
                        page_origin.as_str()
                    } else {
                        request_origin
                    };
                    if let Some(v) = self.preflight_check(
                        pf,
                        &url,
                        pf_origin,
                        &method,
                        &headers,
                        &unsafe_names,
                        redirect_mode,
                    ) {
                        return v;
                    }
                }
            }
            if let (Some(ctx), Some(space)) = (&lna, hop_space)
                && let Some(v) =
                    self.lna_gate(ctx, &url, space, &page_origin, mode, ctx.declared, false)
            {
                return v;
            }
            if !self.actual_sent {
                self.actual_sent = true;
            }
            let resp = hop_actual.unwrap_or(&DEFAULT_RESPONSE);
            if is_redirect(resp) {
                let location = get_combined(&resp.headers, "location").unwrap_or_default();
                step!(
                    self,
                    "redirect",
                    true,
                    format!("{} {} with Location: {location}", method, resp.status),
                    SPEC_REDIRECT,
                );
                if cors_flag
                    && let Some(v) =
                        self.access_check(resp, &url, request_origin, Stage::Redirect, false)
                {
                    return v;
                }
                // Chromium's network service refuses a Location with user:password before
                // Blink applies redirect mode `error`; `manual` returns the opaque redirect
                // (docs/model-notes.md).
                if self.browser == Browser::Chrome
                    && mode == Mode::Cors
                    && redirect_mode == RedirectMode::Error
                    && let Ok(next_url) = url.join(&location)
                {
                    let cross = cors_flag
                        || tainted
                        || !Origin::of_url(&next_url).same_origin(&page_origin);
                    if has_userinfo(&next_url) && cross {
                        return self.redirect_credentials(&url, &next_url);
                    }
                }
                match redirect_mode {
                    RedirectMode::Error => {
                        if self.browser == Browser::Safari {
                            let shown = url.display();
                            step!(
                                self,
                                "redirect-mode",
                                false,
                                "redirect mode is \"error\": a redirect is a network error"
                                    .to_owned(),
                                SPEC_REDIRECT,
                            );
                            let r = SafariReason::RedirectNotAllowed { url: shown.clone() };
                            let lines = vec![r.line(), safari_cannot_load(self.initiator, &shown)];
                            return self.fail_with(
                                Reason::Safari(r),
                                lines,
                                Stage::Redirect,
                                shown,
                                Some(resp.status),
                            );
                        }
                        return self.network(
                            Stage::Redirect,
                            url.display(),
                            "redirect mode is \"error\": a redirect is a network error".to_owned(),
                        );
                    }
                    RedirectMode::Manual => {
                        step!(self, "redirect-mode", true, "redirect mode is \"manual\": the script gets an opaque-redirect response".to_owned(), SPEC_REDIRECT);
                        let readable = req.read_headers.iter().map(|n| (n.clone(), None)).collect();
                        return self.finish(
                            None,
                            Some(Response {
                                status: 0,
                                kind: "opaqueredirect",
                                readable_headers: readable,
                            }),
                        );
                    }
                    RedirectMode::Follow => {}
                }
                let Ok(next_url) = url.join(&location) else {
                    return self.network(
                        Stage::Redirect,
                        url.display(),
                        format!("the Location `{location}` is not a valid URL"),
                    );
                };
                if !matches!(next_url.scheme(), "http" | "https") {
                    return self.network(
                        Stage::Redirect,
                        url.display(),
                        format!("redirect to a non-HTTP(S) URL ({})", next_url.scheme()),
                    );
                }
                redirects += 1;
                if redirects > 20 {
                    return self.network(
                        Stage::Redirect,
                        url.display(),
                        "more than 20 redirects (net::ERR_TOO_MANY_REDIRECTS)".to_owned(),
                    );
                }
                let next_same_as_page = page_origin.same_origin_url(&next_url);
                let next_same_as_current = url.same_origin_with(&next_url);
                if has_userinfo(&next_url) {
                    let blocks = match mode {
                        Mode::Cors => cors_flag || tainted || !next_same_as_page,
                        // Chromium refuses a no-cors redirect to a URL with credentials (§7.10).
                        Mode::NoCors => self.browser == Browser::Chrome,
                        Mode::SameOrigin => false,
                    };
                    if blocks {
                        if mode == Mode::NoCors {
                            return self.network(
                                Stage::Redirect,
                                url.display(),
                                "redirect to a URL with a user name and password".to_owned(),
                            );
                        }
                        return self.redirect_credentials(&url, &next_url);
                    }
                }
                // Rewrite the request.
                let to_get = crate::cors::redirect_changes_method_to_get(resp.status, &method);
                if to_get {
                    step!(
                        self,
                        "redirect-method",
                        true,
                        format!("{} turns {method} into GET", resp.status),
                        SPEC_REDIRECT,
                    );
                    method = "GET".to_owned();
                    body = None;
                    // Only Chromium drops the request-body headers (§7.7).
                    if self.browser == Browser::Chrome {
                        headers.retain(|(n, _)| !crate::cors::is_request_body_header_name(n));
                    }
                }
                let _ = &body;
                // Only Chromium removes Authorization on a cross-origin hop (§7.6).
                if self.browser == Browser::Chrome && !next_same_as_current {
                    headers.retain(|(n, _)| !n.eq_ignore_ascii_case("authorization"));
                }
                if !next_same_as_current && !same_origin {
                    if !tainted {
                        step!(self, "redirect-taint", true, "a cross-origin redirect from a third origin: from now on the request's Origin is `null`".to_owned(), SPEC_REDIRECT);
                    }
                    tainted = true;
                }
                let mut next_url = next_url;
                let _ = next_url.set_username("");
                let _ = next_url.set_password(None);
                url = Target::Parsed(next_url);
                let next: Option<&'a Hop> = resp.next.as_deref();
                if let Some(t) = next.and_then(|h| h.target) {
                    hop_space = Some(t);
                }
                hop_preflight = next.and_then(|h| h.preflight.as_ref());
                hop_actual = next.and_then(|h| h.actual.as_ref());
                continue;
            }
            // The final response.
            if cors_flag
                && let Some(v) = self.access_check(resp, &url, request_origin, Stage::Actual, false)
            {
                return v;
            }
            let (status, kind) = if mode == Mode::NoCors && opaque_tainting {
                (0, "opaque")
            } else if cors_tainting {
                (resp.status, "cors")
            } else {
                (resp.status, "basic")
            };
            let expose = get_combined(&resp.headers, "access-control-expose-headers");
            let mut readable = BTreeMap::new();
            for name in &req.read_headers {
                let value = match kind {
                    "opaque" => None,
                    "basic" => (!name.eq_ignore_ascii_case("set-cookie"))
                        .then(|| get_combined(&resp.headers, name))
                        .flatten(),
                    _ => headers::is_exposed(name, expose.as_deref(), self.include)
                        .then(|| get_combined(&resp.headers, name))
                        .flatten(),
                };
                if kind == "cors" {
                    let exposed = headers::is_exposed(name, expose.as_deref(), self.include);
                    step!(
                        self,
                        "exposed-header",
                        exposed,
                        if exposed {
                            format!("the script can read `{name}`")
                        } else {
                            format!(
                                "`{name}` is not CORS-safelisted and not listed in Access-Control-Expose-Headers{}: headers.get() returns null",
                                if self.include
                                    && expose.as_deref().is_some_and(|e| e.contains('*'))
                                {
                                    " (`*` does not count with credentials)"
                                } else {
                                    ""
                                }
                            )
                        },
                        SPEC_EXPOSE,
                    );
                }
                readable.insert(name.clone(), value);
            }
            return self.finish(
                None,
                Some(Response {
                    status,
                    kind,
                    readable_headers: readable,
                }),
            );
        }
    }

    /// Mixed content ([`lna::mixed_content`]) for the hop to `url` in a case with
    /// `address_space`: `Some` when it is blocked; an exempt request gets Chromium's warning.
    fn mixed_content_check(
        &mut self,
        ctx: &LnaCtx<'_>,
        url: &Target<'_>,
        _space: AddressSpace,
    ) -> Option<Verdict> {
        if !self.case.origin.starts_with("https://") || url.scheme() != "http" {
            return None;
        }
        let parsed = Url::parse(url.as_str()).ok()?;
        let shown = url.display();
        match lna::mixed_content(self.browser, &self.case.origin, &parsed, ctx.declared) {
            MixedContent::NotMixed => None,
            MixedContent::Exempt => {
                step!(
                    self,
                    "mixed-content",
                    true,
                    format!(
                        "an https page requests `{shown}` over http: allowed as a local-network request, with a warning"
                    ),
                    SPEC_MIXED,
                );
                self.warnings
                    .push(crate::messages::chrome_mixed_content_line(
                        &self.case.origin,
                        &shown,
                        self.initiator,
                        false,
                    ));
                None
            }
            MixedContent::Blocked => {
                step!(
                    self,
                    "mixed-content",
                    false,
                    format!(
                        "an https page may not request `{shown}` over http: blocked as mixed content before it is sent"
                    ),
                    SPEC_MIXED,
                );
                let [_, f, w] = crate::messages::mixed_content_lines(&self.case.origin, &shown);
                let lines = match self.browser {
                    Browser::Chrome => vec![crate::messages::chrome_mixed_content_line(
                        &self.case.origin,
                        &shown,
                        self.initiator,
                        true,
                    )],
                    Browser::Firefox => f,
                    Browser::Safari => w,
                };
                let failure = Failure {
                    reason: Reason::Network {
                        detail: "mixed content: an https page requested an http URL".to_owned(),
                    },
                    stage: Stage::Connect,
                    url: shown,
                    initial_url: std::mem::take(&mut self.initial_url),
                    status: None,
                    lines,
                };
                let sim = std::mem::replace(self, Sim::new(self.case, self.browser));
                Some(sim.finish(Some(failure), None))
            }
        }
    }

    /// Local Network Access ([`lna::local_network_access_check`]) on the connection to `url`
    /// (`preflight`: the preflight's, which is held to no `declared` space). `Some` when it is
    /// refused.
    #[allow(clippy::too_many_arguments)]
    fn lna_gate(
        &mut self,
        ctx: &LnaCtx<'_>,
        url: &Target<'_>,
        space: AddressSpace,
        page_origin: &Origin,
        mode: Mode,
        declared: Option<AddressSpace>,
        preflight: bool,
    ) -> Option<Verdict> {
        let parsed = Url::parse(url.as_str()).ok()?;
        let req = lna::LnaRequest {
            origin: page_origin.as_str(),
            client: ctx.client,
            secure: ctx.secure,
            frame: ctx.frame,
            url: &parsed,
            resource: space,
            declared,
            permission: ctx.permission,
        };
        let shown = url.display();
        let block = match lna::local_network_access_check(self.browser, &req) {
            Ok(pass) => {
                if pass != lna::LnaPass::NotShipped {
                    step!(
                        self,
                        "local-network-access",
                        true,
                        match pass {
                            lna::LnaPass::PermissionGranted => format!(
                                "the page ({}) reaches the {} address space: the user granted the `{}` permission",
                                ctx.client.name(),
                                space.name(),
                                lna::required_permission(space).unwrap_or_default()
                            ),
                            _ => format!(
                                "the page ({}) reaches the {} address space: not more private, no permission needed",
                                ctx.client.name(),
                                space.name()
                            ),
                        },
                        lna::SPEC_FETCH,
                    );
                }
                return None;
            }
            Err(b) => b,
        };
        step!(
            self,
            "local-network-access",
            false,
            match block {
                LnaBlock::TargetMismatch { declared, resource } => format!(
                    "the script declared targetAddressSpace `{}` but the server is in the {} address space",
                    declared.name(),
                    resource.name()
                ),
                LnaBlock::InsecureContext { resource } => format!(
                    "a page that is not a secure context may not reach the more private {} address space",
                    resource.name()
                ),
                LnaBlock::PermissionDenied {
                    resource,
                    permission,
                } => format!(
                    "a {} page reaching the {} address space needs the `{permission}` permission, which was not granted",
                    ctx.client.name(),
                    resource.name()
                ),
            },
            lna::SPEC_FETCH,
        );
        let (reason, lines) = match self.browser {
            Browser::Chrome => {
                let (error, param) = match block {
                    LnaBlock::TargetMismatch { declared, resource } => (
                        CorsError::InvalidLocalNetworkAccess,
                        format!("{}|{}", declared.name(), resource.name()),
                    ),
                    LnaBlock::InsecureContext { resource } => {
                        (CorsError::InsecureLocalNetwork, resource.name().to_owned())
                    }
                    LnaBlock::PermissionDenied { resource, .. } => (
                        CorsError::LocalNetworkAccessPermissionDenied,
                        resource.name().to_owned(),
                    ),
                };
                let line = error.chrome_message(&param, &self.ctx(&shown));
                (
                    Reason::Chrome {
                        error,
                        parameter: param,
                    },
                    vec![line],
                )
            }
            _ => {
                // Firefox: the connection fails (NS_ERROR_LOCAL_NETWORK_ACCESS_DENIED); a
                // CORS request reports it as "did not succeed", once for a refused preflight
                // and once for the request.
                let r = FirefoxReason::DidNotSucceed { status: None };
                let lines = if mode == Mode::NoCors {
                    Vec::new()
                } else if preflight {
                    vec![r.line(&shown), r.line(&shown)]
                } else {
                    vec![r.line(&shown)]
                };
                (Reason::Firefox(r), lines)
            }
        };
        let failure = Failure {
            reason,
            stage: Stage::Connect,
            url: shown,
            initial_url: std::mem::take(&mut self.initial_url),
            status: None,
            lines,
        };
        let sim = std::mem::replace(self, Sim::new(self.case, self.browser));
        Some(sim.finish(Some(failure), None))
    }

    /// Chromium-only CORS errors (mode and scheme refusals); other browsers fail without a CORS line.
    fn chrome_only_cors(
        mut self,
        stage: Stage,
        url: &Target<'_>,
        error: CorsError,
        param: &str,
    ) -> Verdict {
        let shown = url.display();
        step!(
            self,
            "cors",
            false,
            error.name().to_owned(),
            SPEC_MAIN_FETCH
        );
        let (reason, lines) = match self.browser {
            Browser::Chrome => {
                let line = error.chrome_message(param, &self.ctx(&shown));
                (
                    Reason::Chrome {
                        error,
                        parameter: param.to_owned(),
                    },
                    vec![line],
                )
            }
            Browser::Firefox if error == CorsError::CorsDisabledScheme => {
                let r = FirefoxReason::RequestNotHttp;
                let line = r.line(&shown);
                (Reason::Firefox(r), vec![line])
            }
            // WebKit's reason line, then its summary (TestWebKitWebContext.cpp expects both).
            Browser::Safari if error == CorsError::CorsDisabledScheme => {
                let r = SafariReason::OnlyHttp;
                let lines = vec![r.line(), safari_cannot_load(self.initiator, &shown)];
                (Reason::Safari(r), lines)
            }
            _ => (
                Reason::Network {
                    detail: error.name().to_owned(),
                },
                Vec::new(),
            ),
        };
        let failure = Failure {
            reason,
            stage,
            url: shown,
            initial_url: std::mem::take(&mut self.initial_url),
            status: None,
            lines,
        };
        self.finish(Some(failure), None)
    }

    fn ctx<'s>(&'s self, url: &'s str) -> MessageContext<'s> {
        MessageContext {
            initiator: self.initiator,
            url,
            initial_url: Some(self.initial_url.as_str()),
            origin: self.case.origin.as_str(),
        }
    }

    /// The CORS check on a response ([`crate::cors::cors_check`]), to be worded for the
    /// browser. `None` when it passes.
    fn classify_access(&self, resp: &ResponseSpec, request_origin: &str) -> Option<Access> {
        let acao = headers::get_combined_cow(&resp.headers, "access-control-allow-origin");
        // Only a credentialed request reads Access-Control-Allow-Credentials.
        let acac = if self.include {
            headers::get_combined_cow(&resp.headers, "access-control-allow-credentials")
        } else {
            None
        };
        crate::cors::cors_check(
            acao.as_deref(),
            acac.as_deref(),
            request_origin,
            self.include,
        )
        .err()
    }

    fn access_detail(&self, access: &Access, request_origin: &str) -> String {
        match access {
            Access::Wildcard => {
                "Access-Control-Allow-Origin is `*`, which never matches a request with credentials"
                    .to_owned()
            }
            Access::Missing => "no Access-Control-Allow-Origin header".to_owned(),
            Access::Multiple(v) => format!(
                "Access-Control-Allow-Origin `{v}` holds more than one value; it must be exactly `{request_origin}`"
            ),
            Access::Invalid(v) => format!(
                "Access-Control-Allow-Origin `{v}` is not a valid origin; it must be exactly `{request_origin}`"
            ),
            Access::Mismatch(v) => format!(
                "Access-Control-Allow-Origin `{v}` is not `{request_origin}` (the comparison is byte for byte)"
            ),
            Access::Credentials(v) if v.is_empty() => "the request carries credentials, so Access-Control-Allow-Credentials must be exactly `true` (it is absent or empty)".to_owned(),
            Access::Credentials(v) => format!(
                "the request carries credentials, so Access-Control-Allow-Credentials must be exactly `true` (it is `{v}`)"
            ),
        }
    }

    /// Run the allow-origin / allow-credentials check on `resp` and word a failure for the browser.
    fn access_check(
        &mut self,
        resp: &ResponseSpec,
        url: &Target<'_>,
        request_origin: &str,
        stage: Stage,
        preflight: bool,
    ) -> Option<Verdict> {
        let access = self.classify_access(resp, request_origin);
        let Some(access) = access else {
            let what = match stage {
                Stage::Preflight => "the preflight",
                Stage::Redirect => "the redirect",
                _ => "the response",
            };
            step!(
                self,
                "allow-origin",
                true,
                format!("{what} allows origin `{request_origin}`"),
                SPEC_CORS_CHECK,
            );
            return None;
        };
        step!(
            self,
            "allow-origin",
            false,
            self.access_detail(&access, request_origin),
            SPEC_CORS_CHECK
        );
        let shown = url.display();
        let (reason, lines) =
            self.word_access(&access, resp, &shown, request_origin, stage, preflight);
        Some(self.fail_with(reason, lines, stage, shown, Some(resp.status)))
    }

    fn word_access(
        &self,
        access: &Access,
        resp: &ResponseSpec,
        shown: &str,
        request_origin: &str,
        stage: Stage,
        preflight: bool,
    ) -> (Reason, Vec<String>) {
        match self.browser {
            Browser::Chrome => {
                let (error, param) = match access {
                    Access::Wildcard => (CorsError::WildcardOriginNotAllowed, String::new()),
                    Access::Missing => (CorsError::MissingAllowOriginHeader, String::new()),
                    Access::Multiple(v) => (CorsError::MultipleAllowOriginValues, v.clone()),
                    Access::Invalid(v) => (CorsError::InvalidAllowOriginValue, v.clone()),
                    Access::Mismatch(v) => (CorsError::AllowOriginMismatch, v.clone()),
                    Access::Credentials(v) => (CorsError::InvalidAllowCredentials, v.clone()),
                };
                let error = if preflight {
                    error.on_preflight()
                } else {
                    error
                };
                let line = error.chrome_message(&param, &self.ctx(shown));
                (
                    Reason::Chrome {
                        error,
                        parameter: param,
                    },
                    vec![line],
                )
            }
            Browser::Firefox => {
                let reason = self.firefox_access_reason(access, resp);
                let mut lines = vec![reason.line(shown)];
                let did_not_succeed = FirefoxReason::DidNotSucceed { status: None }.line(shown);
                // A redirect that the request would follow adds "did not succeed" lines; with
                // redirect mode `error` or `manual` Firefox stops at the reason (docs/model-notes.md).
                let follows = self.firefox_follows_redirects();
                if preflight || (stage == Stage::Redirect && follows) {
                    lines.push(did_not_succeed.clone());
                }
                if preflight && is_redirect(resp) && follows {
                    lines.push(did_not_succeed);
                }
                (Reason::Firefox(reason), lines)
            }
            Browser::Safari => {
                let acao =
                    get_combined(&resp.headers, "access-control-allow-origin").unwrap_or_default();
                let base = match access {
                    Access::Wildcard => SafariReason::WildcardWithCredentials,
                    Access::Credentials(_) => SafariReason::AllowCredentials,
                    _ if acao.contains(',') => SafariReason::MultipleOrigins,
                    _ => SafariReason::OriginNotAllowed {
                        origin: request_origin.to_owned(),
                        status: resp.status,
                    },
                };
                let reason = if stage == Stage::Redirect {
                    let target = get_combined(&resp.headers, "location")
                        .and_then(|l| Url::parse(shown).ok().and_then(|u| u.join(&l).ok()))
                        .map_or_else(String::new, |u| display_url(&u));
                    SafariReason::RedirectDenied {
                        url: target,
                        inner: Box::new(base),
                    }
                } else {
                    base
                };
                let lines = vec![reason.line(), safari_cannot_load(self.initiator, shown)];
                (Reason::Safari(reason), lines)
            }
        }
    }

    fn fail_with(
        &mut self,
        reason: Reason,
        lines: Vec<String>,
        stage: Stage,
        url: String,
        status: Option<u16>,
    ) -> Verdict {
        let failure = Failure {
            reason,
            stage,
            url,
            initial_url: std::mem::take(&mut self.initial_url),
            status,
            lines,
        };
        let sim = std::mem::replace(self, Sim::new(self.case, self.browser));
        sim.finish(Some(failure), None)
    }

    fn redirect_credentials(mut self, url: &Target<'_>, next_url: &Url) -> Verdict {
        let shown = url.display();
        step!(
            self,
            "redirect-credentials",
            false,
            format!(
                "the redirect's Location `{}` has a user name or password, which CORS requests may not follow",
                next_url.as_str()
            ),
            SPEC_REDIRECT
        );
        let (reason, lines) = match self.browser {
            Browser::Chrome => {
                // Current Chromium leaves the parameter empty (§5.8).
                let error = CorsError::RedirectContainsCredentials;
                (
                    Reason::Chrome {
                        error,
                        parameter: String::new(),
                    },
                    vec![error.chrome_message("", &self.ctx(&shown))],
                )
            }
            Browser::Firefox => {
                let r = FirefoxReason::DidNotSucceed { status: None };
                let line = r.line(&shown);
                (Reason::Firefox(r), vec![line])
            }
            Browser::Safari => {
                let r = SafariReason::RedirectHasCredentials {
                    url: next_url.as_str().to_owned(),
                };
                let line = r.line();
                (
                    Reason::Safari(r),
                    vec![line, safari_cannot_load(self.initiator, &shown)],
                )
            }
        };
        let failure = Failure {
            reason,
            stage: Stage::Redirect,
            url: shown,
            initial_url: std::mem::take(&mut self.initial_url),
            status: None,
            lines,
        };
        self.finish(Some(failure), None)
    }

    /// Firefox's reason for an access-check failure on `resp`.
    fn firefox_access_reason(&self, access: &Access, resp: &ResponseSpec) -> FirefoxReason {
        // Firefox counts the lines spelled exactly `Access-Control-Allow-Origin`; two
        // lower-case lines are joined and then do not match (docs/model-notes.md).
        let exact = resp
            .headers
            .iter()
            .filter(|(n, _)| n == "Access-Control-Allow-Origin")
            .count();
        if exact > 1 {
            return FirefoxReason::MultipleAllowOrigin;
        }
        match access {
            Access::Missing => FirefoxReason::MissingAllowOrigin {
                status: resp.status,
            },
            Access::Wildcard => FirefoxReason::NotSupportingCredentials,
            Access::Multiple(v) | Access::Invalid(v) | Access::Mismatch(v) => {
                FirefoxReason::AllowOriginNotMatchingOrigin(v.clone())
            }
            Access::Credentials(_) => FirefoxReason::MissingAllowCredentials,
        }
    }

    /// Whether the request follows redirects (XHR always does).
    fn firefox_follows_redirects(&self) -> bool {
        self.initiator == Initiator::XmlHttpRequest
            || self.case.request.redirect == RedirectMode::Follow
    }

    /// The preflight checks, in the browser's order. `Some(verdict)` when it fails.
    #[allow(clippy::too_many_arguments)]
    fn preflight_check(
        &mut self,
        pf: &ResponseSpec,
        url: &Target<'_>,
        origin: &str,
        method: &str,
        req_headers: &[(String, String)],
        unsafe_names: &[String],
        redirect_mode: RedirectMode,
    ) -> Option<Verdict> {
        let shown = url.display();
        let status_ok = (200..300).contains(&pf.status);
        let redirect = is_redirect(pf);
        // WebKit checks the status first (a redirect is not ok either).
        if self.browser == Browser::Safari && !status_ok {
            step!(
                self,
                "preflight-status",
                false,
                format!("the preflight answered {}: it must be 2xx", pf.status),
                SPEC_PREFLIGHT,
            );
            let r = SafariReason::PreflightNotSuccessful { status: pf.status };
            let lines = vec![r.line(), safari_cannot_load(self.initiator, &shown)];
            return Some(self.fail_with(
                Reason::Safari(r),
                lines,
                Stage::Preflight,
                shown,
                Some(pf.status),
            ));
        }
        if self.browser == Browser::Chrome && redirect {
            step!(
                self,
                "preflight-redirect",
                false,
                format!(
                    "the preflight answered {} with a Location: a preflight may not redirect",
                    pf.status
                ),
                SPEC_PREFLIGHT,
            );
            let error = CorsError::PreflightDisallowedRedirect;
            let lines = vec![error.chrome_message("", &self.ctx(&shown))];
            return Some(self.fail_with(
                Reason::Chrome {
                    error,
                    parameter: String::new(),
                },
                lines,
                Stage::Preflight,
                shown,
                Some(pf.status),
            ));
        }
        if let Some(v) = self.access_check(pf, url, origin, Stage::Preflight, true) {
            return Some(v);
        }
        if self.browser == Browser::Firefox && redirect {
            step!(
                self,
                "preflight-redirect",
                false,
                format!(
                    "the preflight answered {} with a Location: a preflight may not redirect",
                    pf.status
                ),
                SPEC_PREFLIGHT,
            );
            let location = get_combined(&pf.headers, "location").unwrap_or_default();
            let target_has_userinfo = url.join(&location).is_ok_and(|u| has_userinfo(&u));
            let r = if redirect_mode != RedirectMode::Follow {
                FirefoxReason::PreflightDidNotSucceed { status: pf.status }
            } else if target_has_userinfo {
                FirefoxReason::DidNotSucceed { status: None }
            } else {
                FirefoxReason::ExternalRedirectNotAllowed
            };
            let mut lines = vec![r.line(&shown)];
            if matches!(r, FirefoxReason::ExternalRedirectNotAllowed) {
                // Firefox then checks the 3xx again with the origin the redirect leaves
                // (`null` after a cross-origin hop), then its status (docs/model-notes.md).
                let taints = url.join(&location).is_ok_and(|t| {
                    let cur = url.origin();
                    !Origin::of_url(&t).same_origin(&cur)
                        && !Origin::parse(origin).is_ok_and(|o| o.same_origin(&cur))
                });
                let again = if taints { "null" } else { origin };
                let second = match self.classify_access(pf, again) {
                    Some(access) => self.firefox_access_reason(&access, pf),
                    None => FirefoxReason::PreflightDidNotSucceed { status: pf.status },
                };
                lines.push(second.line(&shown));
            }
            // Always one more "did not succeed" line, also after a userinfo redirect's own
            // (recorded: r9-1 in the sample, and the difftest).
            lines.push(FirefoxReason::DidNotSucceed { status: None }.line(&shown));
            return Some(self.fail_with(
                Reason::Firefox(r),
                lines,
                Stage::Preflight,
                shown,
                Some(pf.status),
            ));
        }
        if !status_ok {
            step!(
                self,
                "preflight-status",
                false,
                format!("the preflight answered {}: it must be 2xx", pf.status),
                SPEC_PREFLIGHT,
            );
            let status = pf.status;
            return Some(self.preflight_fail(
                &shown,
                status,
                CorsError::PreflightInvalidStatus,
                String::new(),
                FirefoxReason::PreflightDidNotSucceed { status },
                SafariReason::PreflightNotSuccessful { status },
            ));
        }
        step!(
            self,
            "preflight-status",
            true,
            format!("the preflight answered {}", pf.status),
            SPEC_PREFLIGHT,
        );
        let status = pf.status;
        let acam_raw = headers::get_combined_cow(&pf.headers, "access-control-allow-methods");
        let acah_raw = headers::get_combined_cow(&pf.headers, "access-control-allow-headers");
        let acam: Vec<&str> = match acam_raw.as_deref().map(headers::parse_token_list) {
            None => Vec::new(),
            Some(Ok(v)) => v,
            Some(Err(bad)) => {
                let bad = bad.to_owned();
                let raw = acam_raw.as_deref().unwrap_or_default().to_owned();
                step!(
                    self,
                    "allow-methods-parse",
                    false,
                    format!(
                        "Access-Control-Allow-Methods `{raw}` does not parse: `{bad}` is not a method token (use commas, not spaces or semicolons)"
                    ),
                    SPEC_PREFLIGHT
                );
                return Some(self.preflight_fail(
                    &shown,
                    status,
                    CorsError::InvalidAllowMethodsPreflightResponse,
                    String::new(),
                    FirefoxReason::InvalidAllowMethod(bad),
                    SafariReason::InvalidAllowMethods(raw),
                ));
            }
        };
        // Firefox checks the method before parsing the headers list.
        let acah_result = acah_raw.as_deref().map(headers::parse_token_list);
        if self.browser != Browser::Firefox
            && let Some(Err(bad)) = &acah_result
        {
            return Some(self.allow_headers_unparsable(&shown, status, acah_raw.as_deref(), bad));
        }
        let method_ok = crate::cors::is_method_allowed(method, &acam, self.include);
        if !method_ok {
            let star = acam.contains(&"*");
            let detail = if star && self.include {
                format!(
                    "`{method}` is covered by `*` only for requests without credentials; list it explicitly in Access-Control-Allow-Methods"
                )
            } else if acam.iter().any(|m| m.eq_ignore_ascii_case(method)) {
                format!(
                    "`{method}` is not in Access-Control-Allow-Methods: methods are compared case-sensitively (the list has it in another case)"
                )
            } else {
                format!(
                    "`{method}` is not in Access-Control-Allow-Methods ({})",
                    acam_raw.as_deref().unwrap_or("absent")
                )
            };
            step!(self, "allow-methods", false, detail, SPEC_PREFLIGHT);
            return Some(self.preflight_fail(
                &shown,
                status,
                CorsError::MethodDisallowedByPreflightResponse,
                method.to_owned(),
                FirefoxReason::MethodNotFound,
                SafariReason::MethodNotAllowed(method.to_owned()),
            ));
        }
        step!(
            self,
            "allow-methods",
            true,
            format!("`{method}` is allowed"),
            SPEC_PREFLIGHT,
        );
        if self.browser == Browser::Firefox
            && let Some(Err(bad)) = &acah_result
        {
            return Some(self.allow_headers_unparsable(&shown, status, acah_raw.as_deref(), bad));
        }
        let acah: Vec<&str> = match acah_result {
            Some(Ok(v)) => v,
            _ => Vec::new(),
        };
        let allowed = |name: &str| crate::cors::is_header_allowed(name, &acah, self.include);
        // Chromium walks the names in Blink's header-table order (docs/model-notes.md); Firefox
        // and WebKit sorted.
        // Which name is reported only matters when one fails: skip the ordering otherwise.
        let all_covered = unsafe_names.iter().all(|n| allowed(n));
        let order: Vec<String> = if all_covered {
            Vec::new()
        } else if self.browser == Browser::Chrome {
            self.chromium_header_order(req_headers)
                .into_iter()
                .filter(|n| unsafe_names.contains(n))
                .collect()
        } else if self.browser == Browser::Safari {
            webkit_header_order(req_headers)
                .into_iter()
                .filter(|n| unsafe_names.contains(n))
                .collect()
        } else {
            unsafe_names.to_vec()
        };
        for name in &order {
            if allowed(name) {
                continue;
            }
            let detail = if self.include && acah.contains(&"*") {
                format!(
                    "`{name}` is covered by `*` only for requests without credentials; list it in Access-Control-Allow-Headers"
                )
            } else {
                format!(
                    "the request header `{name}` is not in Access-Control-Allow-Headers ({})",
                    acah_raw.as_deref().unwrap_or("absent")
                )
            };
            step!(self, "allow-headers", false, detail, SPEC_PREFLIGHT);
            let original = webkit_canonical_name(name).map_or_else(
                || {
                    req_headers
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(name))
                        .map_or_else(|| name.clone(), |(n, _)| n.clone())
                },
                str::to_owned,
            );
            return Some(self.preflight_fail(
                &shown,
                status,
                CorsError::HeaderDisallowedByPreflightResponse,
                name.clone(),
                FirefoxReason::MissingAllowHeaderFromPreflight(name.clone()),
                SafariReason::HeaderNotAllowed(original),
            ));
        }
        if !unsafe_names.is_empty() {
            step!(
                self,
                "allow-headers",
                true,
                format!("{} allowed", describe_names(unsafe_names)),
                SPEC_PREFLIGHT,
            );
        }
        None
    }

    /// The request's header names in the order Blink inserted them into its header table:
    /// `fetch()` sorts the script's headers by name, XHR keeps `setRequestHeader` order, and a
    /// `Content-Type` added for a body comes last.
    fn chromium_header_order(&self, req_headers: &[(String, String)]) -> Vec<String> {
        let script_sets_type = self
            .case
            .request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"));
        let mut names: Vec<String> = Vec::new();
        let mut body_type = false;
        for (n, _) in req_headers {
            let lower = n.to_ascii_lowercase();
            if lower == "content-type" && !script_sets_type {
                body_type = true;
            } else if !names.contains(&lower) {
                names.push(lower);
            }
        }
        if self.initiator == Initiator::Fetch {
            names.sort();
        }
        if body_type {
            names.push("content-type".to_owned());
        }
        headers::chromium_header_table_order(&names)
    }

    #[allow(clippy::too_many_arguments)]
    /// `Access-Control-Allow-Headers` does not parse (`bad` is the first item that is not a
    /// header name). Firefox reaches this after the method check, the others before it.
    fn allow_headers_unparsable(
        &mut self,
        shown: &str,
        status: u16,
        raw: Option<&str>,
        bad: &str,
    ) -> Verdict {
        let raw = raw.unwrap_or_default().to_owned();
        step!(
            self,
            "allow-headers-parse",
            false,
            format!(
                "Access-Control-Allow-Headers `{raw}` does not parse: `{bad}` is not a header name (use commas)"
            ),
            SPEC_PREFLIGHT
        );
        self.preflight_fail(
            shown,
            status,
            CorsError::InvalidAllowHeadersPreflightResponse,
            String::new(),
            FirefoxReason::InvalidAllowHeader(bad.to_owned()),
            SafariReason::InvalidAllowHeaders(raw),
        )
    }

    fn preflight_fail(
        &mut self,
        shown: &str,
        status: u16,
        error: CorsError,
        param: String,
        ff: FirefoxReason,
        sf: SafariReason,
    ) -> Verdict {
        let (reason, lines) = match self.browser {
            Browser::Chrome => {
                let line = error.chrome_message(&param, &self.ctx(shown));
                (
                    Reason::Chrome {
                        error,
                        parameter: param,
                    },
                    vec![line],
                )
            }
            Browser::Firefox => {
                let lines = vec![
                    ff.line(shown),
                    FirefoxReason::DidNotSucceed { status: None }.line(shown),
                ];
                (Reason::Firefox(ff), lines)
            }
            Browser::Safari => {
                let lines = vec![sf.line(), safari_cannot_load(self.initiator, shown)];
                (Reason::Safari(sf), lines)
            }
        };
        self.fail_with(
            reason,
            lines,
            Stage::Preflight,
            shown.to_owned(),
            Some(status),
        )
    }
}

/// The order WebKit walks a request's headers: its `HTTPHeaderMap` lists the headers it knows
/// by name (`HTTPHeaderNames.in`) first and all others after, each group in insertion order
/// (docs/model-notes.md). Returns lower-cased names.
fn webkit_header_order(req_headers: &[(String, String)]) -> Vec<String> {
    let lower: Vec<String> = req_headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    let (mut common, other): (Vec<String>, Vec<String>) = lower
        .into_iter()
        .partition(|n| webkit_canonical_name(n).is_some());
    common.extend(other);
    common
}

/// WebKit's spelling of a request header it knows by name (`HTTPHeaderNames.in`); WebKit
/// prints these in this spelling whatever case the script used.
fn webkit_canonical_name(lower: &str) -> Option<&'static str> {
    const COMMON: &[&str] = &[
        "Accept",
        "Accept-Charset",
        "Accept-Encoding",
        "Accept-Language",
        "Authorization",
        "Cache-Control",
        "Content-Encoding",
        "Content-Language",
        "Content-Location",
        "Content-Type",
        "DNT",
        "If-Match",
        "If-Modified-Since",
        "If-None-Match",
        "If-Range",
        "If-Unmodified-Since",
        "Last-Event-ID",
        "Pragma",
        "Purpose",
        "Range",
        "User-Agent",
    ];
    COMMON
        .iter()
        .copied()
        .find(|c| c.eq_ignore_ascii_case(lower))
}

fn describe_names(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    if names.len() == 1 {
        format!("the header {} is", quoted[0])
    } else {
        format!("the headers {} are", quoted.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// What the fast path promises, checked against the `url` crate.
    fn agrees_with_url_crate(text: &str) -> Result<(), String> {
        let Some(origin_len) = simple_url(text) else {
            return Ok(());
        };
        let parsed = Url::parse(text).map_err(|e| format!("{text}: fast path taken, url: {e}"))?;
        let fast = Target::Simple { text, origin_len };
        let slow = Target::Parsed(parsed.clone());
        let checks = [
            ("serialization", parsed.as_str() == text),
            ("userinfo", !has_userinfo(&parsed)),
            ("scheme", fast.scheme() == parsed.scheme()),
            ("display", fast.display() == slow.display()),
            ("origin", fast.origin() == slow.origin()),
            ("same origin", fast.same_origin_as(&slow.origin())),
            ("same url origin", fast.same_origin_with(&parsed)),
            (
                "join",
                fast.join("../x?y#z").ok() == slow.join("../x?y#z").ok(),
            ),
        ];
        for (what, ok) in checks {
            if !ok {
                return Err(format!("{text}: {what} differs from the url crate"));
            }
        }
        Ok(())
    }

    #[test]
    fn a_non_http_url_gets_each_engines_own_line() {
        // XHR from a page opened from disk to another file (issue #20: Firefox and WebKit do
        // print a reason of their own).
        let case: Case = serde_json::from_str(
            r#"{"origin":"null","url":"file:///home/me/site/data.json","request":{"method":"GET","initiator":"xmlhttprequest"}}"#,
        )
        .unwrap();
        let lines = |b| simulate(&case, b).failure.unwrap().lines;
        assert!(lines(Browser::Chrome)[0].ends_with(
            "Cross origin requests are only supported for protocol schemes: chrome, chrome-extension, chrome-untrusted, data, http, https, isolated-app."
        ));
        assert!(lines(Browser::Firefox)[0].ends_with("(Reason: CORS request not http)."));
        assert_eq!(
            lines(Browser::Safari),
            [
                "Cross origin requests are only supported for HTTP.",
                "XMLHttpRequest cannot load file:///home/me/site/data.json due to access control checks."
            ]
        );
        let read = crate::parse::parse(&lines(Browser::Safari).join("\n")).unwrap();
        assert_eq!(read.browser, Some(Browser::Safari));
        assert_eq!(read.kind.map(|k| k.name()), Some("CorsDisabledScheme"));
    }

    #[test]
    fn plain_urls_take_the_fast_path() {
        for text in [
            "http://127.0.0.1:8002/c/s7-0/1",
            "https://api.example.com/v1/items?id=3&x=y",
            "http://localhost:3000/",
            "https://a-b.example/x.json",
        ] {
            assert!(simple_url(text).is_some(), "{text}");
            agrees_with_url_crate(text).unwrap();
        }
    }

    #[test]
    fn odd_urls_go_through_the_url_crate() {
        for text in [
            "HTTP://127.0.0.1:8002/",
            "http://Example.com/",
            "http://example.com:80/",
            "https://example.com:443/",
            "http://example.com",
            "http://127.1/",
            "http://0x7f.0.0.1/",
            "http://[::1]:8080/",
            "http://user:pw@example.com/",
            "http://user@example.com/",
            "http://example.com/a%20b",
            "http://example.com./",
            "http:\\\\example.com\\a",
            "http://example.com/a\tb",
            "http://example.com/a\nb",
            "http://example.com/a/../b",
            "http://example.com/a/./b",
            "http://example.com/a/..",
            "http://example.com/a#frag",
            "http://example.com/a b",
            "http://bücher.de/",
            "http://xn--bcher-kva.de/",
            "http://example.com:08002/",
            "http:/example.com/",
            "ftp://example.com/",
            "http://example.com/é",
            "http://example.com/'q?'",
        ] {
            assert!(simple_url(text).is_none(), "{text:?}");
        }
    }

    fn scheme() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "http", "https", "HTTP", "Https", "ftp", "ws", "file", "data",
        ])
    }

    fn separator() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "://",
            "://",
            "://",
            ":/",
            ":",
            ":\\\\",
            "://user:pw@",
            "://user@",
            "://:pw@",
            ":\t//",
        ])
    }

    fn host() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "127.0.0.1",
                "localhost",
                "Example.COM",
                "xn--nxasmq6b.com",
                "xn--bcher-kva.de",
                "bücher.de",
                "例え.jp",
                "0x7f.1",
                "127.1",
                "1.2.3.4.",
                "01.2.3.4",
                "256.0.0.1",
                "1.2.3",
                "[::1]",
                "[0:0::1]",
                "[::ffff:127.0.0.1]",
                "example.com.",
                "a..b",
                "a%41b.com",
                "a b.com",
                "123",
                "a.123",
                "a.0x1",
                "ex-ample.org",
                "-a.com",
                "a\tb.com",
            ])
            .prop_map(str::to_owned),
            "[a-z0-9.-]{1,12}",
            "[a-zA-Z0-9.%-]{1,10}",
            "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
        ]
    }

    fn port() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "", "", ":80", ":443", ":8002", ":08002", ":", ":65535", ":65536", ":0", ":21",
                ":8a",
            ])
            .prop_map(str::to_owned),
            ":[0-9]{1,6}",
        ]
    }

    fn rest() -> impl Strategy<Value = String> {
        prop_oneof![
            "(/[a-zA-Z0-9._~=&?;:@!$()*+,-]{0,6}){0,4}",
            "(/[a-zA-Z0-9._~%\\\\ \t\n?#=&'\"<>`{}|^é-]{0,6}){0,4}",
            "(/(\\.|\\.\\.|%2e|%2E|\\.%2e|a)){0,4}/?",
            "[?#/\\\\]?[a-z./%?#]{0,8}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 4096,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Whenever the fast path takes a URL, the `url` crate parses it to the very same
        /// string, origin and join results; everything odd falls back.
        #[test]
        fn fast_url_path_agrees_with_the_url_crate(
            scheme in scheme(),
            sep in separator(),
            host in host(),
            port in port(),
            rest in rest(),
        ) {
            let text = format!("{scheme}{sep}{host}{port}{rest}");
            if let Err(e) = agrees_with_url_crate(&text) {
                prop_assert!(false, "{}", e);
            }
        }

        /// Arbitrary text never takes the fast path unless the `url` crate agrees.
        #[test]
        fn fast_url_path_on_any_text(text in "(https?://)?[ -~\t\né例]{0,24}") {
            if let Err(e) = agrees_with_url_crate(&text) {
                prop_assert!(false, "{}", e);
            }
        }
    }
}
