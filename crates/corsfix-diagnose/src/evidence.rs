//! What the engine reads: [`Evidence`].
//!
//! Four kinds of evidence reach the same engine: the text a developer pasted (read by the
//! model's parser into a [`Reading`]), a live probe run ([`ProbeRun`], recorded by
//! `corsfix-probe`), one request of a HAR export ([`HarCase`], with its recorded exchanges), and
//! a simulated [`Case`]. Exchanges (a probe's, a HAR's, or the answers a case scripts) are one
//! shape, [`Exchange`], so a HAR entry is read exactly as a probe is.

use corsfix_model::case::{Case, Credentials, Hop, ResponseSpec};
use corsfix_model::exchange::{CheckedRequest, Exchange, ProbeRun, Purpose};
use corsfix_model::har::HarCase;
use corsfix_model::parse::Reading;
use corsfix_model::{Browser, Simulation, headers, method};

/// Evidence about one cross-origin request.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Evidence<'a> {
    /// Pasted console text, as the model's parser read it.
    Text(&'a Reading),
    /// A live probe: every exchange the browser would make, plus the extra probes.
    Probe(&'a ProbeRun),
    /// One cross-origin request of a HAR export, with what the browser recorded.
    Har(&'a HarCase),
    /// A simulated case (`corsfix simulate`): the server's answers as scripted.
    Case(&'a Case),
}

impl Evidence<'_> {
    /// The page origin, when the evidence names it.
    pub fn origin(&self) -> Option<&str> {
        match self {
            Self::Text(r) => r.origin.as_deref(),
            Self::Probe(p) => Some(p.request.origin.as_str()),
            Self::Har(h) => Some(h.case.origin.as_str()),
            Self::Case(c) => Some(c.origin.as_str()),
        }
    }

    /// The request's URL (the first one, before redirects), when the evidence names it.
    pub fn url(&self) -> Option<&str> {
        match self {
            Self::Text(r) => r.redirected_from.as_deref().or(r.url.as_deref()),
            Self::Probe(p) => Some(p.request.url.as_str()),
            Self::Har(h) => Some(h.case.url.as_str()),
            Self::Case(c) => Some(c.url.as_str()),
        }
    }

    /// The evidence as recorded exchanges, when it has any (not for pasted text).
    pub fn as_run(&self) -> Option<std::borrow::Cow<'_, ProbeRun>> {
        use std::borrow::Cow;
        match self {
            Self::Text(_) => None,
            Self::Probe(p) => Some(Cow::Borrowed(*p)),
            Self::Har(h) => Some(Cow::Owned(run_of_case(&h.case, h.exchanges.clone()))),
            Self::Case(c) => Some(Cow::Owned(run_of_case(c, exchanges_of_case(c)))),
        }
    }
}

/// The request a case describes, as the browser sends it.
pub fn checked_request(case: &Case) -> CheckedRequest {
    let mut headers_sent: Vec<(String, String)> = Vec::new();
    let mut dropped = Vec::new();
    for (name, value) in &case.request.headers {
        let value = headers::trim_http_whitespace(value);
        if headers::is_forbidden_request_header(name, value, Browser::Chrome) {
            dropped.push(name.clone());
        } else if let Some(existing) = headers_sent
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            existing.1.push_str(", ");
            existing.1.push_str(value);
        } else {
            headers_sent.push((name.clone(), value.to_owned()));
        }
    }
    CheckedRequest {
        url: case.url.clone(),
        origin: case.origin.clone(),
        method: method::normalize(&case.request.method),
        headers: headers_sent,
        dropped_headers: dropped,
        credentials: case.request.credentials == Credentials::Include,
        read_headers: case.request.read_headers.clone(),
        mode: case.request.mode,
        body_bytes: case.request.body.as_ref().map(String::len),
    }
}

/// A case and its exchanges as a run without extra probes (the address spaces from the
/// addresses the exchanges record, as a HAR's `serverIPAddress`).
fn run_of_case(case: &Case, exchanges: Vec<Exchange>) -> ProbeRun {
    let mut address_spaces = Vec::new();
    for e in &exchanges {
        let Some(addr) = e.remote_addr.as_deref() else {
            continue;
        };
        let ip = addr
            .parse::<std::net::SocketAddr>()
            .map(|s| s.ip())
            .or_else(|_| addr.trim_matches(['[', ']']).parse::<std::net::IpAddr>());
        if let Ok(ip) = ip {
            let space = corsfix_model::exchange::ip_address_space(ip);
            if !address_spaces.contains(&space) {
                address_spaces.push(space);
            }
        }
    }
    ProbeRun {
        request: checked_request(case),
        exchanges,
        extra: Vec::new(),
        network_error: None,
        mixed_content: None,
        address_spaces,
        case: Some(case.clone()),
    }
}

/// The exchanges a case scripts, in the order the browser would make them (as far as it gets:
/// the model decides where it stops).
pub fn exchanges_of_case(case: &Case) -> Vec<Exchange> {
    let sim = Simulation::run(case);
    let v = &sim.chrome;
    let mut out = Vec::new();
    let mut url = case.url.clone();
    let mut method = method::normalize(&case.request.method);
    let mut preflight = case.preflight.as_ref();
    let mut actual = case.actual.as_ref();
    let default = ResponseSpec::default();
    let mut hop = 0u32;
    loop {
        if hop == 0 && v.preflight_sent || hop > 0 && preflight.is_some() {
            let p = preflight.unwrap_or(&default);
            let mut x = Exchange::new(Purpose::Preflight, hop, "OPTIONS", url.clone());
            x.request_headers = v.preflight_request_headers.clone();
            x.request_headers
                .push(("Origin".to_owned(), case.origin.clone()));
            x.status = Some(p.status);
            x.response_headers = lower(&p.headers);
            out.push(x);
            if v.failure
                .as_ref()
                .is_some_and(|f| f.stage == corsfix_model::Stage::Preflight && f.url == url)
            {
                break;
            }
        }
        if hop == 0 && !v.actual_sent {
            break;
        }
        let a = actual.unwrap_or(&default);
        let mut x = Exchange::new(Purpose::Actual, hop, method.clone(), url.clone());
        x.request_headers = case.request.headers.clone();
        x.request_headers
            .push(("Origin".to_owned(), case.origin.clone()));
        x.status = Some(a.status);
        x.response_headers = lower(&a.headers);
        out.push(x);
        let Some(next) = a.next.as_deref() else { break };
        let Some(loc) = headers::get_combined(&a.headers, "location") else {
            break;
        };
        let Some(next_hop) = url::Url::parse(&url)
            .ok()
            .and_then(|u| corsfix_model::cors::next_hop(&u, a.status, &loc, &method).ok())
        else {
            break;
        };
        method = next_hop.method;
        url = next_hop.url.to_string();
        let Hop {
            preflight: p,
            actual: ac,
            ..
        } = next;
        preflight = p.as_ref();
        actual = ac.as_ref();
        hop += 1;
        if hop > 20 {
            break;
        }
    }
    out
}

fn lower(h: &[(String, String)]) -> Vec<(String, String)> {
    h.iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .collect()
}
