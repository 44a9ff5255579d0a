//! # corsfix-probe
//!
//! `corsfix check`'s engine: probe a live endpoint exactly as the browser would, record the
//! real answers in the [case format](corsfix_model::Case), and let the model judge them, so
//! the verdict is exactly the one `corsfix simulate` gives for the same answers.
//!
//! 1. The request is validated and normalized as `fetch()` does (method normalization,
//!    forbidden headers dropped).
//! 2. For each hop: if the model says a preflight is needed, an `OPTIONS` with `Origin`,
//!    `Access-Control-Request-Method` and `Access-Control-Request-Headers` (lower-case,
//!    sorted, comma-separated, as Chromium writes them) is sent; if Chromium would go on,
//!    the request itself follows. Redirects are never followed by the HTTP client: each hop
//!    is judged, then followed by hand under the browser's rules (method rewrite, `Origin:
//!    null` after a cross-origin hop from a third origin, `Authorization` dropped on a
//!    cross-origin hop, at most 20).
//! 3. A few extra, side-effect-free probes (another origin, `null`, no `Origin`, close
//!    variants of the origin) are recorded too.
//!
//! The result is evidence and the model's verdict on it ([`CheckReport`]): what it means (the
//! cause, the fix, the warnings) is `corsfix-diagnose`'s job, reading
//! [`CheckReport::run`] (a [`ProbeRun`]).
//!
//! Every target passes the [`ssrf::Guard`] first (in the default
//! [`ssrf::NetworkPolicy::AllowAll`] it only resolves); the client connects only to the
//! addresses the guard returned. Nothing here prints.

pub mod ssrf;

mod net;

use std::net::IpAddr;
use std::time::{Duration, Instant};

use corsfix_model::exchange::AddressSpace;
use corsfix_model::simulate::Stage;
use corsfix_model::{
    Browser, Case, CaseResult, Credentials, ErrorResult, Hop, Messages, Mode, Origin,
    PreflightResult, RedirectMode, RequestSpec, ResponseSpec, Simulation, headers, method,
};
use serde::Serialize;
use url::Url;

pub use corsfix_model::exchange::{
    CheckedRequest, Exchange, NetworkError, NetworkErrorKind, ProbeRun, Purpose, is_cors_relevant,
};

use crate::ssrf::{Guard, GuardError, Limits};

/// The `User-Agent` of every probe.
pub const USER_AGENT: &str = concat!(
    "corsfix/",
    env!("CARGO_PKG_VERSION"),
    " (CORS check; sends what Chromium sends)"
);

/// The origin used to test whether the server reflects any origin.
pub const OTHER_ORIGIN: &str = "https://corsfix-probe.example";

/// What to check: the request a page would make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckRequest {
    /// The URL passed to `fetch()`.
    pub url: String,
    /// The page's origin (`https://app.example.com`, or `null`).
    pub origin: String,
    /// The method as the script writes it (`GET` when empty).
    pub method: String,
    /// The headers the script sets.
    pub headers: Vec<(String, String)>,
    /// `credentials: 'include'` (or XHR `withCredentials`).
    pub credentials: bool,
    /// Response headers the script reads (`X-Total-Count`): checked against
    /// `Access-Control-Expose-Headers`.
    pub read_headers: Vec<String>,
    /// `cors` (the default) or `no-cors`.
    pub mode: Mode,
    /// The body the script sends (`fetch(url, {body})`): sent with the request itself, never
    /// with the preflight. JSON endpoints answer an empty body 400/422, which is not what the
    /// browser gets. Without a `Content-Type` header it goes as `text/plain;charset=UTF-8`, as
    /// `fetch()` sends a string body.
    pub body: Option<String>,
    /// Local Network Access: the address space the page is served from (`None`: not known;
    /// the caller may guess it from the origin's host).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_space: Option<AddressSpace>,
    /// Local Network Access: the address space of the server, when the caller knows better
    /// than the addresses the name resolves to (a server behind a NAT or a tunnel).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_space: Option<AddressSpace>,
}

impl CheckRequest {
    /// A `GET` from `origin` to `url`, no headers, no credentials.
    pub fn new(url: impl Into<String>, origin: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            origin: origin.into(),
            method: "GET".to_owned(),
            headers: Vec::new(),
            credentials: false,
            read_headers: Vec::new(),
            mode: Mode::Cors,
            body: None,
            page_space: None,
            target_space: None,
        }
    }
}

/// How to probe.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// Caps on redirects, time and bytes.
    pub limits: Limits,
    /// Accept any TLS certificate.
    pub insecure: bool,
    /// What may be contacted and how names resolve.
    pub guard: Guard,
    /// Send the extra probes (other origin, `null`, no `Origin`, origin variants).
    pub extra_probes: bool,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            insecure: false,
            guard: Guard::allow_all(),
            extra_probes: true,
        }
    }
}

/// The check could not run: bad input, a refused target, or a client that cannot be built.
/// (A network failure is not an error: it is a finding, in the report.)
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CheckError {
    /// The URL is not an absolute http(s) URL.
    #[error("invalid URL `{url}`: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why.
        reason: String,
    },
    /// The origin is not a serialized origin.
    #[error("invalid origin: {reason}")]
    InvalidOrigin {
        /// The origin as given.
        origin: String,
        /// Why.
        reason: String,
    },
    /// The method is not a token, or is forbidden.
    #[error("invalid method `{method}`: {reason}")]
    InvalidMethod {
        /// The method as given.
        method: String,
        /// Why.
        reason: String,
    },
    /// A header line or name or value is malformed.
    #[error("invalid header `{header}`: {reason}")]
    InvalidHeader {
        /// The header as given.
        header: String,
        /// Why.
        reason: String,
    },
    /// A body on a request that cannot have one.
    #[error("invalid body: {reason}")]
    InvalidBody {
        /// Why.
        reason: String,
    },
    /// The SSRF guard refused the target (or a redirect's target).
    #[error(transparent)]
    Refused(GuardError),
    /// The HTTP client could not be set up.
    #[error("cannot set up the HTTP client")]
    Client(#[source] reqwest::Error),
}

