//! The HTTP side: a lean HTTP/1.1 client of our own on tokio. Requests are written as bytes,
//! responses parsed with `httparse` (only the CORS headers and the framing headers are kept,
//! bodies are discarded by `Content-Length` or chunked framing), and a target's independent
//! probes are *pipelined* on one kept-alive connection (a batch is written at once and the
//! responses read in order). A server that closes, or answers `Connection: close`, gets the
//! remaining probes again on a new connection, one at a time from then on. One rustls
//! configuration is built once (ring provider, ALPN `h2` then `http/1.1`, session resumption);
//! a TLS connection whose server picks `h2` carries the probes as concurrent HTTP/2 streams
//! instead (`crate::http2`), from the same pool. Plus a resolver hook, a global rate limit, a
//! per-host connection limit, timeouts and retries. Redirects are never followed.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::{Buf, BytesMut};
use http::header::{HeaderName, HeaderValue};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::error::Error;
use crate::finding::Evidence;
use crate::http2::{self, H2Conn, H2Fixed, RoundCtx};

/// Maps host names to addresses before (or instead of) DNS: `curl --resolve` for many names.
///
/// Rules are tried in order: an exact name, then the longest `*.suffix`, then `*`. An address
/// with port 0 keeps the URL's port; any other port replaces the URL's *default* port (a URL
/// with an explicit port keeps it). Names without a rule go to the system resolver unless
/// [`Resolver::no_dns`] was called, in which case they fail.
#[derive(Debug, Clone, Default)]
pub struct Resolver {
    inner: Arc<ResolverRules>,
}

#[derive(Debug, Default, Clone)]
struct ResolverRules {
    exact: HashMap<String, SocketAddr>,
    suffixes: Vec<(String, SocketAddr)>,
    any: Option<SocketAddr>,
    /// curl's `--resolve HOST:PORT:ADDR`: (name, `*.suffix` or `*`; port; address).
    on_port: Vec<(String, u16, SocketAddr)>,
    no_dns: bool,
}

impl Resolver {
    /// A resolver that only uses the system's DNS.
    pub fn new() -> Self {
        Self::default()
    }

    fn rules(&mut self) -> &mut ResolverRules {
        Arc::make_mut(&mut self.inner)
    }

    /// Sends `name` (exact, `*.suffix` or `*`) to `addr`.
    #[must_use]
    pub fn map(mut self, name: &str, addr: SocketAddr) -> Self {
        let name = name.to_ascii_lowercase();
        let rules = self.rules();
        if name == "*" {
            rules.any = Some(addr);
        } else if let Some(suffix) = name.strip_prefix('*') {
            rules.suffixes.push((suffix.to_owned(), addr));
            rules
                .suffixes
                .sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        } else {
            rules.exact.insert(name, addr);
        }
        self
    }

    /// Sends connections to `name` (exact, `*.suffix` or `*`) on `port` to `to`: curl's
    /// `--resolve NAME:PORT:IP` (`to` on the same port) and `--connect-to NAME:PORT:IP:PORT2`.
    /// Other ports of the same name still use DNS.
    #[must_use]
    pub fn map_on_port(mut self, name: &str, port: u16, to: SocketAddr) -> Self {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        self.rules().on_port.push((name, port, to));
        self
    }

    /// Parses and adds a `NAME=IP`, `NAME=IP:PORT` or `NAME=[IPv6]:PORT` rule.
    pub fn rule(self, rule: &str) -> Result<Self, Error> {
        let bad = || Error::InvalidResolveRule {
            rule: rule.to_owned(),
        };
        let (name, addr) = rule.split_once('=').ok_or_else(bad)?;
        let name = name.trim();
        let addr = addr.trim();
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(bad());
        }
        let addr = if let Ok(sa) = addr.parse::<SocketAddr>() {
            sa
        } else if let Ok(ip) = addr
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            SocketAddr::new(ip, 0)
        } else {
            return Err(bad());
        };
        Ok(self.map(name, addr))
    }

    /// Names without a rule fail instead of going to DNS (tests: nothing leaves the machine).
    #[must_use]
    pub fn no_dns(mut self) -> Self {
        self.rules().no_dns = true;
        self
    }

    fn lookup_on_port(&self, name: &str, port: u16) -> Option<SocketAddr> {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let covers = |pattern: &str| {
            pattern == "*"
                || pattern == name
                || pattern
                    .strip_prefix('*')
                    .is_some_and(|suffix| name.len() > suffix.len() && name.ends_with(suffix))
        };
        self.inner
            .on_port
            .iter()
            .find(|(p, rule_port, _)| *rule_port == port && covers(p))
            .map(|(_, _, to)| *to)
    }

    fn lookup(&self, name: &str) -> Option<SocketAddr> {
        let name = name.to_ascii_lowercase();
        let r = &self.inner;
        if let Some(a) = r.exact.get(&name) {
            return Some(*a);
        }
        for (suffix, addr) in &r.suffixes {
            if name.ends_with(suffix.as_str()) {
                return Some(*addr);
            }
        }
        r.any
    }
}

