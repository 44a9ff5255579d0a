//! HTTP/2: the farm's behaviours served by an HTTPS server that speaks only h2 give exactly the
//! findings they give over HTTP/1.1, the connection really is h2 (the server counts requests per
//! protocol version), h2 is preferred when both are offered, `http1_only` keeps HTTP/1.1, and a
//! hostile h2 server is a per-URL error, never a panic or a hang.
#![allow(clippy::unwrap_used, unreachable_pub)]

mod farm;

use std::sync::Arc;
use std::time::Duration;

use corsfix_scan::{Check, ClientConfig, ScanConfig, Scanner, TargetReport, Token};
use farm::{Alpn, B, FarmTarget};
use futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn scanner(resolver: corsfix_scan::Resolver, http1_only: bool, timeout: Duration) -> Scanner {
    Scanner::new(ScanConfig {
        client: ClientConfig {
            timeout,
            insecure: true,
            resolver,
            http1_only,
            retries: 1,
            ..ClientConfig::default()
        },
        token: Token::new("h2tok", "evil.example"),
    })
    .unwrap()
}

async fn scan_all(s: &Scanner, targets: &[FarmTarget]) -> Vec<TargetReport> {
    let urls: Vec<String> = targets.iter().map(|t| t.url.clone()).collect();
    let mut v: Vec<TargetReport> = s
        .scan_stream(futures::stream::iter(urls), 16)
        .collect()
        .await;
    v.sort_by(|a, b| a.url.cmp(&b.url));
    v
}

