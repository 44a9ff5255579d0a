//! The HTTP side: one hyper client (keep-alive pool per host, HTTP/2 through ALPN), one rustls
//! configuration built once (ring provider), a resolver hook, a global rate limit, a per-host
//! limit, timeouts and retries. Redirects are never followed.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::error::Error;
use crate::finding::Evidence;

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

type ResolveFuture =
    Pin<Box<dyn Future<Output = io::Result<std::vec::IntoIter<SocketAddr>>> + Send>>;

impl tower_service::Service<Name> for Resolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = io::Error;
    type Future = ResolveFuture;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        if let Some(addr) = self.lookup(name.as_str()) {
            return Box::pin(async move { Ok(vec![addr].into_iter()) });
        }
        if self.inner.no_dns {
            let host = name.as_str().to_owned();
            return Box::pin(async move {
                Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("no resolve rule for `{host}` (DNS disabled)"),
                ))
            });
        }
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            Ok(addrs.into_iter())
        })
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
    /// Requests in flight at once, overall.
    pub concurrency: usize,
    /// Requests in flight at once per host.
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

/// One request to send.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing<'a> {
    pub(crate) uri: &'a http::Uri,
    pub(crate) host_key: &'a str,
    pub(crate) method: Method,
    pub(crate) origin: Option<&'a str>,
    pub(crate) preflight_header: Option<&'a str>,
}

type HyperClient = Client<hyper_rustls::HttpsConnector<HttpConnector<Resolver>>, Empty<Bytes>>;

