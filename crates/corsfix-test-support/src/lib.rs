//! Test-only helpers for corsfix: loopback HTTP servers with scripted CORS behaviour.
//!
//! - [`TestServer`]: a tiny HTTP/1.1 server on `127.0.0.1:0`, on its own thread and runtime (so
//!   both `#[tokio::test]`s and plain tests that spawn the `corsfix` binary can use it). It
//!   writes exactly the header lines a handler returns (repeats, odd casing and all), records
//!   every request, and can hang (for timeouts).
//! - [`Cors`]: a small, correct CORS layer to build servers from (and to break on purpose).
//! - [`scenarios`]: the top 20 failure scenarios of `shared/reference/user-needs.md`, each in a
//!   broken and a fixed form, with the cause code `corsfix check` must name.
//!
//! Nothing here contacts anything but 127.0.0.1.

pub mod scenarios;

use std::io;
use std::net::{SocketAddr, TcpListener as StdListener};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// A request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method as sent.
    pub method: String,
    /// The request target (path and query).
    pub path: String,
    /// Header lines in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body (at most 1 MiB of it; `Content-Length` bodies only).
    pub body: Vec<u8>,
}

impl Request {
    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `Origin` header.
    pub fn origin(&self) -> Option<&str> {
        self.header("origin")
    }

    /// Whether this is a CORS preflight: `OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`.
    pub fn is_preflight(&self) -> bool {
        self.method == "OPTIONS"
            && self.origin().is_some()
            && self.header("access-control-request-method").is_some()
    }

    /// The path without the query.
    pub fn path_only(&self) -> &str {
        self.path.split('?').next().unwrap_or_default()
    }
}

/// What the server answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header lines, written exactly as given (a name may repeat).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Never answer (hold the connection open until the server stops).
    pub hang: bool,
}

impl Response {
    /// A response with a status, no headers and an empty body.
    pub fn new(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            hang: false,
        }
    }

    /// 200 with a small JSON body.
    pub fn json(body: &str) -> Self {
        Self::new(200)
            .header("Content-Type", "application/json")
            .body(body)
    }

    /// A response that never comes.
    pub fn hang() -> Self {
        Self {
            hang: true,
            ..Self::new(200)
        }
    }

    /// Add a header line.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Set the body.
    #[must_use]
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Whether a header is present.
    pub fn has_header(&self, name: &str) -> bool {
        self.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    }
}

/// A request handler.
pub type Handler = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

/// A loopback HTTP/1.1 server running until dropped.
#[derive(Debug)]
pub struct TestServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Request>>>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Start a server on `127.0.0.1:0` answering with `handler`.
    ///
    /// # Panics
    /// When no loopback port can be bound (the test cannot run at all).
    pub fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Self {
        Self::start_handler(Arc::new(handler))
    }

    /// Start a server with a shared handler.
    ///
    /// # Panics
    /// When no loopback port can be bound.
    pub fn start_handler(handler: Handler) -> Self {
        let std_listener = StdListener::bind("127.0.0.1:0").expect("bind a loopback port");
        std_listener
            .set_nonblocking(true)
            .expect("set the listener non-blocking");
        let addr = std_listener.local_addr().expect("the listener's address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (stop_tx, stop_rx) = oneshot::channel();
        let reqs = Arc::clone(&requests);
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the test server");
            rt.block_on(serve(std_listener, handler, reqs, stop_rx));
        });
        Self {
            addr,
            requests,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// The address (`127.0.0.1:PORT`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A loopback port that refuses connections for as long as this value lives: the socket is
/// bound (so no other test can take the port) but never listens.
#[derive(Debug)]
pub struct ClosedPort {
    _socket: tokio::net::TcpSocket,
    port: u16,
}

impl ClosedPort {
    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }
}

/// A loopback port where connecting is refused (see [`ClosedPort`]).
///
/// # Panics
/// When no loopback port can be bound.
pub fn closed_port() -> ClosedPort {
    let socket = tokio::net::TcpSocket::new_v4().expect("a TCP socket");
    socket
        .bind("127.0.0.1:0".parse().expect("a socket address"))
        .expect("bind a loopback port");
    let port = socket.local_addr().expect("the socket's address").port();
    ClosedPort {
        _socket: socket,
        port,
    }
}

/// A loopback port that was free a moment ago (for a server started by another process;
/// another test may take it first, so check who answers).
///
/// # Panics
/// When no loopback port can be bound.
pub fn free_port() -> u16 {
    let l = StdListener::bind("127.0.0.1:0").expect("bind a loopback port");
    l.local_addr().expect("the listener's address").port()
}

async fn serve(
    listener: StdListener,
    handler: Handler,
    requests: Arc<Mutex<Vec<Request>>>,
    mut stop: oneshot::Receiver<()>,
) {
    let Ok(listener) = TcpListener::from_std(listener) else {
        return;
    };
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let handler = Arc::clone(&handler);
                let requests = Arc::clone(&requests);
                tokio::spawn(async move {
                    let _ = connection(stream, handler, requests).await;
                });
            }
        }
    }
}

const MAX_HEAD: usize = 64 * 1024;

