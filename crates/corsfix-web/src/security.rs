//! Security headers on every response, and the guards that keep a local server local.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{AppState, ProbeMode};

/// Only our own scripts, styles and images; no framing; forms post to us only.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
frame-ancestors 'none'; manifest-src 'self'";

/// Adds the security headers, and in local mode refuses requests whose `Host` is not a
/// loopback name (a DNS-rebinding page could otherwise reach the local checker).
pub(crate) async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if state.mode() == ProbeMode::Local && !host_is_loopback(req.headers()) {
        let mut resp = (
            StatusCode::MISDIRECTED_REQUEST,
            "This corsfix server is bound to loopback and only answers requests addressed to localhost, 127.0.0.1 or [::1].\n",
        )
            .into_response();
        set_headers(resp.headers_mut());
        return resp;
    }
    let mut resp = next.run(req).await;
    set_headers(resp.headers_mut());
    resp
}

fn set_headers(h: &mut HeaderMap) {
    let pairs: [(&str, &str); 6] = [
        ("content-security-policy", CSP),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=()",
        ),
    ];
    for (name, value) in pairs {
        if !h.contains_key(name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    }
}

/// Whether the `Host` header names this machine (absent counts: HTTP/1.0 and in-process tests).
fn host_is_loopback(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return headers.get(header::HOST).is_none();
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(n, _)| n)
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    name.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

/// Whether a request that would start a live probe comes from another site. In local mode
/// such requests are not run automatically: a page elsewhere must not make this machine send
/// requests to its own private services. `Sec-Fetch-Site` is sent by every current browser;
/// its absence (curl, scripts) means no browser is being steered.
pub(crate) fn is_cross_site(headers: &HeaderMap) -> bool {
    headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site" || v == "same-site")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_host(h: &str) -> HeaderMap {
        let mut m = HeaderMap::new();
        m.insert(header::HOST, HeaderValue::from_str(h).unwrap());
        m
    }

    #[test]
    fn loopback_hosts_are_recognized_and_others_refused() {
        for ok in [
            "localhost:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "127.9.9.9",
            "app.localhost",
            "LOCALHOST.",
        ] {
            assert!(host_is_loopback(&with_host(ok)), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "10.0.0.1",
            "localhost.evil.example",
            "[::2]:80",
        ] {
            assert!(!host_is_loopback(&with_host(bad)), "{bad}");
        }
        assert!(host_is_loopback(&HeaderMap::new()));
    }
}
