//! The proxy over real sockets on 127.0.0.1: CORS from the policy, pass-through, not an open
//! proxy, hostile upstreams, h2, HAR.

mod common;

use std::time::{Duration, Instant};

use common::{header, proxy, raw, send};
use corsfix_proxy::{Action, On};
use http_body_util::BodyExt as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const PAGE: &str = "http://127.0.0.1:5173";
const OTHER: &str = "http://127.0.0.1:6006";

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

#[tokio::test]
async fn a_preflight_is_answered_by_the_proxy_and_the_upstreams_own_answer_judged() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], true, |_| {}).await;
    let (head, body) = send(
        "OPTIONS",
        &p.url("/echo"),
        &[
            ("origin", PAGE),
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", "content-type,x-trace"),
        ],
        "",
    )
    .await;
    assert_eq!(head.status, 204);
    assert!(body.is_empty());
    assert_eq!(
        header(&head, "access-control-allow-origin").as_deref(),
        Some(PAGE)
    );
    assert_eq!(
        header(&head, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(
        header(&head, "access-control-allow-methods").as_deref(),
        Some("PUT")
    );
    assert_eq!(
        header(&head, "access-control-allow-headers").as_deref(),
        Some("content-type,x-trace")
    );
    assert!(header(&head, "vary").unwrap().contains("Origin"));
    let ev = p.event(|e| e.action == Action::Preflight).await;
    assert_eq!(ev.status, 204);
    assert_eq!(ev.upstream_status, Some(200));
    let j = ev.upstream_alone.expect("judged");
    assert!(!j.allowed);
    assert_eq!(j.kind.as_deref(), Some("PreflightMissingAllowOriginHeader"));
    assert!(j.lacks.iter().any(|l| l.on == On::Preflight
        && l.name == "access-control-allow-origin"
        && l.value == PAGE));
    p.stop().await;
}

#[tokio::test]
async fn a_credentialed_put_goes_through_with_cookies_body_and_exposed_headers() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], true, |_| {}).await;
    let (head, body) = send(
        "PUT",
        &p.url("/echo?x=1"),
        &[
            ("origin", PAGE),
            ("cookie", "sid=1"),
            ("content-type", "application/json"),
            ("x-trace", "t-1"),
            ("connection", "keep-alive, x-hop"),
            ("x-hop", "dropped"),
            ("keep-alive", "timeout=5"),
            ("proxy-authorization", "Basic eDp5"),
            ("sec-fetch-mode", "cors"),
        ],
        r#"{"name":"a"}"#,
    )
    .await;
    assert_eq!(head.status, 200);
    let echo = json(&body);
    assert_eq!(echo["method"], "PUT");
    assert_eq!(echo["query"], "x=1");
    assert_eq!(echo["body"], r#"{"name":"a"}"#);
    let seen = &echo["headers"];
    assert_eq!(seen["host"], up.to_string());
    assert_eq!(seen["cookie"], "sid=1");
    assert_eq!(seen["origin"], PAGE);
    assert_eq!(seen["x-trace"], "t-1");
    for gone in ["x-hop", "keep-alive", "proxy-authorization", "connection"] {
        assert!(
            seen.get(gone).is_none(),
            "{gone} reached the upstream: {seen}"
        );
    }
    assert_eq!(
        header(&head, "access-control-allow-origin").as_deref(),
        Some(PAGE)
    );
    assert_eq!(
        header(&head, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    let exposed = header(&head, "access-control-expose-headers").unwrap();
    for name in ["x-request-id", "x-saw-cookie", "x-upstream-version"] {
        assert!(exposed.contains(name), "{exposed}");
    }
    assert_eq!(
        header(&head, "vary").as_deref(),
        Some("Accept-Encoding, Origin")
    );
    assert_eq!(header(&head, "x-saw-cookie").as_deref(), Some("yes"));
    // Straight to the upstream the PUT is preflighted, and the upstream answers the
    // preflight without CORS: the proxy asked it, as the browser would have.
    let ev = p.event(|e| e.method == "PUT").await;
    assert_eq!(ev.action, Action::Forwarded);
    let j = ev.upstream_alone.expect("judged");
    assert!(!j.allowed);
    assert_eq!(j.kind.as_deref(), Some("PreflightMissingAllowOriginHeader"));
    assert!(
        j.console
            .unwrap()
            .contains("Response to preflight request doesn't pass access control check")
    );
    assert!(
        j.lacks
            .iter()
            .any(|l| l.on == On::Response && l.name == "access-control-allow-credentials")
    );
    p.stop().await;
}

#[tokio::test]
async fn without_credentials_cookies_stay_in_the_browser_and_no_allow_credentials() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], false, |_| {}).await;
    let (head, body) = send(
        "GET",
        &p.url("/echo"),
        &[("origin", PAGE), ("cookie", "sid=1")],
        "",
    )
    .await;
    assert!(json(&body)["headers"].get("cookie").is_none());
    assert_eq!(
        header(&head, "access-control-allow-origin").as_deref(),
        Some(PAGE)
    );
    assert_eq!(header(&head, "access-control-allow-credentials"), None);
    assert_eq!(
        header(&head, "access-control-expose-headers").as_deref(),
        Some("*")
    );
    p.stop().await;
}

