//! `corsfix lint`.

use crate::util::{corsfix, fixture, texts};

#[test]
fn lint_prints_ruff_style_findings_with_locations_and_exits_1() {
    let out = corsfix()
        .arg("lint")
        .arg(fixture("policy/lint/CORS003_null-origin-allowed.toml"))
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = stdout.lines().next().unwrap();
    assert!(
        line.contains("CORS003_null-origin-allowed.toml:1:"),
        "{line}"
    );
    assert!(
        line.contains("CORS003 [error] null-origin-allowed:"),
        "{line}"
    );
    assert!(stdout.contains("help: remove `null`"));
    assert!(stderr.contains("Found 1 finding (1 error"), "{stderr}");
}

#[test]
fn lint_clean_policy_exits_0() {
    let out = corsfix()
        .arg("lint")
        .arg(fixture("policy/lint/clean.toml"))
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("No findings"));
}

#[test]
fn lint_json_lists_findings_with_codes() {
    let out = corsfix()
        .args(["lint", "--json"])
        .arg(fixture(
            "policy/lint/CORS008_max-age-above-browser-cap.toml",
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["code"], "CORS008");
    assert_eq!(v["findings"][0]["name"], "max-age-above-browser-cap");
    assert_eq!(v["findings"][0]["severity"], "warning");
}

#[test]
fn fail_on_error_ignores_warnings() {
    let out = corsfix()
        .args(["lint", "--fail-on", "error"])
        .arg(fixture(
            "policy/lint/CORS008_max-age-above-browser-cap.toml",
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn invalid_policy_reports_every_problem_with_line_numbers_and_exits_2() {
    let out = corsfix()
        .arg("lint")
        .arg(fixture("policy/hostile-rejected.toml"))
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("16 problems"), "{stderr}");
    assert!(
        crate::util::flat(&stderr).contains("hostile-rejected.toml:8:3: origins[5]:"),
        "{stderr}"
    );
}

#[test]
fn unreadable_and_malformed_files_are_errors_not_panics() {
    let out = corsfix()
        .args(["lint", "/nonexistent/policy.toml"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("reading policy /nonexistent/policy.toml"),
        "{stderr}"
    );
    let out = corsfix()
        .args(["lint", "-"])
        .write_stdin("origins = [\"https://a.example.com\"\n")
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("invalid TOML policy"), "{stderr}");
}
