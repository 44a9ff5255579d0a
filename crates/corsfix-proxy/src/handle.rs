//! Accepting connections and handling each request: refuse what is not for this proxy,
//! answer preflights, forward the rest, tunnel upgrades, judge the upstream's own answers.

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use corsfix_model::ResponseSpec;
use corsfix_policy::Policy;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, Response, StatusCode, Version};
use http_body_util::{BodyExt as _, Either, Empty, Full};
use hyper::body::Incoming;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;

use crate::cookies;
use crate::har::{Exchange, Recorder};
use crate::headers::{self as h, get};
use crate::judge::{self, Ask};
use crate::upstream::{Upstream, names_proxy};
use crate::{Action, Config, Error, Event};

/// What the browser gets: the upstream's body streamed, or a short answer of the proxy's own.
pub(crate) type ResBody = Either<Incoming, Full<Bytes>>;
/// What the upstream gets: the browser's body streamed, or nothing.
type ReqBody = Either<Watched, Empty<Bytes>>;

/// The browser's request body on its way upstream, saying when it has all been sent (or
/// dropped): the upstream's time to answer counts from then, so a long upload is not cut off.
pub(crate) struct Watched {
    inner: Incoming,
    done: Option<tokio::sync::oneshot::Sender<()>>,
}

impl hyper::body::Body for Watched {
    type Data = Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, hyper::Error>>> {
        let polled = std::pin::Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(polled, std::task::Poll::Ready(None | Some(Err(_))))
            && let Some(done) = self.done.take()
        {
            let _ = done.send(());
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
    }
}
type HttpClient = Client<HttpsConnector<HttpConnector>, ReqBody>;
type Log = Box<dyn Fn(Event) + Send + Sync>;

/// How long an upstream's preflight answer is kept to judge the requests that follow it.
const PREFLIGHT_TTL: Duration = Duration::from_secs(60);
const PREFLIGHT_CACHE_MAX: usize = 1024;
/// How much of a preflight answer's body is read (and dropped) so the connection is reused.
const PREFLIGHT_BODY_MAX: usize = 64 * 1024;

/// Everything the request handlers share.
pub(crate) struct Shared {
    upstream: Upstream,
    policy: Policy,
    rewrite_origin: bool,
    timeout: Duration,
    connect_timeout: Duration,
    local: SocketAddr,
    client: HttpClient,
    /// HTTP/1.1 only: protocol switches (WebSocket) need it.
    upgrade_client: HttpClient,
    preflights: Mutex<HashMap<PreflightKey, (Instant, ResponseSpec)>>,
    cookies_logged: Mutex<HashSet<String>>,
    memo: judge::Memo,
    pub(crate) har: Option<Arc<Recorder>>,
    log: Log,
}

/// A preflight by what the browser asks: origin, URL, method, request headers.
type PreflightKey = (String, String, String, String);

fn tls_config(cfg: &Config) -> Result<rustls::ClientConfig, Error> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    // The system's store too (a company CA installed there); unreadable stores are skipped.
    let native = rustls_native_certs::load_native_certs();
    let _ = roots.add_parsable_certificates(native.certs);
    for pem in &cfg.upstream_ca_pem {
        let mut any = false;
        for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
            let cert = cert.map_err(|e| Error::Certificate(e.to_string()))?;
            roots
                .add(cert)
                .map_err(|e| Error::Certificate(e.to_string()))?;
            any = true;
        }
        if !any {
            return Err(Error::Certificate(
                "no PEM certificate (-----BEGIN CERTIFICATE-----) found".into(),
            ));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Certificate(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

fn http_connector(connect_timeout: Duration) -> HttpConnector {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(Some(connect_timeout));
    http
}

impl Shared {
    pub(crate) fn new(cfg: Config, local: SocketAddr, log: Log) -> Result<Self, Error> {
        let tls = tls_config(&cfg)?;
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls.clone())
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(http_connector(cfg.connect_timeout));
        let mut builder = Client::builder(TokioExecutor::new());
        builder
            .timer(TokioTimer::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(60))
            .http1_max_headers(200)
            .http2_max_header_list_size(256 * 1024);
        let client = builder.build(https);
        let https1 = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http_connector(cfg.connect_timeout));
        let upgrade_client = builder.build(https1);
        Ok(Self {
            upstream: cfg.upstream,
            policy: cfg.policy,
            rewrite_origin: cfg.rewrite_origin,
            timeout: cfg.timeout,
            connect_timeout: cfg.connect_timeout,
            local,
            client,
            upgrade_client,
            preflights: Mutex::new(HashMap::new()),
            cookies_logged: Mutex::new(HashSet::new()),
            memo: judge::Memo::default(),
            har: cfg.har.map(|p| Arc::new(Recorder::new(p))),
            log,
        })
    }
}

/// Accept connections until `shutdown`; each connection is served on its own task.
pub(crate) async fn accept_loop(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    shutdown: impl Future<Output = ()>,
) {
    let mut server = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    server
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30));
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            () = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                // Out of file descriptors and the like: wait, then go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let server = server.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| handle(shared.clone(), req));
            let _ = server
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The proxy's own short answer (text), with the policy's CORS headers so the page's script
/// can read why.
fn own_answer(
    status: StatusCode,
    text: String,
    cors: &corsfix_policy::Answer,
) -> Response<ResBody> {
    let mut resp = Response::new(Either::Right(Full::new(Bytes::from(text + "\n"))));
    *resp.status_mut() = status;
    let hm = resp.headers_mut();
    hm.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    hm.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    add_cors(hm, cors);
    resp
}

