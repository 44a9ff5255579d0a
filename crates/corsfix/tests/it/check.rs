//! `corsfix check` against loopback servers (never anything but 127.0.0.1).

use corsfix_test_support::scenarios::{Variant, top20};
use corsfix_test_support::{Cors, Request, Response, TestServer, closed_port};

use crate::util::{corsfix, texts};

fn json_of(out: &std::process::Output) -> serde_json::Value {
    let (stdout, stderr) = texts(out);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"))
}

#[test]
fn every_top20_scenario_gets_its_cause_and_exit_code_and_the_fix_exits_0() {
    let mut problems = Vec::new();
    for s in top20() {
        let broken = (s.start)(Variant::Broken);
        let out = corsfix()
            .args(broken.cli_args())
            .arg("--json")
            .output()
            .unwrap();
        let v = json_of(&out);
        let code = v["diagnosis"]["causes"][0]["code"]
            .as_str()
            .unwrap_or("(none)");
        if code != s.code || out.status.code() != Some(1) {
            problems.push(format!(
                "#{} {}: exit {:?}, first cause {code}, expected {}",
                s.rank,
                s.name,
                out.status.code(),
                s.code
            ));
        }
        drop(broken);
        let fixed = (s.start)(Variant::Fixed);
        let out = corsfix().args(fixed.cli_args()).output().unwrap();
        if out.status.code() != Some(0) {
            let (stdout, _) = texts(&out);
            problems.push(format!(
                "#{} {} (fixed): exit {:?}\n{stdout}",
                s.rank,
                s.name,
                out.status.code()
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn human_output_gives_verdict_cause_fix_then_the_evidence() {
    let cors = Cors::allow("http://localhost:5173").methods(&["PUT"]);
    let server = TestServer::start(move |req: &Request| {
        if req.method == "OPTIONS" {
            Response::new(405).header("Allow", "GET, PUT")
        } else {
            cors.decorate(req, Response::json("{}"))
        }
    });
    let out = corsfix()
        .args([
            "check",
            &server.url("/items/1"),
            "--origin",
            "http://localhost:5173",
        ])
        .args(["-X", "PUT", "-H", "Content-Type: application/json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let (stdout, _) = texts(&out);
    let pos = |needle: &str| {
        stdout
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` missing from:\n{stdout}"))
    };
    // The answer first: verdict, cause, fix; then the evidence.
    let order = [
        pos("Blocked"),
        pos("Cause:"),
        pos("options-not-routed"),
        pos("Fix"),
        pos("corsfix gen --target"),
        pos("Access to fetch at"),
        pos("Timeline"),
        pos("→ Access-Control-Request-Headers: content-type"),
    ];
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "out of order:\n{stdout}"
    );
    assert!(
        crate::util::flat(&stdout)
            .contains("not sent: the browser stops after the failed preflight")
    );
    // The server saw exactly Chromium's preflight.
    let reqs = server.requests();
    let pf = reqs
        .iter()
        .find(|r| r.method == "OPTIONS")
        .expect("a preflight");
    assert_eq!(pf.header("Access-Control-Request-Method"), Some("PUT"));
    assert_eq!(
        pf.header("Access-Control-Request-Headers"),
        Some("content-type")
    );
    assert_eq!(pf.header("Origin"), Some("http://localhost:5173"));
    assert!(
        !reqs.iter().any(|r| r.method == "PUT"),
        "the PUT must not be sent"
    );
}

#[test]
fn an_allowed_request_exits_0_and_says_so() {
    let server = TestServer::start(
        Cors::allow("http://localhost:5173").wrap(|_r: &Request| Response::json("[]")),
    );
    let out = corsfix()
        .args([
            "check",
            &server.url("/items"),
            "--origin",
            "http://localhost:5173",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("Allowed"), "{stdout}");
    assert!(!stdout.contains("Diagnosis"), "{stdout}");
}

#[test]
fn connection_refused_is_a_finding_that_is_not_cors() {
    let closed = closed_port();
    let port = closed.port();
    let out = corsfix()
        .args([
            "check",
            &format!("http://127.0.0.1:{port}/x"),
            "--origin",
            "http://localhost:5173",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(
        v["diagnosis"]["causes"][0]["code"],
        "not-cors-connection-refused"
    );
    assert_eq!(v["diagnosis"]["is_cors"], false);
    assert_eq!(v["network_error"]["kind"], "connection-refused");
    assert_eq!(v["verdict"]["allowed"], false);
    assert_eq!(v["verdict"]["error"]["kind"], "NetworkError");
    let human = corsfix()
        .args([
            "check",
            &format!("http://127.0.0.1:{port}/x"),
            "--origin",
            "http://localhost:5173",
        ])
        .output()
        .unwrap();
    let (stdout, _) = texts(&human);
    assert!(
        stdout.contains("connection refused: nothing listens on 127.0.0.1:"),
        "{stdout}"
    );
    assert!(
        stdout.to_lowercase().contains("not a cors problem"),
        "{stdout}"
    );
}

#[test]
fn mixed_content_is_caught_before_anything_is_sent() {
    // `api.example.test` is mapped to loopback, but nothing may be sent to it at all.
    let server = TestServer::start(|_r: &Request| Response::json("{}"));
    let url = format!("http://api.example.test:{}/data", server.port());
    let out = corsfix()
        .args([
            "check",
            &url,
            "--origin",
            "https://app.example.com",
            "--json",
        ])
        .args([
            "--resolve",
            &format!("api.example.test:{}:127.0.0.1", server.port()),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(
        v["diagnosis"]["causes"][0]["code"],
        "not-cors-mixed-content"
    );
    assert_eq!(v["verdict"]["error"]["kind"], "MixedContent");
    assert!(server.requests().is_empty());
}

#[test]
fn bad_input_gets_a_clear_error_and_exit_2() {
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "check",
                "api.example.com/items",
                "--origin",
                "https://app.example.com",
            ],
            "no scheme",
        ),
        (
            &[
                "check",
                "localhost:3000/items",
                "--origin",
                "https://app.example.com",
            ],
            "did you mean `http://localhost:3000/items`",
        ),
        (
            &[
                "check",
                "http://127.0.0.1:9/x",
                "--origin",
                "https://app.example.com/login",
            ],
            "has a path",
        ),
        (
            &[
                "check",
                "http://127.0.0.1:9/x",
                "--origin",
                "app.example.com",
            ],
            "has no scheme",
        ),
        (
            &[
                "check",
                "http://127.0.0.1:9/x",
                "--origin",
                "https://a.example",
                "-H",
                "X-Broken",
            ],
            "expected `Name: value`",
        ),
        (
            &[
                "check",
                "http://127.0.0.1:9/x",
                "--origin",
                "https://a.example",
                "-X",
                "TRACE",
            ],
            "refuse CONNECT, TRACE and TRACK",
        ),
    ];
    for (args, needle) in cases {
        let out = corsfix().args(args).output().unwrap();
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stdout}{stderr}");
        assert!(
            crate::util::flat(&stderr).contains(needle),
            "{args:?}: `{needle}` not in:\n{stderr}"
        );
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
    }
}

#[test]
fn json_report_has_the_documented_fields() {
    let server = TestServer::start(|_r: &Request| Response::json("{}"));
    let out = corsfix()
        .args([
            "check",
            &server.url("/x"),
            "--origin",
            "http://localhost:5173",
            "--json",
        ])
        .output()
        .unwrap();
    let v = json_of(&out);
    assert_eq!(v["schema"], "corsfix-check/1");
    for field in [
        "request",
        "verdict",
        "browsers",
        "exchanges",
        "extra",
        "network_error",
        "diagnosis",
        "warnings",
        "server",
        "fix",
        "case",
        "curl",
        "passed",
    ] {
        assert!(v.get(field).is_some(), "missing `{field}` in {v}");
    }
    // The verdict has the `simulate --json` shape.
    for field in [
        "id",
        "allowed",
        "preflight",
        "actual_sent",
        "error",
        "response",
    ] {
        assert!(v["verdict"].get(field).is_some(), "verdict lacks `{field}`");
    }
    assert_eq!(v["verdict"]["error"]["kind"], "MissingAllowOriginHeader");
    assert_eq!(v["exchanges"][0]["purpose"], "actual");
    assert_eq!(v["exchanges"][0]["status"], 200);
    // `case` replays through `corsfix simulate` to the same verdict.
    let case = serde_json::to_string(&v["case"]).unwrap();
    let sim = corsfix()
        .args(["simulate", "--json"])
        .write_stdin(case)
        .output()
        .unwrap();
    let (sim_out, _) = texts(&sim);
    let replayed: serde_json::Value = serde_json::from_str(sim_out.trim()).unwrap();
    assert_eq!(replayed, v["verdict"]);
}

#[test]
fn with_a_target_the_fix_is_the_generated_configuration() {
    let server = TestServer::start(|_r: &Request| Response::json("{}"));
    let out = corsfix()
        .args([
            "check",
            &server.url("/items"),
            "--origin",
            "http://localhost:5173",
        ])
        .args(["--target", "express", "--credentials"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let fix = stdout.find("Fix").expect("a Fix section");
    let generated = &stdout[fix..];
    assert!(generated.contains("http://localhost:5173"), "{generated}");
    assert!(generated.contains("credentials: true"), "{generated}");
    // An unknown target is bad input: nothing is sent.
    let out = corsfix()
        .args([
            "check",
            &server.url("/other"),
            "--origin",
            "http://localhost:5173",
        ])
        .args(["--target", "no-such-framework"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no-such-framework"), "{stderr}");
    assert!(!server.requests().iter().any(|r| r.path == "/other"));
}