/// Client settings.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Per-request timeout (connection, headers and body).
    pub timeout: Duration,
    /// Extra attempts after a connection error.
    pub retries: u32,
    /// Global requests per second (`None`: unlimited).
    pub rate: Option<f64>,
    /// Requests in flight at once, overall (pipelined requests included).
    pub concurrency: usize,
    /// Connections open at once per host (each carries a target's probes pipelined, up to 64
    /// at a time once the server has shown it keeps connections open).
    pub per_host: usize,
    /// Headers added to every request (`Cookie`, `Authorization`…).
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// Skip certificate verification.
    pub insecure: bool,
    /// Extra trusted CA certificates (DER).
    pub ca_certs: Vec<CertificateDer<'static>>,
    /// Host-name overrides.
    pub resolver: Resolver,
    /// The largest body read (to keep the connection reusable); longer bodies are cut off.
    pub max_body: usize,
    /// Offer only `http/1.1` in ALPN (by default `h2` is offered first, and used when the
    /// server picks it).
    pub http1_only: bool,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            retries: 2,
            rate: None,
            concurrency: 128,
            per_host: 6,
            headers: Vec::new(),
            insecure: false,
            ca_certs: Vec::new(),
            resolver: Resolver::new(),
            max_body: 256 * 1024,
            http1_only: false,
        }
    }
}

/// Parses `Name: value` (curl's `-H`).
pub fn parse_header(arg: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let bad = |reason: &str| Error::InvalidHeader {
        header: arg.to_owned(),
        reason: reason.to_owned(),
    };
    let (name, value) = arg
        .split_once(':')
        .ok_or_else(|| bad("expected `Name: value`"))?;
    let name = HeaderName::from_bytes(name.trim().as_bytes())
        .map_err(|_| bad("the name is not a valid header name"))?;
    if name == http::header::ORIGIN {
        return Err(bad("the scanner sets Origin itself"));
    }
    let value = HeaderValue::from_str(value.trim())
        .map_err(|_| bad("the value contains characters not allowed in a header"))?;
    Ok((name, value))
}

/// Reads PEM certificates from a file.
pub fn load_ca_file(path: &str) -> Result<Vec<CertificateDer<'static>>, Error> {
    let err = |reason: String| Error::CaCertificates {
        path: path.to_owned(),
        reason,
    };
    let certs: Result<Vec<_>, _> = CertificateDer::pem_file_iter(path)
        .map_err(|e| err(e.to_string()))?
        .collect();
    let certs = certs.map_err(|e| err(e.to_string()))?;
    if certs.is_empty() {
        return Err(err("no PEM certificate in the file".to_owned()));
    }
    Ok(certs)
}

/// Why a probe got no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeError {
    /// A timeout (not retried).
    pub timeout: bool,
    /// The cause, one line.
    pub message: String,
}

/// One probe of a batch: a GET, or a preflight (`OPTIONS` with `Access-Control-Request-Method:
/// PUT` and `Access-Control-Request-Headers`), with or without an `Origin`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Probe<'a> {
    pub(crate) preflight: bool,
    pub(crate) origin: Option<&'a str>,
}

/// Where one target's requests go, computed once per target.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    tls: bool,
    /// Lower case, IPv6 in brackets.
    host: String,
    port: u16,
    explicit_port: bool,
    /// The `Host` header.
    authority: String,
    /// The request target: path and query.
    path: String,
    /// The pool key: scheme, host and port.
    key: String,
    /// `Access-Control-Request-Headers` of the preflights.
    acrh: String,
}

impl Endpoint {
    /// The endpoint of a parsed `http(s)` URL whose (lower-case) host is `host`.
    pub(crate) fn new(url: &url::Url, host: &str, acrh: &str) -> Result<Self, String> {
        let tls = match url.scheme() {
            "https" => true,
            "http" => false,
            other => return Err(format!("scheme `{other}` is not http or https")),
        };
        let port = url
            .port_or_known_default()
            .ok_or_else(|| "the URL has no port".to_owned())?;
        let explicit_port = url.port().is_some();
        let authority = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        };
        let path = &url[url::Position::BeforePath..url::Position::AfterQuery];
        let path = if path.is_empty() { "/" } else { path };
        if !path.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("the path contains characters that cannot be sent".to_owned());
        }
        if !valid_header_value(acrh) {
            return Err("the preflight header list is not a valid header value".to_owned());
        }
        Ok(Self {
            tls,
            host: host.to_owned(),
            port,
            explicit_port,
            authority,
            path: path.to_owned(),
            key: format!("{}://{host}:{port}", url.scheme()),
            acrh: acrh.to_owned(),
        })
    }
}