/// Add the policy's answer: its headers, its `Vary` appended to the upstream's.
fn add_cors(headers: &mut HeaderMap, answer: &corsfix_policy::Answer) {
    for (name, value) in &answer.headers {
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) else {
            continue;
        };
        headers.append(name, value);
    }
}

/// The CORS-relevant parts of a request, as the policy reads them.
fn cors_request(req: &Request<Incoming>) -> corsfix_policy::Request {
    let hm = req.headers();
    corsfix_policy::Request {
        method: req.method().as_str().to_owned(),
        path: "/".into(),
        origin: get(hm, "origin").map(str::to_owned),
        request_method: get(hm, "access-control-request-method").map(str::to_owned),
        request_headers: get(hm, "access-control-request-headers").map(str::to_owned),
        request_private_network: get(hm, "access-control-request-private-network")
            .is_some_and(|v| v.eq_ignore_ascii_case("true")),
    }
}

struct Started {
    at: Instant,
    time: SystemTime,
    method: String,
    path: String,
    origin: Option<String>,
}

impl Started {
    fn event(&self, status: u16, action: Action, shared: &Shared) -> Event {
        Event {
            time: crate::rfc3339(self.time),
            method: self.method.clone(),
            path: self.path.clone(),
            status,
            ms: self.at.elapsed().as_secs_f64() * 1000.0,
            origin: self.origin.clone(),
            action,
            origin_allowed: self
                .origin
                .as_deref()
                .map(|o| shared.policy.origins().allows(o)),
            upstream_status: None,
            upstream_alone: None,
            not_judged: None,
            cookies: Vec::new(),
            error: None,
        }
    }
}

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<ResBody>, Infallible> {
    let started = Started {
        at: Instant::now(),
        time: SystemTime::now(),
        method: req.method().as_str().to_owned(),
        path: req
            .uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned(),
        origin: get(req.headers(), "origin").map(str::to_owned),
    };
    let cors = cors_request(&req);
    let refuse = |status: StatusCode, why: String| {
        let mut ev = started.event(status.as_u16(), Action::Refused, &shared);
        ev.error = Some(why.clone());
        (shared.log)(ev);
        // No CORS headers on a refusal: it is not an answer of the upstream's resource.
        Ok(own_answer(
            status,
            format!("corsfix proxy: {why}"),
            &corsfix_policy::Answer::default(),
        ))
    };
    let me = shared.upstream.origin();
    if req.method() == Method::CONNECT {
        return refuse(
            StatusCode::FORBIDDEN,
            format!("CONNECT refused: this is not an open proxy; it forwards only to {me}"),
        );
    }
    // HTTP/1 absolute-form (`GET http://host/ HTTP/1.1`) or HTTP/2 `:authority`.
    let absolute = req.version() < Version::HTTP_2 && req.uri().scheme().is_some();
    let host = match req.uri().authority() {
        Some(a) => Some(a.as_str().to_owned()),
        None => get(req.headers(), "host").map(str::to_owned),
    };
    let Some(host) = host else {
        return refuse(StatusCode::BAD_REQUEST, "no Host header".into());
    };
    if !names_proxy(&host, shared.local) {
        if absolute {
            return refuse(
                StatusCode::FORBIDDEN,
                format!(
                    "{} refused: this is not an open proxy; it forwards only to {me}",
                    req.uri()
                ),
            );
        }
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "Host {host} is not this proxy (it answers to {} and forwards to {me})",
                shared.local
            ),
        );
    }
    if cors.is_preflight() {
        return Ok(preflight(shared, req, &started, &cors));
    }
    if h::is_upgrade(req.headers()) {
        return Ok(upgrade(shared, req, &started, &cors, &host).await);
    }
    Ok(forward(shared, req, started, &cors, &host).await)
}

