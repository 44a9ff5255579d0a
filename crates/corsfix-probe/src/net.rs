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
    /// The first [`MAX_BODY_TEXT`] bytes of the body, when it is text.
    pub(crate) body_text: Option<String>,
    pub(crate) remote_addr: Option<SocketAddr>,
    pub(crate) http_version: String,
}

/// How much of a response body is kept as evidence (error pages, a CORS middleware's refusal).
pub(crate) const MAX_BODY_TEXT: usize = corsfix_model::exchange::MAX_BODY_SNIPPET;

/// What to send.
pub(crate) struct Outgoing<'a> {
    pub(crate) method: &'a str,
    pub(crate) url: &'a Url,
    pub(crate) headers: &'a [(String, String)],
    /// The request body (the actual request only; never on a preflight).
    pub(crate) body: Option<&'a [u8]>,
}

/// Send one request; never follows redirects.
pub(crate) async fn send(
    client: &reqwest::Client,
    out: &Outgoing<'_>,
    max_body: usize,
    max_header_bytes: usize,
) -> (Result<Received, NetworkError>, Duration) {
    let start = Instant::now();
    let result = send_inner(client, out, max_body, max_header_bytes).await;
    (result, start.elapsed())
}

/// Whether a response body is worth keeping as text: a textual `Content-Type` (or none) and
/// valid UTF-8.
fn body_text(headers: &[(String, String)], bytes: &[u8]) -> Option<String> {
    if bytes.is_empty() {
        return None;
    }
    let ct = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.to_ascii_lowercase());
    let textual = ct.as_deref().is_none_or(|ct| {
        ct.starts_with("text/")
            || ct.contains("json")
            || ct.contains("xml")
            || ct.contains("javascript")
            || ct.contains("x-www-form-urlencoded")
    });
    if !textual {
        return None;
    }
    let cut = &bytes[..bytes.len().min(MAX_BODY_TEXT)];
    match std::str::from_utf8(cut) {
        Ok(s) => Some(s.to_owned()),
        // A multi-byte character cut at the end of the cap is still text.
        Err(e) if e.error_len().is_none() => {
            Some(String::from_utf8_lossy(&cut[..e.valid_up_to()]).into_owned())
        }
        Err(_) => None,
    }
}

async fn send_inner(
    client: &reqwest::Client,
    out: &Outgoing<'_>,
    max_body: usize,
    max_header_bytes: usize,
) -> Result<Received, NetworkError> {
    let (method, url, headers) = (out.method, out.url, out.headers);
    let m = reqwest::Method::from_bytes(method.as_bytes()).map_err(|_| NetworkError {
        kind: NetworkErrorKind::Other,
        message: format!("`{method}` is not a valid HTTP method"),
    })?;
    let mut req = client.request(m, url.as_str());
    for (name, value) in headers {
        req = req.header(name.as_str(), value.as_str());
    }
    if let Some(body) = out.body {
        req = req.body(body.to_vec());
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
    let mut kept: Vec<u8> = Vec::new();
    // A body that breaks off after the headers still gave us the answer we need.
    while let Ok(Some(chunk)) = resp.chunk().await {
        if kept.len() < MAX_BODY_TEXT.min(max_body) {
            let room = MAX_BODY_TEXT.min(max_body) - kept.len();
            kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        body_bytes += chunk.len();
        if body_bytes > max_body {
            body_bytes = max_body;
            body_truncated = true;
            break;
        }
    }
    drop(resp);
    let body_text = body_text(&out_headers, &kept);
    Ok(Received {
        status,
        headers: out_headers,
        body_bytes,
        body_truncated,
        body_text,
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