/// Parse a `Name: value` header line (curl's `-H` syntax).
///
/// ```
/// let (n, v) = corsfix_probe::parse_header_line("Content-Type: application/json").unwrap();
/// assert_eq!((n.as_str(), v.as_str()), ("Content-Type", "application/json"));
/// assert!(corsfix_probe::parse_header_line("no colon here").is_err());
/// ```
pub fn parse_header_line(line: &str) -> Result<(String, String), CheckError> {
    let bad = |reason: &str| CheckError::InvalidHeader {
        header: line.to_owned(),
        reason: reason.to_owned(),
    };
    let (name, value) = line
        .split_once(':')
        .ok_or_else(|| bad("expected `Name: value`"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(bad("the header name is empty"));
    }
    if !method::is_token(name) {
        return Err(bad(
            "the header name may only contain letters, digits and !#$%&'*+-.^_`|~",
        ));
    }
    let value = headers::trim_http_whitespace(value);
    if value.bytes().any(|b| b == 0 || b == b'\r' || b == b'\n') {
        return Err(bad("the value contains a line break or NUL"));
    }
    Ok((name.to_owned(), value.to_owned()))
}

/// One browser's verdict in short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrowserVerdict {
    /// Whether the script gets the response.
    pub allowed: bool,
    /// The error kind (`CorsError` name, `NetworkError`, `MixedContent`), when blocked.
    pub kind: Option<String>,
    /// The console lines the browser prints, in order.
    pub lines: Vec<String>,
}

/// The three engines' verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Browsers {
    /// Chromium.
    pub chrome: BrowserVerdict,
    /// Firefox.
    pub firefox: BrowserVerdict,
    /// Safari.
    pub safari: BrowserVerdict,
}

/// Everything `check` recorded, and the model's verdict on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// The evidence: the request as checked, every exchange, the extra probes, the network
    /// error, the recorded answers as a case (flattened into this object in JSON).
    #[serde(flatten)]
    pub run: ProbeRun,
    /// Chromium's verdict in the `simulate --json` result format.
    pub verdict: CaseResult,
    /// Each engine's verdict and console lines.
    pub browsers: Browsers,
}

/// Validate a request without sending anything.
pub fn validate(req: &CheckRequest) -> Result<(Url, Origin), CheckError> {
    let url = parse_url(&req.url)?;
    let origin = Origin::parse(req.origin.trim()).map_err(|e| CheckError::InvalidOrigin {
        origin: req.origin.clone(),
        reason: e.to_string(),
    })?;
    let m = if req.method.is_empty() {
        "GET"
    } else {
        req.method.as_str()
    };
    if !method::is_token(m) {
        return Err(CheckError::InvalidMethod {
            method: m.to_owned(),
            reason: "a method is a token such as GET, PUT or PATCH".to_owned(),
        });
    }
    if method::is_forbidden(m) {
        return Err(CheckError::InvalidMethod {
            method: m.to_owned(),
            reason: "browsers refuse CONNECT, TRACE and TRACK".to_owned(),
        });
    }
    for (name, value) in &req.headers {
        parse_header_line(&format!("{name}: {value}"))?;
    }
    if req.body.is_some() && matches!(method::normalize(m).as_str(), "GET" | "HEAD") {
        return Err(CheckError::InvalidBody {
            reason: format!(
                "fetch() refuses a body on {} (\"Request with GET/HEAD method cannot have body.\")",
                method::normalize(m)
            ),
        });
    }
    Ok((url, origin))
}

fn parse_url(text: &str) -> Result<Url, CheckError> {
    let bad = |reason: String| CheckError::InvalidUrl {
        url: text.to_owned(),
        reason,
    };
    let text_t = text.trim();
    let url = Url::parse(text_t).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => bad(format!(
            "it has no scheme; write it in full, e.g. `https://{text_t}`"
        )),
        other => bad(other.to_string()),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        // `localhost:3000/x` parses with the scheme `localhost`.
        let hint = if url.cannot_be_a_base() || url.host().is_none() {
            format!("; did you mean `http://{text_t}`?")
        } else {
            String::new()
        };
        return Err(bad(format!(
            "only http and https URLs can be checked, not `{}:`{hint}",
            url.scheme()
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "it contains a user name or password, which fetch() refuses".to_owned(),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("it has no host".to_owned()));
    }
    Ok(url)
}

/// `Sec-Fetch-Site` (with a two-label guess at the registrable domain).
fn fetch_site(page: &Origin, url: &Url, tainted: bool) -> &'static str {
    if tainted || page.is_opaque() {
        return "cross-site";
    }
    if Origin::of_url(url).same_origin(page) {
        return "same-origin";
    }
    let Ok(p) = Url::parse(page.as_str()) else {
        return "cross-site";
    };
    if corsfix_model::origin::site_guess(&p) == corsfix_model::origin::site_guess(url) {
        "same-site"
    } else {
        "cross-site"
    }
}

/// A hop's recorded answers.
#[derive(Debug, Clone)]
struct HopRec {
    preflight: Option<ResponseSpec>,
    actual: Option<ResponseSpec>,
    /// The most private address space the hop's host resolved to.
    space: Option<AddressSpace>,
}