#[tokio::test]
async fn the_upstreams_own_cors_headers_are_replaced_and_judged() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], true, |_| {}).await;
    let (head, _) = send(
        "GET",
        &p.url("/wildcard"),
        &[("origin", PAGE), ("cookie", "a=1")],
        "",
    )
    .await;
    assert_eq!(
        header(&head, "access-control-allow-origin").as_deref(),
        Some(PAGE)
    );
    assert_eq!(header(&head, "alt-svc"), None);
    let ev = p.event(|e| e.path == "/wildcard").await;
    let j = ev.upstream_alone.unwrap();
    assert_eq!(j.kind.as_deref(), Some("WildcardOriginNotAllowed"));
    assert_eq!(
        j.lacks.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
        [
            "access-control-allow-origin",
            "access-control-expose-headers",
            "vary"
        ]
    );
    p.stop().await;
}

#[tokio::test]
async fn an_origin_not_given_gets_no_cors_headers() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], true, |_| {}).await;
    let (head, _) = send(
        "OPTIONS",
        &p.url("/echo"),
        &[("origin", OTHER), ("access-control-request-method", "PUT")],
        "",
    )
    .await;
    assert_eq!(header(&head, "access-control-allow-origin"), None);
    assert!(header(&head, "vary").unwrap().contains("Origin"));
    let (head, _) = send("GET", &p.url("/echo"), &[("origin", OTHER)], "").await;
    assert_eq!(head.status, 200);
    assert_eq!(header(&head, "access-control-allow-origin"), None);
    let ev = p.event(|e| e.method == "GET").await;
    assert_eq!(ev.origin_allowed, Some(false));
    p.stop().await;
}

#[tokio::test]
async fn it_is_not_an_open_proxy() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], false, |_| {}).await;
    let port = p.addr.port();
    let cases = [
        (
            "GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"
                .to_owned(),
            "403",
        ),
        (
            format!("GET http://{up}/echo HTTP/1.1\r\nHost: {up}\r\nConnection: close\r\n\r\n"),
            "403",
        ),
        (
            "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nConnection: close\r\n\r\n"
                .to_owned(),
            "403",
        ),
        (
            format!("GET /echo HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"),
            "421",
        ),
        (
            format!(
                "GET /echo HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
                port + 1
            ),
            "421",
        ),
        (
            "GET /echo HTTP/1.1\r\nConnection: close\r\n\r\n".to_owned(),
            "400",
        ),
        // Its own names are fine, also in absolute form.
        (
            format!("GET /echo HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"),
            "200",
        ),
        (
            format!(
                "GET http://127.0.0.1:{port}/echo HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
            ),
            "200",
        ),
    ];
    for (request, status) in cases {
        let answer = raw(p.addr, request.as_bytes()).await;
        let first = answer.lines().next().unwrap_or_default().to_owned();
        assert!(
            first.starts_with(&format!("HTTP/1.1 {status}")),
            "{request:?} → {answer}"
        );
        if status != "200" {
            assert!(answer.contains("corsfix proxy: "), "{answer}");
            assert!(
                !answer.contains("x-request-id"),
                "reached the upstream: {answer}"
            );
        }
    }
    let refused = p
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e.action == Action::Refused)
        .count();
    assert_eq!(refused, 6);
    p.stop().await;
}