/// The shared HTTP client.
pub(crate) struct Http {
    client: HyperClient,
    cfg: ClientConfig,
    global: Arc<Semaphore>,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    rate: Option<Mutex<(Instant, Duration)>>,
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field("cfg", &self.cfg)
            .finish_non_exhaustive()
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
        let tls = if cfg.insecure {
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
        let mut http = HttpConnector::new_with_resolver(cfg.resolver.clone());
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(cfg.timeout));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(20))
            .pool_max_idle_per_host(cfg.per_host)
            .build(https);
        Ok(Self {
            client,
            global: Arc::new(Semaphore::new(cfg.concurrency)),
            hosts: Mutex::new(HashMap::new()),
            rate,
            cfg,
        })
    }

    async fn host_permit(&self, host: &str) -> (Arc<Semaphore>, OwnedSemaphorePermit) {
        let sem = {
            let mut map = self.hosts.lock().expect("host map lock poisoned");
            map.entry(host.to_owned())
                .or_insert_with(|| Arc::new(Semaphore::new(self.cfg.per_host)))
                .clone()
        };
        let permit = sem
            .clone()
            .acquire_owned()
            .await
            .expect("host semaphores are never closed");
        (sem, permit)
    }

    fn release_host(&self, host: &str, sem: Arc<Semaphore>, permit: OwnedSemaphorePermit) {
        drop(permit);
        let mut map = self.hosts.lock().expect("host map lock poisoned");
        // The map's reference plus ours: nobody else waits on this host, forget it so the map
        // does not grow with the number of hosts scanned.
        if Arc::strong_count(&sem) == 2 && sem.available_permits() == self.cfg.per_host {
            map.remove(host);
        }
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

    /// Sends one request (with retries) and returns its CORS evidence and the attempts made.
    pub(crate) async fn send(&self, out: &Outgoing<'_>) -> (Result<Evidence, ProbeError>, u32) {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let result = self.send_once(out).await;
            match result {
                Err(e) if !e.timeout && attempts <= self.cfg.retries => {
                    tokio::time::sleep(Duration::from_millis(20 * u64::from(attempts))).await;
                }
                other => return (other, attempts),
            }
        }
    }

    async fn send_once(&self, out: &Outgoing<'_>) -> Result<Evidence, ProbeError> {
        let global = self
            .global
            .acquire()
            .await
            .expect("the global semaphore is never closed");
        let (sem, permit) = self.host_permit(out.host_key).await;
        self.pace().await;
        let result = tokio::time::timeout(self.cfg.timeout, self.exchange(out)).await;
        self.release_host(out.host_key, sem, permit);
        drop(global);
        match result {
            Ok(r) => r,
            Err(_) => Err(ProbeError {
                timeout: true,
                message: format!("timed out after {:?}", self.cfg.timeout),
            }),
        }
    }

    async fn exchange(&self, out: &Outgoing<'_>) -> Result<Evidence, ProbeError> {
        let mut req = Request::builder()
            .method(out.method.clone())
            .uri(out.uri.clone())
            .body(Empty::<Bytes>::new())
            .map_err(|e| ProbeError {
                timeout: false,
                message: e.to_string(),
            })?;
        let headers = req.headers_mut();
        headers.insert(
            http::header::USER_AGENT,
            HeaderValue::from_static(concat!("corsfix-scan/", env!("CARGO_PKG_VERSION"))),
        );
        headers.insert(http::header::ACCEPT, HeaderValue::from_static("*/*"));
        for (n, v) in &self.cfg.headers {
            headers.append(n.clone(), v.clone());
        }
        if let Some(origin) = out.origin {
            let v = HeaderValue::from_str(origin).map_err(|_| ProbeError {
                timeout: false,
                message: format!("origin `{origin}` is not a valid header value"),
            })?;
            headers.insert(http::header::ORIGIN, v);
        }
        if let Some(h) = out.preflight_header {
            headers.insert(
                http::header::ACCESS_CONTROL_REQUEST_METHOD,
                HeaderValue::from_static("PUT"),
            );
            if let Ok(v) = HeaderValue::from_str(h) {
                headers.insert(http::header::ACCESS_CONTROL_REQUEST_HEADERS, v);
            }
        }
        let resp = self.client.request(req).await.map_err(|e| ProbeError {
            timeout: false,
            message: error_chain(&e),
        })?;
        let (parts, mut body) = resp.into_parts();
        let evidence = evidence_of(parts.status.as_u16(), &parts.headers);
        // Drain the body so the connection goes back to the pool; give up past max_body
        // (dropping the body closes that connection, which is fine).
        let mut read = 0usize;
        while read <= self.cfg.max_body {
            match body.frame().await {
                Some(Ok(frame)) => {
                    if let Some(d) = frame.data_ref() {
                        read += d.len();
                    }
                }
                Some(Err(_)) | None => break,
            }
        }
        Ok(evidence)
    }
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        let t = s.to_string();
        if !msg.contains(&t) {
            msg.push_str(": ");
            msg.push_str(&t);
        }
        src = s.source();
    }
    msg
}

fn header_text(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    let mut values = headers.get_all(name).iter().peekable();
    values.peek()?;
    let joined: Vec<String> = values
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    Some(joined.join(", "))
}

/// Extracts the CORS evidence of one response.
pub(crate) fn evidence_of(status: u16, headers: &HeaderMap) -> Evidence {
    Evidence {
        status,
        acao: headers
            .get_all(http::header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect(),
        acac: header_text(headers, &http::header::ACCESS_CONTROL_ALLOW_CREDENTIALS),
        vary: header_text(headers, &http::header::VARY),
        acam: header_text(headers, &http::header::ACCESS_CONTROL_ALLOW_METHODS),
        acah: header_text(headers, &http::header::ACCESS_CONTROL_ALLOW_HEADERS),
        location: header_text(headers, &http::header::LOCATION),
        hsts: header_text(headers, &http::header::STRICT_TRANSPORT_SECURITY),
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
    fn headers_parse_like_curl() {
        let (n, v) = parse_header("Cookie: a=b; c=d").unwrap();
        assert_eq!(n, http::header::COOKIE);
        assert_eq!(v, "a=b; c=d");
        assert!(parse_header("no colon").is_err());
        assert!(parse_header("Origin: https://x").is_err());
        assert!(parse_header("Bad Name: x").is_err());
    }
}
