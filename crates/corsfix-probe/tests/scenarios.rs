//! `check` against loopback servers scripting the top 20 failure scenarios of user-needs.md:
//! each broken server must yield its cause code first, and the fixed one must pass.

use std::sync::Arc;
use std::time::Duration;

use corsfix_model::Mode;
use corsfix_probe::ssrf::{Guard, Limits, StaticResolver};
use corsfix_probe::{CheckReport, CheckRequest, ProbeOptions, check};
use corsfix_test_support::scenarios::{Running, Variant, top20};

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
        url: r.url.clone(),
        origin: r.origin.clone(),
        method: r.method.clone(),
        headers: r.headers.clone(),
        credentials: r.credentials,
        read_headers: r.read_headers.clone(),
        mode: if r.no_cors { Mode::NoCors } else { Mode::Cors },
    }
}

async fn run(r: &Running) -> CheckReport {
    check(&request(r), &opts()).await.expect("the check runs")
}

fn codes(report: &CheckReport) -> Vec<&str> {
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
