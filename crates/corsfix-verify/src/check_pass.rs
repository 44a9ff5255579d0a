//! The live checker against every verified app: `corsfix check`, run as a user would run it
//! (the allowed origin, a `PUT` with a custom header, so preflighted, with
//! credentials when the policy allows them, reading an exposed header), must find nothing
//! wrong with a correct configuration. A finding here is a bug in `corsfix check` (a false
//! alarm) or in the generated configuration.

use corsfix_diagnose::{CauseCode, Evidence, Likelihood};
use corsfix_policy::Policy;
use corsfix_probe::{CheckRequest, ProbeOptions};

use crate::policies::probe_origins;
use crate::probe::Finding;

/// Run `corsfix check` against the app on `port`; every problem it reports is a finding.
pub fn run(port: u16, policy: &Policy) -> anyhow::Result<Vec<Finding>> {
    let Some(origin) = probe_origins(&policy.to_spec())
        .into_iter()
        .find(|o| policy.origins().allows(o))
    else {
        return Ok(Vec::new());
    };
    let mut req = CheckRequest::new(format!("http://127.0.0.1:{port}/api/items"), origin.clone());
    req.method = "PUT".to_owned();
    // `X-Custom` makes it a preflighted request. No JSON Content-Type: `check` sends no body,
    // and frameworks rightly answer 400 to an empty JSON body (Fastify does).
    req.headers = vec![("X-Custom".to_owned(), "1".to_owned())];
    req.credentials = policy.credentials();
    req.read_headers = policy.expose_headers().iter().take(1).cloned().collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let report = runtime.block_on(corsfix_probe::check(&req, &ProbeOptions::default()))?;
    let evidence = Evidence::Probe(&report.run);
    let diagnosis = corsfix_diagnose::diagnose(&evidence);
    let passed = corsfix_diagnose::report(&evidence, &diagnosis).passed;
    let mut findings = Vec::new();
    let finding = |detail: String| Finding {
        rule: "corsfix-check",
        scenario: "put-items".to_owned(),
        origin: origin.clone(),
        detail,
    };
    if !report.verdict.allowed {
        let line = report
            .verdict
            .error
            .as_ref()
            .and_then(|e| e.messages.chrome.clone())
            .unwrap_or_default();
        findings.push(finding(format!(
            "corsfix check says the browser blocks the request: {line}"
        )));
    } else if !passed {
        // The harness serves its page origins (`https://app.example.com`, …) from 127.0.0.1
        // (Chromium's --host-resolver-rules), so page and API share the loopback address
        // space; `check` cannot know that and rightly expects Local Network Access for a
        // public origin calling 127.0.0.1. Those causes, and only those, are expected here.
        let lna = [
            CauseCode::LnaPermissionDenied.code(),
            CauseCode::LnaInsecureContext.code(),
        ];
        let unexpected: Vec<&str> = diagnosis
            .causes
            .iter()
            .filter(|c| c.likelihood != Likelihood::Possible && !lna.contains(&c.code.as_str()))
            .map(|c| c.summary.as_str())
            .collect();
        if !unexpected.is_empty() {
            findings.push(finding(format!(
                "corsfix check reports a problem: {}",
                unexpected.join("; ")
            )));
        }
    }
    for w in &diagnosis.findings {
        findings.push(finding(format!(
            "corsfix check warns `{}`: {}",
            w.code, w.message
        )));
    }
    Ok(findings)
}
