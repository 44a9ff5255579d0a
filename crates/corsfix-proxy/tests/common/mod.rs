//! Test servers on 127.0.0.1: an upstream without CORS (hyper), hostile upstreams (raw TCP),
//! the proxy itself, and small clients.
#![allow(dead_code, unreachable_pub)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use corsfix_proxy::{Config, Event, Proxy, Upstream};
use http::{HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt as _, Full, StreamBody, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

pub type Body = BoxBody<Bytes, Infallible>;

fn full(b: impl Into<Bytes>) -> Body {
    Full::new(b.into()).boxed()
}

/// The WebSocket accept key ([RFC 6455 §4.2.2](https://www.rfc-editor.org/rfc/rfc6455#section-4.2.2)).
pub fn websocket_accept(key: &str) -> String {
    use base64::Engine as _;
    let digest = ring::digest::digest(
        &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
        format!("{key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11").as_bytes(),
    );
    base64::engine::general_purpose::STANDARD.encode(digest.as_ref())
}

/// Echo WebSocket text frames back, prefixed with `echo: ` (client frames are masked, ours
/// are not; frames up to 64 KiB).
async fn websocket_echo(io: hyper::upgrade::Upgraded) {
    let mut io = TokioIo::new(io);
    loop {
        let mut head = [0u8; 2];
        if io.read_exact(&mut head).await.is_err() {
            return;
        }
        let opcode = head[0] & 0x0f;
        let masked = head[1] & 0x80 != 0;
        let mut len = u64::from(head[1] & 0x7f);
        if len == 126 {
            let mut l = [0u8; 2];
            if io.read_exact(&mut l).await.is_err() {
                return;
            }
            len = u64::from(u16::from_be_bytes(l));
        } else if len == 127 {
            return;
        }
        let mut mask = [0u8; 4];
        if masked && io.read_exact(&mut mask).await.is_err() {
            return;
        }
        let mut payload = vec![0u8; usize::try_from(len).unwrap()];
        if io.read_exact(&mut payload).await.is_err() {
            return;
        }
        if masked {
            for (i, b) in payload.iter_mut().enumerate() {
                *b ^= mask[i % 4];
            }
        }
        match opcode {
            0x8 => {
                let _ = io.write_all(&[0x88, 0x00]).await;
                return;
            }
            0x1 | 0x2 => {
                let mut out = b"echo: ".to_vec();
                out.extend_from_slice(&payload);
                let mut frame = vec![0x80 | opcode];
                if out.len() < 126 {
                    frame.push(u8::try_from(out.len()).unwrap());
                } else {
                    frame.push(126);
                    frame.extend_from_slice(&u16::try_from(out.len()).unwrap().to_be_bytes());
                }
                frame.extend_from_slice(&out);
                if io.write_all(&frame).await.is_err() {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// The upstream: no CORS at all, unless a route says otherwise.
async fn upstream_route(mut req: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or_default().to_owned();
    let mut resp = Response::new(full(""));
    match path.as_str() {
        "/ws" => {
            let key = req
                .headers()
                .get("sec-websocket-key")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let on = hyper::upgrade::on(&mut req);
            tokio::spawn(async move {
                if let Ok(io) = on.await {
                    websocket_echo(io).await;
                }
            });
            *resp.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
            let h = resp.headers_mut();
            h.insert("upgrade", HeaderValue::from_static("websocket"));
            h.insert("connection", HeaderValue::from_static("Upgrade"));
            h.insert(
                "sec-websocket-accept",
                HeaderValue::from_str(&websocket_accept(&key)).unwrap(),
            );
            return Ok(resp);
        }
        "/sse" => {
            // Three events 300 ms apart: a buffering proxy would deliver them all at once.
            let (tx, rx) = tokio::sync::mpsc::channel::<Result<Frame<Bytes>, Infallible>>(4);
            tokio::spawn(async move {
                for i in 1..=3 {
                    let chunk = format!("id: {i}\ndata: tick {i}\n\n");
                    if tx.send(Ok(Frame::data(Bytes::from(chunk)))).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
            });
            let stream = tokio_stream(rx);
            let mut resp = Response::new(StreamBody::new(stream).boxed());
            resp.headers_mut().insert(
                "content-type",
                HeaderValue::from_static("text/event-stream"),
            );
            resp.headers_mut()
                .insert("cache-control", HeaderValue::from_static("no-cache"));
            return Ok(resp);
        }
        "/big" => {
            // 8 MiB in 64 KiB chunks.
            let (tx, rx) = tokio::sync::mpsc::channel::<Result<Frame<Bytes>, Infallible>>(2);
            tokio::spawn(async move {
                let chunk = Bytes::from(vec![b'x'; 64 * 1024]);
                for _ in 0..128 {
                    if tx.send(Ok(Frame::data(chunk.clone()))).await.is_err() {
                        return;
                    }
                }
            });
            let mut resp = Response::new(StreamBody::new(tokio_stream(rx)).boxed());
            resp.headers_mut().insert(
                "content-type",
                HeaderValue::from_static("application/octet-stream"),
            );
            return Ok(resp);
        }
        "/upload" => {
            let mut body = req.into_body();
            let mut n = 0usize;
            let mut frames = 0usize;
            while let Some(Ok(frame)) = body.frame().await {
                if let Some(d) = frame.data_ref() {
                    n += d.len();
                    frames += 1;
                }
            }
            *resp.body_mut() = full(format!("{{\"bytes\":{n},\"frames\":{frames}}}"));
            resp.headers_mut()
                .insert("content-type", HeaderValue::from_static("application/json"));
            return Ok(resp);
        }
        "/redirect" => {
            *resp.status_mut() = StatusCode::FOUND;
            let host = req
                .headers()
                .get("host")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            resp.headers_mut().insert(
                "location",
                HeaderValue::from_str(&format!("http://{host}/echo?from=redirect")).unwrap(),
            );
            return Ok(resp);
        }
        "/login" => {
            let h = resp.headers_mut();
            h.append(
                "set-cookie",
                HeaderValue::from_static(
                    "sid=s3cr3t; Domain=api.upstream.test; Path=/; HttpOnly; SameSite=Lax",
                ),
            );
            // Kept as is: browsers keep Secure cookies from http://127.0.0.1.
            h.append(
                "set-cookie",
                HeaderValue::from_static("theme=dark; Path=/; Secure; SameSite=None"),
            );
            *resp.body_mut() = full("logged in");
            return Ok(resp);
        }
        "/gzip" => {
            // Bytes as the upstream compressed them: the proxy must not touch either.
            let h = resp.headers_mut();
            h.insert("content-encoding", HeaderValue::from_static("gzip"));
            h.insert("content-type", HeaderValue::from_static("text/plain"));
            *resp.body_mut() = full(GZIP_HELLO.to_vec());
            return Ok(resp);
        }
        "/wildcard" => {
            let h = resp.headers_mut();
            h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
            h.insert(
                "access-control-allow-credentials",
                HeaderValue::from_static("true"),
            );
            h.insert("alt-svc", HeaderValue::from_static("h3=\":443\""));
        }
        p if p.starts_with("/status/") => {
            let code: u16 = p["/status/".len()..].parse().unwrap_or(500);
            *resp.status_mut() = StatusCode::from_u16(code).unwrap();
        }
        _ => {}
    }
    // Echo: what the upstream received.
    let mut seen = serde_json::Map::new();
    for (n, v) in req.headers() {
        seen.insert(
            n.as_str().to_owned(),
            serde_json::Value::String(v.to_str().unwrap_or("?").to_owned()),
        );
    }
    let method = req.method().as_str().to_owned();
    let version = format!("{:?}", req.version());
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let echo = serde_json::json!({
        "method": method,
        "path": path,
        "query": query,
        "version": version,
        "headers": seen,
        "body": String::from_utf8_lossy(&body),
    });
    *resp.body_mut() = full(echo.to_string());
    let h = resp.headers_mut();
    if !h.contains_key("content-type") {
        h.insert("content-type", HeaderValue::from_static("application/json"));
    }
    h.insert("x-request-id", HeaderValue::from_static("req-42"));
    h.insert(
        "x-upstream-version",
        HeaderValue::from_str(&version).unwrap(),
    );
    h.insert("vary", HeaderValue::from_static("Accept-Encoding"));
    if seen.contains_key("cookie") {
        h.insert("x-saw-cookie", HeaderValue::from_static("yes"));
    } else {
        h.insert("x-saw-cookie", HeaderValue::from_static("no"));
    }
    Ok(resp)
}

/// "hello\n", gzip-compressed.
pub const GZIP_HELLO: [u8; 26] = [
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xe7,
    0x02, 0x00, 0x20, 0x30, 0x3a, 0x36, 0x06, 0x00, 0x00, 0x00,
];

fn tokio_stream<T: Send + 'static>(
    rx: tokio::sync::mpsc::Receiver<T>,
) -> impl futures::Stream<Item = T> + Send {
    futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) })
}

/// Serve `route` on 127.0.0.1 (HTTP/1.1 and h2c, upgrades on) until the runtime ends.
pub async fn serve_plain<F, Fut>(route: F) -> SocketAddr
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Response<Body>, Infallible>> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let route = route.clone();
            tokio::spawn(async move {
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection_with_upgrades(
                        TokioIo::new(stream),
                        hyper::service::service_fn(route),
                    )
                    .await;
            });
        }
    });
    addr
}

