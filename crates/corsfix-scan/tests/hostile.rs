//! The lean HTTP/1.1 client against servers that misbehave or frame their answers unusually:
//! every hostile answer is a clear per-URL error (never a panic or a hang), and unusual but
//! valid framing (chunked bodies with trailers, bodies delimited by closing the connection,
//! `Connection: close`) still gives complete, correct results.
#![allow(clippy::unwrap_used, unreachable_pub)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use corsfix_scan::{Check, ClientConfig, Resolver, ScanConfig, Scanner, TargetReport, Token};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the scripted server answers.
#[derive(Clone, Copy, Debug)]
enum Script {
    /// Not HTTP.
    Garbage,
    /// A header section that does not end within 100 KiB.
    HugeHead,
    /// 300 small headers.
    ManyHeaders,
    /// The status line, then one byte every 50 ms.
    Slowloris,
    /// Reflects the Origin with credentials; chunked body with a trailer; keep-alive.
    ChunkedReflect,
    /// Reflects the Origin; the body ends when the connection closes (no length).
    CloseDelimited,
    /// Reflects the Origin, `Connection: close` after every answer.
    ConnectionClose,
    /// Reflects the Origin with a 200 kB body (skipped over many reads); keep-alive.
    BigBody,
    /// `Content-Length: 100`, 10 bytes, then the connection closes.
    Truncated,
    /// Reflects the Origin, then a chunked body that never ends.
    EndlessChunked,
    /// Reflects the Origin, then a body without length that never ends.
    EndlessUnframed,
    /// Reflects the Origin; invalid UTF-8 in the reason phrase, a header and the body.
    InvalidUtf8,
    /// HTTP/0.9: the body alone, no status line, then close.
    Http09,
    /// Accepts, reads, never answers.
    Silent,
}

fn origin_of(head: &str) -> Option<&str> {
    head.lines().find_map(|l| {
        l.strip_prefix("Origin: ")
            .or_else(|| l.strip_prefix("origin: "))
    })
}

fn answer(script: Script, head: &str) -> Vec<u8> {
    let cors = origin_of(head)
        .map(|o| {
            format!(
                "Access-Control-Allow-Origin: {o}\r\nAccess-Control-Allow-Credentials: true\r\nVary: Origin\r\n"
            )
        })
        .unwrap_or_default();
    match script {
        Script::Garbage => b"SSH-2.0-OpenSSH_9.6\r\n\r\nnot http at all\r\n\r\n".to_vec(),
        Script::HugeHead => {
            let mut v = b"HTTP/1.1 200 OK\r\n".to_vec();
            // 20 headers of 5 KiB each: few headers, a long section.
            for _ in 0..20 {
                v.extend_from_slice(b"X-Filler: ");
                v.extend(std::iter::repeat_n(b'a', 5 * 1024));
                v.extend_from_slice(b"\r\n");
            }
            v
        }
        Script::ManyHeaders => {
            let mut v = b"HTTP/1.1 200 OK\r\n".to_vec();
            for i in 0..300 {
                v.extend_from_slice(format!("X-H{i}: {i}\r\n").as_bytes());
            }
            v.extend_from_slice(b"Content-Length: 0\r\n\r\n");
            v
        }
        Script::Slowloris
        | Script::Truncated
        | Script::EndlessChunked
        | Script::EndlessUnframed
        | Script::Silent => Vec::new(),
        Script::InvalidUtf8 => {
            let mut v = b"HTTP/1.1 200 \xffOK\r\n".to_vec();
            v.extend_from_slice(cors.as_bytes());
            v.extend_from_slice(b"X-Bytes: \xc3\x28\xa0\xa1\xff\r\nContent-Length: 4\r\n\r\n\xff\xfe\xfd\x00");
            v
        }
        Script::Http09 => b"<html>no status line</html>\n".to_vec(),
        Script::ChunkedReflect => format!(
            "HTTP/1.1 200 OK\r\n{cors}Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: yes\r\n\r\n"
        )
        .into_bytes(),
        Script::BigBody => {
            let mut v = format!(
                "HTTP/1.1 200 OK\r\n{cors}Content-Length: 200000\r\n\r\n"
            )
            .into_bytes();
            v.extend(std::iter::repeat_n(b'x', 200_000));
            v
        }
        Script::CloseDelimited => {
            format!("HTTP/1.1 200 OK\r\n{cors}Content-Type: text/plain\r\n\r\nbody until close")
                .into_bytes()
        }
        Script::ConnectionClose => format!(
            "HTTP/1.1 200 OK\r\n{cors}Content-Length: 2\r\nConnection: close\r\n\r\nok"
        )
        .into_bytes(),
    }
}

/// Serves `script` on a loopback port; counts the requests it answered.
async fn server(script: Script) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    tokio::spawn(async move {
        while let Ok((s, _)) = listener.accept().await {
            tokio::spawn(conn(s, script, c.clone()));
        }
    });
    (addr, count)
}

