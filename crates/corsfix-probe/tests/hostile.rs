//! `corsfix check` against hostile servers (raw sockets on loopback): endless headers, a body
//! that never ends (chunked or unframed), a slow drip, invalid UTF-8, an HTTP/0.9 answer, a
//! close in the middle of the body, a server that accepts and never answers. Each check ends within its
//! `--timeout` (plus slack for a loaded machine), with a clear one-line message or a verdict,
//! bounded memory, and no panic. Quick: a few seconds in all.
#![allow(clippy::unwrap_used, unreachable_pub)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use corsfix_probe::ssrf::{Guard, Limits, StaticResolver};
use corsfix_probe::{CheckRequest, ProbeOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Copy, Debug)]
enum Script {
    EndlessHeaders,
    EndlessChunkedBody,
    EndlessUnframedBody,
    SlowDrip,
    InvalidUtf8,
    Http09,
    CloseMidBody,
    Silent,
}

async fn read_head(s: &mut TcpStream) {
    let mut buf = Vec::new();
    let mut b = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut b).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&b[..n]),
        }
    }
}

async fn behave(mut s: TcpStream, script: Script) {
    if !matches!(script, Script::Silent) {
        read_head(&mut s).await;
    }
    let ok = b"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\n";
    match script {
        Script::EndlessHeaders => {
            let _ = s.write_all(ok).await;
            let line = format!("X-Filler: {}\r\n", "a".repeat(1000));
            while s.write_all(line.as_bytes()).await.is_ok() {}
        }
        Script::EndlessChunkedBody => {
            let _ = s.write_all(ok).await;
            let _ = s.write_all(b"Transfer-Encoding: chunked\r\n\r\n").await;
            let chunk = format!("1000\r\n{}\r\n", "x".repeat(4096));
            while s.write_all(chunk.as_bytes()).await.is_ok() {}
        }
        Script::EndlessUnframedBody => {
            let _ = s.write_all(ok).await;
            let _ = s.write_all(b"Connection: close\r\n\r\n").await;
            let block = vec![b'y'; 64 * 1024];
            while s.write_all(&block).await.is_ok() {}
        }
        Script::SlowDrip => {
            for b in b"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
                if s.write_all(&[*b]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        Script::InvalidUtf8 => {
            let mut v = b"HTTP/1.1 200 \xff\xfeOK\r\nAccess-Control-Allow-Origin: https://app.example.com\r\nX-Bytes: \xc3\x28\xa0\xa1\r\nVary: Origin\r\nContent-Length: 6\r\nConnection: close\r\n\r\n".to_vec();
            v.extend_from_slice(b"\xff\xfe\xfd\x00\xc3\x28");
            let _ = s.write_all(&v).await;
        }
        Script::Http09 => {
            let _ = s.write_all(b"<html>no status line, no headers</html>\n").await;
        }
        Script::CloseMidBody => {
            let _ = s.write_all(ok).await;
            let _ = s.write_all(b"Content-Length: 100000\r\n\r\npartial").await;
            drop(s);
            return;
        }
        Script::Silent => {
            let mut b = [0u8; 4096];
            while matches!(s.read(&mut b).await, Ok(n) if n > 0) {}
        }
    }
    let _ = s.shutdown().await;
}

async fn server(script: Script) -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        while let Ok((s, _)) = listener.accept().await {
            tokio::spawn(behave(s, script));
        }
    });
    (addr, task)
}