fn build_case(spec: &RequestSpec, origin: &str, url: &Url, hops: &[HopRec]) -> Case {
    let mut next: Option<Box<Hop>> = None;
    for hop in hops.iter().skip(1).rev() {
        let actual = hop.actual.clone().map(|mut a| {
            a.next = next.take();
            a
        });
        next = Some(Box::new(Hop {
            target: hop.space,
            preflight: hop.preflight.clone(),
            actual,
        }));
    }
    let first = hops.first();
    Case {
        address_space: None,
        lna_permission: None,
        id: None,
        origin: origin.to_owned(),
        url: url.as_str().to_owned(),
        request: spec.clone(),
        preflight: first.and_then(|h| h.preflight.clone()),
        actual: first.and_then(|h| {
            h.actual.clone().map(|mut a| {
                a.next = next.take();
                a
            })
        }),
    }
}

/// Local Network Access: keep the case's `address_space` (the page's space from the request,
/// the target's from the request or the resolved addresses) only when it matters: the page is
/// more public than a server the request reaches (or an https page reaches an http local
/// server), or the caller named a space. Otherwise the case stays same-space, as before.
fn settle_address_space(case: &mut Case, req: &CheckRequest) {
    let resolved = case.address_space.take();
    let Some(page) = req.page_space else {
        return;
    };
    let Some(first) = req.target_space.or(resolved.map(|a| a.target)) else {
        return;
    };
    let mut spaces = vec![first];
    let mut hop = case.actual.as_ref().and_then(|a| a.next.as_deref());
    while let Some(h) = hop {
        spaces.extend(h.target);
        hop = h.actual.as_ref().and_then(|a| a.next.as_deref());
    }
    let gated = spaces
        .iter()
        .any(|&t| corsfix_model::lna::is_less_public(t, page));
    let https_to_http_local = case.origin.starts_with("https://")
        && case.url.starts_with("http://")
        && first != AddressSpace::Public;
    if gated || https_to_http_local || req.target_space.is_some() {
        case.address_space = Some(corsfix_model::AddressSpaces {
            page,
            target: first,
            frame: None,
        });
    } else {
        // Same-space: drop the per-hop targets too.
        let mut hop = case.actual.as_mut().and_then(|a| a.next.as_deref_mut());
        while let Some(h) = hop {
            h.target = None;
            hop = h.actual.as_mut().and_then(|a| a.next.as_deref_mut());
        }
    }
}

fn spec_of(rec: &net::Received) -> ResponseSpec {
    ResponseSpec {
        status: rec.status,
        headers: rec.headers.clone(),
        next: None,
    }
}

/// Where Chromium stops on the recorded answers so far (unrecorded answers default to a bare
/// 200, which can only fail later than anything recorded).
fn chrome_stop(case: &Case) -> Option<(Stage, String)> {
    let v = corsfix_model::simulate(case, Browser::Chrome);
    v.failure.map(|f| (f.stage, f.url))
}

struct Prober<'a> {
    opts: &'a ProbeOptions,
    client: reqwest::Client,
    pins: net::Pins,
    deadline: Instant,
    checked_hosts: Vec<String>,
    address_spaces: Vec<AddressSpace>,
}

impl Prober<'_> {
    /// Check `url` against the guard and pin its addresses; the most private address space
    /// among them.
    async fn admit(&mut self, url: &Url) -> Result<Option<AddressSpace>, GuardError> {
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let target = self.opts.guard.check(url).await?;
        let mut most_private = None;
        for a in &target.addrs {
            let space = corsfix_model::exchange::ip_address_space(a.ip());
            if !self.address_spaces.contains(&space) {
                self.address_spaces.push(space);
            }
            most_private = Some(most_private.map_or(space, |m: AddressSpace| m.min(space)));
        }
        if !target.is_ip_literal && !self.checked_hosts.contains(&host) {
            self.pins.set(&host, target.addrs);
            self.checked_hosts.push(host);
        }
        Ok(most_private)
    }

    async fn exchange(
        &self,
        purpose: Purpose,
        hop: u32,
        method: &str,
        url: &Url,
        headers: Vec<(String, String)>,
        body: Option<&[u8]>,
    ) -> (Exchange, Option<net::Received>) {
        let left = self.deadline.saturating_duration_since(Instant::now());
        let (result, elapsed) = if left.is_zero() {
            (
                Err(NetworkError {
                    kind: NetworkErrorKind::Timeout,
                    message: "the check's total time limit was reached".to_owned(),
                }),
                Duration::ZERO,
            )
        } else {
            match tokio::time::timeout(
                left.min(self.opts.limits.timeout),
                net::send(
                    &self.client,
                    &net::Outgoing {
                        method,
                        url,
                        headers: &headers,
                        body,
                    },
                    self.opts.limits.max_body_bytes,
                    self.opts.limits.max_header_bytes,
                ),
            )
            .await
            {
                Ok(r) => r,
                Err(_) => (
                    Err(NetworkError {
                        kind: NetworkErrorKind::Timeout,
                        message: if purpose == Purpose::Preflight {
                            format!(
                                "the preflight (OPTIONS) got no answer from {} in {} s: the server never answers OPTIONS here, and Chrome leaves the request pending",
                                url.host_str().unwrap_or_default(),
                                left.min(self.opts.limits.timeout).as_secs()
                            )
                        } else {
                            format!(
                                "timed out: {} did not answer in time",
                                url.host_str().unwrap_or_default()
                            )
                        },
                    }),
                    left.min(self.opts.limits.timeout),
                ),
            }
        };
        let mut ex = Exchange {
            purpose,
            hop,
            method: method.to_owned(),
            url: url.as_str().to_owned(),
            request_headers: headers,
            status: None,
            response_headers: Vec::new(),
            http_version: None,
            remote_addr: None,
            elapsed_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            body_bytes: 0,
            body_truncated: false,
            body: None,
            error: None,
        };
        match result {
            Ok(rec) => {
                ex.status = Some(rec.status);
                ex.response_headers.clone_from(&rec.headers);
                ex.http_version = Some(rec.http_version.clone());
                ex.remote_addr = rec.remote_addr.map(|a| a.to_string());
                ex.body_bytes = rec.body_bytes;
                ex.body_truncated = rec.body_truncated;
                ex.body.clone_from(&rec.body_text);
                (ex, Some(rec))
            }
            Err(e) => {
                ex.error = Some(e);
                (ex, None)
            }
        }
    }
}

