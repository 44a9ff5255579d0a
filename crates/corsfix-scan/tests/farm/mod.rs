//! A loopback farm of CORS server behaviours (reference `scanners.md`), for tests and the
//! benchmark. One port serves plain HTTP and HTTPS (the first byte tells a TLS handshake) with a
//! small hand-written HTTP/1.1 responder (keep-alive, pipelining: every complete request in the
//! read buffer is answered and the answers written at once), so that the farm costs less than
//! the scanner it measures; every host name maps to it through the scanner's resolver hook.
//!
//! A target's behaviour is in its path (`/t/<i>/<behaviour>`), its host names the site
//! (`api.site<n>.test`, registrable domain `site<n>.test`).
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::{Buf, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

/// How a farm endpoint answers CORS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum B {
    /// No CORS at all.
    None,
    /// `*`, no credentials.
    Wildcard,
    /// Exact allowlist {own origin, https://app.R}, credentials, Vary: Origin.
    Strict,
    /// Same without credentials.
    StrictNoCreds,
    /// A fixed ACAO `https://app.R`, no Vary.
    Static,
    /// `https://app.R, S://H` in one header.
    InvalidList,
    /// Any origin reflected, credentials, Vary.
    Reflect,
    /// Any origin reflected, no credentials, no Vary.
    ReflectNoCreds,
    /// Strict plus `null`.
    Null,
    /// `origin.starts_with("S://H")`.
    Prefix,
    /// `origin.ends_with(R)`.
    Suffix,
    /// `origin.contains(R)`.
    Substring,
    /// `"app.R api.R".contains(origin host)`.
    ReverseSubstring,
    /// `^S://api.R$` with unescaped dots.
    RegexDot,
    /// Host extracted with `[a-z0-9.-]*`, then compared.
    NaiveHost,
    /// Strict plus `https://*.github.io` and `https://codepen.io`.
    ThirdParty,
    /// Strict plus every `S://*.R`.
    AnySub,
    /// Strict plus `http://H` (https targets).
    HttpTrusted,
    /// Any `http://` origin (https targets).
    HttpAny,
    /// Strict plus `http://localhost:3000`.
    Localhost,
    /// GET without CORS; the preflight reflects any origin with credentials.
    PreflightReflect,
    /// GET without CORS; the preflight accepts `origin.ends_with(R)`, always Vary: Origin.
    PreflightSuffix,
    /// Trusts only `origin.starts_with("https://app.R")` (bug keyed on the front-end origin).
    TrustedPrefix,
    /// Strict, comparing origins without their port.
    PortBlind,
    /// `*` with `Access-Control-Allow-Credentials: true`.
    WildcardCreds,
}

impl B {
    pub const ALL: [Self; 25] = [
        Self::None,
        Self::Wildcard,
        Self::Strict,
        Self::StrictNoCreds,
        Self::Static,
        Self::InvalidList,
        Self::Reflect,
        Self::ReflectNoCreds,
        Self::Null,
        Self::Prefix,
        Self::Suffix,
        Self::Substring,
        Self::ReverseSubstring,
        Self::RegexDot,
        Self::NaiveHost,
        Self::ThirdParty,
        Self::AnySub,
        Self::HttpTrusted,
        Self::HttpAny,
        Self::Localhost,
        Self::PreflightReflect,
        Self::PreflightSuffix,
        Self::TrustedPrefix,
        Self::PortBlind,
        Self::WildcardCreds,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Wildcard => "wildcard",
            Self::Strict => "strict",
            Self::StrictNoCreds => "strict-nocreds",
            Self::Static => "static",
            Self::InvalidList => "invalid-list",
            Self::Reflect => "reflect",
            Self::ReflectNoCreds => "reflect-nocreds",
            Self::Null => "null",
            Self::Prefix => "prefix",
            Self::Suffix => "suffix",
            Self::Substring => "substring",
            Self::ReverseSubstring => "reverse-substring",
            Self::RegexDot => "regex-dot",
            Self::NaiveHost => "naive-host",
            Self::ThirdParty => "third-party",
            Self::AnySub => "any-subdomain",
            Self::HttpTrusted => "http-trusted",
            Self::HttpAny => "http-any",
            Self::Localhost => "localhost",
            Self::PreflightReflect => "preflight-reflect",
            Self::PreflightSuffix => "preflight-suffix",
            Self::TrustedPrefix => "trusted-prefix",
            Self::PortBlind => "port-blind",
            Self::WildcardCreds => "wildcard-creds",
        }
    }

    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.name() == s)
    }

    /// Only meaningful on https targets.
    pub fn https_only(self) -> bool {
        matches!(self, Self::HttpTrusted | Self::HttpAny)
    }

    /// A correct configuration: nothing at or above `low` may be reported.
    pub fn is_correct(self) -> bool {
        matches!(
            self,
            Self::None
                | Self::Wildcard
                | Self::Strict
                | Self::StrictNoCreds
                | Self::Static
                | Self::InvalidList
        )
    }
}