/// The headers to send upstream: hop-by-hop fields, `Host` and (without credentials)
/// `Cookie` removed, `Origin`/`Referer` rewritten with `--rewrite-origin`.
fn upstream_headers(shared: &Shared, headers: &mut HeaderMap, upgrade: bool) {
    h::strip_hop_by_hop(headers, upgrade);
    headers.remove(header::HOST);
    if !shared.policy.credentials() {
        headers.remove(header::COOKIE);
    }
    if shared.rewrite_origin {
        let own = shared.upstream.origin();
        if headers.contains_key(header::ORIGIN)
            && let Ok(v) = HeaderValue::from_str(own)
        {
            headers.insert(header::ORIGIN, v);
        }
        if headers.contains_key(header::REFERER)
            && let Ok(v) = HeaderValue::from_str(&format!("{own}/"))
        {
            headers.insert(header::REFERER, v);
        }
    }
}

/// Answer a preflight from the policy; ask the upstream the same in the background, to judge
/// its own answer.
fn preflight(
    shared: Arc<Shared>,
    req: Request<Incoming>,
    started: &Started,
    cors: &corsfix_policy::Request,
) -> Response<ResBody> {
    let answer = shared.policy.respond(cors);
    let status = StatusCode::from_u16(answer.status.unwrap_or(204)).unwrap_or(StatusCode::OK);
    let mut resp = Response::new(Either::Right(Full::new(Bytes::new())));
    *resp.status_mut() = status;
    add_cors(resp.headers_mut(), &answer);
    let event = started.event(status.as_u16(), Action::Preflight, &shared);
    let url = shared.upstream.url(&started.path);
    let browser_headers = req.headers().clone();
    tokio::spawn(async move {
        let mut event = event;
        let mut send = browser_headers.clone();
        h::strip_hop_by_hop(&mut send, false);
        send.remove(header::HOST);
        send.remove(header::COOKIE);
        let sent = h::pairs(&browser_headers);
        let at = Instant::now();
        match ask_upstream_preflight(&shared, &event.path, send).await {
            Ok(spec) => {
                event.upstream_status = Some(spec.status);
                record(&shared, at, "OPTIONS", &url, &sent, &spec);
                match Ask::of_preflight(
                    &browser_headers,
                    url.clone(),
                    shared.upstream.origin(),
                    shared.policy.credentials(),
                ) {
                    Ok(mut ask) => {
                        let acrh = get(&browser_headers, "access-control-request-headers")
                            .unwrap_or_default();
                        remember_preflight(&shared, &ask, acrh, &spec);
                        event.upstream_alone = Some(judge::judge_preflight(
                            &mut ask,
                            spec,
                            &shared.policy,
                            &shared.memo,
                        ));
                    }
                    Err(why) => event.not_judged = Some(why.into()),
                }
            }
            Err(why) => {
                event.not_judged = Some(format!(
                    "the upstream's own preflight answer is unknown: {why}"
                ))
            }
        }
        (shared.log)(event);
    });
    resp
}