/// The same refusals over h2 spoken in cleartext (prior knowledge), where the target is the
/// `:authority` pseudo-header and `CONNECT` has no path: a browser never does this, a client
/// looking for an open proxy may.
#[tokio::test]
async fn it_is_not_an_open_proxy_over_h2_either() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], false, |_| {}).await;
    let port = p.addr.port();
    let tcp = tokio::net::TcpStream::connect(p.addr).await.unwrap();
    let (mut h2, conn) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(tcp),
    )
    .await
    .expect("the proxy speaks h2 with prior knowledge");
    tokio::spawn(conn);
    let cases = [
        // CONNECT: authority-form, no :scheme or :path.
        ("CONNECT", "example.com:443".to_owned(), 403),
        ("CONNECT", format!("{up}"), 403),
        ("GET", "http://example.com/echo".to_owned(), 421),
        ("GET", format!("http://{up}/echo"), 421),
        ("GET", format!("http://evil.example:{port}/echo"), 421),
        // Its own names are fine.
        ("GET", format!("http://localhost:{port}/echo"), 200),
        ("GET", format!("http://127.0.0.1:{port}/echo"), 200),
    ];
    for (method, target, status) in &cases {
        let req = http::Request::builder()
            .method(*method)
            .uri(target.as_str())
            .version(http::Version::HTTP_2)
            .body(http_body_util::Empty::<bytes::Bytes>::new())
            .unwrap();
        let resp = h2.send_request(req).await.expect("an answer, not a reset");
        let (parts, body) = resp.into_parts();
        let text = String::from_utf8_lossy(&body.collect().await.unwrap().to_bytes()).into_owned();
        assert_eq!(parts.status.as_u16(), *status, "{method} {target}: {text}");
        if *status == 200 {
            assert_eq!(
                header(&parts, "x-request-id").as_deref().map(str::is_empty),
                Some(false)
            );
        } else {
            assert!(
                text.starts_with("corsfix proxy: "),
                "{method} {target}: {text}"
            );
            assert_eq!(header(&parts, "x-request-id"), None, "reached the upstream");
        }
    }
    let refused = p
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e.action == Action::Refused)
        .count();
    assert_eq!(refused, 5);
    p.stop().await;
}

#[tokio::test]
async fn redirects_to_the_upstream_stay_on_the_proxy_and_statuses_pass() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], false, |_| {}).await;
    let (head, _) = send("GET", &p.url("/redirect"), &[("origin", PAGE)], "").await;
    assert_eq!(head.status, 302);
    assert_eq!(
        header(&head, "location").unwrap(),
        format!("http://{}/echo?from=redirect", p.addr)
    );
    assert_eq!(
        header(&head, "access-control-allow-origin").as_deref(),
        Some(PAGE)
    );
    for code in [201u16, 204, 404, 418, 503] {
        let (head, _) = send(
            "GET",
            &p.url(&format!("/status/{code}")),
            &[("origin", PAGE)],
            "",
        )
        .await;
        assert_eq!(head.status, code);
        assert_eq!(
            header(&head, "access-control-allow-origin").as_deref(),
            Some(PAGE)
        );
    }
    p.stop().await;
}

#[tokio::test]
async fn cookies_the_browser_would_drop_are_adjusted_and_logged_once() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], true, |_| {}).await;
    for _ in 0..2 {
        let (head, _) = send("GET", &p.url("/login"), &[("origin", PAGE)], "").await;
        let cookies: Vec<_> = head
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            cookies,
            [
                "sid=s3cr3t; Path=/; HttpOnly; SameSite=Lax",
                "theme=dark; Path=/; Secure; SameSite=None"
            ]
        );
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let events = p.events.lock().unwrap().clone();
    let changes: Vec<_> = events.iter().flat_map(|e| e.cookies.iter()).collect();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].cookie, "sid");
    assert_eq!(changes[0].change, "removed Domain=api.upstream.test");
    p.stop().await;
}