/// The request headers Chromium sends on a preflight.
fn preflight_headers(
    request_origin: &str,
    method: &str,
    unsafe_names: &[String],
    site: &str,
    referer: Option<&str>,
) -> Vec<(String, String)> {
    let mut h = vec![
        ("Accept".to_owned(), "*/*".to_owned()),
        (
            "Access-Control-Request-Method".to_owned(),
            method.to_owned(),
        ),
    ];
    if !unsafe_names.is_empty() {
        h.push((
            "Access-Control-Request-Headers".to_owned(),
            unsafe_names.join(","),
        ));
    }
    h.push(("Origin".to_owned(), request_origin.to_owned()));
    h.push(("Sec-Fetch-Mode".to_owned(), "cors".to_owned()));
    h.push(("Sec-Fetch-Site".to_owned(), site.to_owned()));
    h.push(("Sec-Fetch-Dest".to_owned(), "empty".to_owned()));
    if let Some(r) = referer {
        h.push(("Referer".to_owned(), r.to_owned()));
    }
    h.push(("User-Agent".to_owned(), USER_AGENT.to_owned()));
    h
}

/// The request headers Chromium sends on the request itself.
fn actual_headers(
    script_headers: &[(String, String)],
    origin: Option<&str>,
    mode: Mode,
    site: &str,
    referer: Option<&str>,
) -> Vec<(String, String)> {
    let mut h: Vec<(String, String)> = script_headers.to_vec();
    if !h.iter().any(|(n, _)| n.eq_ignore_ascii_case("accept")) {
        h.insert(0, ("Accept".to_owned(), "*/*".to_owned()));
    }
    if let Some(o) = origin {
        h.push(("Origin".to_owned(), o.to_owned()));
    }
    let mode = match mode {
        Mode::NoCors => "no-cors",
        Mode::SameOrigin => "same-origin",
        Mode::Cors => "cors",
    };
    h.push(("Sec-Fetch-Mode".to_owned(), mode.to_owned()));
    h.push(("Sec-Fetch-Site".to_owned(), site.to_owned()));
    h.push(("Sec-Fetch-Dest".to_owned(), "empty".to_owned()));
    if let Some(r) = referer {
        h.push(("Referer".to_owned(), r.to_owned()));
    }
    h.push(("User-Agent".to_owned(), USER_AGENT.to_owned()));
    h
}

/// What the main run produced, before diagnosis.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub(crate) exchanges: Vec<Exchange>,
    pub(crate) network_error: Option<NetworkError>,
    /// The URL of a hop blocked as mixed content (never sent).
    pub(crate) mixed_content: Option<String>,
    pub(crate) case: Case,
    pub(crate) preflight_sent: bool,
    pub(crate) preflight_request_headers: Vec<(String, String)>,
    pub(crate) actual_sent: bool,
    pub(crate) address_spaces: Vec<AddressSpace>,
}