fn preflight_key(ask: &Ask, acrh: &str) -> PreflightKey {
    (
        ask.origin().to_owned(),
        ask.url().to_owned(),
        ask.method().to_ascii_uppercase(),
        acrh.to_ascii_lowercase().replace(' ', ""),
    )
}

fn remember_preflight(shared: &Shared, ask: &Ask, acrh: &str, spec: &ResponseSpec) {
    let mut cache = shared
        .preflights
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if cache.len() >= PREFLIGHT_CACHE_MAX {
        cache.retain(|_, (at, _)| at.elapsed() < PREFLIGHT_TTL);
        if cache.len() >= PREFLIGHT_CACHE_MAX {
            cache.clear();
        }
    }
    cache.insert(preflight_key(ask, acrh), (Instant::now(), spec.clone()));
}

fn cached_preflight(shared: &Shared, ask: &Ask, acrh: &str) -> Option<ResponseSpec> {
    let cache = shared
        .preflights
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    cache
        .get(&preflight_key(ask, acrh))
        .filter(|(at, _)| at.elapsed() < PREFLIGHT_TTL)
        .map(|(_, spec)| spec.clone())
}

/// Send an `OPTIONS` to the upstream and read its answer's head (the body is drained).
async fn ask_upstream_preflight(
    shared: &Shared,
    path: &str,
    headers: HeaderMap,
) -> Result<ResponseSpec, String> {
    let mut req = Request::new(Either::Right(Empty::new()));
    *req.method_mut() = Method::OPTIONS;
    *req.uri_mut() = shared.upstream.uri(path);
    *req.headers_mut() = headers;
    let resp = tokio::time::timeout(shared.timeout, shared.client.request(req))
        .await
        .map_err(|_| format!("no answer within {} s", shared.timeout.as_secs()))?
        .map_err(|e| failure(shared, &e).1)?;
    let (parts, mut body) = resp.into_parts();
    let mut read = 0usize;
    while read < PREFLIGHT_BODY_MAX {
        match tokio::time::timeout(shared.timeout, body.frame()).await {
            Ok(Some(Ok(frame))) => read += frame.data_ref().map_or(0, Bytes::len),
            _ => break,
        }
    }
    Ok(ResponseSpec {
        status: parts.status.as_u16(),
        headers: h::pairs(&parts.headers),
        next: None,
    })
}

fn record(
    shared: &Shared,
    at: Instant,
    method: &str,
    url: &str,
    request_headers: &[(String, String)],
    spec: &ResponseSpec,
) {
    if let Some(har) = &shared.har {
        har.record(&Exchange {
            started: SystemTime::now()
                .checked_sub(at.elapsed())
                .unwrap_or_else(SystemTime::now),
            wait: at.elapsed(),
            method,
            url,
            request_headers,
            status: spec.status,
            response_headers: &spec.headers,
        });
    }
}

