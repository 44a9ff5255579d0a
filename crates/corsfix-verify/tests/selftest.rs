//! The harness's own test: a hand-written node:http server (verify/selftest/server.js) with
//! correct CORS must pass every HTTP check, and each classic mistake must be caught by the
//! rule that names it. Needs only `node` (no framework installs, no browser).

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use corsfix_verify::http::free_port;
use corsfix_verify::policies;
use corsfix_verify::probe::{self, Outcome};
use corsfix_verify::process::Server;

fn run_mode(mode: &str) -> Outcome {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let port = free_port().unwrap();
    let mut cmd = Command::new("node");
    cmd.arg(root.join("verify/selftest/server.js"))
        .arg(mode)
        .env("PORT", port.to_string());
    let log = std::env::temp_dir().join(format!("corsfix-verify-selftest-{mode}-{port}.log"));
    let server = Server::start(cmd, port, log, Duration::from_secs(20)).unwrap();
    let fixture = policies::all()
        .into_iter()
        .find(|f| f.name == "exact-credentials")
        .unwrap();
    let outcome = probe::run(server.port, &fixture.policy().unwrap()).unwrap();
    drop(server);
    outcome
}

fn rules(o: &Outcome) -> Vec<&'static str> {
    let mut r: Vec<_> = o.findings.iter().map(|f| f.rule).collect();
    r.sort_unstable();
    r.dedup();
    r
}

#[test]
fn a_correct_server_passes_every_check() {
    let o = run_mode("good");
    assert!(o.checks > 100, "only {} checks ran", o.checks);
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
}

#[test]
fn reflecting_any_origin_with_credentials_is_caught() {
    let o = run_mode("reflect-any");
    let r = rules(&o);
    assert!(r.contains(&"model-blocked"), "{r:?}");
    assert!(r.contains(&"acao-value"), "{r:?}");
    assert!(
        o.findings
            .iter()
            .any(|f| f.rule == "model-blocked" && f.origin == "https://app.example.com.evil.test")
    );
}

#[test]
fn missing_cors_headers_on_errors_are_caught() {
    let o = run_mode("no-error-cors");
    let bad: Vec<_> = o
        .findings
        .iter()
        .filter(|f| f.rule == "model-allowed")
        .map(|f| f.scenario.as_str())
        .collect();
    assert!(bad.contains(&"get-error"), "{bad:?}");
    assert!(bad.contains(&"get-private-no-token"), "{bad:?}");
    assert!(!bad.contains(&"put-items"), "{bad:?}");
}

#[test]
fn auth_before_the_preflight_is_caught() {
    let o = run_mode("auth-first");
    assert!(
        o.findings
            .iter()
            .any(|f| f.rule == "preflight-ok" && f.scenario == "put-private"),
        "{:#?}",
        o.findings
    );
}

#[test]
fn two_allow_origin_lines_are_caught() {
    let o = run_mode("double-acao");
    assert!(rules(&o).contains(&"one-acao"), "{:?}", rules(&o));
}