/// Probe `req` as the browser would and judge it.
///
/// `Err` only when the check cannot run (bad input, a target the guard refuses, a client that
/// cannot be built); a network failure is a finding in the report.
pub async fn check(req: &CheckRequest, opts: &ProbeOptions) -> Result<CheckReport, CheckError> {
    let (url, page_origin) = validate(req)?;
    let pins = net::Pins::default();
    let client =
        net::client(&pins, opts.limits.timeout, opts.insecure).map_err(CheckError::Client)?;
    let mut prober = Prober {
        opts,
        client,
        pins,
        deadline: Instant::now() + opts.limits.total_timeout,
        checked_hosts: Vec::new(),
        address_spaces: Vec::new(),
    };
    let script_method = if req.method.is_empty() {
        "GET".to_owned()
    } else {
        req.method.clone()
    };
    // The script's headers as fetch() keeps them: forbidden ones dropped, repeats combined.
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut dropped = Vec::new();
    for (name, value) in &req.headers {
        let value = headers::trim_http_whitespace(value);
        if headers::is_forbidden_request_header(name, value, Browser::Chrome) {
            dropped.push(name.clone());
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
    // fetch() sends a string body as text/plain when the script set no Content-Type.
    if req.body.is_some()
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        headers.push((
            "Content-Type".to_owned(),
            "text/plain;charset=UTF-8".to_owned(),
        ));
    }
    if req.mode == Mode::NoCors {
        headers.retain(|(n, v)| {
            matches!(
                n.to_ascii_lowercase().as_str(),
                "accept" | "accept-language" | "content-language" | "content-type"
            ) && headers::is_cors_safelisted_request_header(n, v, Browser::Chrome)
        });
    }
    let spec = RequestSpec {
        target_address_space: None,
        method: script_method.clone(),
        headers: req.headers.clone(),
        credentials: if req.credentials {
            Credentials::Include
        } else {
            Credentials::SameOrigin
        },
        mode: req.mode,
        read_headers: req.read_headers.clone(),
        redirect: RedirectMode::Follow,
        body: req.body.clone(),
        initiator: corsfix_model::Initiator::Fetch,
    };
    let checked = CheckedRequest {
        url: url.as_str().to_owned(),
        origin: page_origin.as_str().to_owned(),
        method: method::normalize(&script_method),
        headers: headers.clone(),
        dropped_headers: dropped,
        credentials: req.credentials,
        read_headers: req.read_headers.clone(),
        mode: req.mode,
        body_bytes: req.body.as_ref().map(String::len),
    };

    let run = main_run(
        &mut prober,
        &spec,
        &page_origin,
        &url,
        &checked.method,
        headers,
        req.body.as_deref().map(str::as_bytes),
    )
    .await?;
    let mut run = run;
    settle_address_space(&mut run.case, req);
    let extra = if opts.extra_probes && run.network_error.is_none() && run.mixed_content.is_none() {
        extra_probes(&mut prober, &run, &checked, &page_origin).await
    } else {
        Vec::new()
    };
    let sim = Simulation::run(&run.case);
    let (verdict, browsers) = verdicts(&run, &sim, &checked);
    let has_response = run.exchanges.iter().any(|e| e.status.is_some());
    Ok(CheckReport {
        run: ProbeRun {
            request: checked,
            exchanges: run.exchanges,
            extra,
            network_error: run.network_error,
            mixed_content: run.mixed_content,
            address_spaces: run.address_spaces,
            case: has_response.then_some(run.case),
        },
        verdict,
        browsers,
    })
}

#[allow(clippy::too_many_lines)]
async fn main_run(
    prober: &mut Prober<'_>,
    spec: &RequestSpec,
    page_origin: &Origin,
    first_url: &Url,
    first_method: &str,
    mut headers: Vec<(String, String)>,
    mut body: Option<&[u8]>,
) -> Result<Run, CheckError> {
    let mode = spec.mode;
    let mut url = first_url.clone();
    let mut method = first_method.to_owned();
    let mut tainted = false;
    let mut cors_tainting = false;
    let mut hops: Vec<HopRec> = Vec::new();
    let mut exchanges = Vec::new();
    let mut preflight_sent = false;
    let mut preflight_request_headers = Vec::new();
    let mut actual_sent = false;
    let mut network_error = None;
    let mut mixed_content = None;
    let page_is_https = page_origin.as_str().starts_with("https://");
    let referer = (!page_origin.is_opaque()).then(|| format!("{}/", page_origin.as_str()));
    let origin_str = page_origin.as_str().to_owned();
    let mut hop_no = 0u32;
    loop {
        // Mixed content, with Chromium's exemption for a private IP literal or a `.local`
        // name (Local Network Access then applies: the model judges it from the case).
        if page_is_https
            && corsfix_model::lna::mixed_content(Browser::Chrome, &origin_str, &url, None)
                == corsfix_model::lna::MixedContent::Blocked
        {
            mixed_content = Some(url.as_str().to_owned());
            break;
        }
        let mut space = None;
        match prober.admit(&url).await {
            Ok(s) => space = s,
            Err(GuardError::Resolve { host, source }) => {
                network_error = Some(NetworkError {
                    kind: NetworkErrorKind::NameNotResolved,
                    message: format!("DNS lookup failed: {host} does not resolve ({source})"),
                });
            }
            Err(GuardError::NoAddresses { host }) => {
                network_error = Some(NetworkError {
                    kind: NetworkErrorKind::NameNotResolved,
                    message: format!("DNS lookup failed: {host} has no addresses"),
                });
            }
            Err(other) => return Err(CheckError::Refused(other)),
        }
        if network_error.is_some() {
            let ex = Exchange {
                purpose: Purpose::Actual,
                hop: hop_no,
                method: method.clone(),
                url: url.as_str().to_owned(),
                request_headers: Vec::new(),
                status: None,
                response_headers: Vec::new(),
                http_version: None,
                remote_addr: None,
                elapsed_ms: 0,
                body_bytes: 0,
                body_truncated: false,
                body: None,
                error: network_error.clone(),
            };
            exchanges.push(ex);
            break;
        }
        let cur_origin = Origin::of_url(&url);
        let same_origin = cur_origin.same_origin(page_origin);
        let cors_flag = mode == Mode::Cors && (cors_tainting || !same_origin);
        let request_origin = if tainted {
            "null".to_owned()
        } else {
            origin_str.clone()
        };
        let site = fetch_site(page_origin, &url, tainted);
        hops.push(HopRec {
            preflight: None,
            actual: None,
            space,
        });
        let idx = hops.len() - 1;
        if cors_flag {
            cors_tainting = true;
            let unsafe_names = headers::cors_unsafe_request_header_names(&headers, Browser::Chrome);
            let needs = corsfix_model::cors::needs_preflight(&method, &headers, Browser::Chrome);
            if needs {
                let h = preflight_headers(
                    &request_origin,
                    &method,
                    &unsafe_names,
                    site,
                    referer.as_deref(),
                );
                if !preflight_sent {
                    preflight_sent = true;
                    preflight_request_headers = h
                        .iter()
                        .filter(|(n, _)| n.starts_with("Access-Control-Request-"))
                        .cloned()
                        .collect();
                }
                let (ex, rec) = prober
                    .exchange(Purpose::Preflight, hop_no, "OPTIONS", &url, h, None)
                    .await;
                let err = ex.error.clone();
                exchanges.push(ex);
                let Some(rec) = rec else {
                    network_error = err;
                    break;
                };
                hops[idx].preflight = Some(spec_of(&rec));
                let case = build_case(spec, &origin_str, first_url, &hops);
                if let Some((Stage::Preflight, _)) = chrome_stop(&case) {
                    break;
                }
            }
        }
        let origin_header = (cors_flag || !matches!(method.as_str(), "GET" | "HEAD"))
            .then_some(request_origin.as_str());
        let h = actual_headers(&headers, origin_header, mode, site, referer.as_deref());
        actual_sent = true;
        let (ex, rec) = prober
            .exchange(Purpose::Actual, hop_no, &method, &url, h, body)
            .await;
        let err = ex.error.clone();
        exchanges.push(ex);
        let Some(rec) = rec else {
            network_error = err;
            break;
        };
        hops[idx].actual = Some(spec_of(&rec));
        let location = headers::get_combined(&rec.headers, "location");
        let is_redirect = matches!(rec.status, 301 | 302 | 303 | 307 | 308) && location.is_some();
        if !is_redirect {
            break;
        }
        let case = build_case(spec, &origin_str, first_url, &hops);
        if chrome_stop(&case)
            .is_some_and(|(stage, u)| stage == Stage::Redirect && u == url.as_str())
        {
            break;
        }
        let hop = match corsfix_model::cors::next_hop(
            &url,
            rec.status,
            location.as_deref().unwrap_or_default(),
            &method,
        ) {
            Ok(hop) => hop,
            Err(e) => {
                network_error = Some(NetworkError {
                    kind: NetworkErrorKind::InvalidRedirect,
                    message: e.to_string(),
                });
                break;
            }
        };
        let next_url = hop.url.clone();
        if !next_url.username().is_empty() || next_url.password().is_some() {
            // The model judges this (a CORS error or a network error); nothing more is sent.
            hops.push(HopRec {
                preflight: None,
                actual: None,
                space: None,
            });
            break;
        }
        if hop_no + 1 > prober.opts.limits.max_redirects {
            network_error = Some(NetworkError {
                kind: NetworkErrorKind::TooManyRedirects,
                message: format!(
                    "more than {} redirects (the browser gives up: net::ERR_TOO_MANY_REDIRECTS)",
                    prober.opts.limits.max_redirects
                ),
            });
            break;
        }
        if hop.method_changed {
            method.clone_from(&hop.method);
            body = None;
            headers.retain(|(n, _)| !corsfix_model::cors::is_request_body_header_name(n));
        }
        if hop.cross_origin {
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case("authorization"));
            if !page_origin.same_origin(&cur_origin) {
                tainted = true;
            }
        }
        url = next_url;
        hop_no += 1;
    }
    let mut case = build_case(spec, &origin_str, first_url, &hops);
    case.address_space = hops.first().and_then(|h| h.space).map(|target| {
        corsfix_model::AddressSpaces {
            // Filled in by `check` (the page's space is the caller's to say).
            page: target,
            target,
            frame: None,
        }
    });
    Ok(Run {
        exchanges,
        network_error,
        mixed_content,
        case,
        preflight_sent,
        preflight_request_headers,
        actual_sent,
        address_spaces: prober.address_spaces.clone(),
    })
}