#[tokio::test]
async fn bodies_stream_both_ways_and_sse_is_not_buffered() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], false, |_| {}).await;
    // 8 MiB down.
    let (head, body) = send("GET", &p.url("/big"), &[("origin", PAGE)], "").await;
    assert_eq!(head.status, 200);
    assert_eq!(body.len(), 8 * 1024 * 1024);
    // 4 MiB up, chunked, in 64 frames.
    let (tx, rx) = tokio::sync::mpsc::channel::<
        Result<hyper::body::Frame<bytes::Bytes>, std::convert::Infallible>,
    >(2);
    tokio::spawn(async move {
        for _ in 0..64 {
            let chunk = bytes::Bytes::from(vec![b'y'; 64 * 1024]);
            if tx.send(Ok(hyper::body::Frame::data(chunk))).await.is_err() {
                return;
            }
        }
    });
    let stream =
        futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) });
    let req = http::Request::builder()
        .method("POST")
        .uri(p.url("/upload"))
        .header("origin", PAGE)
        .body(http_body_util::StreamBody::new(stream).boxed())
        .unwrap();
    let resp = common::client().request(req).await.unwrap();
    let counted = json(&resp.into_body().collect().await.unwrap().to_bytes());
    assert_eq!(counted["bytes"], 4 * 1024 * 1024);
    // SSE: the first event arrives long before the last.
    let req = http::Request::builder()
        .uri(p.url("/sse"))
        .header("origin", PAGE)
        .body(http_body_util::Full::new(bytes::Bytes::new()).boxed())
        .unwrap();
    let t0 = Instant::now();
    let mut body = common::client().request(req).await.unwrap().into_body();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    let first_at = t0.elapsed();
    assert!(String::from_utf8_lossy(&first).contains("tick 1"));
    let mut rest = Vec::new();
    while let Some(f) = body.frame().await {
        rest.extend_from_slice(f.unwrap().data_ref().unwrap());
    }
    let all_at = t0.elapsed();
    assert!(String::from_utf8_lossy(&rest).contains("tick 3"));
    assert!(
        first_at < Duration::from_millis(250),
        "first event after {first_at:?}"
    );
    assert!(
        all_at >= Duration::from_millis(550),
        "all events after {all_at:?}"
    );
    p.stop().await;
}

#[tokio::test]
async fn compression_passes_untouched() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], false, |_| {}).await;
    let (head, body) = send(
        "GET",
        &p.url("/gzip"),
        &[("origin", PAGE), ("accept-encoding", "gzip")],
        "",
    )
    .await;
    assert_eq!(header(&head, "content-encoding").as_deref(), Some("gzip"));
    assert_eq!(&body[..], &common::GZIP_HELLO[..]);
    let (_, body) = send(
        "GET",
        &p.url("/echo"),
        &[("accept-encoding", "gzip, br")],
        "",
    )
    .await;
    assert_eq!(json(&body)["headers"]["accept-encoding"], "gzip, br");
    p.stop().await;
}

/// A WebSocket handshake and one masked text frame, over a raw socket.
async fn websocket_round_trip(
    proxy: std::net::SocketAddr,
    origin: &str,
) -> (String, Option<String>) {
    let mut s = tokio::net::TcpStream::connect(proxy).await.unwrap();
    let key = "dGhlIHNhbXBsZSBub25jZQ==";
    let req = format!(
        "GET /ws HTTP/1.1\r\nHost: {proxy}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte).await.unwrap() == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    if !head.starts_with("HTTP/1.1 101") {
        return (head, None);
    }
    assert!(head.to_ascii_lowercase().contains(&format!(
        "sec-websocket-accept: {}",
        common::websocket_accept(key).to_ascii_lowercase()
    )));
    let mask = [1u8, 2, 3, 4];
    let mut frame = vec![0x81, 0x80 | 2];
    frame.extend_from_slice(&mask);
    frame.extend(b"hi".iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    s.write_all(&frame).await.unwrap();
    let mut answer = [0u8; 10];
    tokio::time::timeout(Duration::from_secs(5), s.read_exact(&mut answer))
        .await
        .unwrap()
        .unwrap();
    (
        head,
        Some(String::from_utf8_lossy(&answer[2..]).into_owned()),
    )
}

#[tokio::test]
async fn websocket_upgrades_are_tunnelled_for_the_origins_given() {
    // RFC 6455 §1.3's example, so the test upstream is a real WebSocket server.
    assert_eq!(
        common::websocket_accept("dGhlIHNhbXBsZSBub25jZQ=="),
        "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    );
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], false, |_| {}).await;
    let (_, echoed) = websocket_round_trip(p.addr, PAGE).await;
    assert_eq!(echoed.as_deref(), Some("echo: hi"));
    let ev = p.event(|e| e.action == Action::Upgraded).await;
    assert_eq!(ev.status, 101);
    let (head, echoed) = websocket_round_trip(p.addr, OTHER).await;
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");
    assert_eq!(echoed, None);
    p.stop().await;
}

