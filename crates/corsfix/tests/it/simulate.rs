//! `corsfix simulate`: the result format on files and stdin, `--browser`, the readable
//! rendering, exit codes, and bad input of every kind.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::{corsfix, fixture, json_lines, read_fixture, texts};

const ALLOWED: &str = r#"{"id":"ok","origin":"https://app.example","url":"https://api.example/x","request":{"method":"GET"},"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}"#;
const BLOCKED: &str = r#"{"id":"no","origin":"https://app.example","url":"https://api.example/x","request":{"method":"GET"}}"#;
const PREFLIGHTED: &str = r#"{"id":"put","origin":"https://app.example","url":"https://api.example/x","request":{"method":"PUT","headers":{"X-Api-Key":"k"}},"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","PUT"]]}}"#;

fn by_id(records: Vec<Value>) -> BTreeMap<String, Value> {
    records
        .into_iter()
        .map(|r| (r["id"].as_str().expect("string id").to_owned(), r))
        .collect()
}

/// `simulate --json` on a recorded sample file agrees with Chromium on every field.
fn agrees_with_chromium(cases: &str, recorded: &str, want: usize) {
    let out = corsfix()
        .args(["simulate", "--json"])
        .arg(fixture(cases))
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "some sample cases are blocked; {stderr}"
    );
    let results = json_lines(&stdout);
    assert_eq!(results.len(), want);
    let recorded = by_id(json_lines(&read_fixture(recorded)));
    let mut differ = Vec::new();
    for r in &results {
        let id = r["id"].as_str().expect("id echoed");
        let c = &recorded[id];
        let pairs = |v: &Value| {
            if v.is_null() {
                Value::Array(vec![])
            } else {
                v.clone()
            }
        };
        let fields = [
            ("allowed", r["allowed"].clone(), c["allowed"].clone()),
            (
                "preflight.sent",
                r["preflight"]["sent"].clone(),
                c["preflight_sent"].clone(),
            ),
            (
                "preflight.request_headers",
                r["preflight"]["request_headers"].clone(),
                pairs(&c["preflight_request_headers"]),
            ),
            (
                "actual_sent",
                r["actual_sent"].clone(),
                c["actual_sent"].clone(),
            ),
            (
                "messages.chrome",
                r["error"]["messages"]["chrome"].clone(),
                c["chrome"].clone(),
            ),
            (
                "response.status",
                r["response"]["status"].clone(),
                c["status"].clone(),
            ),
            (
                "response.readable_headers",
                r["response"]["readable_headers"].clone(),
                c["readable_headers"].clone(),
            ),
        ];
        for (name, got, want) in fields {
            if got != want {
                differ.push(format!("{id} {name}: simulate {got} / Chromium {want}"));
            }
        }
        assert_eq!(
            r["error"].is_null(),
            r["allowed"] == true,
            "{id}: error iff blocked"
        );
        assert_eq!(r["response"].is_null(), r["allowed"] == false, "{id}");
    }
    assert!(
        differ.is_empty(),
        "{} disagreements:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

#[test]
fn json_on_the_sample_agrees_with_chromium_on_every_field() {
    agrees_with_chromium(
        "chromium-sample/cases.jsonl",
        "chromium-sample/chromium-156.jsonl",
        300,
    );
}

#[test]
fn json_on_the_redirect_sample_agrees_with_chromium_on_every_field() {
    agrees_with_chromium(
        "chromium-sample/redirects-cases.jsonl",
        "chromium-sample/redirects-chromium-156.jsonl",
        100,
    );
}

#[test]
fn stdin_and_dash_give_the_same_output_as_the_file() {
    let path = fixture("chromium-sample/redirects-cases.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let from_file = corsfix()
        .args(["simulate", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    let from_stdin = corsfix()
        .args(["simulate", "--json"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    let from_dash = corsfix()
        .args(["simulate", "--json", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(!from_file.stdout.is_empty());
    assert_eq!(from_file.stdout, from_stdin.stdout);
    assert_eq!(from_file.stdout, from_dash.stdout);
    assert_eq!(from_file.status.code(), from_stdin.status.code());
}

#[test]
fn the_result_format_has_exactly_the_documented_fields() {
    let out = corsfix()
        .args(["simulate", "--json"])
        .write_stdin(format!("{PREFLIGHTED}\n{ALLOWED}\n"))
        .output()
        .unwrap();
    let stdout = texts(&out).0;
    for line in stdout.lines() {
        assert_in_order(
            line,
            &[
                r#"{"id":"#,
                r#","allowed":"#,
                r#","preflight":{"sent":"#,
                r#","actual_sent":"#,
                r#","error":"#,
                r#","response":"#,
            ],
        );
    }
    let results = json_lines(&stdout);
    for r in &results {
        assert_eq!(r.as_object().unwrap().len(), 6, "no other fields: {r}");
    }
    let put = &results[0];
    assert_eq!(put["id"], "put");
    assert_eq!(put["preflight"]["sent"], true);
    assert_eq!(
        put["preflight"]["request_headers"],
        serde_json::json!([
            ["Access-Control-Request-Method", "PUT"],
            ["Access-Control-Request-Headers", "x-api-key"]
        ])
    );
    assert_eq!(put["error"]["kind"], "HeaderDisallowedByPreflightResponse");
    assert_eq!(
        put["error"]["messages"]["chrome"],
        "Access to fetch at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy: Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response."
    );
    assert!(
        put["error"]["messages"]["firefox"]
            .as_str()
            .unwrap()
            .starts_with("Cross-Origin Request Blocked")
    );
    assert_eq!(
        put["error"]["messages"]["safari"],
        "Request header field X-Api-Key is not allowed by Access-Control-Allow-Headers."
    );
    let ok = &results[1];
    assert_eq!(ok["error"], Value::Null);
    assert_eq!(ok["response"]["type"], "cors");
    assert_eq!(ok["response"]["status"], 200);
}

#[test]
fn ids_are_echoed_untouched() {
    let input = [
        ALLOWED.replace(r#""id":"ok""#, r#""id":17"#),
        ALLOWED.replace(r#""id":"ok""#, r#""id":{"suite":"a","n":[1,2]}"#),
        ALLOWED.replace(r#""id":"ok","#, ""),
    ]
    .join("\n");
    let out = corsfix()
        .args(["simulate", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    let r = json_lines(&texts(&out).0);
    assert_eq!(r[0]["id"], 17);
    assert_eq!(r[1]["id"], serde_json::json!({"suite": "a", "n": [1, 2]}));
    assert_eq!(r[2]["id"], Value::Null);
}

#[test]
fn browser_all_gives_each_engine_and_every_console_line() {
    let out = corsfix()
        .args(["simulate", "--json", "--browser", "all"])
        .arg(fixture("chromium-sample/cases.jsonl"))
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let results = json_lines(&stdout);
    assert_eq!(results.len(), 300);
    let firefox = by_id(json_lines(&read_fixture(
        "chromium-sample/firefox-153.jsonl",
    )));
    let webkit = by_id(json_lines(&read_fixture(
        "chromium-sample/webkit-2.50.jsonl",
    )));
    let chromium = by_id(json_lines(&read_fixture(
        "chromium-sample/chromium-156.jsonl",
    )));
    let mut differ = Vec::new();
    for line in stdout.lines() {
        assert_in_order(
            line,
            &[
                r#"{"id":"#,
                r#","chrome":{"allowed":"#,
                r#","lines":["#,
                r#","firefox":{"allowed":"#,
                r#","lines":["#,
                r#","safari":{"allowed":"#,
                r#","lines":["#,
            ],
        );
    }
    for r in &results {
        assert_eq!(r.as_object().unwrap().len(), 4, "id and three engines: {r}");
        let id = r["id"].as_str().unwrap();
        for (engine, rec, field) in [
            ("chrome", &chromium[id], "chrome"),
            ("firefox", &firefox[id], "firefox"),
            ("safari", &webkit[id], "safari"),
        ] {
            let e = &r[engine];
            let mut ekeys: Vec<_> = e.as_object().unwrap().keys().cloned().collect();
            ekeys.sort();
            assert_eq!(
                ekeys,
                [
                    "actual_sent",
                    "allowed",
                    "error",
                    "lines",
                    "preflight",
                    "response"
                ]
            );
            if e["allowed"] != rec["allowed"] {
                differ.push(format!("{id} {engine}.allowed"));
            }
            let first = e["lines"]
                .as_array()
                .unwrap()
                .first()
                .cloned()
                .unwrap_or(Value::Null);
            let recorded_first = match &rec[field] {
                Value::Array(lines) => lines.first().cloned().unwrap_or(Value::Null),
                other => other.clone(),
            };
            if first != recorded_first {
                differ.push(format!(
                    "{id} {engine} first line: {first} / {recorded_first}"
                ));
            }
            // `messages` holds every engine's first line, whichever engine's verdict it is.
            if !e["error"].is_null() {
                let m = &e["error"]["messages"];
                assert_eq!(
                    m["chrome"],
                    r["chrome"]["lines"].get(0).cloned().unwrap_or(Value::Null)
                );
                assert_eq!(
                    m["firefox"],
                    r["firefox"]["lines"].get(0).cloned().unwrap_or(Value::Null)
                );
            }
        }
        // Firefox and WebKit print a second line for a failure; all of it must match.
        for (engine, rec, field) in [
            ("firefox", &firefox[id], "firefox"),
            ("safari", &webkit[id], "safari"),
        ] {
            if r[engine]["lines"] != rec[field] {
                differ.push(format!(
                    "{id} {engine} lines: {} / {}",
                    r[engine]["lines"], rec[field]
                ));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "{} disagreements:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

#[test]
fn browser_firefox_gives_firefox_verdict_and_kind() {
    let out = corsfix()
        .args(["simulate", "--json", "--browser", "firefox"])
        .write_stdin(format!("{PREFLIGHTED}\n"))
        .output()
        .unwrap();
    let r = &json_lines(&texts(&out).0)[0];
    assert_eq!(r["error"]["kind"], "CORSMissingAllowHeaderFromPreflight2");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_readable_rendering_shows_the_checks_and_the_console_line() {
    let out = corsfix()
        .arg("simulate")
        .write_stdin(format!("{PREFLIGHTED}\n{BLOCKED}\n"))
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for want in [
        "case put",
        "PUT https://api.example/x from https://app.example",
        "headers: X-Api-Key: k",
        "• preflight-needed",
        "the header `x-api-key` is not safelisted",
        "✓ allow-origin",
        "✓ preflight-status",
        "✓ allow-methods",
        "✗ allow-headers",
        "chrome   blocked HeaderDisallowedByPreflightResponse",
        "Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.",
        "case no",
        "✗ allow-origin",
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    ] {
        assert!(
            crate::util::flat(&stdout).contains(&crate::util::flat(want)),
            "missing {want:?} in:\n{stdout}"
        );
    }
    assert!(!stdout.contains('\u{1b}'), "no colour when NO_COLOR is set");
}

#[test]
fn the_readable_rendering_with_all_browsers_shows_each_engine() {
    let out = corsfix()
        .args(["simulate", "--browser", "all"])
        .write_stdin(format!("{BLOCKED}\n"))
        .output()
        .unwrap();
    let stdout = crate::util::flat(&texts(&out).0);
    assert!(
        stdout.contains("chrome blocked MissingAllowOriginHeader"),
        "{stdout}"
    );
    assert!(
        stdout.contains("firefox blocked CORSMissingAllowOrigin2"),
        "{stdout}"
    );
    assert!(stdout.contains("safari blocked"), "{stdout}");
    assert!(stdout.contains(
        "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."
    ));
    assert!(
        stdout
            .contains("Fetch API cannot load https://api.example/x due to access control checks.")
    );
    let out = corsfix()
        .args(["simulate", "--browser", "all"])
        .write_stdin(format!("{ALLOWED}\n"))
        .output()
        .unwrap();
    let stdout = texts(&out).0;
    assert_eq!(
        stdout.matches("allowed (status 200)").count(),
        3,
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn exit_0_when_every_case_is_allowed_1_when_any_is_blocked() {
    corsfix()
        .args(["simulate", "--json"])
        .write_stdin(format!("{ALLOWED}\n{ALLOWED}\n"))
        .assert()
        .code(0);
    corsfix()
        .arg("simulate")
        .write_stdin(format!("{ALLOWED}\n"))
        .assert()
        .code(0);
    corsfix()
        .args(["simulate", "--json"])
        .write_stdin(format!("{ALLOWED}\n{BLOCKED}\n"))
        .assert()
        .code(1);
    corsfix()
        .arg("simulate")
        .write_stdin(format!("{BLOCKED}\n"))
        .assert()
        .code(1);
    // Comments and blank lines are skipped.
    corsfix()
        .arg("simulate")
        .write_stdin(format!("# allowed only\n\n// still\n{ALLOWED}\n\n"))
        .assert()
        .code(0);
    // An engine-specific verdict decides: a script's User-Agent is dropped by Chromium only,
    // Firefox preflights it (and the preflight here allows nothing).
    let range = r#"{"origin":"https://app.example","url":"https://api.example/x","request":{"method":"GET","headers":{"User-Agent":"bot/1"}},"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}"#;
    corsfix()
        .args(["simulate", "--browser", "chrome"])
        .write_stdin(range)
        .assert()
        .code(0);
    corsfix()
        .args(["simulate", "--browser", "firefox"])
        .write_stdin(range)
        .assert()
        .code(1);
    corsfix()
        .args(["simulate", "--browser", "all"])
        .write_stdin(range)
        .assert()
        .code(1);
}

/// The pieces occur in `line` in this order (field order is part of the format).
fn assert_in_order(line: &str, pieces: &[&str]) {
    let mut from = 0;
    for p in pieces {
        let at = line[from..]
            .find(p)
            .unwrap_or_else(|| panic!("{p:?} missing or out of order in {line}"));
        from += at + p.len();
    }
}

/// Run bad input; expect exit 2, nothing on stdout, a clear message on stderr and no panic.
fn rejects(input: impl Into<Vec<u8>>, want: &[&str]) -> String {
    let out = corsfix()
        .args(["simulate", "--json"])
        .write_stdin(input.into())
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stdout.is_empty(),
        "nothing is written for bad input: {stdout}"
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for w in want {
        assert!(
            crate::util::flat(&stderr).contains(w),
            "missing {w:?} in: {stderr}"
        );
    }
    stderr
}

#[test]
fn invalid_json_names_the_line() {
    rejects(
        format!("{ALLOWED}\n\n{{bad json\n"),
        &["line 3", "key must be a string"],
    );
    rejects(
        format!("{ALLOWED}\n{}\n", &ALLOWED[..40]),
        &["line 2", "EOF"],
    );
}

#[test]
fn unknown_and_missing_fields_are_named() {
    rejects(
        ALLOWED.replace(r#""method":"GET""#, r#""method":"GET","colour":1"#),
        &["line 1", "unknown field `colour`"],
    );
    rejects(
        ALLOWED.replace(r#""url":"https://api.example/x","#, ""),
        &["missing field `url`"],
    );
    rejects(
        ALLOWED.replace(r#""method":"GET""#, r#""method":"GET","credentials":"yes""#),
        &["unknown variant `yes`", "`include`"],
    );
    rejects(ALLOWED.replace("200", "70000"), &["line 1"]);
    rejects(
        ALLOWED.replace("200", "0"),
        &["`actual.status`: 0 is not an HTTP status code"],
    );
}

#[test]
fn an_invalid_origin_is_explained() {
    let e = rejects(
        ALLOWED.replace("\"https://app.example\"", "\"app.example\""),
        &["line 1", "`origin`"],
    );
    assert!(e.contains("needs a scheme and a host"), "{e}");
    rejects(
        ALLOWED.replace("\"https://app.example\"", "\"https://app.example/path\""),
        &["no path"],
    );
}

#[test]
fn non_objects_binary_garbage_and_empty_input_are_refused() {
    rejects("[1, 2]\n", &["line 1", "must be a JSON object"]);
    rejects("42\n", &["must be a JSON object"]);
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 0x80)
        .collect();
    rejects(garbage, &["not UTF-8"]);
    rejects("", &["no cases"]);
    rejects("\n  \n# only a comment\n", &["no cases"]);
}

#[test]
fn many_bad_lines_are_all_reported_up_to_twenty() {
    let input = "{\n".repeat(30);
    let e = rejects(input, &["line 1", "line 20", "stopping after 20 problems"]);
    assert!(!e.contains("line 21,"), "{e}");
}

#[test]
fn deep_redirect_nesting_is_an_error_not_a_crash() {
    let mut actual = r#"{"status":200}"#.to_owned();
    for _ in 0..300 {
        actual = format!(
            r#"{{"status":301,"headers":[["Location","/a"]],"next":{{"actual":{actual}}}}}"#
        );
    }
    let case = format!(
        r#"{{"origin":"https://app.example","url":"https://api.example/x","request":{{"method":"GET"}},"actual":{actual}}}"#
    );
    rejects(case, &["line 1", "recursion limit"]);
}

#[test]
fn a_50_mb_input_is_answered_quickly_and_briefly() {
    // One 50 MB line that is not JSON: a clear error naming the line, not an echo of it.
    let mut big = vec![b'x'; 50 * 1024 * 1024];
    big.push(b'\n');
    let e = rejects(big, &["line 1"]);
    assert!(e.len() < 2000, "the error is short ({} bytes)", e.len());
    // 50 MB of valid JSON with one absurd header value is still simulated.
    let value = "v".repeat(50 * 1024 * 1024);
    let case = ALLOWED.replace(
        r#""method":"GET""#,
        &format!(r#""method":"GET","headers":{{"X-Big":"{value}"}}"#),
    );
    let out = corsfix()
        .args(["simulate", "--json"])
        .write_stdin(case)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", texts(&out).1);
    let r = &json_lines(&texts(&out).0)[0];
    assert_eq!(r["preflight"]["request_headers"][1][1], "x-big");
}

#[test]
fn a_missing_file_or_a_directory_is_an_error() {
    let out = corsfix()
        .args(["simulate", "/nonexistent/cases.jsonl"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("cannot open /nonexistent/cases.jsonl"),
        "{stderr}"
    );
    assert!(stderr.contains("No such file"), "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let out = corsfix().arg("simulate").arg(dir.path()).output().unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn an_unknown_browser_is_a_usage_error() {
    let out = corsfix()
        .args(["simulate", "--browser", "opera"])
        .write_stdin(ALLOWED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(texts(&out).1.contains("invalid value 'opera'"));
}

/// Mangled versions of a valid case (flipped bytes, cuts, odd characters), all at once: the
/// command answers with 0, 1 or 2, never panics, and writes nothing to stdout on exit 2.
#[test]
fn mangled_input_never_panics() {
    let base = format!("{PREFLIGHTED}\n{ALLOWED}\n{BLOCKED}\n");
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        // xorshift64*: a fixed sequence, so a failure is reproducible.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let odd = [
        "\u{0}", "\u{feff}", "é", "😀", "\\", "\"", "{", "}", "[", "]", ",", ":", "\n", "null",
        "-1", "1e999",
    ];
    for round in 0..60 {
        let mut bytes = base.clone().into_bytes();
        for _ in 0..(1 + next() % 4) {
            let at = usize::try_from(next() % bytes.len() as u64).unwrap();
            match next() % 4 {
                0 => bytes[at] = u8::try_from(next() % 256).unwrap(),
                1 => bytes.truncate(at.max(1)),
                2 => {
                    let piece = odd[usize::try_from(next() % odd.len() as u64).unwrap()];
                    bytes.splice(at..at, piece.bytes());
                }
                _ => {
                    bytes.remove(at);
                }
            }
            if bytes.is_empty() {
                bytes.push(b'{');
            }
        }
        let out = corsfix()
            .args(["simulate", "--json", "--browser", "all"])
            .write_stdin(bytes.clone())
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        let code = out.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "round {round}: exit {code:?} for {:?}\n{stderr}",
            String::from_utf8_lossy(&bytes)
        );
        assert!(!stderr.contains("panicked"), "round {round}: {stderr}");
        if code == Some(2) {
            assert!(stdout.is_empty(), "round {round}: output despite the error");
            assert!(stderr.starts_with("error: "), "round {round}: {stderr}");
        } else {
            assert_eq!(json_lines(&stdout).len(), stdout.lines().count());
        }
    }
}