fn replace_origin(headers: &[(String, String)], origin: Option<&str>) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(headers.len());
    let mut placed = false;
    for (n, v) in headers {
        if n.eq_ignore_ascii_case("origin") {
            if let Some(o) = origin {
                out.push((n.clone(), o.to_owned()));
                placed = true;
            }
        } else if n.eq_ignore_ascii_case("referer") && origin.is_none() {
            // A plain <img> or navigation-less load sends no Origin; keep the Referer.
            out.push((n.clone(), v.clone()));
        } else {
            out.push((n.clone(), v.clone()));
        }
    }
    if let (Some(o), false) = (origin, placed) {
        out.push(("Origin".to_owned(), o.to_owned()));
    }
    out
}

/// Close variants of an origin that servers are often configured with by mistake.
pub(crate) fn origin_variants(origin: &Origin) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let Ok(u) = Url::parse(origin.as_str()) else {
        return out;
    };
    let scheme = u.scheme();
    let host = u.host_str().unwrap_or_default().to_owned();
    let port = u.port();
    let fmt = |scheme: &str, host: &str, port: Option<u16>| match port {
        Some(p) => format!("{scheme}://{host}:{p}"),
        None => format!("{scheme}://{host}"),
    };
    out.push(format!("{}/", origin.as_str()));
    let other_scheme = if scheme == "https" { "http" } else { "https" };
    out.push(fmt(other_scheme, &host, port));
    match host.as_str() {
        "localhost" => out.push(fmt(scheme, "127.0.0.1", port)),
        "127.0.0.1" => out.push(fmt(scheme, "localhost", port)),
        h if h.parse::<IpAddr>().is_err() && !h.starts_with('[') => {
            if let Some(bare) = h.strip_prefix("www.") {
                out.push(fmt(scheme, bare, port));
            } else {
                out.push(fmt(scheme, &format!("www.{h}"), port));
            }
        }
        _ => {}
    }
    if matches!(host.as_str(), "localhost" | "127.0.0.1") {
        for p in [3000u16, 5173, 8080, 4200, 8000] {
            if port != Some(p) {
                out.push(fmt(scheme, &host, Some(p)));
            }
        }
    }
    out.retain(|v| v != origin.as_str());
    out.dedup();
    out
}

