//! The loopback replay server: a raw HTTP/1.1 server on three ports (the page's origin and two
//! API origins) that answers every request of every case exactly as the case says, and records
//! what it received.
//!
//! It is raw (no HTTP library) so that any method token gets a real answer and every header
//! line goes out as written, repeated lines and odd values included. A request counts as a
//! preflight only when it is `OPTIONS` with `Access-Control-Request-Method`.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use corsfix_model::{Case, Hop, ResponseSpec};
use url::Url;

use crate::generate::Ports;

/// What the server saw of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// Arrival order across the whole server.
    pub seq: u64,
    /// The port it arrived on.
    pub port: u16,
    /// The request target.
    pub path: String,
    /// The method token as sent.
    pub method: String,
    /// `OPTIONS` with `Access-Control-Request-Method`.
    pub preflight: bool,
    /// `Access-Control-Request-Method`, as received.
    pub acrm: Option<String>,
    /// `Access-Control-Request-Headers`, as received.
    pub acrh: Option<String>,
    /// `Origin`, as received.
    pub origin: Option<String>,
}

/// Why the server could not start or load.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// Binding a loopback port failed.
    #[error("cannot bind a loopback port: {0}")]
    Bind(#[source] io::Error),
    /// A case's URL or a `Location` does not parse.
    #[error("case {id}: {what} `{url}` is not a URL")]
    BadUrl {
        /// The case.
        id: String,
        /// Which URL.
        what: &'static str,
        /// The text.
        url: String,
    },
}

#[derive(Default)]
struct Page {
    html: String,
    cases_json: String,
}

#[derive(Default)]
struct State {
    routes: Mutex<HashMap<(u16, String), Hop>>,
    seen: Mutex<HashMap<String, Vec<Seen>>>,
    page: Mutex<Page>,
    results: Mutex<Option<String>>,
    results_ready: Condvar,
    seq: AtomicU64,
    stop: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The running server. Dropping it stops accepting.
pub struct Replay {
    ports: Ports,
    extra: Vec<u16>,
    state: Arc<State>,
}

impl Replay {
    /// Bind three free loopback ports and start serving.
    pub fn start() -> Result<Self, ServerError> {
        Self::start_with(0)
    }

    /// Bind three free loopback ports and `extra` more (more API origins, for the Local
    /// Network Access cases, whose address spaces are set per port) and start serving.
    pub fn start_with(extra: usize) -> Result<Self, ServerError> {
        let state = Arc::new(State::default());
        let mut bound = Vec::new();
        for _ in 0..3 + extra {
            let l = TcpListener::bind("127.0.0.1:0").map_err(ServerError::Bind)?;
            let port = l.local_addr().map_err(ServerError::Bind)?.port();
            bound.push((l, port));
        }
        let ports = Ports {
            page: bound[0].1,
            api: bound[1].1,
            api2: bound[2].1,
        };
        let extra = bound[3..].iter().map(|(_, p)| *p).collect();
        for (listener, port) in bound {
            let state = Arc::clone(&state);
            let page_port = ports.page;
            thread::spawn(move || accept_loop(&listener, port, page_port, &state));
        }
        Ok(Self {
            ports,
            extra,
            state,
        })
    }

    /// The extra ports of [`Self::start_with`], in order.
    pub fn extra_ports(&self) -> &[u16] {
        &self.extra
    }

    /// The ports in use.
    pub fn ports(&self) -> Ports {
        self.ports
    }

