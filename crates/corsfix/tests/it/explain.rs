//! `corsfix explain`: text, standard input and files in; the reading, the ranked causes and
//! the commands out; exit 0 recognized, 1 not recognized, 2 error.

use serde_json::Value;

use crate::util::{corsfix, fixture, read_fixture, texts};

const CHROME_500: &str = "Access to fetch at 'https://api.example.com/items' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nPOST https://api.example.com/items net::ERR_FAILED 500 (Internal Server Error)";

const FIREFOX_PREFLIGHT_405: &str = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items. (Reason: CORS preflight response did not succeed). Status code: 405.";

fn json_of(out: &std::process::Output) -> Value {
    let (stdout, stderr) = texts(out);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"))
}

#[test]
fn a_text_argument_is_explained_with_ranked_causes_and_the_confirm_command() {
    let out = corsfix().args(["explain", CHROME_500]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    let stdout = crate::util::flat(&stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.starts_with("✗ Chrome blocked a fetch()"), "{stdout}");
    assert!(stdout.contains("500"), "{stdout}");
    let first_cause = stdout.find("[error-response-without-cors,").expect(&stdout);
    let second = stdout.find("[no-cors-headers,").expect(&stdout);
    assert!(
        first_cause < second,
        "the 500 must rank the error response first:\n{stdout}"
    );
    assert!(
        stdout.contains(
            "corsfix check https://api.example.com/items --origin http://localhost:3000 --method POST"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("corsfix gen --target TARGET --origin http://localhost:3000"),
        "{stdout}"
    );
}

#[test]
fn standard_input_is_read_when_there_is_no_argument_or_a_dash() {
    for args in [&["explain"][..], &["explain", "-"][..]] {
        let out = corsfix()
            .args(args)
            .write_stdin(FIREFOX_PREFLIGHT_405)
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        let stdout = crate::util::flat(&stdout);
        assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
        assert!(stdout.contains("Firefox"), "{stdout}");
        assert!(stdout.contains("[options-not-routed,"), "{stdout}");
        // Firefox prints no origin: the command says so.
        assert!(stdout.contains("--origin '<PAGE-ORIGIN>'"), "{stdout}");
    }
}

#[test]
fn origin_fills_in_what_the_text_lacks() {
    let out = corsfix()
        .args([
            "explain",
            "--origin",
            "https://App.Example.com:443",
            FIREFOX_PREFLIGHT_405,
        ])
        .output()
        .unwrap();
    let (stdout, _) = texts(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout.contains(
            "corsfix check https://api.example.com/items --origin https://app.example.com"
        ),
        "{stdout}"
    );
    let bad = corsfix()
        .args([
            "explain",
            "--origin",
            "app.example.com/x",
            FIREFOX_PREFLIGHT_405,
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&bad);
    assert_eq!(bad.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--origin"), "{stderr}");
}

#[test]
fn json_has_the_documented_fields() {
    let out = corsfix()
        .args(["explain", "--json", "--target", "express", CHROME_500])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["recognized"], true);
    assert_eq!(v["browser"], "chrome");
    assert_eq!(v["url"], "https://api.example.com/items");
    assert_eq!(v["origin"], "http://localhost:3000");
    assert_eq!(v["kind"], "MissingAllowOriginHeader");
    assert_eq!(v["parameter"], Value::Null);
    assert_eq!(v["status"], 500);
    assert_eq!(v["method"], "POST");
    assert_eq!(v["initiator"], "fetch");
    assert_eq!(v["is_cors"], true);
    assert_eq!(v["causes"][0]["code"], "error-response-without-cors");
    assert_eq!(v["causes"][0]["likelihood"], "likely");
    assert!(
        v["causes"][0]["fix"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
    assert_eq!(v["diagnosis"]["causes"], v["causes"]);
    assert!(
        v["diagnosis"]["headline"]
            .as_str()
            .is_some_and(|h| h.contains("Chrome"))
    );
    assert_eq!(
        v["check_command"],
        "corsfix check https://api.example.com/items --origin http://localhost:3000 --method POST"
    );
    assert_eq!(
        v["gen_command"],
        "corsfix gen --target express --origin http://localhost:3000 --max-age 600"
    );
    assert!(v["evidence"].as_array().is_some_and(|e| e.len() == 2));
}

#[test]
fn a_file_is_read_with_file() {
    let path = fixture("explain/safari-express-other-port.txt");
    let out = corsfix()
        .args(["explain", "--json", "--file"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["browser"], "safari");
    assert_eq!(v["kind"], "OriginNotAllowed");
    // Safari's wording is ambiguous: every candidate is listed.
    let codes: Vec<&str> = v["causes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["code"].as_str())
        .collect();
    for c in [
        "no-cors-headers",
        "origin-mismatch",
        "trailing-slash-origin",
        "cors-only-on-preflight",
    ] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
    let missing = corsfix()
        .args(["explain", "--file", "/nonexistent/console.txt"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn a_lookalike_is_named_as_not_cors() {
    let out = corsfix()
        .args([
            "explain",
            &read_fixture("explain/not-cors-mixed-content.txt"),
        ])
        .output()
        .unwrap();
    let (stdout, _) = texts(&out);
    let stdout = crate::util::flat(&stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.contains("Not a CORS-header problem"), "{stdout}");
    assert!(stdout.contains("[not-cors-mixed-content,"), "{stdout}");
    assert!(
        !stdout.contains("corsfix gen"),
        "no CORS fix to generate:\n{stdout}"
    );
}

#[test]
fn a_bare_http_error_line_is_an_http_error_and_asks_for_a_cors_line() {
    let out = corsfix()
        .args([
            "explain",
            "--json",
            // (`/undefined` in the path would rank `wrong-request-url` first)
            "POST https://api.example.com/upload 405 (Method Not Allowed)",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "HttpError");
    assert_eq!(v["is_cors"], false);
    assert_eq!(v["status"], 405);
    assert_eq!(v["causes"][0]["code"], "not-cors-http-error");
    let q = v["diagnosis"]["questions"][0]["ask"]
        .as_str()
        .unwrap_or_default();
    assert!(q.contains("CORS line"), "{v}");
}

#[test]
fn unrecognized_text_exits_1_and_shows_what_was_recognized() {
    let out = corsfix()
        .args(["explain", "GET https://api.example.com/report 200 (OK)"])
        .output()
        .unwrap();
    let (stdout, _) = texts(&out);
    let stdout = crate::util::flat(&stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("Not recognised"), "{stdout}");
    assert!(
        stdout.contains("https://api.example.com/report"),
        "{stdout}"
    );
    assert!(stdout.contains("200"), "{stdout}");
    assert!(
        stdout.contains("corsfix check https://api.example.com/report"),
        "{stdout}"
    );

    let out = corsfix()
        .args(["explain", "--json", "hello world"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["recognized"], false);
    assert_eq!(v["kind"], Value::Null);
    assert_eq!(v["causes"], serde_json::json!([]));
}

#[test]
fn empty_huge_and_binary_input_get_clear_answers() {
    let empty = corsfix()
        .arg("explain")
        .write_stdin("  \n ")
        .output()
        .unwrap();
    let (_, stderr) = texts(&empty);
    assert_eq!(empty.status.code(), Some(2));
    assert!(stderr.contains("no text"), "{stderr}");

    let huge = "x".repeat(1024 * 1024 + 1);
    let out = corsfix().arg("explain").write_stdin(huge).output().unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("larger than"), "{stderr}");

    let binary: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    let out = corsfix()
        .arg("explain")
        .write_stdin(binary)
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn every_corpus_text_reads_the_same_through_the_cli() {
    let dir = fixture("explain");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(path.with_extension("json")).unwrap())
                .unwrap();
        let out = corsfix()
            .args(["explain", "--json", "--file"])
            .arg(&path)
            .output()
            .unwrap();
        let v = json_of(&out);
        let name = path.display();
        assert_eq!(v["kind"], expected["kind"], "{name}");
        let want_code = if expected["kind"].is_null() { 1 } else { 0 };
        assert_eq!(out.status.code(), Some(want_code), "{name}");
        if let Some(cause) = expected.get("cause") {
            assert_eq!(&v["causes"][0]["code"], cause, "{name}");
        }
        checked += 1;
    }
    assert!(checked >= 30, "{checked}");
}

#[test]
fn json_shows_what_every_browser_prints_for_the_same_failure() {
    let text = "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nOPTIONS https://api.example.com/items net::ERR_FAILED 401 (Unauthorized)";
    let out = crate::util::corsfix()
        .args(["explain", "--json", text])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = &v["browsers"];
    assert_eq!(b["chrome"]["kind"], "PreflightMissingAllowOriginHeader");
    assert_eq!(
        b["firefox"]["lines"][0],
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: 401."
    );
    assert_eq!(
        b["safari"]["lines"][0], "Preflight response is not successful. Status code: 401",
        "WebKit checks the status first"
    );
    let human = crate::util::corsfix()
        .args(["explain", text])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&human.stdout);
    assert!(stdout.contains("What the console shows"), "{stdout}");
}

#[test]
fn explain_with_a_target_prints_the_files_built_from_the_error_and_what_it_assumed() {
    let text = "Access to fetch at 'https://api.example.com/items' from origin 'http://localhost:5173' has been blocked by CORS policy: Request header field content-type is not allowed by Access-Control-Allow-Headers in preflight response.";
    let out = corsfix()
        .args(["explain", "--target", "express", text])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The file itself, not a command to run: with the origin and the header the error names.
    assert!(stdout.contains("── cors.js"), "{stdout}");
    assert!(stdout.contains(r#""http://localhost:5173""#), "{stdout}");
    assert!(
        stdout.contains(r#"allowedHeaders: ["content-type"]"#),
        "{stdout}"
    );
    assert!(stdout.contains("assumed:"), "{stdout}");
    assert!(!stdout.contains("--target TARGET"), "{stdout}");
    // An unknown target is an error before anything is printed.
    let out = corsfix()
        .args(["explain", "--target", "expresss", text])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(texts(&out).1.contains("gen --list"));
}