async fn connection(
    mut stream: TcpStream,
    handler: Handler,
    requests: Arc<Mutex<Vec<Request>>>,
) -> io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
            .await
            .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        // Not HTTP at all (a TLS ClientHello starts with 0x16): answer as a plain HTTP server
        // does, with a 400, and close.
        if !buf[0].is_ascii_uppercase() {
            stream
                .write_all(
                    b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .await?;
            return Ok(());
        }
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        if buf.len() > MAX_HEAD {
            stream
                .write_all(b"HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .await?;
            return Ok(());
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let version = parts.next().unwrap_or_default();
    if method.is_empty() || !version.starts_with("HTTP/1.") {
        stream
            .write_all(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )
            .await?;
        return Ok(());
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        })
        .collect();
    // Read (and drop) a body with a Content-Length.
    let len: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body: Vec<u8> = buf[head_end + 4..].to_vec();
    while body.len() < len.min(1 << 20) {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(len.min(1 << 20));
    let req = Request {
        method,
        path,
        headers,
        body,
    };
    requests
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(req.clone());
    let resp = handler(&req);
    if resp.hang {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        return Ok(());
    }
    let mut out = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    for (n, v) in &resp.headers {
        out.push_str(n);
        out.push_str(": ");
        out.push_str(v);
        out.push_str("\r\n");
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        resp.body.len()
    ));
    stream.write_all(out.as_bytes()).await?;
    if req.method != "HEAD" {
        stream.write_all(&resp.body).await?;
    }
    stream.flush().await?;
    let _ = stream.shutdown().await;
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Status",
    }
}

/// A small, correct CORS layer (what the fixed servers run), with knobs to break it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cors {
    /// Allowed origins, compared byte for byte; `*` allows any (answered as `*`).
    pub origins: Vec<String>,
    /// Methods listed in `Access-Control-Allow-Methods`.
    pub methods: Vec<String>,
    /// Headers listed in `Access-Control-Allow-Headers`.
    pub headers: Vec<String>,
    /// Send `Access-Control-Allow-Credentials: true`.
    pub credentials: bool,
    /// Headers listed in `Access-Control-Expose-Headers`.
    pub expose: Vec<String>,
    /// `Access-Control-Max-Age`.
    pub max_age: Option<u32>,
    /// Send `Vary: Origin` (on every response, refusals included).
    pub vary: bool,
}

impl Cors {
    /// Allow one origin for GET/HEAD/POST, no extra headers, no credentials, with `Vary`.
    pub fn allow(origin: &str) -> Self {
        Self {
            origins: vec![origin.to_owned()],
            methods: vec!["GET".into(), "HEAD".into(), "POST".into()],
            headers: Vec::new(),
            credentials: false,
            expose: Vec::new(),
            max_age: Some(600),
            vary: true,
        }
    }

    /// Also allow these methods.
    #[must_use]
    pub fn methods(mut self, methods: &[&str]) -> Self {
        self.methods.extend(methods.iter().map(|m| (*m).to_owned()));
        self
    }

    /// Allow these request headers.
    #[must_use]
    pub fn headers(mut self, headers: &[&str]) -> Self {
        self.headers.extend(headers.iter().map(|h| (*h).to_owned()));
        self
    }

    /// Allow credentials.
    #[must_use]
    pub fn credentials(mut self) -> Self {
        self.credentials = true;
        self
    }

    /// Expose these response headers.
    #[must_use]
    pub fn expose(mut self, headers: &[&str]) -> Self {
        self.expose.extend(headers.iter().map(|h| (*h).to_owned()));
        self
    }

    /// The `Access-Control-Allow-Origin` value for a request origin, if allowed.
    pub fn allowed_origin(&self, origin: Option<&str>) -> Option<String> {
        let origin = origin?;
        if self.origins.iter().any(|o| o == "*") {
            return Some("*".to_owned());
        }
        self.origins
            .iter()
            .any(|o| o == origin)
            .then(|| origin.to_owned())
    }

    /// Answer a preflight.
    pub fn preflight(&self, req: &Request) -> Response {
        let mut r = Response::new(204);
        if let Some(acao) = self.allowed_origin(req.origin()) {
            r = r.header("Access-Control-Allow-Origin", &acao);
            if self.credentials {
                r = r.header("Access-Control-Allow-Credentials", "true");
            }
            r = r.header("Access-Control-Allow-Methods", &self.methods.join(", "));
            if !self.headers.is_empty() {
                r = r.header("Access-Control-Allow-Headers", &self.headers.join(", "));
            }
            if let Some(m) = self.max_age {
                r = r.header("Access-Control-Max-Age", &m.to_string());
            }
        }
        if self.vary {
            r = r.header("Vary", "Origin");
        }
        r
    }

    /// Add the CORS headers to an actual response.
    pub fn decorate(&self, req: &Request, mut r: Response) -> Response {
        if let Some(acao) = self.allowed_origin(req.origin()) {
            r = r.header("Access-Control-Allow-Origin", &acao);
            if self.credentials {
                r = r.header("Access-Control-Allow-Credentials", "true");
            }
            if !self.expose.is_empty() {
                r = r.header("Access-Control-Expose-Headers", &self.expose.join(", "));
            }
        }
        if self.vary {
            r = r.header("Vary", "Origin");
        }
        r
    }

    /// Wrap an app: preflights are answered here, other responses decorated.
    pub fn wrap(
        self,
        app: impl Fn(&Request) -> Response + Send + Sync + 'static,
    ) -> impl Fn(&Request) -> Response + Send + Sync + 'static {
        move |req| {
            if req.is_preflight() {
                self.preflight(req)
            } else {
                self.decorate(req, app(req))
            }
        }
    }
}
