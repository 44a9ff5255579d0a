//! Real Chromium against the hand-written node:http server (verify/selftest/server.js): it must
//! agree with the browser model on every case, for a correct server and for a broken one.
//! Needs Debian's chromium and `verify/node` installed (scripts/setup-test-env.sh).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use corsfix_verify::browser;
use corsfix_verify::http::free_port;
use corsfix_verify::policies;
use corsfix_verify::probe;
use corsfix_verify::process::Server;

#[test]
fn chromium_agrees_with_the_model_on_a_good_and_a_broken_server() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let fixture = policies::all()
        .into_iter()
        .find(|f| f.name == "exact-credentials")
        .unwrap();
    let policy = fixture.policy().unwrap();
    let mut servers = Vec::new();
    let mut outcomes = BTreeMap::new();
    let mut cases = Vec::new();
    for mode in ["good", "no-error-cors"] {
        let port = free_port().unwrap();
        let mut cmd = Command::new("node");
        cmd.arg(root.join("verify/selftest/server.js"))
            .arg(mode)
            .env("PORT", port.to_string());
        let log = std::env::temp_dir().join(format!("corsfix-verify-bself-{mode}-{port}.log"));
        let server = Server::start(cmd, port, log, Duration::from_secs(20)).unwrap();
        let outcome = probe::run(port, &policy).unwrap();
        cases.extend(browser::cases_for(mode, port, &outcome));
        outcomes.insert(mode.to_owned(), outcome);
        servers.push(server);
    }
    let cache = std::env::temp_dir().join("corsfix-verify-browser-selftest");
    let results = browser::run(&root, &cache, &cases, &outcomes).unwrap();
    let (n, findings) = &results["good"];
    assert_eq!(*n, 7);
    assert!(findings.is_empty(), "{findings:#?}");
    // The broken server strips CORS headers from /api/error and /api/private: the page on the
    // allowed origin cannot read those, and Chromium says so with the CorsError the model
    // predicted (`compare` reports the policy violation, not a model disagreement).
    let (_, findings) = &results["no-error-cors"];
    let mut scenarios: Vec<&str> = findings.iter().map(|f| f.scenario.as_str()).collect();
    scenarios.sort_unstable();
    assert_eq!(scenarios, ["get-error", "put-private"], "{findings:#?}");
    for f in findings {
        assert!(
            f.detail.contains("MissingAllowOriginHeader"),
            "{}",
            f.detail
        );
    }
}