async fn conn(mut s: TcpStream, script: Script, count: Arc<AtomicUsize>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            buf.drain(..end + 4);
            count.fetch_add(1, Ordering::SeqCst);
            match script {
                Script::Slowloris => {
                    let _ = s.write_all(b"HTTP/1.1 200 OK\r\n").await;
                    loop {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        if s.write_all(b"X").await.is_err() {
                            return;
                        }
                    }
                }
                Script::Silent => {}
                Script::EndlessChunked | Script::EndlessUnframed => {
                    let framing = if matches!(script, Script::EndlessChunked) {
                        "Transfer-Encoding: chunked\r\n"
                    } else {
                        ""
                    };
                    let cors = answer(Script::ConnectionClose, &head);
                    let cors = String::from_utf8_lossy(&cors);
                    let cors: String = cors
                        .lines()
                        .filter(|l| l.starts_with("Access-Control") || l.starts_with("Vary"))
                        .map(|l| format!("{l}\r\n"))
                        .collect();
                    let head = format!("HTTP/1.1 200 OK\r\n{cors}{framing}\r\n");
                    if s.write_all(head.as_bytes()).await.is_err() {
                        return;
                    }
                    let block = if framing.is_empty() {
                        vec![b'y'; 16 * 1024]
                    } else {
                        format!("4000\r\n{}\r\n", "x".repeat(16 * 1024)).into_bytes()
                    };
                    while s.write_all(&block).await.is_ok() {}
                    return;
                }
                Script::Truncated => {
                    let _ = s
                        .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
                        .await;
                    return;
                }
                _ => {
                    if s.write_all(&answer(script, &head)).await.is_err() {
                        return;
                    }
                    if matches!(
                        script,
                        Script::CloseDelimited
                            | Script::ConnectionClose
                            | Script::Garbage
                            | Script::Http09
                    ) {
                        return;
                    }
                }
            }
        }
        match s.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

async fn scan(addr: std::net::SocketAddr, timeout: Duration) -> TargetReport {
    let s = Scanner::new(ScanConfig {
        client: ClientConfig {
            timeout,
            retries: 1,
            resolver: Resolver::new().map("*.test", addr).no_dns(),
            ..ClientConfig::default()
        },
        token: Token::new("k3x9q", "evil.example"),
    })
    .unwrap();
    s.scan("http://api.site1.test/me?x=1").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_answers_are_clear_per_url_errors() {
    for (script, expect) in [
        (Script::Garbage, "invalid HTTP response"),
        (Script::HugeHead, "larger than 64 KiB"),
        (Script::ManyHeaders, "more than 100 headers"),
        (Script::Truncated, "closed in the middle of a response body"),
    ] {
        let (addr, _) = server(script).await;
        let started = Instant::now();
        let r = scan(addr, Duration::from_secs(5)).await;
        assert!(started.elapsed() < Duration::from_secs(4), "{script:?}");
        assert!(!r.tested, "{script:?}: {r:?}");
        assert!(r.findings.is_empty(), "{script:?}");
        let err = r.error.unwrap();
        assert!(err.contains(expect), "{script:?}: {err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slowloris_answer_times_out() {
    let (addr, _) = server(Script::Slowloris).await;
    let started = Instant::now();
    let r = scan(addr, Duration::from_millis(400)).await;
    // Bytes keep arriving, but the deadline is per response, not per read.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(!r.tested);
    assert!(r.error.unwrap().contains("timed out"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unusual_framing_still_gives_complete_results() {
    for script in [
        Script::ChunkedReflect,
        Script::BigBody,
        Script::CloseDelimited,
        Script::ConnectionClose,
    ] {
        let (addr, count) = server(script).await;
        let r = scan(addr, Duration::from_secs(5)).await;
        assert!(r.tested && r.complete, "{script:?}: {r:?}");
        // Reflection found, and the budget stopped after the 5 gate probes: each answered once,
        // none lost or sent twice by the pipelining.
        let c1 = r.findings.iter().find(|f| f.check == Check::C1).unwrap();
        assert_eq!(
            c1.evidence.acao,
            vec!["http://k3x9q.evil.example".to_owned()],
            "{script:?}"
        );
        assert!(c1.credentials);
        assert_eq!(r.requests, 5, "{script:?}");
        assert_eq!(count.load(Ordering::SeqCst), 5, "{script:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_silent_and_odd_answers_end_in_time() {
    let timeout = Duration::from_millis(800);
    for script in [
        Script::EndlessChunked,
        Script::EndlessUnframed,
        Script::InvalidUtf8,
        Script::Http09,
        Script::Silent,
    ] {
        let (addr, _) = server(script).await;
        let started = Instant::now();
        let r = tokio::time::timeout(Duration::from_secs(60), scan(addr, timeout))
            .await
            .unwrap_or_else(|_| panic!("{script:?}: the scan hung"));
        let took = started.elapsed();
        eprintln!(
            "{script:?}: {took:?} tested={} error={:?}",
            r.tested, r.error
        );
        // Every probe is bounded by the timeout (one retry); slack for a loaded machine.
        assert!(took < Duration::from_secs(12), "{script:?}: {took:?}");
        match script {
            // The head carried the answer; the body is skipped up to the cap, then the
            // connection is dropped.
            Script::EndlessChunked | Script::EndlessUnframed | Script::InvalidUtf8 => {
                assert!(r.tested, "{script:?}: {r:?}");
                let c1 = r.findings.iter().find(|f| f.check == Check::C1).unwrap();
                assert_eq!(
                    c1.evidence.acao,
                    vec!["http://k3x9q.evil.example".to_owned()]
                );
            }
            Script::Http09 => {
                assert!(!r.tested);
                assert!(r.error.unwrap().contains("invalid HTTP response"));
            }
            _ => {
                assert!(!r.tested);
                assert!(r.error.unwrap().contains("timed out"));
            }
        }
    }
}
