//! # corsfix-web
//!
//! The web tool: one page with three modes (Fix, Explain, Check) rendered on the server so it
//! works without JavaScript, the guide around it (what CORS is, one page per browser error,
//! one page per framework), and the JSON API under `/api/v1/` that the page's small script and
//! anyone else can call. Everything a result depends on is in the URL; the server keeps no state
//! except a per-client counter for live probes.
//!
//! ```no_run
//! # async fn serve() -> std::io::Result<()> {
//! use corsfix_web::{AppState, ProbeMode, app};
//!
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! let state = AppState::new(ProbeMode::for_bind_address(listener.local_addr()?.ip()));
//! let service = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
//! axum::serve(listener, service).await
//! # }
//! ```

mod api;
mod assets;
pub mod client;
mod content;
mod cors;
mod error;
mod features;
mod guide;
mod har;
mod markdown;
mod pages;
mod preview;
mod ratelimit;
mod render;
mod security;
mod suggest;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::ApiError;
pub use guide::{ErrorDoc, Wording};

/// The guide's page about every browser error, as data (what `/errors/<slug>` renders; the
/// MCP server serves the same content as resources).
pub fn error_docs() -> &'static [ErrorDoc] {
    guide::all()
}

/// The largest request body any route accepts (a pasted console log fits many times over).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Whether the server may probe private addresses on behalf of its clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeMode {
    /// Bound to loopback: only this machine can reach the server, so checking
    /// `http://localhost:3000` is allowed. Cross-site requests to the checker are refused.
    Local,
    /// Bound to a reachable address: targets on loopback, private, link-local, CGNAT,
    /// multicast or metadata addresses are refused, and probes are rate-limited per client.
    Public,
}

impl ProbeMode {
    /// The mode for a server bound to `ip`: local for loopback addresses, public otherwise
    /// (including the unspecified `0.0.0.0` / `::`, which listens on every interface).
    pub fn for_bind_address(ip: IpAddr) -> Self {
        if ip.is_loopback() {
            Self::Local
        } else {
            Self::Public
        }
    }

    /// `local` or `public`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::Public => "public",
        }
    }
}

/// What the handlers share.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    mode: ProbeMode,
    limiter: ratelimit::RateLimiter,
    probe: corsfix_probe::ProbeOptions,
    proxies: client::TrustedProxies,
}

impl AppState {
    /// State for a server in `mode`, with the default probe rate limit (10 probes a minute per
    /// client address in public mode; unlimited in local mode).
    pub fn new(mode: ProbeMode) -> Self {
        Self::with_probe_limit(mode, 10, Duration::from_secs(60))
    }

    /// State with an explicit probe rate limit of `burst` probes per `per` (public mode only).
    pub fn with_probe_limit(mode: ProbeMode, burst: u32, per: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                mode,
                limiter: ratelimit::RateLimiter::new(burst, per),
                probe: features::probe_options(mode, None),
                proxies: client::TrustedProxies::default(),
            }),
        }
    }

    /// The same state, probing through `guard` (a test resolver, or an exception for a known
    /// internal service). The mode's other limits stay.
    #[must_use]
    pub fn with_guard(self, guard: corsfix_probe::ssrf::Guard) -> Self {
        let mode = self.inner.mode;
        let limiter = self.inner.limiter.clone_empty();
        Self {
            inner: Arc::new(Inner {
                mode,
                limiter,
                probe: features::probe_options(mode, Some(&guard)),
                proxies: self.inner.proxies.clone(),
            }),
        }
    }

    /// The same state, believing `X-Forwarded-For` from these reverse proxies when it decides
    /// which client a probe counts against (see [`client`]).
    #[must_use]
    pub fn with_trusted_proxies(self, proxies: client::TrustedProxies) -> Self {
        let limiter = self.inner.limiter.clone_empty();
        Self {
            inner: Arc::new(Inner {
                mode: self.inner.mode,
                limiter,
                probe: self.inner.probe.clone(),
                proxies,
            }),
        }
    }

    pub(crate) fn trusted_proxies(&self) -> &client::TrustedProxies {
        &self.inner.proxies
    }

    pub(crate) fn probe_options(&self) -> &corsfix_probe::ProbeOptions {
        &self.inner.probe
    }

    /// The probe mode.
    pub fn mode(&self) -> ProbeMode {
        self.inner.mode
    }

    pub(crate) fn limiter(&self) -> &ratelimit::RateLimiter {
        &self.inner.limiter
    }
}

/// The whole web tool as a router: pages, guide, assets and the JSON API.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(pages::router())
        .merge(har::router())
        .nest("/api/v1", api::router(state.clone()))
        .route("/api/v1/", axum::routing::get(api::index))
        .merge(assets::router())
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .with_state(state)
}

/// Serve [`app`] on `listener` until `shutdown` completes, with each connection's peer address
/// available to the handlers (the probe rate limit is per client address).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_addresses_run_in_local_mode() {
        for (ip, mode) in [
            ("127.0.0.1", ProbeMode::Local),
            ("127.1.2.3", ProbeMode::Local),
            ("::1", ProbeMode::Local),
            ("0.0.0.0", ProbeMode::Public),
            ("::", ProbeMode::Public),
            ("192.168.1.10", ProbeMode::Public),
            ("203.0.113.5", ProbeMode::Public),
        ] {
            let ip: IpAddr = ip.parse().unwrap();
            assert_eq!(ProbeMode::for_bind_address(ip), mode, "{ip}");
        }
    }
}