/// What the server sends for one request.
#[derive(Debug, Default)]
struct Answer {
    acao: Option<String>,
    creds: bool,
    vary: bool,
    preflight_extras: bool,
}

fn strict_allows(o: &str, scheme: &str, host: &str, r: &str) -> bool {
    o == format!("{scheme}://{host}") || o == format!("https://app.{r}")
}

fn origin_host(o: &str) -> Option<(&str, &str)> {
    let (s, rest) = o.split_once("://")?;
    Some((s, rest))
}

/// Unescaped-dot regex `^S://api.R$`: `.` matches any one character.
fn regex_dot(o: &str, scheme: &str, host: &str) -> bool {
    let Some((s, rest)) = origin_host(o) else {
        return false;
    };
    if s != scheme || rest.chars().count() != host.chars().count() {
        return false;
    }
    rest.chars()
        .zip(host.chars())
        .all(|(a, b)| b == '.' || a == b)
}

fn naive_host(o: &str, scheme: &str, host: &str, r: &str) -> bool {
    let Some((s, rest)) = origin_host(o) else {
        return false;
    };
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(rest.len());
    let h = &rest[..end];
    (s == scheme && h == host) || (s == "https" && h == format!("app.{r}"))
}

fn decide(b: B, origin: Option<&str>, preflight: bool, scheme: &str, host: &str) -> Answer {
    let r = registrable(host);
    let Some(o) = origin else {
        return match b {
            B::Wildcard => Answer {
                acao: Some("*".into()),
                ..Answer::default()
            },
            B::WildcardCreds => Answer {
                acao: Some("*".into()),
                creds: true,
                ..Answer::default()
            },
            B::Static => Answer {
                acao: Some(format!("https://app.{r}")),
                ..Answer::default()
            },
            B::InvalidList => Answer {
                acao: Some(format!("https://app.{r}, {scheme}://{host}")),
                ..Answer::default()
            },
            B::None | B::PreflightReflect | B::PreflightSuffix => Answer::default(),
            _ => Answer {
                vary: !matches!(b, B::ReflectNoCreds),
                ..Answer::default()
            },
        };
    };
    let strict = strict_allows(o, scheme, host, r);
    let (allowed, creds, vary) = match b {
        B::None => return Answer::default(),
        B::Wildcard => {
            return Answer {
                acao: Some("*".into()),
                preflight_extras: preflight,
                ..Answer::default()
            };
        }
        B::WildcardCreds => {
            return Answer {
                acao: Some("*".into()),
                creds: true,
                preflight_extras: preflight,
                ..Answer::default()
            };
        }
        B::Static => {
            return Answer {
                acao: Some(format!("https://app.{r}")),
                ..Answer::default()
            };
        }
        B::InvalidList => {
            return Answer {
                acao: Some(format!("https://app.{r}, {scheme}://{host}")),
                ..Answer::default()
            };
        }
        B::Strict => (strict, true, true),
        B::StrictNoCreds => (strict, false, true),
        B::Reflect => (true, true, true),
        B::ReflectNoCreds => (true, false, false),
        B::Null => (strict || o == "null", true, true),
        B::Prefix => (
            strict || o.starts_with(&format!("{scheme}://{host}")),
            true,
            true,
        ),
        B::Suffix => (o.ends_with(r), true, true),
        B::Substring => (o.contains(r), true, true),
        B::ReverseSubstring => {
            let ok = origin_host(o).is_some_and(|(s, h)| {
                s == scheme && !h.is_empty() && format!("app.{r} {host}").contains(h)
            });
            (ok, true, true)
        }
        B::RegexDot => (strict || regex_dot(o, scheme, host), true, true),
        B::NaiveHost => (naive_host(o, scheme, host, r), true, true),
        B::ThirdParty => {
            let tp = o == "https://codepen.io"
                || (o.starts_with("https://") && o.ends_with(".github.io"));
            (strict || tp, true, true)
        }
        B::AnySub => {
            let sub =
                origin_host(o).is_some_and(|(s, h)| s == scheme && h.ends_with(&format!(".{r}")));
            (strict || sub, true, true)
        }
        B::HttpTrusted => (strict || o == format!("http://{host}"), true, true),
        B::HttpAny => (strict || o.starts_with("http://"), true, true),
        B::Localhost => (strict || o == "http://localhost:3000", true, true),
        B::PreflightReflect => {
            if !preflight {
                return Answer::default();
            }
            (true, true, true)
        }
        B::PreflightSuffix => {
            if !preflight {
                return Answer::default();
            }
            (o.ends_with(r), true, true)
        }
        B::TrustedPrefix => (o.starts_with(&format!("https://app.{r}")), true, true),
        B::PortBlind => {
            let bare = match o.rsplit_once(':') {
                Some((h, p)) if h.contains("://") && p.bytes().all(|c| c.is_ascii_digit()) => h,
                _ => o,
            };
            (strict_allows(bare, scheme, host, r), true, true)
        }
    };
    Answer {
        acao: allowed.then(|| o.to_owned()),
        creds: allowed && creds,
        vary,
        preflight_extras: preflight && allowed,
    }
}

