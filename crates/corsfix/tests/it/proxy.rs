//! `corsfix proxy`: the binary end to end on 127.0.0.1.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use corsfix_test_support::{Response, TestServer};

use crate::util::corsfix;

const PAGE: &str = "http://127.0.0.1:5173";

/// A running `corsfix proxy`, killed when dropped.
struct Running {
    child: Child,
    addr: SocketAddr,
    stdout: BufReader<std::process::ChildStdout>,
    banner: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corsfix"))
        .arg("proxy")
        .args(args)
        .args(["--port", "0"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut banner = String::new();
    stderr.read_line(&mut banner).unwrap();
    let addr = banner
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {banner:?}"));
    let mut rest = String::new();
    // The rest of the banner (two or three lines), without blocking on the open pipe.
    std::thread::spawn(move || {
        let _ = stderr.read_to_string(&mut rest);
    });
    let stdout = BufReader::new(child.stdout.take().unwrap());
    Running {
        child,
        addr,
        stdout,
        banner,
    }
}

/// One raw HTTP/1.1 exchange; the answer's text.
fn exchange(addr: SocketAddr, head: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

fn next_json(r: &mut Running) -> serde_json::Value {
    let mut line = String::new();
    r.stdout.read_line(&mut line).unwrap();
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"))
}

#[test]
fn proxy_answers_cors_for_the_page_and_logs_what_the_upstream_lacks() {
    let upstream = TestServer::start(|_| Response::json("{\"ok\":true}").header("X-Total", "3"));
    let mut p = start(&[
        &upstream.origin(),
        "--origin",
        PAGE,
        "--credentials",
        "--json",
    ]);
    assert!(
        p.banner.contains(&format!("→ {}", upstream.origin())),
        "{}",
        p.banner
    );
    let answer = exchange(
        p.addr,
        &format!(
            "PUT /items/1 HTTP/1.1\r\nHost: {}\r\nOrigin: {PAGE}\r\nContent-Type: application/json\r\nCookie: sid=1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}",
            p.addr
        ),
    );
    let lower = answer.to_ascii_lowercase();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        lower.contains(&format!("access-control-allow-origin: {PAGE}\r\n")),
        "{answer}"
    );
    assert!(
        lower.contains("access-control-allow-credentials: true\r\n"),
        "{answer}"
    );
    assert!(
        lower.contains("access-control-expose-headers: x-total\r\n"),
        "{answer}"
    );
    assert!(answer.ends_with("{\"ok\":true}"), "{answer}");
    let event = next_json(&mut p);
    assert_eq!(event["method"], "PUT");
    assert_eq!(event["action"], "forwarded");
    assert_eq!(event["upstream_alone"]["allowed"], false);
    assert_eq!(
        event["upstream_alone"]["kind"],
        "PreflightMissingAllowOriginHeader"
    );
    // The upstream got the request as the browser sent it, cookie included, plus the
    // preflight the proxy sent to learn how it answers one.
    let seen = upstream.requests();
    let put = seen.iter().find(|r| r.method == "PUT").unwrap();
    assert_eq!(put.header("cookie"), Some("sid=1"));
    assert_eq!(
        put.header("host"),
        Some(upstream.addr().to_string().as_str())
    );
    let options = seen.iter().find(|r| r.method == "OPTIONS").unwrap();
    assert_eq!(options.header("access-control-request-method"), Some("PUT"));
}

#[test]
fn proxy_prints_one_line_per_request() {
    let upstream = TestServer::start(|_| Response::new(404));
    let mut p = start(&[&upstream.origin(), "--origin", PAGE]);
    let answer = exchange(
        p.addr,
        &format!(
            "GET /missing HTTP/1.1\r\nHost: localhost:{}\r\nOrigin: {PAGE}\r\nConnection: close\r\n\r\n",
            p.addr.port()
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    let mut line = String::new();
    p.stdout.read_line(&mut line).unwrap();
    assert!(line.contains("GET /missing 404"), "{line}");
    assert!(
        line.contains("upstream alone: blocked, MissingAllowOriginHeader — ask them to send, on the response: Access-Control-Allow-Origin: http://127.0.0.1:5173"),
        "{line}"
    );
}

#[test]
fn proxy_says_loudly_when_it_listens_beyond_loopback() {
    let upstream = TestServer::start(|_| Response::new(200));
    let mut child = Command::new(env!("CARGO_BIN_EXE_corsfix"))
        .args([
            "proxy",
            &upstream.origin(),
            "--origin",
            PAGE,
            "--bind",
            "0.0.0.0",
            "--port",
            "0",
        ])
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut text = String::new();
    for _ in 0..3 {
        stderr.read_line(&mut text).unwrap();
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(text.contains("warning: listening on 0.0.0.0:"), "{text}");
    assert!(text.contains("other machines can reach"), "{text}");
}

#[test]
fn proxy_refuses_what_is_not_an_origin() {
    let out = corsfix()
        .args(["proxy", "https://api.example.com/v1", "--origin", PAGE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Errors are wrapped to the terminal's width: compare the words.
    let words = |b: &[u8]| {
        String::from_utf8_lossy(b)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let err = words(&out.stderr);
    assert!(err.contains("give `https://api.example.com`"), "{err}");
    let out = corsfix()
        .args([
            "proxy",
            "https://api.example.com",
            "--origin",
            "localhost:5173",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = words(&out.stderr);
    assert!(err.contains("--origin localhost:5173: "), "{err}");
    assert!(
        err.contains("write `--origin http://localhost:5173`"),
        "{err}"
    );
    let out = corsfix()
        .args(["proxy", "https://api.example.com"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
