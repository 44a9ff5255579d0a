//! # corsfix-proxy
//!
//! `corsfix proxy`: a local reverse proxy to one upstream origin, for developing against a
//! server you cannot change. It answers CORS itself, correctly, from a
//! [`corsfix_policy::Policy`] (preflights answered by the proxy; the upstream's own CORS
//! headers replaced by the policy's answer, exposing the headers the upstream sends), passes
//! everything else through untouched (bodies streamed both ways, Server-Sent Events,
//! WebSocket upgrades, compression, status codes), and tells, for each request, what the
//! upstream's own answer would have done in Chrome, judged by [`corsfix_model`] on the real
//! answer.
//!
//! It is never an open proxy: it forwards only to its upstream, refuses `CONNECT`,
//! absolute-form targets naming another host (403) and requests whose `Host` is not the proxy
//! (421), and binds loopback unless told otherwise.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use corsfix_proxy::{Config, Proxy, Upstream};
//!
//! let policy = corsfix_proxy::policy(&["http://localhost:5173".to_owned()], true)?;
//! let config = Config::new(Upstream::parse("https://api.example.com")?, policy);
//! let proxy = Proxy::bind("127.0.0.1:8787".parse()?, config).await?;
//! proxy
//!     .serve(|event| println!("{}", serde_json::to_string(&event).unwrap()), async {
//!         let _ = tokio::signal::ctrl_c().await;
//!     })
//!     .await?;
//! # Ok(()) }
//! ```

mod cookies;
mod handle;
mod har;
mod headers;
mod judge;
mod upstream;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use corsfix_policy::{Policy, PolicyErrors, PolicySpec};
use serde::Serialize;

pub use cookies::CookieChange;
pub use judge::{Judgement, Lack, On};
pub use upstream::{Upstream, UpstreamError};

/// How the proxy runs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The one origin requests are forwarded to.
    pub upstream: Upstream,
    /// How CORS is answered.
    pub policy: Policy,
    /// Send `Origin` and `Referer` to the upstream as its own origin (some upstreams refuse
    /// foreign origins) instead of as the browser sent them.
    pub rewrite_origin: bool,
    /// Record the traffic as a HAR file.
    pub har: Option<PathBuf>,
    /// How long the upstream may take to answer (its status and headers), counted from when the
    /// request (body included) has been sent: 504 after that.
    pub timeout: Duration,
    /// How long connecting to the upstream may take: 504 after that.
    pub connect_timeout: Duration,
    /// Certificates (PEM text) trusted for the upstream besides the system's and Mozilla's
    /// roots: a development CA, a self-signed staging server.
    pub upstream_ca_pem: Vec<String>,
}

impl Config {
    /// A configuration with the defaults: origins as the browser sent them, no HAR, 30 s to
    /// answer, 10 s to connect.
    pub fn new(upstream: Upstream, policy: Policy) -> Self {
        Self {
            upstream,
            policy,
            rewrite_origin: false,
            har: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            upstream_ca_pem: Vec::new(),
        }
    }
}

/// The proxy's policy from its flags: the `origins` given (exact-origin echo with
/// `Vary: Origin`), credentials only when asked for, any method and request header the page
/// asks for (echoed, so it holds with credentials too), every response header the upstream
/// sends exposed, and Private Network Access preflights answered (a public page may call the
/// proxy on loopback).
pub fn policy(origins: &[String], credentials: bool) -> Result<Policy, PolicyErrors> {
    PolicySpec {
        origins: origins.to_vec(),
        credentials,
        methods: vec!["*".into()],
        request_headers: vec!["*".into()],
        expose_headers: vec!["*".into()],
        private_network: true,
        ..PolicySpec::default()
    }
    .build()
}

/// Why the proxy could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The address could not be bound.
    #[error("listening on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// A certificate given for the upstream is not one.
    #[error("a certificate for the upstream is not usable: {0}")]
    Certificate(String),
}

/// What the proxy did with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// A CORS preflight, answered by the proxy from its policy (the upstream was asked too,
    /// only to judge its answer).
    Preflight,
    /// Forwarded to the upstream; its answer passed on with the policy's CORS headers.
    Forwarded,
    /// A protocol switch (WebSocket) tunnelled to the upstream.
    Upgraded,
    /// Refused: not for this proxy (another host, `CONNECT`, an absolute-form target).
    Refused,
    /// The upstream could not be reached or did not answer with HTTP in time (502/504).
    UpstreamFailed,
}