/// The registrable domain of a farm host: its last two labels.
pub fn registrable(host: &str) -> &str {
    let mut dots = host.rmatch_indices('.');
    dots.next();
    match dots.next() {
        Some((i, _)) => &host[i + 1..],
        None => host,
    }
}

/// Appends the response to one request to `out`.
fn respond(out: &mut Vec<u8>, tls: bool, req: &httparse::Request<'_, '_>) {
    let scheme = if tls { "https" } else { "http" };
    let mut host = "";
    let mut origin: Option<&str> = None;
    let mut acrm = false;
    let mut acrh: Option<&[u8]> = None;
    for h in req.headers.iter() {
        if h.name.eq_ignore_ascii_case("host") {
            let v = std::str::from_utf8(h.value).unwrap_or("");
            host = v.split(':').next().unwrap_or(v);
        } else if h.name.eq_ignore_ascii_case("origin") {
            origin = std::str::from_utf8(h.value).ok();
        } else if h.name.eq_ignore_ascii_case("access-control-request-method") {
            acrm = true;
        } else if h
            .name
            .eq_ignore_ascii_case("access-control-request-headers")
        {
            acrh = Some(h.value);
        }
    }
    let host = host.to_ascii_lowercase();
    let behaviour = behaviour_of(req.path.unwrap_or("/"));
    let preflight = req.method == Some("OPTIONS") && origin.is_some() && acrm;
    let a = decide(behaviour, origin, preflight, scheme, &host);
    write_answer(out, preflight, &a, acrh);
}

/// The behaviour named in a request path (`/t/<i>/<behaviour>`).
fn behaviour_of(path: &str) -> B {
    path.split('?')
        .next()
        .unwrap_or("")
        .split('/')
        .nth(3)
        .and_then(B::from_name)
        .unwrap_or(B::None)
}

/// Appends the HTTP/1.1 response carrying `a`.
fn write_answer(out: &mut Vec<u8>, preflight: bool, a: &Answer, acrh: Option<&[u8]>) {
    if preflight {
        out.extend_from_slice(b"HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\n");
    } else {
        out.extend_from_slice(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n",
        );
    }
    if let Some(v) = &a.acao {
        out.extend_from_slice(b"Access-Control-Allow-Origin: ");
        out.extend_from_slice(v.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if a.creds {
        out.extend_from_slice(b"Access-Control-Allow-Credentials: true\r\n");
    }
    if a.vary {
        out.extend_from_slice(b"Vary: Origin\r\n");
    }
    if a.preflight_extras {
        out.extend_from_slice(b"Access-Control-Allow-Methods: GET, PUT, DELETE\r\n");
        if let Some(v) = acrh {
            out.extend_from_slice(b"Access-Control-Allow-Headers: ");
            out.extend_from_slice(v);
            out.extend_from_slice(b"\r\n");
        }
    }
    out.extend_from_slice(b"\r\n");
    if !preflight {
        out.extend_from_slice(b"{\"ok\":true}\n");
    }
}

/// The same answers over HTTP/2 (hyper's server), recording each request's version.
async fn serve_h2<S>(io: S, seen: Arc<Seen>, max_streams: u32)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    use http_body_util::Full;
    let svc = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
        let seen = seen.clone();
        async move {
            seen.record(req.version());
            let host = req
                .uri()
                .host()
                .map(str::to_ascii_lowercase)
                .unwrap_or_default();
            let h = req.headers();
            let origin = h.get("origin").and_then(|v| v.to_str().ok());
            let acrm = h.contains_key("access-control-request-method");
            let acrh = h.get("access-control-request-headers");
            let behaviour = behaviour_of(req.uri().path());
            let preflight = req.method() == hyper::Method::OPTIONS && origin.is_some() && acrm;
            let a = decide(behaviour, origin, preflight, "https", &host);
            let mut resp = hyper::Response::builder()
                .status(if preflight { 204 } else { 200 })
                .header("content-type", "application/json");
            if let Some(v) = &a.acao {
                resp = resp.header("access-control-allow-origin", v.as_str());
            }
            if a.creds {
                resp = resp.header("access-control-allow-credentials", "true");
            }
            if a.vary {
                resp = resp.header("vary", "Origin");
            }
            if a.preflight_extras {
                resp = resp.header("access-control-allow-methods", "GET, PUT, DELETE");
                if let Some(v) = acrh {
                    resp = resp.header("access-control-allow-headers", v.clone());
                }
            }
            let body = if preflight {
                bytes::Bytes::new()
            } else {
                bytes::Bytes::from_static(b"{\"ok\":true}\n")
            };
            Ok::<_, std::convert::Infallible>(resp.body(Full::new(body)).unwrap())
        }
    });
    let _ = hyper::server::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new())
        .max_concurrent_streams(max_streams)
        .serve_connection(hyper_util::rt::TokioIo::new(io), svc)
        .await;
}