#[tokio::test]
async fn h2_to_an_upstream_that_offers_it_and_websocket_over_tls() {
    let (up, pem) = common::upstream_tls().await;
    let p = proxy(
        &format!("https://localhost:{}", up.port()),
        &[PAGE],
        false,
        |c| {
            c.upstream_ca_pem = vec![pem];
        },
    )
    .await;
    let (head, body) = send("GET", &p.url("/echo"), &[("origin", PAGE)], "").await;
    assert_eq!(head.status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(
        header(&head, "x-upstream-version").as_deref(),
        Some("HTTP/2.0")
    );
    assert_eq!(json(&body)["headers"]["origin"], PAGE);
    let (_, echoed) = websocket_round_trip(p.addr, PAGE).await;
    assert_eq!(echoed.as_deref(), Some("echo: hi"));
    p.stop().await;
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_clear_502() {
    let (up, _) = common::upstream_tls().await;
    let p = proxy(
        &format!("https://localhost:{}", up.port()),
        &[PAGE],
        false,
        |_| {},
    )
    .await;
    let (head, body) = send("GET", &p.url("/echo"), &[("origin", PAGE)], "").await;
    assert_eq!(head.status, 502);
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains("certificate"), "{text}");
    // The page can read why: the error carries the policy's CORS headers.
    assert_eq!(
        header(&head, "access-control-allow-origin").as_deref(),
        Some(PAGE)
    );
    p.stop().await;
}

#[tokio::test]
async fn hostile_or_slow_upstreams_give_a_clear_502_or_504_without_hanging() {
    let garbage = common::hostile(|mut s| async move {
        let _ = s
            .write_all(b"SSH-2.0-OpenSSH_9.6\r\nthis is not http\r\n\r\n")
            .await;
    })
    .await;
    let huge = common::hostile(|mut s| async move {
        let mut head = b"HTTP/1.1 200 OK\r\n".to_vec();
        for i in 0..20_000 {
            head.extend_from_slice(format!("x-filler-{i}: {}\r\n", "a".repeat(40)).as_bytes());
        }
        head.extend_from_slice(b"content-length: 0\r\n\r\n");
        let _ = s.write_all(&head).await;
    })
    .await;
    let one_huge = common::hostile(|mut s| async move {
        let head = format!(
            "HTTP/1.1 200 OK\r\nx-big: {}\r\ncontent-length: 0\r\n\r\n",
            "b".repeat(2 * 1024 * 1024)
        );
        let _ = s.write_all(head.as_bytes()).await;
    })
    .await;
    let silent = common::hostile(|s| async move {
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(s);
    })
    .await;
    let closes = common::hostile(|s| async move { drop(s) }).await;
    // Nothing listens there any more.
    let refused = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    for (up, status, says) in [
        (garbage, 502, "not HTTP"),
        (huge, 502, "too large"),
        (one_huge, 502, "too large"),
        (silent, 504, "did not answer within 1 s"),
        (closes, 502, "closed the connection"),
        (refused, 502, "refused the connection"),
    ] {
        let p = proxy(&format!("http://{up}"), &[PAGE], false, |c| {
            c.timeout = Duration::from_secs(1);
        })
        .await;
        let t0 = Instant::now();
        let (head, body) = tokio::time::timeout(
            Duration::from_secs(5),
            send("GET", &p.url("/x"), &[("origin", PAGE)], ""),
        )
        .await
        .expect("the proxy answers, it does not hang");
        let text = String::from_utf8_lossy(&body).into_owned();
        assert_eq!(head.status, status, "{up}: {text}");
        assert!(text.contains(says), "{up}: {text}");
        assert!(t0.elapsed() < Duration::from_secs(3));
        let ev = p.event(|e| e.action == Action::UpstreamFailed).await;
        assert_eq!(ev.status, status);
        p.stop().await;
    }
}

#[tokio::test]
async fn the_har_records_the_upstreams_own_answers_for_corsfix_har() {
    let up = common::upstream().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("traffic.har");
    let har = path.clone();
    let p = proxy(&format!("http://{up}"), &[PAGE], true, move |c| {
        c.har = Some(har)
    })
    .await;
    send(
        "OPTIONS",
        &p.url("/echo"),
        &[
            ("origin", PAGE),
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", "content-type"),
        ],
        "",
    )
    .await;
    p.event(|e| e.action == Action::Preflight).await;
    send(
        "PUT",
        &p.url("/echo"),
        &[
            ("origin", PAGE),
            ("content-type", "application/json"),
            ("cookie", "sid=1"),
        ],
        "{}",
    )
    .await;
    let ev = p.event(|e| e.method == "PUT").await;
    p.stop().await;
    let text = std::fs::read_to_string(&path).unwrap();
    let cases = corsfix_model::har::read(&text).unwrap();
    assert_eq!(cases.len(), 1, "{text}");
    let case = &cases[0].case;
    assert_eq!(case.url, format!("http://{up}/echo"));
    assert!(case.preflight.is_some());
    let verdict = corsfix_model::simulate(case, corsfix_model::Browser::Chrome);
    assert_eq!(
        Some(verdict.failure.unwrap().kind_name()),
        ev.upstream_alone.unwrap().kind.as_deref()
    );
}

#[tokio::test]
async fn rewrite_origin_sends_the_upstreams_own_origin() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], false, |c| {
        c.rewrite_origin = true
    })
    .await;
    let (head, body) = send(
        "GET",
        &p.url("/echo"),
        &[
            ("origin", PAGE),
            ("referer", "http://127.0.0.1:5173/app/page"),
        ],
        "",
    )
    .await;
    let seen = &json(&body)["headers"];
    assert_eq!(seen["origin"], format!("http://{up}"));
    assert_eq!(seen["referer"], format!("http://{up}/"));
    // The browser still gets its own origin back.
    assert_eq!(
        header(&head, "access-control-allow-origin").as_deref(),
        Some(PAGE)
    );
    p.stop().await;
}