    /// The page's URL.
    pub fn page_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.ports.page)
    }

    /// Serve `cases` (routing every hop of every redirect chain), with `html` as the page and
    /// `cases_json` as `/cases.json`. Clears what was recorded before.
    pub fn load(
        &self,
        cases: &[Case],
        html: String,
        cases_json: String,
    ) -> Result<(), ServerError> {
        let mut routes = HashMap::new();
        for case in cases {
            let id = case_id(case);
            let url = Url::parse(&case.url).map_err(|_| ServerError::BadUrl {
                id: id.clone(),
                what: "url",
                url: case.url.clone(),
            })?;
            let hop = Hop {
                target: None,
                preflight: case.preflight.clone(),
                actual: case.actual.clone(),
            };
            add_routes(&mut routes, &id, &url, hop)?;
        }
        *lock(&self.state.routes) = routes;
        lock(&self.state.seen).clear();
        *lock(&self.state.results) = None;
        *lock(&self.state.page) = Page { html, cases_json };
        Ok(())
    }

    /// Wait until the page posts its results (the raw JSON body), up to `timeout`.
    pub fn wait_results(&self, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        let mut guard = lock(&self.state.results);
        loop {
            if let Some(r) = guard.take() {
                return Some(r);
            }
            let now = Instant::now();
            if now >= deadline {
                return None;
            }
            guard = self
                .state
                .results_ready
                .wait_timeout(guard, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// What the server received for case `id`, in arrival order.
    pub fn seen(&self, id: &str) -> Vec<Seen> {
        let mut v = lock(&self.state.seen).get(id).cloned().unwrap_or_default();
        v.sort_by_key(|s| s.seq);
        v
    }
}

impl Drop for Replay {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        for &port in [self.ports.page, self.ports.api, self.ports.api2]
            .iter()
            .chain(&self.extra)
        {
            // Wake the accept loop so it sees the flag.
            let _ = TcpStream::connect(("127.0.0.1", port));
        }
    }
}

/// The case's id as a path segment.
pub fn case_id(case: &Case) -> String {
    match &case.id {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn add_routes(
    routes: &mut HashMap<(u16, String), Hop>,
    id: &str,
    url: &Url,
    hop: Hop,
) -> Result<(), ServerError> {
    let port = url.port_or_known_default().unwrap_or(80);
    for resp in [&hop.preflight, &hop.actual].into_iter().flatten() {
        let location = resp
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("location"))
            .map(|(_, v)| v.trim());
        if let Some(location) = location {
            let next_url = url.join(location).map_err(|_| ServerError::BadUrl {
                id: id.to_owned(),
                what: "Location",
                url: location.to_owned(),
            })?;
            let next = resp.next.as_deref().cloned().unwrap_or_default();
            add_routes(routes, id, &next_url, next)?;
        }
    }
    routes.insert((port, url.path().to_owned()), hop);
    Ok(())
}

fn accept_loop(listener: &TcpListener, port: u16, page_port: u16, state: &Arc<State>) {
    for stream in listener.incoming() {
        if state.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let state = Arc::clone(state);
        thread::spawn(move || {
            let _ = serve_connection(stream, port, port == page_port, &state);
        });
    }
}

struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 1024 * 1024;

/// Read one request; `Ok(None)` at a clean end of the connection.
fn read_request(r: &mut BufReader<TcpStream>) -> io::Result<Option<Request>> {
    let mut line = String::new();
    let mut head_len = 0;
    // Skip empty lines between requests.
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        head_len += line.len();
        if !line.trim_end().is_empty() {
            break;
        }
        if head_len > MAX_HEAD {
            return Err(io::Error::other("request head too large"));
        }
    }
    let mut parts = line.trim_end().splitn(3, ' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Err(io::Error::other("connection closed in the request head"));
        }
        head_len += line.len();
        if head_len > MAX_HEAD {
            return Err(io::Error::other("request head too large"));
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            break;
        }
        if let Some((n, v)) = l.split_once(':') {
            headers.push((n.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let mut req = Request {
        method,
        target,
        headers,
        body: Vec::new(),
    };
    if req
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        req.body = read_chunked(r)?;
    } else if let Some(len) = req.header("content-length") {
        let len: usize = len
            .parse()
            .map_err(|_| io::Error::other("bad Content-Length"))?;
        if len > MAX_BODY {
            return Err(io::Error::other("body too large"));
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body)?;
        req.body = body;
    }
    Ok(Some(req))
}

fn read_chunked(r: &mut BufReader<TcpStream>) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        r.read_line(&mut line)?;
        let size_text = line.trim().split(';').next().unwrap_or_default();
        let size =
            usize::from_str_radix(size_text, 16).map_err(|_| io::Error::other("bad chunk size"))?;
        if body.len() + size > MAX_BODY {
            return Err(io::Error::other("body too large"));
        }
        if size == 0 {
            // Trailers, then the empty line.
            loop {
                line.clear();
                if r.read_line(&mut line)? == 0 || line.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..])?;
        line.clear();
        r.read_line(&mut line)?;
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn write_response(
    w: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> io::Result<()> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason_phrase(status));
    for (n, v) in headers {
        out.push_str(n);
        out.push_str(": ");
        out.push_str(v);
        out.push_str("\r\n");
    }
    if !matches!(status, 204 | 304) {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    w.write_all(&bytes)?;
    w.flush()
}

fn serve_connection(stream: TcpStream, port: u16, is_page: bool, state: &State) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    while let Some(req) = read_request(&mut reader)? {
        if state.stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        let path = req.target.split('?').next().unwrap_or_default().to_owned();
        if let Some(rest) = path.strip_prefix("/c/") {
            let id = rest.split('/').next().unwrap_or_default().to_owned();
            let preflight =
                req.method == "OPTIONS" && req.header("access-control-request-method").is_some();
            let seen = Seen {
                seq: state.seq.fetch_add(1, Ordering::SeqCst),
                port,
                path: path.clone(),
                method: req.method.clone(),
                preflight,
                acrm: req
                    .header("access-control-request-method")
                    .map(str::to_owned),
                acrh: req
                    .header("access-control-request-headers")
                    .map(str::to_owned),
                origin: req.header("origin").map(str::to_owned),
            };
            lock(&state.seen).entry(id).or_default().push(seen);
            let hop = lock(&state.routes).get(&(port, path)).cloned();
            let resp = match hop {
                Some(hop) => {
                    let spec = if preflight { hop.preflight } else { hop.actual };
                    spec.unwrap_or_default()
                }
                None => ResponseSpec {
                    status: 404,
                    headers: Vec::new(),
                    next: None,
                },
            };
            write_response(&mut writer, resp.status, &resp.headers, b"")?;
            continue;
        }
        let html_type = vec![
            (
                "Content-Type".to_owned(),
                "text/html; charset=utf-8".to_owned(),
            ),
            ("Cache-Control".to_owned(), "no-store".to_owned()),
        ];
        let json_type = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("Cache-Control".to_owned(), "no-store".to_owned()),
        ];
        if req.method == "GET" && path == "/frame" {
            // The page again, as the document of a case's iframe on any origin.
            let body = lock(&state.page).html.clone().into_bytes();
            write_response(&mut writer, 200, &html_type, &body)?;
            continue;
        }
        if !is_page {
            write_response(&mut writer, 404, &[], b"")?;
            continue;
        }
        match (req.method.as_str(), path.as_str()) {
            ("GET", "/") => {
                let body = lock(&state.page).html.clone().into_bytes();
                write_response(&mut writer, 200, &html_type, &body)?;
            }
            ("GET", "/cases.json") => {
                let body = lock(&state.page).cases_json.clone().into_bytes();
                write_response(&mut writer, 200, &json_type, &body)?;
            }
            ("POST", "/results") => {
                let text = String::from_utf8_lossy(&req.body).into_owned();
                *lock(&state.results) = Some(text);
                state.results_ready.notify_all();
                write_response(&mut writer, 204, &[], b"")?;
            }
            _ => write_response(&mut writer, 404, &[], b"")?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Profile, generate};

    fn raw(port: u16, request: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        s.shutdown(std::net::Shutdown::Write).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn answers_each_hop_as_written_and_records_it() {
        let server = Replay::start().unwrap();
        let cases = generate(3, 300, server.ports(), Profile::default());
        server.load(&cases, "<p>page".into(), "[]".into()).unwrap();
        let case = cases
            .iter()
            .find(|c| {
                c.actual
                    .as_ref()
                    .is_some_and(|a| a.headers.iter().any(|(n, _)| n == "Location"))
            })
            .unwrap();
        let url = Url::parse(&case.url).unwrap();
        let id = case_id(case);
        let actual = case.actual.as_ref().unwrap();
        let got = raw(
            server.ports().api,
            &format!(
                "PURGE {} HTTP/1.1\r\nHost: x\r\nOrigin: o\r\nConnection: close\r\n\r\n",
                url.path()
            ),
        );
        assert!(
            got.starts_with(&format!("HTTP/1.1 {} ", actual.status)),
            "{got}"
        );
        for (n, v) in &actual.headers {
            assert!(
                got.contains(&format!("\r\n{n}: {v}\r\n")),
                "{n}: {v} missing from {got}"
            );
        }
        let pf = raw(
            server.ports().api,
            &format!(
                "OPTIONS {} HTTP/1.1\r\nAccess-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: x-a\r\nConnection: close\r\n\r\n",
                url.path()
            ),
        );
        let want = case.preflight.clone().unwrap_or_default().status;
        assert!(pf.starts_with(&format!("HTTP/1.1 {want} ")), "{pf}");
        let seen = server.seen(&id);
        assert_eq!(seen.len(), 2);
        assert!(!seen[0].preflight && seen[0].method == "PURGE");
        assert!(seen[1].preflight);
        assert_eq!(seen[1].acrh.as_deref(), Some("x-a"));
        // OPTIONS without Access-Control-Request-Method is an actual request.
        let _ = raw(
            server.ports().api,
            &format!(
                "OPTIONS {} HTTP/1.1\r\nConnection: close\r\n\r\n",
                url.path()
            ),
        );
        assert!(!server.seen(&id)[2].preflight);
    }

    #[test]
    fn keeps_the_connection_and_reads_bodies() {
        let server = Replay::start().unwrap();
        server.load(&[], "<p>hi".into(), "[1]".into()).unwrap();
        let got = raw(
            server.ports().page,
            "POST /results HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /cases.json HTTP/1.1\r\nConnection: close\r\n\r\n",
        );
        assert!(got.starts_with("HTTP/1.1 204 "), "{got}");
        assert!(got.ends_with("\r\n\r\n[1]"), "{got}");
        assert_eq!(
            server.wait_results(Duration::from_secs(1)).as_deref(),
            Some("hello")
        );
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let server = Replay::start().unwrap();
        let got = raw(
            server.ports().api,
            "GET /c/x/1 HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
        );
        assert!(got.is_empty());
        let got = raw(server.ports().api, "\u{0}\u{1}garbage\r\n\r\n");
        assert!(got.starts_with("HTTP/1.1 404 "), "{got}");
    }
}