/// Why the upstream did not answer, as a status and a sentence.
fn failure(shared: &Shared, e: &hyper_util::client::legacy::Error) -> (StatusCode, String) {
    let up = shared.upstream.origin();
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    let mut io_kind = None;
    let mut hyper_err: Option<&hyper::Error> = None;
    let mut detail = String::new();
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            io_kind.get_or_insert(io.kind());
        }
        if let Some(he) = s.downcast_ref::<hyper::Error>() {
            hyper_err.get_or_insert(he);
        }
        detail = s.to_string();
        source = s.source();
    }
    if e.is_connect() {
        return match io_kind {
            Some(std::io::ErrorKind::TimedOut) => (
                StatusCode::GATEWAY_TIMEOUT,
                format!(
                    "the upstream {up} did not accept a connection within {} s",
                    shared.connect_timeout.as_secs()
                ),
            ),
            Some(std::io::ErrorKind::ConnectionRefused) => (
                StatusCode::BAD_GATEWAY,
                format!("the upstream {up} refused the connection (is it running?)"),
            ),
            _ => (
                StatusCode::BAD_GATEWAY,
                format!("could not connect to the upstream {up}: {detail}"),
            ),
        };
    }
    if let Some(he) = hyper_err {
        if he.is_parse_too_large() {
            return (
                StatusCode::BAD_GATEWAY,
                format!(
                    "the upstream {up} answered with a header section too large to read ({he})"
                ),
            );
        }
        if he.is_parse() || he.is_parse_status() {
            return (
                StatusCode::BAD_GATEWAY,
                format!("the upstream {up} answered something that is not HTTP ({he})"),
            );
        }
        if he.is_incomplete_message() || he.is_closed() {
            return (
                StatusCode::BAD_GATEWAY,
                format!("the upstream {up} closed the connection without a complete answer"),
            );
        }
        if he.is_timeout() {
            return (
                StatusCode::GATEWAY_TIMEOUT,
                format!("the upstream {up} did not answer in time"),
            );
        }
    }
    (
        StatusCode::BAD_GATEWAY,
        format!("the upstream {up} failed: {detail}"),
    )
}

/// Send `req` to the upstream; on failure the proxy's 502/504 answer. The upstream has the
/// timeout to answer, counted from when the request's body has all been sent (`body_sent`;
/// `None`: there is none).
async fn send(
    shared: &Shared,
    client: &HttpClient,
    req: Request<ReqBody>,
    body_sent: Option<tokio::sync::oneshot::Receiver<()>>,
) -> Result<Response<Incoming>, (StatusCode, String)> {
    let deadline = async {
        if let Some(sent) = body_sent {
            // Sent, or dropped by the client: either way the upload is over.
            let _ = sent.await;
        }
        tokio::time::sleep(shared.timeout).await;
    };
    tokio::select! {
        answer = client.request(req) => answer.map_err(|e| failure(shared, &e)),
        () = deadline => Err((
            StatusCode::GATEWAY_TIMEOUT,
            format!(
                "the upstream {} did not answer within {} s",
                shared.upstream.origin(),
                shared.timeout.as_secs()
            ),
        )),
    }
}

fn upstream_failed(
    shared: &Shared,
    started: &Started,
    cors: &corsfix_policy::Request,
    status: StatusCode,
    why: String,
) -> Response<ResBody> {
    let mut ev = started.event(status.as_u16(), Action::UpstreamFailed, shared);
    ev.error = Some(why.clone());
    (shared.log)(ev);
    own_answer(
        status,
        format!("corsfix proxy: {why}"),
        &shared.policy.respond(cors),
    )
}

