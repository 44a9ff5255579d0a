//! One HTTP exchange: send exactly the headers given, never follow a redirect, read at most a
//! capped number of body bytes, classify every failure.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use corsfix_model::exchange::{NetworkError, NetworkErrorKind};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::Url;

/// The addresses the guard approved, per host: the only ones the client may connect to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pins(Arc<Mutex<HashMap<String, Vec<SocketAddr>>>>);

impl Pins {
    pub(crate) fn set(&self, host: &str, addrs: Vec<SocketAddr>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(host.to_ascii_lowercase(), addrs);
    }
}

impl Resolve for Pins {
    fn resolve(&self, name: Name) -> Resolving {
        let addrs = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&name.as_str().to_ascii_lowercase())
            .cloned();
        Box::pin(async move {
            match addrs {
                Some(a) if !a.is_empty() => Ok(Box::new(a.into_iter()) as Addrs),
                _ => Err("the host was not checked before connecting".into()),
            }
        })
    }
}

/// Build the client for one check: no automatic redirects, no proxy, no cookies, no
/// decompression, title-case header names as browsers send over HTTP/1.1, and name
/// resolution only through the pins.
pub(crate) fn client(
    pins: &Pins,
    timeout: Duration,
    insecure: bool,
) -> Result<reqwest::Client, reqwest::Error> {
    // The ring provider avoids building aws-lc; installing it twice is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(timeout)
        .connect_timeout(timeout)
        .tls_danger_accept_invalid_certs(insecure)
        .http1_title_case_headers()
        .pool_max_idle_per_host(0)
        .dns_resolver(Arc::new(pins.clone()))
        .build()
}

/// What came back.
#[derive(Debug)]
pub(crate) struct Received {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body_bytes: usize,
    pub(crate) body_truncated: bool,
    pub(crate) remote_addr: Option<SocketAddr>,
    pub(crate) http_version: String,
}

/// Send one request; never follows redirects.
pub(crate) async fn send(
    client: &reqwest::Client,
    method: &str,
    url: &Url,
    headers: &[(String, String)],
    max_body: usize,
    max_header_bytes: usize,
) -> (Result<Received, NetworkError>, Duration) {
    let start = Instant::now();
    let result = send_inner(client, method, url, headers, max_body, max_header_bytes).await;
    (result, start.elapsed())
}

async fn send_inner(
    client: &reqwest::Client,
    method: &str,
    url: &Url,
    headers: &[(String, String)],
    max_body: usize,
    max_header_bytes: usize,
) -> Result<Received, NetworkError> {
    let m = reqwest::Method::from_bytes(method.as_bytes()).map_err(|_| NetworkError {
        kind: NetworkErrorKind::Other,
        message: format!("`{method}` is not a valid HTTP method"),
    })?;
    let mut req = client.request(m, url.as_str());
    for (name, value) in headers {
        req = req.header(name.as_str(), value.as_str());
    }
    let mut resp = req.send().await.map_err(|e| classify(&e, url))?;
    let status = resp.status().as_u16();
    let remote_addr = resp.remote_addr();
    let http_version = format!("{:?}", resp.version());
    let mut header_bytes = 0usize;
    let mut out_headers = Vec::new();
    for (name, value) in resp.headers() {
        header_bytes += name.as_str().len() + value.len() + 4;
        if header_bytes > max_header_bytes {
            return Err(NetworkError {
                kind: NetworkErrorKind::InvalidResponse,
                message: format!("the response headers are larger than {max_header_bytes} bytes"),
            });
        }
        out_headers.push((
            name.as_str().to_owned(),
            String::from_utf8_lossy(value.as_bytes()).into_owned(),
        ));
    }
    let mut body_bytes = 0usize;
    let mut body_truncated = false;
    // A body that breaks off after the headers still gave us the answer we need.
    while let Ok(Some(chunk)) = resp.chunk().await {
        body_bytes += chunk.len();
        if body_bytes > max_body {
            body_bytes = max_body;
            body_truncated = true;
            break;
        }
    }
    drop(resp);
    Ok(Received {
        status,
        headers: out_headers,
        body_bytes,
        body_truncated,
        remote_addr,
        http_version,
    })
}

fn host_port(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or(80)
    )
}

/// Turn a client error into one clear line.
pub(crate) fn classify(err: &reqwest::Error, url: &Url) -> NetworkError {
    let hp = host_port(url);
    if err.is_timeout() {
        return NetworkError {
            kind: NetworkErrorKind::Timeout,
            message: format!("timed out: {hp} did not answer in time"),
        };
    }
    let mut chain: Vec<String> = Vec::new();
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    let mut io_kind = None;
    let mut tls: Option<String> = None;
    while let Some(e) = source {
        chain.push(e.to_string());
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            io_kind.get_or_insert(io.kind());
            // `io::Error::source` skips the wrapped error itself: look inside.
            if let Some(t) = io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            {
                tls.get_or_insert(t.to_string());
            }
        }
        if let Some(t) = e.downcast_ref::<rustls::Error>() {
            tls.get_or_insert(t.to_string());
        }
        source = e.source();
    }
    let all = chain.join(": ").to_ascii_lowercase();
    if let Some(t) = tls.or_else(|| {
        [
            "certificate",
            "tls",
            "handshake",
            "corrupt message",
            "invalidcontenttype",
            "alert",
        ]
        .iter()
        .any(|k| all.contains(k))
        .then(|| chain.last().cloned().unwrap_or_default())
    }) {
        let cert = t.to_ascii_lowercase().contains("certificate")
            || all.contains("certificate")
            || all.contains("unknownissuer");
        return if cert {
            NetworkError {
                kind: NetworkErrorKind::Certificate,
                message: format!(
                    "TLS certificate error from {hp}: {t} (a self-signed or untrusted certificate; \
                     --insecure skips the check)"
                ),
            }
        } else {
            NetworkError {
                kind: NetworkErrorKind::Tls,
                message: format!(
                    "TLS handshake with {hp} failed: {t} (is it really https on that port?)"
                ),
            }
        };
    }
    match io_kind {
        Some(std::io::ErrorKind::ConnectionRefused) => NetworkError {
            kind: NetworkErrorKind::ConnectionRefused,
            message: format!("connection refused: nothing listens on {hp}"),
        },
        Some(std::io::ErrorKind::TimedOut) => NetworkError {
            kind: NetworkErrorKind::Timeout,
            message: format!("timed out connecting to {hp}"),
        },
        Some(
            std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::UnexpectedEof
            | std::io::ErrorKind::BrokenPipe,
        ) => NetworkError {
            kind: NetworkErrorKind::ConnectionReset,
            message: format!("{hp} closed the connection without a response"),
        },
        _ if all.contains("connection closed")
            || all.contains("incomplete message")
            || all.contains("connection reset") =>
        {
            NetworkError {
                kind: NetworkErrorKind::ConnectionReset,
                message: format!("{hp} closed the connection without a response"),
            }
        }
        _ if all.contains("message head is too large") => NetworkError {
            kind: NetworkErrorKind::InvalidResponse,
            message: format!(
                "{hp} sent a response header section too large to read (hundreds of KiB; an endless or broken header)"
            ),
        },
        _ if all.contains("invalid http") || all.contains("parse") => NetworkError {
            kind: NetworkErrorKind::InvalidResponse,
            message: format!("{hp} did not answer with valid HTTP"),
        },
        _ => NetworkError {
            kind: NetworkErrorKind::Other,
            message: format!(
                "request to {hp} failed: {}",
                chain.last().cloned().unwrap_or_default()
            ),
        },
    }
}
