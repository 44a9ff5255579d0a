//! `check` against loopback servers scripting the top 20 failure scenarios of user-needs.md:
//! each broken server must yield its cause code first, and the fixed one must pass.

use std::sync::Arc;
use std::time::Duration;

use corsfix_diagnose::{Diagnosis, Evidence, Finding, ServerGuess};
use corsfix_model::Mode;
use corsfix_model::exchange::{Exchange, NetworkError};
use corsfix_model::{Case, CaseResult};
use corsfix_probe::ssrf::{Guard, Limits, StaticResolver};
use corsfix_probe::{CheckError, CheckRequest, ProbeOptions};
use corsfix_test_support::scenarios::{Running, Variant, top20};

/// What `corsfix check` reports: the probe's evidence and verdict, diagnosed.
#[derive(Debug)]
struct Checked {
    verdict: CaseResult,
    browsers: corsfix_probe::Browsers,
    exchanges: Vec<Exchange>,
    network_error: Option<NetworkError>,
    case: Option<Case>,
    diagnosis: Diagnosis,
    warnings: Vec<Finding>,
    server: Option<ServerGuess>,
    passed: bool,
}

async fn check(req: &CheckRequest, opts: &ProbeOptions) -> Result<Checked, CheckError> {
    let report = corsfix_probe::check(req, opts).await?;
    let evidence = Evidence::Probe(&report.run);
    let diagnosis = corsfix_diagnose::diagnose(&evidence);
    let passed = corsfix_diagnose::report(&evidence, &diagnosis).passed;
    Ok(Checked {
        verdict: report.verdict,
        browsers: report.browsers,
        exchanges: report.run.exchanges,
        network_error: report.run.network_error,
        case: report.run.case,
        warnings: diagnosis.findings.clone(),
        server: diagnosis.server.clone(),
        diagnosis,
        passed,
    })
}

fn opts() -> ProbeOptions {
    // Names never reach DNS: the only one the scenarios use maps to loopback.
    let resolver = StaticResolver::new().with("localhost", &["127.0.0.1".parse().unwrap()]);
    ProbeOptions {
        limits: Limits {
            timeout: Duration::from_secs(5),
            total_timeout: Duration::from_secs(20),
            ..Limits::default()
        },
        guard: Guard::allow_all().with_resolver(Arc::new(resolver)),
        ..ProbeOptions::default()
    }
}

fn request(r: &Running) -> CheckRequest {
    CheckRequest {
        page_space: None,
        target_space: None,
        url: r.url.clone(),
        origin: r.origin.clone(),
        method: r.method.clone(),
        headers: r.headers.clone(),
        credentials: r.credentials,
        read_headers: r.read_headers.clone(),
        mode: if r.no_cors { Mode::NoCors } else { Mode::Cors },
        body: None,
    }
}

async fn run(r: &Running) -> Checked {
    check(&request(r), &opts()).await.expect("the check runs")
}