fn valid_header_value(v: &str) -> bool {
    v.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

/// How many requests go out at once on one connection (a kept-alive one; a fresh connection
/// first carries one request, to learn whether the server keeps connections open).
const PIPELINE_DEPTH: usize = 64;
/// The most request bytes written at once on one connection.
const MAX_CHUNK_BYTES: usize = 16 * 1024;
/// The largest response header section accepted.
const MAX_HEAD: usize = 64 * 1024;
/// The most response headers accepted.
const MAX_HEADERS: usize = 100;
/// An idle connection older than this is not reused.
const IDLE_TIMEOUT: Duration = Duration::from_secs(20);

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// A pooled connection: HTTP/1.1 (ours) or HTTP/2 (negotiated with ALPN on TLS).
enum Pooled {
    H1(Conn),
    H2(H2Conn),
}

impl Pooled {
    fn idle_since(&self) -> Instant {
        match self {
            Self::H1(c) => c.idle_since,
            Self::H2(c) => c.idle_since,
        }
    }

    fn set_idle_since(&mut self, t: Instant) {
        match self {
            Self::H1(c) => c.idle_since = t,
            Self::H2(c) => c.idle_since = t,
        }
    }
}

/// One HTTP/1.1 connection and what it has read but not consumed.
struct Conn {
    io: Box<dyn Io>,
    buf: BytesMut,
    /// Responses read on it so far.
    served: u64,
    idle_since: Instant,
}

/// Why reading a response failed.
#[derive(Debug, Clone)]
enum ReadErr {
    /// The deadline passed.
    Timeout,
    /// The connection ended cleanly before the first byte of the response.
    Closed,
    /// A transport error (reset, closed mid-response).
    Io(String),
    /// Not HTTP/1.x, or beyond our limits.
    Protocol(String),
}

/// What a response told us, beyond the evidence.
struct Head {
    evidence: Evidence,
    keep_alive: bool,
    chunked: bool,
    length: Option<usize>,
    interim: bool,
}

fn join_into(slot: &mut Option<String>, value: &[u8]) {
    let v = String::from_utf8_lossy(value);
    match slot {
        Some(s) => {
            s.push_str(", ");
            s.push_str(&v);
        }
        None => *slot = Some(v.into_owned()),
    }
}

fn has_token(value: &[u8], token: &str) -> bool {
    value
        .split(|&b| b == b',')
        .any(|t| t.trim_ascii().eq_ignore_ascii_case(token.as_bytes()))
}

/// The evidence of a response given as a header map (HTTP/2).
pub(crate) fn evidence_from_parts(status: u16, headers: &http::HeaderMap) -> Evidence {
    let mut ev = Evidence {
        status,
        ..Evidence::default()
    };
    for (name, v) in headers {
        let v = v.as_bytes();
        match name.as_str() {
            "access-control-allow-origin" => ev.acao.push(String::from_utf8_lossy(v).into_owned()),
            "access-control-allow-credentials" => join_into(&mut ev.acac, v),
            "vary" => join_into(&mut ev.vary, v),
            "access-control-allow-methods" => join_into(&mut ev.acam, v),
            "access-control-allow-headers" => join_into(&mut ev.acah, v),
            "location" => join_into(&mut ev.location, v),
            "strict-transport-security" => join_into(&mut ev.hsts, v),
            _ => {}
        }
    }
    ev
}

/// Parses one response head from `buf`: `Ok(None)` when more bytes are needed.
fn parse_head(buf: &[u8]) -> Result<Option<(Head, usize)>, ReadErr> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut resp = httparse::Response::new(&mut headers);
    let n = match resp.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            if buf.len() > MAX_HEAD {
                return Err(ReadErr::Protocol(format!(
                    "response header section larger than {} KiB",
                    MAX_HEAD / 1024
                )));
            }
            return Ok(None);
        }
        Err(httparse::Error::TooManyHeaders) => {
            return Err(ReadErr::Protocol(format!(
                "response with more than {MAX_HEADERS} headers"
            )));
        }
        Err(e) => return Err(ReadErr::Protocol(format!("invalid HTTP response: {e}"))),
    };
    if n > MAX_HEAD {
        return Err(ReadErr::Protocol(format!(
            "response header section larger than {} KiB",
            MAX_HEAD / 1024
        )));
    }
    let status = resp.code.unwrap_or(0);
    let http11 = resp.version == Some(1);
    let mut ev = Evidence {
        status,
        ..Evidence::default()
    };
    let mut close = false;
    let mut keep = false;
    let mut chunked = false;
    let mut length: Option<usize> = None;
    for h in resp.headers.iter() {
        let name = h.name;
        let v = h.value;
        if name.eq_ignore_ascii_case("access-control-allow-origin") {
            ev.acao.push(String::from_utf8_lossy(v).into_owned());
        } else if name.eq_ignore_ascii_case("access-control-allow-credentials") {
            join_into(&mut ev.acac, v);
        } else if name.eq_ignore_ascii_case("vary") {
            join_into(&mut ev.vary, v);
        } else if name.eq_ignore_ascii_case("access-control-allow-methods") {
            join_into(&mut ev.acam, v);
        } else if name.eq_ignore_ascii_case("access-control-allow-headers") {
            join_into(&mut ev.acah, v);
        } else if name.eq_ignore_ascii_case("location") {
            join_into(&mut ev.location, v);
        } else if name.eq_ignore_ascii_case("strict-transport-security") {
            join_into(&mut ev.hsts, v);
        } else if name.eq_ignore_ascii_case("connection") {
            close |= has_token(v, "close");
            keep |= has_token(v, "keep-alive");
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = v
                .rsplit(|&b| b == b',')
                .next()
                .is_some_and(|t| t.trim_ascii().eq_ignore_ascii_case(b"chunked"));
        } else if name.eq_ignore_ascii_case("content-length") {
            let parsed = std::str::from_utf8(v)
                .ok()
                .and_then(|s| s.trim().parse::<usize>().ok())
                .ok_or_else(|| ReadErr::Protocol("invalid Content-Length".to_owned()))?;
            if length.is_some_and(|l| l != parsed) {
                return Err(ReadErr::Protocol(
                    "several different Content-Length headers".to_owned(),
                ));
            }
            length = Some(parsed);
        }
    }
    if status == 101 {
        return Err(ReadErr::Protocol(
            "unexpected 101 Switching Protocols".to_owned(),
        ));
    }
    let interim = (100..200).contains(&status);
    let keep_alive = if http11 { !close } else { keep && !close };
    Ok(Some((
        Head {
            evidence: ev,
            keep_alive,
            chunked,
            length,
            interim,
        },
        n,
    )))
}