/// Which protocols the farm's TLS side offers in ALPN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alpn {
    /// `http/1.1` only (the hand-written responder).
    Http1,
    /// `h2` only (hyper's HTTP/2 server); plain HTTP stays HTTP/1.1.
    H2Only,
    /// `h2` and `http/1.1`: whichever the client picks.
    Both,
}

/// How many requests the farm answered over each protocol.
#[derive(Debug, Default)]
pub struct Seen {
    pub http1: AtomicUsize,
    pub http2: AtomicUsize,
    pub other: AtomicUsize,
}

impl Seen {
    fn record(&self, v: hyper::Version) {
        let c = match v {
            hyper::Version::HTTP_11 => &self.http1,
            hyper::Version::HTTP_2 => &self.http2,
            _ => &self.other,
        };
        c.fetch_add(1, Ordering::Relaxed);
    }

    pub fn get(&self) -> (usize, usize, usize) {
        (
            self.http1.load(Ordering::Relaxed),
            self.http2.load(Ordering::Relaxed),
            self.other.load(Ordering::Relaxed),
        )
    }
}

/// Serves one connection: HTTP/1.1 with keep-alive and pipelining (every complete request in
/// the buffer is answered, the answers written together), no request bodies beyond
/// `Content-Length`, `Connection: close` honoured.
async fn serve<S: AsyncRead + AsyncWrite + Unpin>(mut io: S, tls: bool, seen: &Seen) {
    let mut buf = BytesMut::with_capacity(16 * 1024);
    let mut out: Vec<u8> = Vec::with_capacity(16 * 1024);
    loop {
        let mut close = false;
        loop {
            let mut headers = [httparse::EMPTY_HEADER; 32];
            let mut req = httparse::Request::new(&mut headers);
            match req.parse(&buf) {
                Ok(httparse::Status::Complete(n)) => {
                    let mut body = 0usize;
                    for h in req.headers.iter() {
                        if h.name.eq_ignore_ascii_case("content-length") {
                            body = std::str::from_utf8(h.value)
                                .ok()
                                .and_then(|v| v.trim().parse().ok())
                                .unwrap_or(0);
                        } else if h.name.eq_ignore_ascii_case("connection") {
                            close |= h.value.eq_ignore_ascii_case(b"close");
                        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
                            close = true;
                        }
                    }
                    if buf.len() < n + body {
                        break;
                    }
                    respond(&mut out, tls, &req);
                    seen.http1.fetch_add(1, Ordering::Relaxed);
                    buf.advance(n + body);
                    if close {
                        break;
                    }
                }
                Ok(httparse::Status::Partial) => {
                    if buf.len() > 64 * 1024 {
                        out.extend_from_slice(
                            b"HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        );
                        close = true;
                    }
                    break;
                }
                Err(_) => {
                    out.extend_from_slice(
                        b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    );
                    close = true;
                    break;
                }
            }
        }
        if !out.is_empty() {
            if io.write_all(&out).await.is_err() || io.flush().await.is_err() {
                return;
            }
            out.clear();
        }
        if close {
            let _ = io.shutdown().await;
            return;
        }
        buf.reserve(16 * 1024);
        match io.read_buf(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// One target of the farm.
#[derive(Debug, Clone)]
pub struct FarmTarget {
    pub url: String,
    pub behaviour: B,
    pub https: bool,
}

/// A running farm.
pub struct Farm {
    pub addr: SocketAddr,
    pub ca_pem: String,
    pub targets: Vec<FarmTarget>,
    /// Requests answered per protocol version.
    pub seen: Arc<Seen>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Farm {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Farm {
    /// The scanner's resolver: every `*.test` name to the farm, nothing to DNS.
    pub fn resolver(&self) -> corsfix_scan::Resolver {
        corsfix_scan::Resolver::new()
            .map("*.test", self.addr)
            .no_dns()
    }
}

/// The URL of target `i` with behaviour `b` on site `site`.
pub fn target_url(i: usize, b: B, https: bool, site: usize) -> String {
    let scheme = if https { "https" } else { "http" };
    format!("{scheme}://api.site{site}.test/t/{i}/{}?id={i}", b.name())
}

/// Starts the farm on 127.0.0.1 (an ephemeral port) serving `targets` (made with
/// [`target_url`]); `sites` is how many site names the certificate must cover.
pub async fn start(targets: Vec<FarmTarget>, sites: usize) -> Farm {
    start_with(targets, sites, Alpn::Http1, 0).await
}

/// [`start`] with a choice of protocols on the TLS side; HTTP/2 connections allow `h2_streams`
/// concurrent streams each.
pub async fn start_with(
    targets: Vec<FarmTarget>,
    sites: usize,
    alpn: Alpn,
    h2_streams: u32,
) -> Farm {
    let mut names: Vec<String> = (0..sites)
        .flat_map(|s| [format!("api.site{s}.test"), format!("site{s}.test")])
        .collect();
    names.push("localhost".into());
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "corsfix farm CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf_params = rcgen::CertificateParams::new(names).unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &issuer).unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut server_cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into()),
        )
        .unwrap();
    server_cfg.alpn_protocols = match alpn {
        Alpn::Http1 => vec![b"http/1.1".to_vec()],
        Alpn::H2Only => vec![b"h2".to_vec()],
        Alpn::Both => vec![b"h2".to_vec(), b"http/1.1".to_vec()],
    };
    server_cfg.session_storage = rustls::server::ServerSessionMemoryCache::new(4096);
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server_cfg));

    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Seen::default());
    let seen_srv = seen.clone();
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let acceptor = acceptor.clone();
            let seen = seen_srv.clone();
            tokio::spawn(async move {
                let mut first = [0u8; 1];
                let Ok(n) = stream.peek(&mut first).await else {
                    return;
                };
                if n == 1 && first[0] == 0x16 {
                    let Ok(tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    if tls.get_ref().1.alpn_protocol() == Some(b"h2") {
                        serve_h2(tls, seen, h2_streams).await;
                    } else {
                        serve(tls, true, &seen).await;
                    }
                } else {
                    serve(stream, false, &seen).await;
                }
            });
        }
    });
    Farm {
        addr,
        ca_pem: ca_cert.pem(),
        targets,
        seen,
        task,
    }
}