fn codes(report: &Checked) -> Vec<&str> {
    report
        .diagnosis
        .causes
        .iter()
        .map(|c| c.code.as_str())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_top20_scenario_is_diagnosed_and_its_fix_passes() {
    let mut failures = Vec::new();
    for s in top20() {
        let broken = (s.start)(Variant::Broken);
        let report = run(&broken).await;
        let got = codes(&report);
        if got.first() != Some(&s.code) || report.passed {
            failures.push(format!(
                "#{} {}: expected `{}` first and a failed check, got {got:?} (passed: {}, verdict: {:?})",
                s.rank,
                s.name,
                s.code,
                report.passed,
                report.verdict.error.as_ref().map(|e| e.kind.clone())
            ));
        }
        drop(broken);
        let fixed = (s.start)(Variant::Fixed);
        let report = run(&fixed).await;
        if !report.passed {
            failures.push(format!(
                "#{} {} (fixed): expected a pass, got {:?} with causes {:?}",
                s.rank,
                s.name,
                report.verdict.error.as_ref().map(|e| e.kind.clone()),
                codes(&report)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[tokio::test]
async fn the_verdict_is_the_one_simulate_gives_on_the_recorded_case() {
    for s in top20().into_iter().take(13) {
        let broken = (s.start)(Variant::Broken);
        let report = run(&broken).await;
        let case = report.case.clone().expect("a response was recorded");
        let sim = corsfix_model::Simulation::run(&case);
        assert_eq!(
            sim.result(None, corsfix_model::Browser::Chrome),
            report.verdict,
            "#{}",
            s.rank
        );
        // And the case survives the JSON round trip `simulate` reads.
        let text = serde_json::to_string(&case).unwrap();
        let back: corsfix_model::Case = serde_json::from_str(&text).unwrap();
        assert_eq!(back, case);
    }
}

// ---------------------------------------------------------------------------------------------
// What is sent, redirects, network failures, the SSRF guard in a live check.
// ---------------------------------------------------------------------------------------------

use corsfix_probe::{NetworkErrorKind, Purpose};
use corsfix_test_support::{Cors, Request, Response, TestServer, closed_port, free_port};

const APP: &str = "http://localhost:5173";

#[tokio::test]
async fn the_preflight_carries_exactly_what_chromium_sends() {
    let server = TestServer::start(
        Cors::allow(APP)
            .methods(&["PUT"])
            .headers(&["x-b", "x-a", "content-type"])
            .wrap(|_r: &Request| Response::json("{}")),
    );
    let mut req = CheckRequest::new(server.url("/items/1?x=1"), APP);
    req.method = "put".into();
    req.headers = vec![
        ("X-B".into(), "2".into()),
        ("Content-Type".into(), "application/json".into()),
        ("X-A".into(), "1".into()),
        ("Cookie".into(), "sid=1".into()),
    ];
    let report = check(&req, &opts()).await.unwrap();
    assert!(report.passed, "{:?}", report.diagnosis);
    let reqs = server.requests();
    let pf = &reqs[0];
    assert_eq!(pf.method, "OPTIONS");
    assert_eq!(pf.path, "/items/1?x=1");
    assert_eq!(pf.header("Access-Control-Request-Method"), Some("PUT"));
    assert_eq!(
        pf.header("Access-Control-Request-Headers"),
        Some("content-type,x-a,x-b")
    );
    assert_eq!(pf.header("Origin"), Some(APP));
    assert_eq!(pf.header("Sec-Fetch-Mode"), Some("cors"));
    assert!(pf.header("X-A").is_none() && pf.header("Content-Type").is_none());
    let actual = &reqs[1];
    assert_eq!(actual.method, "PUT");
    assert_eq!(actual.header("X-A"), Some("1"));
    assert_eq!(actual.header("Origin"), Some(APP));
    // A forbidden header is never sent, and said so.
    assert!(actual.header("Cookie").is_none());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.code == "forbidden-header-dropped")
    );
    // Only the preflight is repeated by the extra probes, never the PUT.
    assert_eq!(reqs.iter().filter(|r| r.method == "PUT").count(), 1);
}

#[tokio::test]
async fn a_simple_get_sends_no_preflight() {
    let server = TestServer::start(Cors::allow(APP).wrap(|_r: &Request| Response::json("{}")));
    let mut o = opts();
    o.extra_probes = false;
    let report = check(&CheckRequest::new(server.url("/x"), APP), &o)
        .await
        .unwrap();
    assert!(report.passed);
    assert!(!report.verdict.preflight.sent);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].method, "GET");
}

#[tokio::test]
async fn redirects_are_followed_by_hand_with_the_browsers_rules() {
    // A (third origin) redirects POST with 302 to B: the method becomes GET and, B being
    // another origin, the Origin becomes null.
    let b = TestServer::start(|req: &Request| {
        let o = req.origin().unwrap_or("").to_owned();
        Response::json("{}").header("Access-Control-Allow-Origin", &o)
    });
    let target = b.url("/final");
    let cors = Cors::allow(APP);
    let a = TestServer::start(move |req: &Request| {
        cors.decorate(req, Response::new(302).header("Location", &target))
    });
    let mut req = CheckRequest::new(a.url("/start"), APP);
    req.method = "POST".into();
    let report = check(&req, &opts()).await.unwrap();
    let hops: Vec<(Purpose, u32, String)> = report
        .exchanges
        .iter()
        .map(|e| (e.purpose, e.hop, e.method.clone()))
        .collect();
    assert_eq!(
        hops,
        vec![
            (Purpose::Actual, 0, "POST".to_owned()),
            (Purpose::Actual, 1, "GET".to_owned())
        ]
    );
    let at_b = b.requests();
    assert_eq!(at_b[0].method, "GET");
    assert_eq!(at_b[0].origin(), Some("null"));
    // B echoes `null`, which passes.
    assert!(report.verdict.allowed, "{:?}", report.verdict);
    // The case records both hops and replays to the same verdict.
    let case = report.case.unwrap();
    assert!(case.actual.as_ref().unwrap().next.is_some());
}

#[tokio::test]
async fn a_redirect_loop_stops_at_the_cap() {
    let server = TestServer::start(|req: &Request| {
        let n: u32 = req.path.trim_start_matches("/r").parse().unwrap_or(0);
        Response::new(307)
            .header("Location", &format!("/r{}", n + 1))
            .header("Access-Control-Allow-Origin", "*")
    });
    let mut o = opts();
    o.limits.max_redirects = 5;
    o.extra_probes = false;
    let report = check(&CheckRequest::new(server.url("/r0"), APP), &o)
        .await
        .unwrap();
    assert_eq!(
        report.network_error.as_ref().unwrap().kind,
        NetworkErrorKind::TooManyRedirects
    );
    assert_eq!(server.requests().len(), 6);
    assert_eq!(
        report.diagnosis.causes[0].code,
        "not-cors-too-many-redirects"
    );
}

#[tokio::test]
async fn network_failures_are_named_and_are_not_cors() {
    // Connection refused.
    let closed = closed_port();
    let port = closed.port();
    let r = check(
        &CheckRequest::new(format!("http://127.0.0.1:{port}/"), APP),
        &opts(),
    )
    .await
    .unwrap();
    assert_eq!(
        r.network_error.as_ref().unwrap().kind,
        NetworkErrorKind::ConnectionRefused
    );
    assert_eq!(r.diagnosis.causes[0].code, "not-cors-connection-refused");
    assert!(!r.diagnosis.is_cors);
    assert!(!r.passed);
    assert_eq!(r.verdict.error.as_ref().unwrap().kind, "NetworkError");
    assert!(r.browsers.chrome.lines[0].ends_with("net::ERR_CONNECTION_REFUSED"));
    assert!(
        r.browsers.firefox.lines[0].contains("CORS request did not succeed). Status code: (null).")
    );

    // DNS: the resolver does not know the name.
    let r = check(&CheckRequest::new("http://nowhere.invalid/", APP), &opts())
        .await
        .unwrap();
    assert_eq!(
        r.network_error.as_ref().unwrap().kind,
        NetworkErrorKind::NameNotResolved
    );
    assert_eq!(r.diagnosis.causes[0].code, "not-cors-name-not-resolved");

    // TLS: https to a server that speaks plain HTTP.
    let plain = TestServer::start(|_r: &Request| Response::json("{}"));
    let r = check(
        &CheckRequest::new(format!("https://127.0.0.1:{}/", plain.port()), APP),
        &opts(),
    )
    .await
    .unwrap();
    let kind = r.network_error.as_ref().unwrap().kind;
    assert!(
        matches!(kind, NetworkErrorKind::Tls | NetworkErrorKind::Certificate),
        "{kind:?}"
    );
    assert!(r.network_error.as_ref().unwrap().message.contains("TLS"));

    // Timeout: the server never answers.
    let silent = TestServer::start(|_r: &Request| Response::hang());
    let mut o = opts();
    o.limits.timeout = Duration::from_millis(300);
    let start = std::time::Instant::now();
    let r = check(&CheckRequest::new(silent.url("/"), APP), &o)
        .await
        .unwrap();
    assert_eq!(
        r.network_error.as_ref().unwrap().kind,
        NetworkErrorKind::Timeout
    );
    assert_eq!(r.diagnosis.causes[0].code, "not-cors-network-error");
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_large_body_is_never_read_past_the_cap() {
    let server = TestServer::start(|_r: &Request| {
        Response::new(200)
            .header("Access-Control-Allow-Origin", "*")
            .body(vec![b'x'; 1 << 20])
    });
    let mut o = opts();
    o.limits.max_body_bytes = 1024;
    o.extra_probes = false;
    let r = check(&CheckRequest::new(server.url("/big"), APP), &o)
        .await
        .unwrap();
    let e = &r.exchanges[0];
    assert!(e.body_truncated);
    assert_eq!(e.body_bytes, 1024);
    assert!(r.passed);
}

#[tokio::test]
async fn mixed_content_sends_nothing() {
    let server = TestServer::start(|_r: &Request| Response::json("{}"));
    let url = format!("http://api.example.test:{}/", server.port());
    let r = check(&CheckRequest::new(url, "https://app.example.com"), &opts())
        .await
        .unwrap();
    assert_eq!(r.diagnosis.causes[0].code, "not-cors-mixed-content");
    assert_eq!(r.verdict.error.as_ref().unwrap().kind, "MixedContent");
    assert!(
        r.browsers.chrome.lines[0]
            .starts_with("Mixed Content: The page at 'https://app.example.com/'")
    );
    assert!(server.requests().is_empty());
    // http://127.0.0.1 is potentially trustworthy: no mixed content.
    let r = check(
        &CheckRequest::new(server.url("/"), "https://app.example.com"),
        &opts(),
    )
    .await
    .unwrap();
    assert!(
        r.diagnosis
            .causes
            .iter()
            .all(|c| c.code != "not-cors-mixed-content")
    );
}

#[tokio::test]
async fn extra_probes_warn_about_reflection_null_and_max_age() {
    let server = TestServer::start(|req: &Request| {
        let o = req.origin().unwrap_or("").to_owned();
        let r = if req.is_preflight() {
            Response::new(204)
        } else {
            Response::json("{}")
        };
        r.header("Access-Control-Allow-Origin", &o)
            .header("Access-Control-Allow-Credentials", "true")
            .header("Access-Control-Allow-Methods", "GET, PUT")
            .header("Access-Control-Max-Age", "86400")
            .header("Vary", "Origin")
    });
    let mut req = CheckRequest::new(server.url("/x"), APP);
    req.method = "PUT".into();
    req.credentials = true;
    let r = check(&req, &opts()).await.unwrap();
    assert!(r.passed, "{:?}", r.diagnosis);
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(
        codes.contains(&"reflects-any-origin-with-credentials"),
        "{codes:?}"
    );
    assert!(codes.contains(&"allows-null-origin"), "{codes:?}");
    assert!(codes.contains(&"max-age-above-cap"), "{codes:?}");
    // A strict server draws none of them.
    let strict = TestServer::start(
        Cors::allow(APP)
            .methods(&["PUT"])
            .credentials()
            .wrap(|_r: &Request| Response::json("{}")),
    );
    let mut req = CheckRequest::new(strict.url("/x"), APP);
    req.method = "PUT".into();
    req.credentials = true;
    let r = check(&req, &opts()).await.unwrap();
    assert!(r.passed && r.warnings.is_empty(), "{:?}", r.warnings);
}

#[tokio::test]
async fn a_server_is_guessed_and_said_as_a_guess() {
    let server =
        TestServer::start(|_r: &Request| Response::json("{}").header("X-Powered-By", "Express"));
    let r = check(&CheckRequest::new(server.url("/"), APP), &opts())
        .await
        .unwrap();
    let s = r.server.unwrap();
    assert_eq!(s.name, "Express (Node.js)");
    assert_eq!(s.target.as_deref(), Some("express"));
    assert_eq!(s.evidence, vec!["x-powered-by: Express".to_owned()]);
}

#[tokio::test]
async fn bad_input_is_an_error_before_anything_is_sent() {
    for (url, origin, method, header) in [
        ("api.example.com/x", APP, "GET", None),
        ("ftp://example.com/", APP, "GET", None),
        ("http://user:pw@127.0.0.1/", APP, "GET", None),
        (
            "http://127.0.0.1/",
            "https://app.example.com/path",
            "GET",
            None,
        ),
        ("http://127.0.0.1/", "app.example.com", "GET", None),
        ("http://127.0.0.1/", APP, "TRACE", None),
        ("http://127.0.0.1/", APP, "GE T", None),
        ("http://127.0.0.1/", APP, "GET", Some(("Bad Name", "v"))),
        (
            "http://127.0.0.1/",
            APP,
            "GET",
            Some(("X-Ok", "a\r\nInjected: 1")),
        ),
    ] {
        let mut req = CheckRequest::new(url, origin);
        req.method = method.into();
        if let Some((n, v)) = header {
            req.headers.push((n.into(), v.into()));
        }
        let err = check(&req, &opts()).await.err();
        assert!(
            matches!(
                err,
                Some(
                    CheckError::InvalidUrl { .. }
                        | CheckError::InvalidOrigin { .. }
                        | CheckError::InvalidMethod { .. }
                        | CheckError::InvalidHeader { .. }
                )
            ),
            "{url} {origin} {method} {header:?}: {err:?}"
        );
    }
}

#[tokio::test]
async fn public_mode_refuses_loopback_targets_and_rechecks_every_redirect() {
    let inner = TestServer::start(|_r: &Request| Response::json("{\"secret\":1}"));
    // Public mode: the loopback URL itself is refused before anything is sent.
    let guard = Guard::public_only().with_resolver(Arc::new(StaticResolver::new()));
    let o = ProbeOptions {
        guard: guard.clone(),
        ..opts()
    };
    for url in [
        inner.url("/"),
        format!("http://2130706433:{}/", inner.port()),
        format!("http://0x7f.1:{}/", inner.port()),
        format!("http://[::ffff:127.0.0.1]:{}/", inner.port()),
    ] {
        let err = check(&CheckRequest::new(url.clone(), APP), &o).await.err();
        assert!(
            matches!(err, Some(CheckError::Refused(_))),
            "{url}: {err:?}"
        );
    }
    assert!(inner.requests().is_empty());
    // A permitted first hop that redirects inward is stopped at the redirect.
    for location in [
        inner.url("/"),
        format!("http://0177.0.0.1:{}/", inner.port()),
        format!("http://127.1:{}/", inner.port()),
        format!("http://[::1]:{}/", inner.port()),
        format!("http://0.0.0.0:{}/", inner.port()),
    ] {
        let loc = location.clone();
        let outer = TestServer::start(move |_r: &Request| {
            Response::new(302)
                .header("Location", &loc)
                .header("Access-Control-Allow-Origin", "*")
        });
        let o = ProbeOptions {
            guard: guard.clone().allowing(outer.addr()),
            ..opts()
        };
        let err = check(&CheckRequest::new(outer.url("/"), APP), &o)
            .await
            .err();
        assert!(
            matches!(err, Some(CheckError::Refused(_))),
            "{location}: {err:?}"
        );
        assert_eq!(outer.requests().len(), 1);
    }
    assert!(inner.requests().is_empty(), "the inner server was reached");
}

// ---------------------------------------------------------------------------------------------
// A real framework: Flask with flask-cors, when this machine has them.
// ---------------------------------------------------------------------------------------------

const FLASK_APP: &str = r#"
import sys
from flask import Flask, jsonify
from flask_cors import CORS
port, mode = int(sys.argv[1]), sys.argv[2]
app = Flask(__name__)
@app.route("/api/items", methods=["GET", "PUT"])
def items():
    return jsonify([{"id": 1}])
if mode == "fixed":
    CORS(app, origins=["http://localhost:5173"], methods=["GET", "PUT"], allow_headers=["Content-Type"])
else:
    # CORS scoped to another prefix: /api/items never gets it (user-needs #1).
    CORS(app, resources={r"/v2/*": {"origins": ["http://localhost:5173"]}})
app.run(host="127.0.0.1", port=port)
"#;

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_flask(mode: &str) -> Option<(Child, u16)> {
    let has_flask = std::process::Command::new("python3")
        .args(["-c", "import flask, flask_cors"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_flask {
        eprintln!("SKIPPED: python3 with flask and flask-cors is not installed");
        return None;
    }
    // Another test may grab a freed port between `closed_port` and Flask's bind: make sure the
    // server that answers is this Flask (Werkzeug), and try again otherwise.
    for _ in 0..5 {
        let port = free_port();
        let child = std::process::Command::new("python3")
            .args(["-c", FLASK_APP, &port.to_string(), mode])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start python3");
        let mut child = Child(child);
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            if child.0.try_wait().ok().flatten().is_some() {
                break; // Flask exited: the port was taken.
            }
            if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                use std::io::{Read, Write};
                let _ = s.write_all(b"GET /api/items HTTP/1.0\r\n\r\n");
                let mut text = String::new();
                let _ = s.read_to_string(&mut text);
                if text.contains("Werkzeug") {
                    return Some((child, port));
                }
                break; // Someone else's server.
            }
            assert!(std::time::Instant::now() < deadline, "flask did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    panic!("could not start flask on a free port");
}

#[tokio::test]
async fn a_real_flask_cors_app_passes_when_configured_and_is_diagnosed_when_not() {
    let mut req = CheckRequest::new("", APP);
    req.method = "PUT".into();
    req.headers = vec![("Content-Type".into(), "application/json".into())];
    let Some((_fixed, port)) = start_flask("fixed") else {
        return;
    };
    req.url = format!("http://127.0.0.1:{port}/api/items");
    let r = check(&req, &opts()).await.unwrap();
    assert!(r.passed, "{:?} {:?}", r.verdict.error, codes(&r));
    let Some((_broken, port)) = start_flask("broken") else {
        return;
    };
    req.url = format!("http://127.0.0.1:{port}/api/items");
    let r = check(&req, &opts()).await.unwrap();
    assert!(!r.passed);
    assert_eq!(
        codes(&r).first(),
        Some(&"no-cors-headers"),
        "{:?}",
        r.diagnosis
    );
    assert_eq!(r.server.map(|s| s.target), Some(Some("flask".to_owned())));
}

#[tokio::test]
async fn close_origin_variants_are_found_and_named() {
    // (allowed by the server, the page's origin, the variant the report must name)
    for (allowed, page) in [
        ("http://127.0.0.1:5173", "http://localhost:5173"),
        ("https://localhost:5173", "http://localhost:5173"),
        ("http://localhost:3000", "http://localhost:5173"),
    ] {
        let server =
            TestServer::start(Cors::allow(allowed).wrap(|_r: &Request| Response::json("{}")));
        let r = check(&CheckRequest::new(server.url("/x"), page), &opts())
            .await
            .unwrap();
        let first = &r.diagnosis.causes[0];
        assert_eq!(
            first.code, "origin-mismatch",
            "{allowed} vs {page}: {:?}",
            r.diagnosis
        );
        assert!(first.detail.contains(allowed), "{}", first.detail);
        // Allowing the page's own origin fixes it.
        let fixed = TestServer::start(Cors::allow(page).wrap(|_r: &Request| Response::json("{}")));
        let r = check(&CheckRequest::new(fixed.url("/x"), page), &opts())
            .await
            .unwrap();
        assert!(r.passed, "{page}: {:?}", r.diagnosis);
    }
}

/// A JSON endpoint that answers an empty body 400 (as FastAPI and Fastify do), behind a
/// correct CORS layer: the check passes only with the body the front end sends, and the body
/// goes with the request itself, never with the preflight.
#[tokio::test]
async fn the_front_ends_body_goes_with_the_request_and_never_with_the_preflight() {
    let cors = Cors::allow(APP)
        .methods(&["PUT"])
        .headers(&["content-type"]);
    let server = TestServer::start(cors.wrap(|r: &Request| {
        if r.body.is_empty() {
            Response::new(400).body("{\"detail\":\"body required\"}")
        } else {
            Response::json("{}")
        }
    }));
    let mut req = CheckRequest::new(server.url("/items"), APP);
    req.method = "PUT".into();
    req.headers = vec![("Content-Type".into(), "application/json".into())];
    let mut o = opts();
    o.extra_probes = false;
    let without = check(&req, &o).await.unwrap();
    assert_eq!(without.exchanges.last().unwrap().status, Some(400));
    req.body = Some("{\"name\":\"x\"}".into());
    let with = check(&req, &o).await.unwrap();
    assert!(with.passed, "{:?}", with.diagnosis);
    let sent = server.requests();
    let preflights: Vec<&Request> = sent.iter().filter(|r| r.method == "OPTIONS").collect();
    assert!(preflights.iter().all(|r| r.body.is_empty()));
    assert!(
        sent.iter()
            .any(|r| r.method == "PUT" && r.body == b"{\"name\":\"x\"}")
    );
    // Without a Content-Type, a string body goes as text/plain, as fetch() sends it.
    let mut plain = CheckRequest::new(server.url("/items"), APP);
    plain.method = "POST".into();
    plain.body = Some("hello".into());
    let r = check(&plain, &o).await.unwrap();
    let post = r.exchanges.iter().find(|e| e.method == "POST").unwrap();
    assert_eq!(
        post.request_header("content-type"),
        Some("text/plain;charset=UTF-8")
    );
    // fetch() refuses a body on GET.
    let mut get = CheckRequest::new(server.url("/items"), APP);
    get.body = Some("x".into());
    assert!(matches!(
        check(&get, &o).await,
        Err(CheckError::InvalidBody { .. })
    ));
}

/// Many CORS layers refuse a preflight without saying what they refuse (rs/cors and Echo answer
/// 204 with no CORS header at all, Spring answers 403): the same preflight asking for GET, and
/// without each request header, names the method or the header.
#[tokio::test]
async fn a_silently_refused_preflight_is_told_apart_by_its_variants() {
    // Allows GET/POST and Content-Type only, and refuses anything else with a bare 204.
    let silent = |r: &Request| {
        if !r.is_preflight() {
            return Response::json("{}").header("Access-Control-Allow-Origin", APP);
        }
        let method_ok = matches!(
            r.header("access-control-request-method"),
            Some("GET" | "POST" | "HEAD")
        );
        let headers_ok = r
            .header("access-control-request-headers")
            .is_none_or(|h| h.split(',').all(|x| x.trim() == "content-type"));
        if method_ok && headers_ok {
            Response::new(204)
                .header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Allow-Methods", "GET, POST, HEAD")
                .header("Access-Control-Allow-Headers", "content-type")
        } else {
            Response::new(204).header("Vary", "Origin")
        }
    };
    let server = TestServer::start(silent);
    let mut put = CheckRequest::new(server.url("/items"), APP);
    put.method = "PUT".into();
    put.headers = vec![("Content-Type".into(), "application/json".into())];
    put.body = Some("{}".into());
    let r = check(&put, &opts()).await.unwrap();
    assert_eq!(
        codes(&r).first(),
        Some(&"method-not-allowed"),
        "{:?}",
        r.diagnosis
    );
    let mut auth = CheckRequest::new(server.url("/items"), APP);
    auth.headers = vec![
        ("Authorization".into(), "Bearer t".into()),
        ("Content-Type".into(), "application/json".into()),
    ];
    let r = check(&auth, &opts()).await.unwrap();
    let first = &r.diagnosis.causes[0];
    assert_eq!(first.code, "header-not-allowed", "{:?}", r.diagnosis);
    assert!(first.detail.contains("`authorization`"), "{}", first.detail);
}

/// CORS headers on a path that exists nowhere, none on the URL: CORS is configured but does
/// not run for this route (registered after the routes, a location that loses it).
#[tokio::test]
async fn cors_only_where_no_route_answered_is_middleware_not_applied() {
    let server = TestServer::start(|r: &Request| {
        if r.path_only() == "/api/items" {
            Response::json("{}")
        } else {
            Response::new(404)
                .header("Access-Control-Allow-Origin", APP)
                .header("Vary", "Origin")
        }
    });
    let r = check(&CheckRequest::new(server.url("/api/items"), APP), &opts())
        .await
        .unwrap();
    assert_eq!(
        codes(&r).first(),
        Some(&"cors-middleware-not-applied"),
        "{:?}",
        r.diagnosis
    );
}

/// Local Network Access: a page in the public space calling a loopback server. The probe
/// records the server's answers; the verdict is Chromium's (refused before anything is sent,
/// until the user allows it), and the diagnosis says what CORS then does with those answers.
#[tokio::test]
async fn a_public_page_calling_loopback_meets_local_network_access() {
    let public_page = "https://app.example.com";
    let server =
        TestServer::start(Cors::allow(public_page).wrap(|_r: &Request| Response::json("{}")));
    let mut o = opts();
    o.extra_probes = false;
    let mut req = CheckRequest::new(server.url("/status"), public_page);
    // Without the page's space the case stays same-space, as before.
    let same = check(&req, &o).await.unwrap();
    assert!(same.verdict.allowed);
    assert!(same.case.as_ref().unwrap().address_space.is_none());
    req.page_space = Some(corsfix_model::AddressSpace::Public);
    let r = check(&req, &o).await.unwrap();
    let a = r.case.as_ref().unwrap().address_space.clone().unwrap();
    assert_eq!(
        (a.page, a.target),
        (
            corsfix_model::AddressSpace::Public,
            corsfix_model::AddressSpace::Loopback
        )
    );
    assert!(!r.verdict.allowed);
    assert!(!r.verdict.actual_sent);
    let e = r.verdict.error.as_ref().unwrap();
    assert_eq!(e.kind, "LocalNetworkAccessPermissionDenied");
    assert!(e.messages.chrome.as_deref().unwrap().ends_with(
        "Permission was denied for this request to access the `loopback` address space."
    ));
    assert!(
        r.browsers.safari.allowed,
        "WebKit has no Local Network Access"
    );
    assert_eq!(codes(&r)[0], "lna-permission-denied");
    assert!(
        r.diagnosis.causes[0]
            .detail
            .contains("CORS checks then pass"),
        "{}",
        r.diagnosis.causes[0].detail
    );
    // A server that sends no CORS headers: the CORS cause follows the permission.
    let bare = TestServer::start(|_r: &Request| Response::json("{}"));
    let mut req = CheckRequest::new(bare.url("/status"), public_page);
    req.page_space = Some(corsfix_model::AddressSpace::Public);
    let r = check(&req, &o).await.unwrap();
    assert_eq!(codes(&r)[..2], ["lna-permission-denied", "no-cors-headers"]);
    // A page on the local network reaches loopback without a permission.
    req.page_space = Some(corsfix_model::AddressSpace::Local);
    let r = check(&req, &o).await.unwrap();
    assert_eq!(codes(&r)[0], "no-cors-headers");
    // An http page on a public host is refused outright.
    let mut req = CheckRequest::new(bare.url("/status"), "http://app.example.com");
    req.page_space = Some(corsfix_model::AddressSpace::Public);
    let r = check(&req, &o).await.unwrap();
    assert_eq!(
        r.verdict.error.as_ref().unwrap().kind,
        "InsecureLocalNetwork"
    );
    assert_eq!(codes(&r)[0], "lna-insecure-context");
}