/// The upstream without CORS, over plain HTTP.
pub async fn upstream() -> SocketAddr {
    serve_plain(upstream_route).await
}

/// The same upstream over TLS (a self-signed certificate for `localhost`), offering h2 and
/// HTTP/1.1 by ALPN. Returns its address and the certificate (PEM).
pub async fn upstream_tls() -> (SocketAddr, String) {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let pem = cert.cert.pem();
    let key = rustls::pki_types::PrivateKeyDer::try_from(cert.signing_key.serialize_der()).unwrap();
    let mut cfg = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert.cert.der().clone()], key)
    .unwrap();
    cfg.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(cfg));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(stream).await else {
                    return;
                };
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection_with_upgrades(
                        TokioIo::new(tls),
                        hyper::service::service_fn(upstream_route),
                    )
                    .await;
            });
        }
    });
    (addr, pem)
}

/// A raw TCP upstream: reads the request head, then does `act` with the socket.
pub async fn hostile<F, Fut>(act: F) -> SocketAddr
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let act = Arc::new(act);
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                continue;
            };
            let act = act.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                act(stream).await;
            });
        }
    });
    addr
}

/// A running proxy: its address, the events it logged, and the switch that stops it.
pub struct Running {
    pub addr: SocketAddr,
    pub events: Arc<Mutex<Vec<Event>>>,
    stop: Option<oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<()>>,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Wait (up to 5 s) until an event matches.
    pub async fn event(&self, what: impl Fn(&Event) -> bool) -> Event {
        for _ in 0..500 {
            if let Some(e) = self.events.lock().unwrap().iter().find(|e| what(e)) {
                return e.clone();
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("no such event; logged: {:#?}", self.events.lock().unwrap());
    }

    /// Stop and wait until the HAR (if any) is written.
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(d) = self.done.take() {
            d.await.unwrap();
        }
    }
}

/// Start a proxy to `upstream` for `origins`.
pub async fn proxy(
    upstream: &str,
    origins: &[&str],
    credentials: bool,
    tweak: impl FnOnce(&mut Config),
) -> Running {
    let policy = corsfix_proxy::policy(
        &origins.iter().map(|o| (*o).to_owned()).collect::<Vec<_>>(),
        credentials,
    )
    .unwrap();
    let mut config = Config::new(Upstream::parse(upstream).unwrap(), policy);
    tweak(&mut config);
    let proxy = Proxy::bind("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap();
    let addr = proxy.local_addr();
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let (tx, rx) = oneshot::channel::<()>();
    let done = tokio::spawn(async move {
        proxy
            .serve(move |e| sink.lock().unwrap().push(e), async {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });
    Running {
        addr,
        events,
        stop: Some(tx),
        done: Some(done),
    }
}

/// Send raw bytes, read the answer until the server closes (or 10 s).
pub async fn raw(addr: SocketAddr, request: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(request).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// A plain HTTP/1.1 client.
pub fn client()
-> hyper_util::client::legacy::Client<hyper_util::client::legacy::connect::HttpConnector, Body> {
    hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build_http()
}

/// Send a request with these headers and body; the answer's head and whole body.
pub async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (http::response::Parts, Bytes) {
    let mut req = Request::builder().method(method).uri(url);
    for (n, v) in headers {
        req = req.header(*n, *v);
    }
    let req = req.body(full(body.to_owned())).unwrap();
    let resp = client().request(req).await.unwrap();
    let (parts, body) = resp.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    (parts, body)
}

/// All values of a header, joined by `, `.
pub fn header(parts: &http::response::Parts, name: &str) -> Option<String> {
    let v: Vec<_> = parts
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    (!v.is_empty()).then(|| v.join(", "))
}