fn opts(timeout: Duration) -> ProbeOptions {
    ProbeOptions {
        limits: Limits {
            timeout,
            total_timeout: timeout * 4,
            ..Limits::default()
        },
        guard: Guard::allow_all().with_resolver(Arc::new(StaticResolver::new())),
        extra_probes: false,
        ..ProbeOptions::default()
    }
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_servers_end_within_the_timeout_with_a_clear_message() {
    let timeout = Duration::from_secs(1);
    let before = rss_kib();
    for script in [
        Script::EndlessHeaders,
        Script::EndlessChunkedBody,
        Script::EndlessUnframedBody,
        Script::SlowDrip,
        Script::InvalidUtf8,
        Script::Http09,
        Script::CloseMidBody,
        Script::Silent,
    ] {
        let (addr, task) = server(script).await;
        let url = format!("http://{addr}/api");
        for method in ["GET", "PUT"] {
            let mut req = CheckRequest::new(url.clone(), "https://app.example.com");
            req.method = method.to_owned();
            let started = Instant::now();
            let outcome = tokio::time::timeout(
                Duration::from_secs(30),
                corsfix_probe::check(&req, &opts(timeout)),
            )
            .await
            .unwrap_or_else(|_| panic!("{script:?} {method}: the check hung"));
            let took = started.elapsed();
            // One exchange (GET) or two (preflight + PUT), each bounded by the timeout; the
            // slack is for a loaded machine.
            assert!(
                took < timeout * 2 + Duration::from_secs(8),
                "{script:?}: {took:?}"
            );
            let report = outcome.unwrap_or_else(|e| panic!("{script:?} {method}: {e}"));
            let run = &report.run;
            let summary = match &run.network_error {
                Some(e) => {
                    assert!(!e.message.is_empty() && !e.message.contains('\n'), "{e:?}");
                    format!("{:?}: {}", e.kind, e.message)
                }
                None => format!("answered {:?}", run.exchanges.last().and_then(|e| e.status)),
            };
            eprintln!("{script:?} {method}: {took:?} {summary}");
            match script {
                Script::InvalidUtf8 => {
                    // Read, decoded lossily, and judged.
                    assert!(run.network_error.is_none() || method == "PUT", "{summary}");
                    if method == "GET" {
                        let e = run.exchanges.last().unwrap();
                        assert_eq!(e.status, Some(200));
                        assert!(
                            e.response_headers
                                .iter()
                                .any(|(n, v)| n == "x-bytes" && v.contains('\u{fffd}'))
                        );
                    }
                }
                Script::EndlessChunkedBody | Script::EndlessUnframedBody => {
                    // The head arrived: a verdict, the body cut at the cap.
                    if method == "GET" {
                        let e = run.exchanges.last().unwrap();
                        assert!(e.body_truncated, "{script:?}: {e:?}");
                    }
                }
                Script::Silent | Script::SlowDrip => {
                    let e = run.network_error.as_ref().expect("no answer");
                    assert!(e.message.contains("timed out"), "{e:?}");
                }
                Script::EndlessHeaders | Script::Http09 => {
                    let e = run.network_error.as_ref().expect("not HTTP");
                    assert_eq!(
                        e.kind,
                        corsfix_model::exchange::NetworkErrorKind::InvalidResponse,
                        "{e:?}"
                    );
                }
                Script::CloseMidBody => {
                    // The head arrived and carries the CORS answer: it is judged (a browser
                    // would fail the body read, not the CORS check).
                    assert_eq!(
                        run.exchanges.last().and_then(|e| e.status),
                        Some(200),
                        "{summary}"
                    );
                }
            }
            // The report renders.
            let ev = corsfix_diagnose::Evidence::Probe(run);
            let d = corsfix_diagnose::diagnose(&ev);
            let _ = corsfix_diagnose::report(&ev, &d);
        }
        task.abort();
    }
    let grown = rss_kib().saturating_sub(before);
    assert!(grown < 64 * 1024, "resident memory grew by {grown} KiB");
}

/// Answers the first lookup with `first` and every later one with `later` (DNS rebinding: a
/// name that is public when checked and private when connected to).
#[derive(Debug)]
struct Rebinder {
    calls: std::sync::atomic::AtomicUsize,
    first: std::net::IpAddr,
    later: std::net::IpAddr,
}

impl corsfix_probe::ssrf::Resolver for Rebinder {
    fn resolve<'a>(
        &'a self,
        _host: &'a str,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = std::io::Result<Vec<std::net::IpAddr>>> + Send + 'a>,
    > {
        let n = self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let ip = if n == 0 { self.first } else { self.later };
        Box::pin(async move { Ok(vec![ip]) })
    }
}

/// A loopback listener that answers a CORS-enabled 200 and counts connections.
async fn counting(
    ip: &str,
    port: u16,
) -> (std::net::SocketAddr, Arc<std::sync::atomic::AtomicUsize>) {
    let listener = TcpListener::bind((ip, port)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::spawn(async move {
                read_head(&mut s).await;
                let _ = s
                    .write_all(b"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: PUT\r\nConnection: close\r\n\r\n")
                    .await;
            });
        }
    });
    (addr, count)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ssrf_guard_holds_under_dns_rebinding() {
    // "Public" (an exception the guard permits) on 127.0.0.2, private on 127.0.0.3, same port.
    let (public, public_hits) = counting("127.0.0.2", 0).await;
    let (_private, private_hits) = counting("127.0.0.3", public.port()).await;
    for method in ["GET", "PUT"] {
        let rebinder = Rebinder {
            calls: std::sync::atomic::AtomicUsize::new(0),
            first: public.ip(),
            later: "127.0.0.3".parse().unwrap(),
        };
        let guard = Guard::public_only()
            .with_resolver(Arc::new(rebinder))
            .allowing(public);
        let o = ProbeOptions {
            guard,
            extra_probes: true,
            ..opts(Duration::from_secs(2))
        };
        let mut req = CheckRequest::new(
            format!("http://rebind.test:{}/api", public.port()),
            // http: an https page would block the request as mixed content before sending.
            "http://app.example.com",
        );
        req.method = method.to_owned();
        let outcome = corsfix_probe::check(&req, &o).await;
        eprintln!(
            "rebinding {method}: {:?}",
            outcome
                .as_ref()
                .map(|r| (r.run.exchanges.len(), r.run.network_error.clone()))
                .map_err(ToString::to_string)
        );
        if let Ok(report) = &outcome {
            for e in report.run.exchanges.iter().chain(&report.run.extra) {
                if let Some(addr) = e.remote_addr.as_deref() {
                    assert!(addr.starts_with("127.0.0.2:"), "connected to {addr}");
                }
            }
        }
    }
    assert!(public_hits.load(std::sync::atomic::Ordering::SeqCst) > 0);
    assert_eq!(
        private_hits.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "the rebound (private) address was contacted"
    );
}