/// Forward a request, stream both bodies, fix the answer's CORS headers, redirects and
/// cookies, and judge the upstream's own answer.
async fn forward(
    shared: Arc<Shared>,
    req: Request<Incoming>,
    started: Started,
    cors: &corsfix_policy::Request,
    host: &str,
) -> Response<ResBody> {
    let (parts, body) = req.into_parts();
    let judged = Ask::of_request(
        &parts.headers,
        parts.method.as_str(),
        shared.upstream.url(&started.path),
        shared.upstream.origin(),
        shared.policy.credentials(),
    );
    // The browser's headers as sent, for the HAR only (the judge keeps its own).
    let browser_headers = shared.har.is_some().then(|| h::pairs(&parts.headers));
    let user_agent = parts.headers.get(header::USER_AGENT).cloned();
    let mut headers = parts.headers;
    upstream_headers(&shared, &mut headers, false);
    let (body, body_sent) = if hyper::body::Body::is_end_stream(&body) {
        (Either::Right(Empty::new()), None)
    } else {
        let (tx, rx) = tokio::sync::oneshot::channel();
        (
            Either::Left(Watched {
                inner: body,
                done: Some(tx),
            }),
            Some(rx),
        )
    };
    let mut up = Request::new(body);
    *up.method_mut() = parts.method.clone();
    *up.uri_mut() = shared.upstream.uri(&started.path);
    *up.headers_mut() = headers;
    let resp = match send(&shared, &shared.client, up, body_sent).await {
        Ok(r) => r,
        Err((status, why)) => return upstream_failed(&shared, &started, cors, status, why),
    };
    let (mut rparts, rbody) = resp.into_parts();
    // The browser's HTTP version, not the upstream's (an HTTP/1.0 or h2 upstream).
    rparts.version = parts.version;
    let upstream_spec = ResponseSpec {
        status: rparts.status.as_u16(),
        headers: if browser_headers.is_some() || judged.is_ok() {
            h::pairs(&rparts.headers)
        } else {
            Vec::new()
        },
        next: None,
    };
    let mut event = started.event(rparts.status.as_u16(), Action::Forwarded, &shared);
    event.upstream_status = Some(rparts.status.as_u16());
    fix_answer(&shared, &mut rparts.headers, cors, host, &mut event);
    let resp = Response::from_parts(rparts, Either::Left(rbody));
    if let Some(sent) = browser_headers {
        record(
            &shared,
            started.at,
            parts.method.as_str(),
            &shared.upstream.url(&started.path),
            &sent,
            &upstream_spec,
        );
    }
    match judged {
        Err(why) => {
            event.not_judged = Some(why.into());
            (shared.log)(event);
        }
        Ok(mut ask) => {
            match judge::judge_request(&mut ask, upstream_spec, &shared.policy, &shared.memo) {
                Ok(judgement) => {
                    event.upstream_alone = Some(judgement);
                    (shared.log)(event);
                }
                Err(pf) => {
                    let acrh = pf
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case("access-control-request-headers"))
                        .map_or("", |(_, v)| v.as_str())
                        .to_owned();
                    if let Some(spec) = cached_preflight(&shared, &ask, &acrh) {
                        event.upstream_alone = Some(judge::judge_with_preflight(
                            &mut ask,
                            spec,
                            &shared.policy,
                            &shared.memo,
                        ));
                        (shared.log)(event);
                    } else {
                        // The browser did not preflight through the proxy (it had the proxy's
                        // answer cached): ask the upstream as the browser would have.
                        tokio::spawn(judge_with_own_preflight(
                            shared, ask, pf, acrh, event, user_agent,
                        ));
                    }
                }
            }
        }
    }
    resp
}

async fn judge_with_own_preflight(
    shared: Arc<Shared>,
    mut ask: Ask,
    pf: Vec<(String, String)>,
    acrh: String,
    mut event: Event,
    user_agent: Option<HeaderValue>,
) {
    let mut send = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(ask.origin()) {
        send.insert(header::ORIGIN, v);
    }
    for (n, v) in &pf {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(n.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            send.insert(n, v);
        }
    }
    send.insert(header::ACCEPT, HeaderValue::from_static("*/*"));
    send.insert("sec-fetch-mode", HeaderValue::from_static("cors"));
    if let Some(ua) = user_agent {
        send.insert(header::USER_AGENT, ua);
    }
    let sent = h::pairs(&send);
    let at = Instant::now();
    let path = event.path.clone();
    match ask_upstream_preflight(&shared, &path, send).await {
        Ok(spec) => {
            record(&shared, at, "OPTIONS", ask.url(), &sent, &spec);
            remember_preflight(&shared, &ask, &acrh, &spec);
            event.upstream_alone = Some(judge::judge_with_preflight(
                &mut ask,
                spec,
                &shared.policy,
                &shared.memo,
            ));
        }
        Err(why) => {
            event.not_judged = Some(format!(
                "the upstream's own preflight answer is unknown: {why}"
            ));
        }
    }
    (shared.log)(event);
}