/// Every behaviour over HTTPS, on two sites.
fn https_targets() -> Vec<FarmTarget> {
    let mut v = Vec::new();
    for (i, b) in B::ALL.into_iter().enumerate() {
        for site in [1, 2] {
            v.push(FarmTarget {
                url: farm::target_url(2 * i + site, b, true, site),
                behaviour: b,
                https: true,
            });
        }
    }
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_h2_only_server_gives_exactly_the_findings_of_http1() {
    let targets = https_targets();
    let h1 = farm::start_with(targets.clone(), 3, Alpn::Http1, 0).await;
    let h2 = farm::start_with(targets.clone(), 3, Alpn::H2Only, 8).await;
    let over_h1 = scan_all(
        &scanner(h1.resolver(), false, Duration::from_secs(10)),
        &targets,
    )
    .await;
    let over_h2 = scan_all(
        &scanner(h2.resolver(), false, Duration::from_secs(10)),
        &targets,
    )
    .await;
    // The protocols really were the ones intended.
    let (h1_1, h1_2, _) = h1.seen.get();
    let (h2_1, h2_2, h2_other) = h2.seen.get();
    assert!(h1_1 > 0 && h1_2 == 0, "HTTP/1.1 farm: {:?}", h1.seen.get());
    assert_eq!((h2_1, h2_other), (0, 0), "h2 farm saw other versions");
    let sent: u32 = over_h2.iter().map(|r| r.requests).sum();
    assert_eq!(h2_2, sent as usize, "every request went over h2");
    assert_eq!(h1_1, h2_2, "the same number of requests");

    assert_eq!(over_h1.len(), targets.len());
    let mut findings = 0;
    for (a, b) in over_h1.iter().zip(&over_h2) {
        assert!(b.tested && b.complete, "{}: {:?}", b.url, b.error);
        // Whole reports: status, CORS flag, requests, findings with their evidence.
        assert_eq!(a, b, "{}", a.url);
        assert_eq!(a.findings, b.findings, "{}", a.url);
        findings += b.findings.len();
    }
    assert!(findings > 100, "only {findings} findings");

    // A few by name: reflect-any with credentials, the strict allowlist, preflight-only CORS.
    let pick = |b: B| {
        let url = &targets.iter().find(|t| t.behaviour == b).unwrap().url;
        over_h2.iter().find(|r| &r.url == url).unwrap()
    };
    let r = pick(B::Reflect);
    let f = r.findings.iter().find(|f| f.check == Check::C1).unwrap();
    assert!(f.credentials);
    assert_eq!(f.evidence.acac.as_deref(), Some("true"));
    assert_eq!(f.evidence.vary.as_deref(), Some("Origin"));
    let r = pick(B::Strict);
    assert!(r.cors);
    assert!(
        r.findings
            .iter()
            .all(|f| f.severity < corsfix_scan::Severity::Low),
        "{:?}",
        r.findings
    );
    let r = pick(B::PreflightReflect);
    let f = r.findings.iter().find(|f| f.check == Check::C17).unwrap();
    assert_eq!(f.method, "OPTIONS");
    assert_eq!(f.evidence.status, 204);
    assert_eq!(f.evidence.acah.as_deref(), Some("x-h2tok"));
    assert_eq!(f.evidence.acam.as_deref(), Some("GET, PUT, DELETE"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn h2_is_used_when_offered_and_http1_only_keeps_http1() {
    let targets: Vec<FarmTarget> = https_targets().into_iter().step_by(3).collect();
    let both = farm::start_with(targets.clone(), 3, Alpn::Both, 8).await;
    let reports = scan_all(
        &scanner(both.resolver(), false, Duration::from_secs(10)),
        &targets,
    )
    .await;
    assert!(reports.iter().all(|r| r.tested && r.complete));
    let (v1, v2, _) = both.seen.get();
    assert_eq!(v1, 0);
    assert!(v2 > 0);

    let forced = scan_all(
        &scanner(both.resolver(), true, Duration::from_secs(10)),
        &targets,
    )
    .await;
    let (w1, w2, _) = both.seen.get();
    assert_eq!(w2, v2, "no h2 request with http1_only");
    assert!(w1 > 0);
    assert_eq!(reports, forced);

    // Plain http:// never uses h2 (no h2c).
    let plain = FarmTarget {
        url: farm::target_url(900, B::Reflect, false, 1),
        behaviour: B::Reflect,
        https: false,
    };
    let r = scan_all(
        &scanner(both.resolver(), false, Duration::from_secs(10)),
        std::slice::from_ref(&plain),
    )
    .await;
    assert!(r[0].tested);
    assert_eq!(both.seen.get().1, w2);
}

/// A TLS server that picks `h2` in ALPN, then runs `behave` on the stream.
async fn hostile_h2<F, Fut>(behave: F) -> (std::net::SocketAddr, tokio::task::JoinHandle<()>)
where
    F: Fn(tokio_rustls::server::TlsStream<tokio::net::TcpStream>) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["evil.test".to_owned()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    cfg.alpn_protocols = vec![b"h2".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(cfg));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let behave = Arc::new(behave);
    let task = tokio::spawn(async move {
        loop {
            let Ok((s, _)) = listener.accept().await else {
                continue;
            };
            let acceptor = acceptor.clone();
            let behave = behave.clone();
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(s).await {
                    behave(tls).await;
                }
            });
        }
    });
    (addr, task)
}

async fn scan_hostile(addr: std::net::SocketAddr) -> TargetReport {
    let r = scan_hostile_inner(addr).await;
    eprintln!("hostile h2: {:?} after {} requests", r.error, r.requests);
    r
}

async fn scan_hostile_inner(addr: std::net::SocketAddr) -> TargetReport {
    let resolver = corsfix_scan::Resolver::new()
        .map("evil.test", addr)
        .no_dns();
    let s = scanner(resolver, false, Duration::from_secs(2));
    // A guard against a hang (the scanner's own timeouts must end it well before).
    tokio::time::timeout(Duration::from_secs(120), s.scan("https://evil.test/x"))
        .await
        .expect("the scan of a hostile h2 server hung")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_h2_servers_are_per_url_errors() {
    // Garbage instead of HTTP/2 frames.
    let (addr, task) = hostile_h2(|mut tls| async move {
        let mut buf = [0u8; 1024];
        let _ = tls.read(&mut buf).await;
        let _ = tls.write_all(&[0xff; 4096]).await;
        let _ = tls.flush().await;
        let _ = tls.shutdown().await;
    })
    .await;
    let r = scan_hostile(addr).await;
    assert!(!r.tested, "{r:?}");
    let e = r.error.unwrap();
    assert!(e.contains("HTTP/2"), "{e}");
    task.abort();

    // Silent after the TLS handshake: every probe times out.
    let (addr, task) = hostile_h2(|mut tls| async move {
        let mut buf = [0u8; 1024];
        while matches!(tls.read(&mut buf).await, Ok(n) if n > 0) {}
    })
    .await;
    let r = scan_hostile(addr).await;
    assert!(!r.tested);
    assert!(r.error.unwrap().contains("timed out"));
    task.abort();

    // A valid HTTP/2 server whose responses carry a malformed header value (hyper refuses to
    // build it, so frames are written by hand): the server sends its SETTINGS, then a HEADERS
    // frame with an invalid `:status`.
    let (addr, task) = hostile_h2(|mut tls| async move {
        // Our SETTINGS (empty), then wait for the client's preface and request.
        let _ = tls.write_all(&[0, 0, 0, 4, 0, 0, 0, 0, 0]).await;
        let mut buf = vec![0u8; 4096];
        let _ = tls.read(&mut buf).await;
        // HEADERS on stream 1, END_HEADERS|END_STREAM, literal `:status: 99x` (invalid).
        let block = [0x08, 3, b'9', b'9', b'x'];
        let mut frame = vec![0, 0, block.len() as u8, 1, 0x05, 0, 0, 0, 1];
        frame.extend_from_slice(&block);
        let _ = tls.write_all(&frame).await;
        let _ = tls.flush().await;
        while matches!(tls.read(&mut buf).await, Ok(n) if n > 0) {}
    })
    .await;
    let r = scan_hostile(addr).await;
    assert!(!r.tested, "{r:?}");
    assert!(r.error.is_some());
    task.abort();

    // RST_STREAM (REFUSED_STREAM) on the five streams of the gate probes, then keep reading.
    let (addr, task) = hostile_h2(|mut tls| async move {
        let _ = tls.write_all(&[0, 0, 0, 4, 0, 0, 0, 0, 0]).await;
        let mut buf = vec![0u8; 4096];
        let _ = tls.read(&mut buf).await;
        let mut frames = Vec::new();
        for stream in (1u32..10).step_by(2) {
            frames.extend_from_slice(&[0, 0, 4, 3, 0]);
            frames.extend_from_slice(&stream.to_be_bytes());
            frames.extend_from_slice(&7u32.to_be_bytes());
        }
        let _ = tls.write_all(&frames).await;
        let _ = tls.flush().await;
        while matches!(tls.read(&mut buf).await, Ok(n) if n > 0) {}
    })
    .await;
    let started = std::time::Instant::now();
    let r = scan_hostile(addr).await;
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(!r.tested, "{r:?}");
    assert!(r.error.is_some());
    task.abort();

    // GOAWAY before answering anything (last stream 0, NO_ERROR), then silence.
    let (addr, task) = hostile_h2(|mut tls| async move {
        let _ = tls.write_all(&[0, 0, 0, 4, 0, 0, 0, 0, 0]).await;
        let mut buf = vec![0u8; 4096];
        let _ = tls.read(&mut buf).await;
        let _ = tls
            .write_all(&[0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
            .await;
        let _ = tls.flush().await;
        while matches!(tls.read(&mut buf).await, Ok(n) if n > 0) {}
    })
    .await;
    let started = std::time::Instant::now();
    let r = scan_hostile(addr).await;
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(!r.tested, "{r:?}");
    assert!(r.error.unwrap().contains("GOAWAY"));
    task.abort();
}