impl Conn {
    /// Reads more bytes before `deadline`; `Ok(0)` at the end of the stream.
    async fn fill(&mut self, deadline: Instant) -> Result<usize, ReadErr> {
        self.buf.reserve(16 * 1024);
        match tokio::time::timeout_at(deadline, self.io.read_buf(&mut self.buf)).await {
            Err(_) => Err(ReadErr::Timeout),
            Ok(Err(e)) => Err(ReadErr::Io(e.to_string())),
            Ok(Ok(n)) => Ok(n),
        }
    }

    /// Discards `n` body bytes.
    async fn skip(&mut self, mut n: usize, deadline: Instant) -> Result<(), ReadErr> {
        loop {
            let here = n.min(self.buf.len());
            self.buf.advance(here);
            n -= here;
            if n == 0 {
                return Ok(());
            }
            if self.fill(deadline).await? == 0 {
                return Err(ReadErr::Io(
                    "connection closed in the middle of a response body".to_owned(),
                ));
            }
        }
    }

    /// Needs at least `n` buffered bytes.
    async fn want(&mut self, n: usize, deadline: Instant) -> Result<(), ReadErr> {
        while self.buf.len() < n {
            if self.fill(deadline).await? == 0 {
                return Err(ReadErr::Io(
                    "connection closed in the middle of a response body".to_owned(),
                ));
            }
        }
        Ok(())
    }

    /// Discards a chunked body; `Ok(false)` when it is longer than `max` (connection unusable).
    async fn skip_chunked(&mut self, max: usize, deadline: Instant) -> Result<bool, ReadErr> {
        let mut total = 0usize;
        loop {
            let (used, size) = loop {
                match httparse::parse_chunk_size(&self.buf) {
                    Ok(httparse::Status::Complete((used, size))) => break (used, size),
                    Ok(httparse::Status::Partial) if self.buf.len() < 4096 => {
                        if self.fill(deadline).await? == 0 {
                            return Err(ReadErr::Io(
                                "connection closed in the middle of a chunked body".to_owned(),
                            ));
                        }
                    }
                    _ => return Err(ReadErr::Protocol("invalid chunk size".to_owned())),
                }
            };
            self.buf.advance(used);
            if size == 0 {
                // Trailers, then an empty line.
                loop {
                    let line_end = loop {
                        if let Some(i) = self.buf.windows(2).position(|w| w == b"\r\n") {
                            break i;
                        }
                        if self.buf.len() > MAX_HEAD {
                            return Err(ReadErr::Protocol("chunked trailers too large".to_owned()));
                        }
                        if self.fill(deadline).await? == 0 {
                            return Err(ReadErr::Io(
                                "connection closed in the middle of a chunked body".to_owned(),
                            ));
                        }
                    };
                    self.buf.advance(line_end + 2);
                    if line_end == 0 {
                        return Ok(true);
                    }
                }
            }
            let size = usize::try_from(size).unwrap_or(usize::MAX);
            total = total.saturating_add(size);
            if total > max {
                return Ok(false);
            }
            self.skip(size, deadline).await?;
            self.want(2, deadline).await?;
            if &self.buf[..2] != b"\r\n" {
                return Err(ReadErr::Protocol("invalid chunk terminator".to_owned()));
            }
            self.buf.advance(2);
        }
    }

    /// Reads one final response (interim 1xx responses skipped) and discards its body.
    /// Returns the evidence and whether the connection can carry the next response.
    async fn read_response(
        &mut self,
        deadline: Instant,
        max_body: usize,
    ) -> Result<(Evidence, bool), ReadErr> {
        let mut first = true;
        loop {
            let parsed = parse_head(&self.buf)?;
            let Some((head, n)) = parsed else {
                if self.fill(deadline).await? == 0 {
                    return Err(if first && self.buf.is_empty() {
                        ReadErr::Closed
                    } else {
                        ReadErr::Io("connection closed in the middle of a response".to_owned())
                    });
                }
                first = false;
                continue;
            };
            self.buf.advance(n);
            if head.interim {
                first = false;
                continue;
            }
            let status = head.evidence.status;
            let mut keep = head.keep_alive;
            let no_body = status == 204 || status == 304;
            if no_body {
                // 204 and 304 answers have no body, whatever their headers say.
            } else if head.chunked {
                keep &= self.skip_chunked(max_body, deadline).await?;
            } else if let Some(len) = head.length {
                if len > max_body {
                    keep = false;
                } else {
                    self.skip(len, deadline).await?;
                }
            } else {
                // Delimited by the end of the connection: nothing after it can be read.
                keep = false;
            }
            self.served += 1;
            return Ok((head.evidence, keep));
        }
    }
}

/// Reads responses from `bytes` as one kept-alive connection would (the fuzz target
/// `scan_response` and the hostile-server tests): each response's evidence, until the stream
/// ends, a response closes the connection, or an error (its message). Never panics.
#[doc(hidden)]
pub async fn read_responses_from(
    bytes: Vec<u8>,
    max_body: usize,
    timeout: Duration,
) -> (Vec<Evidence>, Option<String>) {
    let mut conn = Conn {
        io: Box::new(std::io::Cursor::new(bytes)),
        buf: BytesMut::new(),
        served: 0,
        idle_since: Instant::now(),
    };
    let mut out = Vec::new();
    loop {
        let deadline = Instant::now() + timeout;
        match conn.read_response(deadline, max_body).await {
            Ok((ev, keep)) => {
                out.push(ev);
                if !keep {
                    return (out, None);
                }
            }
            Err(ReadErr::Closed) => return (out, None),
            Err(e) => return (out, Some(probe_error(&e, timeout).message)),
        }
    }
}