async fn extra_probes(
    prober: &mut Prober<'_>,
    run: &Run,
    req: &CheckedRequest,
    page_origin: &Origin,
) -> Vec<Exchange> {
    let mut out = Vec::new();
    let Some(first) = run.exchanges.first() else {
        return out;
    };
    if first.status.is_none() || req.mode != Mode::Cors {
        return out;
    }
    let Ok(url) = Url::parse(&first.url) else {
        return out;
    };
    if Origin::of_url(&url).same_origin(page_origin) {
        return out;
    }
    let safe_actual = matches!(req.method.as_str(), "GET" | "HEAD");
    // The exchange to repeat: the preflight (always side-effect free), or a GET/HEAD.
    let template = match first.purpose {
        Purpose::Preflight => Some(first),
        Purpose::Actual if safe_actual => Some(first),
        _ => None,
    };
    if let Some(t) = template {
        let mut origins = vec![(Purpose::OtherOrigin, OTHER_ORIGIN.to_owned())];
        if !page_origin.is_opaque() {
            origins.push((Purpose::NullOrigin, "null".to_owned()));
        }
        let acao = t.header("access-control-allow-origin");
        let acao_ok = acao
            .as_deref()
            .is_some_and(|v| v == page_origin.as_str() || v == "*");
        // Variants help whenever the server answers without our origin, a refused preflight
        // (4xx/5xx) too: a CORS layer that refuses origins it does not know often answers
        // 400/403, and "works from :3000, not from :5173" is what the variants find.
        let answered = t.status.is_some();
        if !acao_ok && answered && !auth_refusal(t) && !page_origin.is_opaque() {
            for v in origin_variants(page_origin).into_iter().take(10) {
                origins.push((Purpose::OriginVariant, v));
            }
        }
        for (purpose, o) in origins {
            let h = replace_origin(&t.request_headers, Some(&o));
            let (ex, _) = prober.exchange(purpose, 0, &t.method, &url, h, None).await;
            out.push(ex);
        }
        // The same exchange from the page's origin again, after the other origin: a shared
        // cache that ignores Origin now answers with the other origin's headers (or ours).
        if t.purpose == Purpose::Preflight && preflight_refused(run) && !auth_refusal(t) {
            for (purpose, h) in preflight_variants(&t.request_headers) {
                let (ex, _) = prober.exchange(purpose, 0, &t.method, &url, h, None).await;
                out.push(ex);
            }
        }
    }
    // No CORS header at all where the browser failed: does CORS run anywhere on this server?
    let last_answered = run
        .exchanges
        .iter()
        .rev()
        .find(|e| e.status.is_some() && e.hop == 0);
    let failed_without_acao = last_answered
        .is_some_and(|e| e.header("access-control-allow-origin").is_none() && !auth_refusal(e));
    if failed_without_acao && !page_origin.is_opaque() {
        let paths = other_paths(&url);
        for path_url in &paths {
            let h = other_path_headers(page_origin, first);
            let (ex, _) = prober
                .exchange(Purpose::OtherPath, 0, "GET", path_url, h, None)
                .await;
            out.push(ex);
        }
        // The failed preflight again, beside the URL: answered with CORS there, the CORS
        // layer answers preflights, only not in front of this route; refused there too,
        // nothing on the server answers OPTIONS.
        let failed_preflight = last_answered.filter(|e| e.purpose == Purpose::Preflight);
        if let (Some(p), Some(path_url)) = (failed_preflight, paths.first()) {
            let (ex, _) = prober
                .exchange(
                    Purpose::OtherPath,
                    0,
                    "OPTIONS",
                    path_url,
                    p.request_headers.clone(),
                    None,
                )
                .await;
            out.push(ex);
        }
    }
    if safe_actual {
        let actual = run
            .exchanges
            .iter()
            .find(|e| e.purpose == Purpose::Actual && e.hop == 0);
        if let Some(a) = actual.filter(|a| a.status.is_some()) {
            let h = replace_origin(&a.request_headers, None)
                .into_iter()
                .filter(|(n, _)| !n.eq_ignore_ascii_case("sec-fetch-mode"))
                .chain(std::iter::once((
                    "Sec-Fetch-Mode".to_owned(),
                    "no-cors".to_owned(),
                )))
                .collect();
            let (ex, _) = prober
                .exchange(Purpose::NoOrigin, 0, &a.method, &url, h, None)
                .await;
            out.push(ex);
        }
    }
    out
}

/// An authentication refusal (401, 407, or `WWW-Authenticate`): it refuses every origin, method
/// and path alike, so the variant probes could not tell anything apart.
fn auth_refusal(e: &Exchange) -> bool {
    matches!(e.status, Some(401 | 407)) || e.header("www-authenticate").is_some()
}

/// Whether Chromium stops at a preflight on the recorded answers.
fn preflight_refused(run: &Run) -> bool {
    matches!(chrome_stop(&run.case), Some((Stage::Preflight, _)))
}

/// The refused preflight's variants: a simple method instead of the one asked for, and fewer
/// request headers (none; and with several, each one left out in turn, at most four).
fn preflight_variants(headers: &[(String, String)]) -> Vec<(Purpose, Vec<(String, String)>)> {
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let with = |name: &str, value: Option<&str>| -> Vec<(String, String)> {
        headers
            .iter()
            .filter_map(|(n, v)| {
                if n.eq_ignore_ascii_case(name) {
                    value.map(|x| (n.clone(), x.to_owned()))
                } else {
                    Some((n.clone(), v.clone()))
                }
            })
            .collect()
    };
    let mut out = Vec::new();
    if let Some(m) = get("access-control-request-method")
        && !method::is_cors_safelisted(&m)
    {
        out.push((
            Purpose::MethodVariant,
            with("access-control-request-method", Some("GET")),
        ));
    }
    if let Some(h) = get("access-control-request-headers") {
        out.push((
            Purpose::HeaderVariant,
            with("access-control-request-headers", None),
        ));
        let names: Vec<&str> = h
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        if names.len() > 1 {
            for skip in names.iter().take(4) {
                let rest: Vec<&str> = names.iter().copied().filter(|n| n != skip).collect();
                out.push((
                    Purpose::HeaderVariant,
                    with("access-control-request-headers", Some(&rest.join(","))),
                ));
            }
        }
    }
    out
}