#[tokio::test]
async fn an_http10_upstream_answers_the_browser_in_the_browsers_version() {
    let old = common::hostile(|mut s| async move {
        let _ = s
            .write_all(
                b"HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok",
            )
            .await;
    })
    .await;
    let p = proxy(&format!("http://{old}"), &[PAGE], false, |_| {}).await;
    let port = p.addr.port();
    let answer = raw(
        p.addr,
        format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: {PAGE}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(answer.ends_with("\r\n\r\nok"), "{answer}");
    p.stop().await;
}

#[tokio::test]
async fn the_timeout_counts_from_the_end_of_a_long_upload() {
    let up = common::upstream().await;
    let p = proxy(&format!("http://{up}"), &[PAGE], false, |c| {
        c.timeout = Duration::from_secs(1);
    })
    .await;
    // 8 chunks, 250 ms apart: 2 s of upload against a 1 s timeout.
    let (tx, rx) = tokio::sync::mpsc::channel::<
        Result<hyper::body::Frame<bytes::Bytes>, std::convert::Infallible>,
    >(1);
    tokio::spawn(async move {
        for _ in 0..8 {
            tokio::time::sleep(Duration::from_millis(250)).await;
            let chunk = bytes::Bytes::from(vec![b'z'; 1024]);
            if tx.send(Ok(hyper::body::Frame::data(chunk))).await.is_err() {
                return;
            }
        }
    });
    let stream =
        futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) });
    let req = http::Request::builder()
        .method("POST")
        .uri(p.url("/upload"))
        .header("origin", PAGE)
        .body(http_body_util::StreamBody::new(stream).boxed())
        .unwrap();
    let resp = common::client().request(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    let counted = json(&resp.into_body().collect().await.unwrap().to_bytes());
    assert_eq!(counted["bytes"], 8 * 1024);
    p.stop().await;
}