/// One host's idle connections and its connection limit.
struct HostPool {
    idle: Vec<Pooled>,
    sem: Arc<Semaphore>,
}

/// The shared HTTP client.
pub(crate) struct Http {
    cfg: ClientConfig,
    tls: tokio_rustls::TlsConnector,
    global: Arc<Semaphore>,
    hosts: Mutex<HashMap<String, HostPool>>,
    idle_total: AtomicUsize,
    idle_cap: usize,
    rate: Option<Mutex<(Instant, Duration)>>,
    /// The fixed request headers (User-Agent, Accept, the user's), encoded once.
    fixed_headers: Vec<u8>,
    user_has_host: bool,
    /// The same for HTTP/2.
    h2_fixed: H2Fixed,
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field("cfg", &self.cfg)
            .finish_non_exhaustive()
    }
}

fn probe_error(e: &ReadErr, timeout: Duration) -> ProbeError {
    match e {
        ReadErr::Timeout => ProbeError {
            timeout: true,
            message: format!("timed out after {timeout:?}"),
        },
        ReadErr::Closed => ProbeError {
            timeout: false,
            message: "the server closed the connection without answering".to_owned(),
        },
        ReadErr::Io(m) | ReadErr::Protocol(m) => ProbeError {
            timeout: false,
            message: m.clone(),
        },
    }
}