/// One request through the proxy: one log line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// When the request arrived (RFC 3339, UTC).
    pub time: String,
    /// The method.
    pub method: String,
    /// The path and query.
    pub path: String,
    /// The status the browser got.
    pub status: u16,
    /// Milliseconds until the answer's head was ready.
    pub ms: f64,
    /// The `Origin` header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// What the proxy did.
    pub action: Action,
    /// Whether the proxy's policy allows the origin (`None`: no origin).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin_allowed: Option<bool>,
    /// The upstream's own status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream_status: Option<u16>,
    /// What the upstream's own answer would have done in Chrome.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream_alone: Option<Judgement>,
    /// Why there is no judgement (not a CORS request, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_judged: Option<String>,
    /// Cookie changes made for the first time on this request.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cookies: Vec<CookieChange>,
    /// Why the request was refused or failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A bound proxy, ready to serve.
pub struct Proxy {
    listener: tokio::net::TcpListener,
    config: Config,
}

impl Proxy {
    /// Bind `addr` (port 0 picks a free one).
    pub async fn bind(addr: SocketAddr, config: Config) -> Result<Self, Error> {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind { addr, source })?;
        Ok(Self { listener, config })
    }

    /// Serve on a listener bound elsewhere.
    pub fn from_listener(listener: tokio::net::TcpListener, config: Config) -> Self {
        Self { listener, config }
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serve until `shutdown` completes, calling `log` once per request. The HAR file, if
    /// any, is written before this returns.
    pub async fn serve<L, S>(self, log: L, shutdown: S) -> Result<(), Error>
    where
        L: Fn(Event) + Send + Sync + 'static,
        S: Future<Output = ()> + Send,
    {
        let local = self.local_addr();
        let shared = Arc::new(handle::Shared::new(self.config, local, Box::new(log))?);
        let har_writer = shared
            .har
            .clone()
            .map(|recorder| tokio::spawn(recorder.run()));
        handle::accept_loop(self.listener, shared.clone(), shutdown).await;
        if let Some(writer) = har_writer {
            writer.abort();
        }
        if let Some(recorder) = &shared.har
            && let Err(e) = recorder.flush()
        {
            eprintln!(
                "corsfix proxy: could not write {}: {e}",
                recorder.path().display()
            );
        }
        Ok(())
    }
}

/// A time as RFC 3339 in UTC with milliseconds (`2026-05-01T12:00:00.000Z`).
pub(crate) fn rfc3339(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Digits pushed by hand: this runs once per request, and `format!` cost more than the
    // date arithmetic above.
    let mut out = String::with_capacity(24);
    let fields = [
        (u64::try_from(year).unwrap_or(0), 4, '-'),
        (u64::try_from(month).unwrap_or(0), 2, '-'),
        (u64::try_from(day).unwrap_or(0), 2, 'T'),
        (rem / 3600, 2, ':'),
        (rem % 3600 / 60, 2, ':'),
        (rem % 60, 2, '.'),
        (u64::from(d.subsec_millis()), 3, 'Z'),
    ];
    for (n, width, then) in fields {
        for i in (0..width).rev() {
            let digit = u8::try_from(n / 10u64.pow(i) % 10).unwrap_or(0);
            out.push(char::from(b'0' + digit));
        }
        out.push(then);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_in_utc() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_millis(1_709_251_199_123);
        assert_eq!(rfc3339(t), "2024-02-29T23:59:59.123Z");
    }

    #[test]
    fn the_proxy_policy_echoes_with_credentials() {
        let p = policy(&["http://localhost:5173".into()], true).unwrap();
        let a = p.respond(&corsfix_policy::Request::preflight(
            "http://localhost:5173",
            "PUT",
            "content-type,x-trace",
        ));
        assert_eq!(a.status, Some(204));
        assert_eq!(
            a.get("access-control-allow-origin"),
            Some("http://localhost:5173")
        );
        assert_eq!(a.get("access-control-allow-credentials"), Some("true"));
        assert_eq!(a.get("access-control-allow-methods"), Some("PUT"));
        assert_eq!(
            a.get("access-control-allow-headers"),
            Some("content-type,x-trace")
        );
        assert!(policy(&["localhost:5173".into()], false).is_err());
    }
}