/// Paths that exist on no server: one beside the URL's path, one at the root.
fn other_paths(url: &Url) -> Vec<Url> {
    const NAME: &str = "corsfix-probe-no-such-path";
    let mut out = Vec::new();
    let path = url.path();
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    if !dir.is_empty() {
        let mut u = url.clone();
        u.set_path(&format!("{dir}/{NAME}"));
        u.set_query(None);
        out.push(u);
    }
    let mut root = url.clone();
    root.set_path(&format!("/{NAME}"));
    root.set_query(None);
    if !out.contains(&root) {
        out.push(root);
    }
    out
}

/// A plain cross-origin `GET` from the page, as `fetch()` sends it.
fn other_path_headers(page_origin: &Origin, like: &Exchange) -> Vec<(String, String)> {
    let site = like
        .request_header("sec-fetch-site")
        .unwrap_or("cross-site")
        .to_owned();
    let referer = (!page_origin.is_opaque()).then(|| format!("{}/", page_origin.as_str()));
    actual_headers(
        &[],
        Some(page_origin.as_str()),
        Mode::Cors,
        &site,
        referer.as_deref(),
    )
}

fn browser_verdict(v: &corsfix_model::Verdict) -> BrowserVerdict {
    BrowserVerdict {
        allowed: v.allowed,
        kind: v.failure_kind().map(str::to_owned),
        lines: v.console_lines().to_vec(),
    }
}

/// The verdicts: the model's, or (when the browser never got a response) the network error's.
fn verdicts(run: &Run, sim: &Simulation, req: &CheckedRequest) -> (CaseResult, Browsers) {
    let blocked = |kind: &str, chrome: Vec<String>, firefox: Vec<String>, safari: Vec<String>| {
        let result = CaseResult {
            id: None,
            allowed: false,
            preflight: PreflightResult {
                sent: run.preflight_sent,
                request_headers: run.preflight_request_headers.clone(),
            },
            actual_sent: run.actual_sent,
            error: Some(ErrorResult {
                kind: kind.to_owned(),
                messages: Messages {
                    chrome: chrome.first().cloned(),
                    firefox: firefox.first().cloned(),
                    safari: safari.first().cloned(),
                },
            }),
            response: None,
        };
        let bv = |lines: Vec<String>| BrowserVerdict {
            allowed: false,
            kind: Some(kind.to_owned()),
            lines,
        };
        (
            result,
            Browsers {
                chrome: bv(chrome),
                firefox: bv(firefox),
                safari: bv(safari),
            },
        )
    };
    if let Some(target) = &run.mixed_content {
        let [c, f, s] = corsfix_model::messages::mixed_content_lines(&req.origin, target);
        return blocked("MixedContent", c, f, s);
    }
    if let Some(err) = &run.network_error {
        let url = run
            .exchanges
            .last()
            .map_or_else(|| req.url.clone(), |e| e.url.clone());
        let method = run
            .exchanges
            .last()
            .map_or_else(|| req.method.clone(), |e| e.method.clone());
        let [c, f, s] = corsfix_model::messages::network_error_lines(err.kind, &method, &url);
        return blocked("NetworkError", c, f, s);
    }
    let result = sim.result(None, Browser::Chrome);
    let browsers = Browsers {
        chrome: browser_verdict(&sim.chrome),
        firefox: browser_verdict(&sim.firefox),
        safari: browser_verdict(&sim.safari),
    };
    (result, browsers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_variants_cover_the_usual_typos() {
        let v = origin_variants(&Origin::parse("http://localhost:5173").unwrap());
        for expected in [
            "http://localhost:5173/",
            "https://localhost:5173",
            "http://127.0.0.1:5173",
            "http://localhost:3000",
        ] {
            assert!(v.iter().any(|x| x == expected), "{expected} not in {v:?}");
        }
        assert!(!v.iter().any(|x| x == "http://localhost:5173"));
        let v = origin_variants(&Origin::parse("https://www.example.com").unwrap());
        assert!(v.iter().any(|x| x == "https://example.com"), "{v:?}");
        assert!(v.iter().any(|x| x == "http://www.example.com"), "{v:?}");
    }

    #[test]
    fn urls_are_validated_like_fetch_and_with_a_hint() {
        let e = parse_url("api.example.com/x").unwrap_err().to_string();
        assert!(
            e.contains("no scheme") && e.contains("https://api.example.com/x"),
            "{e}"
        );
        let e = parse_url("localhost:3000/x").unwrap_err().to_string();
        assert!(e.contains("did you mean `http://localhost:3000/x`"), "{e}");
        assert!(parse_url("http://u:p@a.test/").is_err());
        assert!(parse_url("https://a.test/x?y#z").is_ok());
    }

    #[test]
    fn mixed_content_exempts_loopback() {
        for (u, trusted) in [
            ("http://127.0.0.1:3000/", true),
            ("http://localhost/", true),
            ("http://api.localhost/", true),
            ("http://[::1]/", true),
            ("https://api.example.com/", true),
            ("http://api.example.com/", false),
            ("http://10.0.0.1/", false),
        ] {
            assert_eq!(
                corsfix_model::origin::is_potentially_trustworthy_url(&Url::parse(u).unwrap()),
                trusted,
                "{u}"
            );
        }
    }
}
