//! A deliberately small HTTP/1.1 client over `std::net::TcpStream`, loopback only.
//!
//! The harness must see the response exactly as the server wrote it: every header line in
//! order, duplicates included (two `Access-Control-Allow-Origin` lines are a finding, not
//! something to merge). So it speaks HTTP itself: one request per connection
//! (`Connection: close`), no redirects followed, the body read only to find its end.

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::time::Duration;

use anyhow::{Context, Result, bail};

/// One request to send.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `OPTIONS`, …
    pub method: String,
    /// Path and query (`/api/items?x=1`).
    pub path: String,
    /// Header lines, in order (Host and Connection are added).
    pub headers: Vec<(String, String)>,
    /// A body (sent with Content-Length).
    pub body: Option<String>,
}

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Every header line, in order, names as sent.
    pub headers: Vec<(String, String)>,
}

impl Response {
    /// Every value of a header (case-insensitive name), one per line.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The values of a header joined with `, ` (as `Headers.get` does), or `None`.
    pub fn get(&self, name: &str) -> Option<String> {
        let all = self.all(name);
        (!all.is_empty()).then(|| all.join(", "))
    }

    /// Whether a comma-separated header holds `token` (case-insensitive).
    pub fn has_token(&self, name: &str, token: &str) -> bool {
        self.all(name)
            .iter()
            .flat_map(|v| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }
}

/// Send `req` to `127.0.0.1:port` and read the whole answer.
pub fn send(port: u16, req: &Request, timeout: Duration) -> Result<Response> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, timeout)
        .with_context(|| format!("connecting to 127.0.0.1:{port}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n",
        req.method, req.path
    );
    for (n, v) in &req.headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    match &req.body {
        Some(b) => head.push_str(&format!("Content-Length: {}\r\n\r\n{b}", b.len())),
        None if matches!(req.method.as_str(), "POST" | "PUT" | "PATCH") => {
            head.push_str("Content-Length: 0\r\n\r\n");
        }
        None => head.push_str("\r\n"),
    }
    stream.write_all(head.as_bytes())?;
    stream.flush()?;
    let mut reader = BufReader::new(stream);
    read_response(&mut reader, req.method == "HEAD")
        .with_context(|| format!("reading the answer to {} {}", req.method, req.path))
}

fn read_line(r: &mut impl BufRead) -> Result<String> {
    let mut buf = Vec::new();
    r.read_until(b'\n', &mut buf)?;
    if buf.is_empty() {
        bail!("connection closed before the response head ended");
    }
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

fn read_response(r: &mut impl BufRead, head_only: bool) -> Result<Response> {
    loop {
        let status_line = read_line(r)?;
        let mut parts = status_line.splitn(3, ' ');
        let version = parts.next().unwrap_or_default();
        if !version.starts_with("HTTP/1.") {
            bail!("not an HTTP/1.x status line: {status_line:?}");
        }
        let status: u16 = parts
            .next()
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("bad status line {status_line:?}"))?;
        let mut headers = Vec::new();
        loop {
            let line = read_line(r)?;
            if line.is_empty() {
                break;
            }
            let (n, v) = line
                .split_once(':')
                .with_context(|| format!("bad header line {line:?}"))?;
            headers.push((n.trim().to_owned(), v.trim().to_owned()));
        }
        // 1xx interim responses (100 Continue) are skipped.
        if (100..200).contains(&status) {
            continue;
        }
        let resp = Response { status, headers };
        if !head_only && status != 204 && status != 304 {
            drain_body(r, &resp)?;
        }
        return Ok(resp);
    }
}

fn drain_body(r: &mut impl BufRead, resp: &Response) -> Result<()> {
    if resp
        .get("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        loop {
            let size_line = read_line(r)?;
            let size = usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
                .with_context(|| format!("bad chunk size {size_line:?}"))?;
            if size == 0 {
                // Trailers, then the empty line.
                while !read_line(r).unwrap_or_default().is_empty() {}
                return Ok(());
            }
            let mut chunk = vec![0; size + 2];
            r.read_exact(&mut chunk)?;
        }
    } else if let Some(len) = resp.get("content-length") {
        let len: usize = len
            .split(',')
            .next()
            .unwrap_or("")
            .trim()
            .parse()
            .context("bad Content-Length")?;
        let mut body = vec![0; len];
        r.read_exact(&mut body)?;
    } else {
        let mut sink = Vec::new();
        let _ = r.read_to_end(&mut sink);
    }
    Ok(())
}

/// Whether something accepts TCP connections on `127.0.0.1:port`.
pub fn is_listening(port: u16) -> bool {
    TcpStream::connect_timeout(
        &SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        Duration::from_millis(200),
    )
    .is_ok()
}

/// A port that was free a moment ago.
///
/// The port is released before the app binds it, so it is never handed out twice by this
/// process: the policies' apps start in parallel, and two of them on one port would answer
/// each other's probes.
pub fn free_port() -> Result<u16> {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for _ in 0..64 {
        let l = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let port = l.local_addr()?.port();
        if !given.contains(&port) {
            given.push(port);
            return Ok(port);
        }
    }
    bail!("no fresh port on 127.0.0.1 after 64 tries")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_duplicate_headers_and_reads_chunked_bodies() {
        let raw = "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: a\r\naccess-control-allow-origin: b\r\nTransfer-Encoding: chunked\r\nVary: Accept\r\nvary: Origin\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        let resp = read_response(&mut raw.as_bytes(), false).unwrap();
        assert_eq!(resp.status, 200);
        assert_eq!(resp.all("Access-Control-Allow-Origin"), ["a", "b"]);
        assert!(resp.has_token("vary", "origin"));
        assert!(!resp.has_token("vary", "cookie"));
        assert_eq!(resp.get("vary").as_deref(), Some("Accept, Origin"));
    }

    #[test]
    fn skips_interim_responses_and_rejects_garbage() {
        let raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nX: 1\r\n\r\n";
        let resp = read_response(&mut raw.as_bytes(), false).unwrap();
        assert_eq!(resp.status, 204);
        assert!(read_response(&mut "SSH-2.0-x\r\n\r\n".as_bytes(), false).is_err());
        assert!(read_response(&mut "".as_bytes(), false).is_err());
    }
}
