//! `corsfix har`: every cross-origin request of a DevTools HAR, judged and diagnosed.

use crate::util::{corsfix, fixture, json_lines, texts};

#[test]
fn a_preflight_rejected_by_auth_is_blocked_and_diagnosed_as_auth_before_cors() {
    let out = corsfix()
        .arg("har")
        .arg(fixture("har/preflight-401.har"))
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    let stdout = crate::util::flat(&stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "blocked requests exit 1\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(
            "entry 2: PUT https://api.example.com/items from https://app.example.com ✗ Blocked"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header"), "{stdout}");
    assert!(stdout.contains("[auth-before-cors,"), "{stdout}");
    assert!(
        stdout.contains("Preflight response is not successful. Status code: 401"),
        "Safari's line\n{stdout}"
    );
    assert!(
        !stdout.contains("GET https://api.example.com/me"),
        "allowed requests are listed only with --all\n{stdout}"
    );
    assert!(
        stderr.contains("2 cross-origin requests: 1 blocked, 1 allowed"),
        "{stderr}"
    );
}

#[test]
fn json_output_has_one_object_per_cross_origin_request() {
    let out = corsfix()
        .args(["har", "--json"])
        .arg(fixture("har/preflight-401.har"))
        .output()
        .unwrap();
    let (stdout, _) = texts(&out);
    let rows = json_lines(&stdout);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0]["result"]["error"]["kind"],
        "PreflightMissingAllowOriginHeader"
    );
    assert_eq!(
        rows[0]["diagnosis"]["causes"][0]["code"],
        "auth-before-cors"
    );
    assert_eq!(rows[1]["result"]["allowed"], true);
    assert_eq!(
        rows[1]["case"]["request"]["credentials"], "include",
        "cookies were sent"
    );
}

#[test]
fn a_file_that_is_not_a_har_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.har");
    std::fs::write(&path, b"\x00\x01garbage").unwrap();
    let out = corsfix().arg("har").arg(&path).output().unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("not a HAR file"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    let missing = corsfix()
        .args(["har", "/nonexistent/file.har"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        texts(&missing)
            .1
            .contains("cannot open /nonexistent/file.har")
    );
}