/// The upstream's answer made right for the browser: hop-by-hop fields and the upstream's
/// CORS headers out, the policy's in, redirects kept on the proxy, cookies the browser would
/// drop adjusted.
fn fix_answer(
    shared: &Shared,
    headers: &mut HeaderMap,
    cors: &corsfix_policy::Request,
    host: &str,
    event: &mut Event,
) {
    h::strip_hop_by_hop(headers, false);
    h::strip_upstream_cors(headers);
    if let Some(loc) = get(headers, "location")
        && let Some(moved) =
            h::rewrite_location(loc, shared.upstream.origin(), &format!("http://{host}"))
        && let Ok(v) = HeaderValue::from_str(&moved)
    {
        headers.insert(header::LOCATION, v);
    }
    if headers.contains_key(header::SET_COOKIE) {
        let values: Vec<HeaderValue> = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .cloned()
            .collect();
        headers.remove(header::SET_COOKIE);
        for v in values {
            let text = h::text(&v);
            let (changed, changes) = cookies::adjust(&text, host);
            let value = changed
                .and_then(|c| HeaderValue::from_str(&c).ok())
                .unwrap_or(v);
            headers.append(header::SET_COOKIE, value);
            let mut logged = shared
                .cookies_logged
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for c in changes {
                if logged.insert(c.key()) {
                    event.cookies.push(c);
                }
            }
        }
    }
    let names: Vec<&str> = headers.keys().map(HeaderName::as_str).collect();
    let answer = shared.policy.respond_exposing(cors, &names);
    add_cors(headers, &answer);
}

/// Tunnel a protocol switch (WebSocket) to the upstream over HTTP/1.1.
async fn upgrade(
    shared: Arc<Shared>,
    mut req: Request<Incoming>,
    started: &Started,
    cors: &corsfix_policy::Request,
    host: &str,
) -> Response<ResBody> {
    if let Some(origin) = &cors.origin
        && !shared.policy.origins().allows(origin)
    {
        let why = format!(
            "a WebSocket from {origin}, an origin not given to the proxy (--origin), is refused"
        );
        let mut ev = started.event(403, Action::Refused, &shared);
        ev.error = Some(why.clone());
        (shared.log)(ev);
        return own_answer(
            StatusCode::FORBIDDEN,
            format!("corsfix proxy: {why}"),
            &corsfix_policy::Answer::default(),
        );
    }
    let from_browser = hyper::upgrade::on(&mut req);
    let (parts, _) = req.into_parts();
    let mut headers = parts.headers;
    upstream_headers(&shared, &mut headers, true);
    let mut up = Request::new(Either::Right(Empty::new()));
    *up.method_mut() = parts.method;
    *up.uri_mut() = shared.upstream.uri(&started.path);
    *up.headers_mut() = headers;
    let mut resp = match send(&shared, &shared.upgrade_client, up, None).await {
        Ok(r) => r,
        Err((status, why)) => return upstream_failed(&shared, started, cors, status, why),
    };
    let status = resp.status();
    let mut event = started.event(
        status.as_u16(),
        if status == StatusCode::SWITCHING_PROTOCOLS {
            Action::Upgraded
        } else {
            Action::Forwarded
        },
        &shared,
    );
    event.upstream_status = Some(status.as_u16());
    event.not_judged = Some("a protocol switch (WebSocket): CORS does not apply".into());
    if status == StatusCode::SWITCHING_PROTOCOLS {
        let from_upstream = hyper::upgrade::on(&mut resp);
        tokio::spawn(async move {
            let (Ok(browser), Ok(upstream)) = tokio::join!(from_browser, from_upstream) else {
                return;
            };
            let mut browser = TokioIo::new(browser);
            let mut upstream = TokioIo::new(upstream);
            let _ = tokio::io::copy_bidirectional(&mut browser, &mut upstream).await;
        });
        let (mut rparts, _) = resp.into_parts();
        rparts.version = Version::HTTP_11;
        h::strip_hop_by_hop(&mut rparts.headers, true);
        h::strip_upstream_cors(&mut rparts.headers);
        (shared.log)(event);
        return Response::from_parts(rparts, Either::Right(Full::new(Bytes::new())));
    }
    let (mut rparts, body) = resp.into_parts();
    rparts.version = parts.version;
    fix_answer(&shared, &mut rparts.headers, cors, host, &mut event);
    (shared.log)(event);
    Response::from_parts(rparts, Either::Left(body))
}