impl Http {
    /// Builds the client and its TLS configuration (once).
    pub(crate) fn new(cfg: ClientConfig) -> Result<Self, Error> {
        if cfg.concurrency == 0 || cfg.per_host == 0 {
            return Err(Error::InvalidOption(
                "concurrency and per-host limits must be at least 1".to_owned(),
            ));
        }
        let rate = match cfg.rate {
            None => None,
            Some(r) if r.is_finite() && r > 0.0 => Some(Mutex::new((
                Instant::now(),
                Duration::from_secs_f64(1.0 / r),
            ))),
            Some(r) => {
                return Err(Error::InvalidOption(format!(
                    "rate must be a positive number of requests per second, got {r}"
                )));
            }
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::Tls(e.to_string()))?;
        let mut tls = if cfg.insecure {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AcceptAnyCert(provider)))
                .with_no_client_auth()
        } else {
            let mut roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            for c in &cfg.ca_certs {
                roots
                    .add(c.clone())
                    .map_err(|e| Error::Tls(format!("bad CA certificate: {e}")))?;
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        };
        tls.alpn_protocols = if cfg.http1_only {
            vec![b"http/1.1".to_vec()]
        } else {
            vec![b"h2".to_vec(), b"http/1.1".to_vec()]
        };
        tls.resumption = rustls::client::Resumption::in_memory_sessions(4096);
        let mut fixed_headers = Vec::new();
        let user_has = |n: &HeaderName| cfg.headers.iter().any(|(h, _)| h == n);
        if !user_has(&http::header::USER_AGENT) {
            fixed_headers.extend_from_slice(
                concat!(
                    "User-Agent: corsfix-scan/",
                    env!("CARGO_PKG_VERSION"),
                    "\r\n"
                )
                .as_bytes(),
            );
        }
        if !user_has(&http::header::ACCEPT) {
            fixed_headers.extend_from_slice(b"Accept: */*\r\n");
        }
        for (n, v) in &cfg.headers {
            fixed_headers.extend_from_slice(n.as_str().as_bytes());
            fixed_headers.extend_from_slice(b": ");
            fixed_headers.extend_from_slice(v.as_bytes());
            fixed_headers.extend_from_slice(b"\r\n");
        }
        let user_has_host = user_has(&http::header::HOST);
        Ok(Self {
            tls: tokio_rustls::TlsConnector::from(Arc::new(tls)),
            global: Arc::new(Semaphore::new(cfg.concurrency)),
            hosts: Mutex::new(HashMap::new()),
            idle_total: AtomicUsize::new(0),
            idle_cap: cfg.concurrency.max(64),
            rate,
            fixed_headers,
            user_has_host,
            h2_fixed: H2Fixed::new(&cfg.headers),
            cfg,
        })
    }

    fn encode(&self, ep: &Endpoint, p: &Probe<'_>, out: &mut Vec<u8>) {
        out.extend_from_slice(if p.preflight { b"OPTIONS " } else { b"GET " });
        out.extend_from_slice(ep.path.as_bytes());
        out.extend_from_slice(b" HTTP/1.1\r\n");
        if !self.user_has_host {
            out.extend_from_slice(b"Host: ");
            out.extend_from_slice(ep.authority.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(&self.fixed_headers);
        if let Some(o) = p.origin {
            out.extend_from_slice(b"Origin: ");
            out.extend_from_slice(o.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        if p.preflight {
            out.extend_from_slice(
                b"Access-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: ",
            );
            out.extend_from_slice(ep.acrh.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
    }

    async fn pace(&self) {
        let Some(rate) = &self.rate else { return };
        let slot = {
            let mut guard = rate.lock().expect("rate lock poisoned");
            let now = Instant::now();
            let slot = guard.0.max(now);
            guard.0 = slot + guard.1;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }

    async fn addresses(&self, ep: &Endpoint) -> Result<Vec<SocketAddr>, ProbeError> {
        let err = |message: String| ProbeError {
            timeout: false,
            message,
        };
        let bare = ep.host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, ep.port)]);
        }
        if let Some(a) = self.cfg.resolver.lookup_on_port(&ep.host, ep.port) {
            return Ok(vec![a]);
        }
        if let Some(mut a) = self.cfg.resolver.lookup(&ep.host) {
            if ep.explicit_port || a.port() == 0 {
                a.set_port(ep.port);
            }
            return Ok(vec![a]);
        }
        if self.cfg.resolver.inner.no_dns {
            return Err(err(format!(
                "no resolve rule for `{}` (DNS disabled)",
                ep.host
            )));
        }
        let found = tokio::net::lookup_host((bare, ep.port))
            .await
            .map_err(|e| err(format!("DNS lookup of `{}`: {e}", ep.host)))?;
        let v: Vec<SocketAddr> = found.collect();
        if v.is_empty() {
            return Err(err(format!("DNS lookup of `{}`: no address", ep.host)));
        }
        Ok(v)
    }

    async fn connect(&self, ep: &Endpoint) -> Result<Pooled, ProbeError> {
        let timed_out = || ProbeError {
            timeout: true,
            message: format!("timed out after {:?} (connecting)", self.cfg.timeout),
        };
        let deadline = Instant::now() + self.cfg.timeout;
        let addrs = tokio::time::timeout_at(deadline, self.addresses(ep))
            .await
            .map_err(|_| timed_out())??;
        let mut last = String::new();
        let mut tcp = None;
        for addr in addrs {
            match tokio::time::timeout_at(deadline, TcpStream::connect(addr)).await {
                Err(_) => return Err(timed_out()),
                Ok(Err(e)) => last = format!("connecting to {addr}: {e}"),
                Ok(Ok(s)) => {
                    tcp = Some(s);
                    break;
                }
            }
        }
        let Some(tcp) = tcp else {
            return Err(ProbeError {
                timeout: false,
                message: last,
            });
        };
        let _ = tcp.set_nodelay(true);
        let io: Box<dyn Io> = if ep.tls {
            let bare = ep.host.trim_start_matches('[').trim_end_matches(']');
            let name = ServerName::try_from(bare.to_owned()).map_err(|e| ProbeError {
                timeout: false,
                message: format!("`{}` cannot be used as a TLS server name: {e}", ep.host),
            })?;
            match tokio::time::timeout_at(deadline, self.tls.connect(name, tcp)).await {
                Err(_) => return Err(timed_out()),
                Ok(Err(e)) => {
                    return Err(ProbeError {
                        timeout: false,
                        message: format!("TLS handshake with `{}`: {e}", ep.host),
                    });
                }
                Ok(Ok(s)) => {
                    if s.get_ref().1.alpn_protocol() == Some(b"h2") {
                        // Boxed, here and for the round: the HTTP/2 futures are large and
                        // would otherwise enlarge every URL's task, HTTP/1.1 ones included.
                        let c = Box::pin(http2::handshake(s, deadline, self.cfg.timeout))
                            .await
                            .map_err(|message| ProbeError {
                                timeout: false,
                                message,
                            })?;
                        return Ok(Pooled::H2(c));
                    }
                    Box::new(s)
                }
            }
        } else {
            Box::new(tcp)
        };
        Ok(Pooled::H1(Conn {
            io,
            buf: BytesMut::new(),
            served: 0,
            idle_since: Instant::now(),
        }))
    }

    /// A connection slot for the host, and an idle connection when there is one.
    async fn checkout(
        &self,
        ep: &Endpoint,
    ) -> (Arc<Semaphore>, OwnedSemaphorePermit, Option<Pooled>) {
        let sem = {
            let mut map = self.hosts.lock().expect("host map lock poisoned");
            map.entry(ep.key.clone())
                .or_insert_with(|| HostPool {
                    idle: Vec::new(),
                    sem: Arc::new(Semaphore::new(self.cfg.per_host)),
                })
                .sem
                .clone()
        };
        let permit = sem
            .clone()
            .acquire_owned()
            .await
            .expect("host semaphores are never closed");
        let mut map = self.hosts.lock().expect("host map lock poisoned");
        let mut conn = None;
        if let Some(pool) = map.get_mut(&ep.key) {
            while let Some(c) = pool.idle.pop() {
                self.idle_total.fetch_sub(1, Ordering::Relaxed);
                if c.idle_since().elapsed() < IDLE_TIMEOUT {
                    conn = Some(c);
                    break;
                }
            }
        }
        (sem, permit, conn)
    }

    /// Gives the slot back, and the connection when it can carry more requests.
    fn checkin(
        &self,
        ep: &Endpoint,
        sem: Arc<Semaphore>,
        permit: OwnedSemaphorePermit,
        conn: Option<Pooled>,
    ) {
        let mut map = self.hosts.lock().expect("host map lock poisoned");
        drop(permit);
        let Some(pool) = map.get_mut(&ep.key) else {
            return;
        };
        if let Some(mut c) = conn
            && self.idle_total.load(Ordering::Relaxed) < self.idle_cap
        {
            c.set_idle_since(Instant::now());
            pool.idle.push(c);
            self.idle_total.fetch_add(1, Ordering::Relaxed);
        }
        // Nobody else holds or waits for this host and nothing is idle: forget it, so the map
        // does not grow with the number of hosts scanned.
        if pool.idle.is_empty()
            && Arc::strong_count(&sem) == 2
            && sem.available_permits() == self.cfg.per_host
        {
            map.remove(&ep.key);
        }
    }

    /// Sends a target's independent probes, pipelined on kept-alive connections, with retries
    /// after connection errors. Returns, for each probe in order, its evidence (or why it has
    /// none) and the attempts made.
    pub(crate) async fn send_batch(
        &self,
        ep: &Endpoint,
        probes: &[Probe<'_>],
    ) -> Vec<(Result<Evidence, ProbeError>, u32)> {
        let n = probes.len();
        let mut out: Vec<Option<Result<Evidence, ProbeError>>> = vec![None; n];
        let mut attempts = vec![0u32; n];
        // Every request encoded once, back to back: a pipelined chunk is one contiguous slice
        // (pending probes stay in order; a probe that cannot be sent has an empty span).
        let mut encoded: Vec<u8> = Vec::with_capacity(n * 256);
        let mut spans: Vec<(usize, usize)> = Vec::with_capacity(n);
        let mut pending: VecDeque<usize> = VecDeque::with_capacity(n);
        for (i, p) in probes.iter().enumerate() {
            let start = encoded.len();
            if p.origin.is_some_and(|o| !valid_header_value(o)) {
                attempts[i] = 1;
                out[i] = Some(Err(ProbeError {
                    timeout: false,
                    message: format!(
                        "origin `{}` is not a valid header value",
                        p.origin.unwrap_or_default()
                    ),
                }));
            } else {
                self.encode(ep, p, &mut encoded);
                pending.push_back(i);
            }
            spans.push((start, encoded.len()));
        }
        let timeout = self.cfg.timeout;
        // The request URI over HTTP/2 (only made when a server picks it).
        let mut h2_uri: Option<Result<http::Uri, String>> = None;
        let max_depth = if self.rate.is_some() {
            1
        } else {
            PIPELINE_DEPTH.min(self.cfg.concurrency)
        };
        'lease: while !pending.is_empty() {
            let (sem, permit, idle) = self.checkout(ep).await;
            let pooled = match idle {
                Some(c) => c,
                None => match self.connect(ep).await {
                    Ok(c) => c,
                    Err(e) => {
                        self.checkin(ep, sem, permit, None);
                        // A connection error: one attempt for every probe still waiting.
                        for &i in &pending {
                            attempts[i] += 1;
                        }
                        if !e.timeout && attempts[pending[0]] <= self.cfg.retries {
                            tokio::time::sleep(Duration::from_millis(
                                20 * u64::from(attempts[pending[0]]),
                            ))
                            .await;
                            continue;
                        }
                        for i in pending.drain(..) {
                            out[i] = Some(Err(e.clone()));
                        }
                        break;
                    }
                },
            };
            let mut conn = match pooled {
                Pooled::H1(c) => c,
                Pooled::H2(mut c) => {
                    let uri = match h2_uri
                        .get_or_insert_with(|| http2::uri(&self.h2_fixed, &ep.authority, &ep.path))
                    {
                        Ok(u) => u.clone(),
                        Err(m) => {
                            self.checkin(ep, sem, permit, Some(Pooled::H2(c)));
                            let err = ProbeError {
                                timeout: false,
                                message: m.clone(),
                            };
                            for i in pending.drain(..) {
                                attempts[i] += 1;
                                out[i] = Some(Err(err.clone()));
                            }
                            break 'lease;
                        }
                    };
                    let ctx = RoundCtx {
                        fixed: &self.h2_fixed,
                        global: &self.global,
                        timeout,
                        max_body: self.cfg.max_body,
                        max_depth,
                        uri: &uri,
                        acrh: &ep.acrh,
                    };
                    let served_before = c.served;
                    let round = Box::pin(http2::round(
                        &ctx,
                        &mut c,
                        probes,
                        &mut pending,
                        &mut out,
                        &mut attempts,
                    ))
                    .await;
                    if let Some(err) = round.timeout {
                        // Not retried: every probe still waiting fails with this error.
                        self.checkin(ep, sem, permit, None);
                        for i in pending.drain(..) {
                            attempts[i] += 1;
                            out[i] = Some(Err(err.clone()));
                        }
                        break 'lease;
                    }
                    let Some((message, sent)) = round.broken else {
                        self.checkin(ep, sem, permit, Some(Pooled::H2(c)));
                        continue 'lease;
                    };
                    self.checkin(ep, sem, permit, None);
                    if round.answered > 0 || served_before > 0 {
                        // Some answers, or a kept connection the server had closed: not the
                        // probes' fault, send them again.
                        continue 'lease;
                    }
                    for &i in &sent {
                        attempts[i] += 1;
                    }
                    let err = ProbeError {
                        timeout: false,
                        message,
                    };
                    let mut worst = 0;
                    pending.retain(|&i| {
                        if attempts[i] > self.cfg.retries {
                            out[i] = Some(Err(err.clone()));
                            false
                        } else {
                            worst = worst.max(attempts[i]);
                            true
                        }
                    });
                    if !pending.is_empty() {
                        tokio::time::sleep(Duration::from_millis(20 * u64::from(worst))).await;
                    }
                    continue 'lease;
                }
            };
            // Chunks on this connection while it stays usable.
            loop {
                if pending.is_empty() {
                    self.checkin(ep, sem, permit, Some(Pooled::H1(conn)));
                    break 'lease;
                }
                let served_before = conn.served;
                // A fresh connection carries one request first: a server that closes after
                // each answer must not get (and drop) a pipelined batch.
                let depth = if served_before == 0 { 1 } else { max_depth };
                // At most 16 KiB of requests per chunk (at least one request): the chunk fits in
                // the socket buffers, so writing it never waits for the server to read while the
                // server waits for us to read its answers.
                let mut take = 0;
                let mut chunk_bytes = 0;
                for &i in pending.iter().take(depth) {
                    let len = spans[i].1 - spans[i].0;
                    if take > 0 && chunk_bytes + len > MAX_CHUNK_BYTES {
                        break;
                    }
                    chunk_bytes += len;
                    take += 1;
                }
                let global = self
                    .global
                    .acquire_many(u32::try_from(take).unwrap_or(u32::MAX))
                    .await
                    .expect("the global semaphore is never closed");
                self.pace().await;
                let bytes = &encoded[spans[pending[0]].0..spans[pending[take - 1]].1];
                let written = tokio::time::timeout(timeout, async {
                    conn.io.write_all(bytes).await?;
                    conn.io.flush().await
                })
                .await;
                let mut fail = match written {
                    Err(_) => Some(ReadErr::Timeout),
                    Ok(Err(e)) => Some(ReadErr::Io(format!("sending the request: {e}"))),
                    Ok(Ok(())) => None,
                };
                let mut answered = 0usize;
                let mut keep = true;
                if fail.is_none() {
                    for &i in pending.iter().take(take) {
                        let deadline = Instant::now() + timeout;
                        match conn.read_response(deadline, self.cfg.max_body).await {
                            Ok((ev, reusable)) => {
                                attempts[i] += 1;
                                out[i] = Some(Ok(ev));
                                answered += 1;
                                if !reusable {
                                    keep = false;
                                    break;
                                }
                            }
                            Err(e) => {
                                fail = Some(e);
                                break;
                            }
                        }
                    }
                }
                drop(global);
                pending.drain(..answered);
                match fail {
                    None if keep => continue,
                    None => {
                        // The server closes: the rest go again on a new connection.
                        self.checkin(ep, sem, permit, None);
                        continue 'lease;
                    }
                    Some(ReadErr::Closed | ReadErr::Io(_)) if answered > 0 || served_before > 0 => {
                        // Closed after some answers, or a kept-alive connection the server had
                        // closed meanwhile: not the probes' fault, send them again.
                        self.checkin(ep, sem, permit, None);
                        continue 'lease;
                    }
                    Some(e @ (ReadErr::Closed | ReadErr::Io(_))) => {
                        self.checkin(ep, sem, permit, None);
                        let head = pending[0];
                        attempts[head] += 1;
                        if attempts[head] <= self.cfg.retries {
                            tokio::time::sleep(Duration::from_millis(
                                20 * u64::from(attempts[head]),
                            ))
                            .await;
                        } else {
                            out[head] = Some(Err(probe_error(&e, timeout)));
                            pending.pop_front();
                        }
                        continue 'lease;
                    }
                    Some(e @ (ReadErr::Timeout | ReadErr::Protocol(_))) => {
                        // Not retried: every probe still waiting fails with this error.
                        self.checkin(ep, sem, permit, None);
                        let err = probe_error(&e, timeout);
                        for i in pending.drain(..) {
                            attempts[i] += 1;
                            out[i] = Some(Err(err.clone()));
                        }
                        break 'lease;
                    }
                }
            }
        }
        out.into_iter()
            .zip(attempts)
            .map(|(r, a)| {
                let r = r.unwrap_or_else(|| {
                    Err(ProbeError {
                        timeout: false,
                        message: "no answer".to_owned(),
                    })
                });
                (r, a)
            })
            .collect()
    }
}

/// `--insecure`: accept any certificate, still check handshake signatures.
#[derive(Debug)]
struct AcceptAnyCert(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCert {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_rules_parse_and_match_in_order() {
        let r = Resolver::new()
            .rule("*=10.0.0.1")
            .unwrap()
            .rule("*.farm.test=127.0.0.1:8080")
            .unwrap()
            .rule("api.farm.test=[::1]:9")
            .unwrap();
        assert_eq!(r.lookup("API.farm.test"), Some("[::1]:9".parse().unwrap()));
        assert_eq!(
            r.lookup("x.farm.test"),
            Some("127.0.0.1:8080".parse().unwrap())
        );
        assert_eq!(r.lookup("other.com"), Some("10.0.0.1:0".parse().unwrap()));
        for bad in ["nothing", "=1.2.3.4", "a.com=notanip", "a b=1.2.3.4"] {
            assert!(Resolver::new().rule(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_curl_resolve_rule_covers_its_port_only() {
        let r = Resolver::new()
            .map_on_port("*.shop.test", 80, "127.0.0.1:8080".parse().unwrap())
            .map_on_port("api.example.com", 443, "10.0.0.5:443".parse().unwrap());
        assert_eq!(
            r.lookup_on_port("A.Shop.test.", 80),
            Some("127.0.0.1:8080".parse().unwrap())
        );
        assert_eq!(r.lookup_on_port("a.shop.test", 443), None);
        assert_eq!(r.lookup_on_port("shop.test", 80), None);
        assert_eq!(
            r.lookup_on_port("api.example.com", 443),
            Some("10.0.0.5:443".parse().unwrap())
        );
        assert_eq!(r.lookup_on_port("api.example.com", 80), None);
    }

    #[test]
    fn headers_parse_like_curl() {
        let (n, v) = parse_header("Cookie: a=b; c=d").unwrap();
        assert_eq!(n, http::header::COOKIE);
        assert_eq!(v, "a=b; c=d");
        assert!(parse_header("no colon").is_err());
        assert!(parse_header("Origin: https://x").is_err());
        assert!(parse_header("Bad Name: x").is_err());
    }
}