/// The benchmark / test mix: weights per behaviour (correct ≈ 45 %, high/medium ≈ 42 %,
/// low ≈ 13 %), 25 % https plus the https-only behaviours.
pub fn mix(n: usize, sites: usize) -> Vec<FarmTarget> {
    let weights: [(B, usize); 25] = [
        (B::None, 10),
        (B::Wildcard, 4),
        (B::Strict, 6),
        (B::StrictNoCreds, 2),
        (B::Static, 1),
        (B::InvalidList, 1),
        (B::Reflect, 6),
        (B::Null, 2),
        (B::Prefix, 2),
        (B::Suffix, 2),
        (B::Substring, 1),
        (B::RegexDot, 1),
        (B::NaiveHost, 1),
        (B::ThirdParty, 1),
        (B::PreflightReflect, 1),
        (B::PreflightSuffix, 1),
        (B::TrustedPrefix, 2),
        (B::ReverseSubstring, 1),
        (B::HttpAny, 1),
        (B::AnySub, 1),
        (B::HttpTrusted, 1),
        (B::ReflectNoCreds, 3),
        (B::Localhost, 1),
        (B::PortBlind, 1),
        (B::WildcardCreds, 2),
    ];
    let cycle: Vec<B> = weights
        .iter()
        .flat_map(|&(b, w)| std::iter::repeat_n(b, w))
        .collect();
    (0..n)
        .map(|i| {
            let b = cycle[(i * 7) % cycle.len()];
            let https = b.https_only() || i % 4 == 0;
            let site = i % sites.max(1);
            FarmTarget {
                url: target_url(i, b, https, site),
                behaviour: b,
                https,
            }
        })
        .collect()
}
