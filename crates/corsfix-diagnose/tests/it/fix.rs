//! The one `Diagnosis → Policy` step, proven against cases real browsers ran
//! (`fixtures/chromium-sample/`: 300 requests replayed in Chromium 156, Firefox 153 and
//! WebKit 2.50, whose verdicts the model reproduces): for every request the browser blocked,
//! the server answering with the fix's exact headers lets it through in all three engines.

use std::path::PathBuf;

use corsfix_diagnose::{Evidence, diagnose, fix};
use corsfix_model::case::{Case, Mode, ResponseSpec};
use corsfix_model::parse::parse;
use corsfix_model::{Browser, Simulation};

fn sample_cases() -> Vec<Case> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/chromium-sample/cases.jsonl");
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The case, with the server answering as the fix says (the status kept: a CORS layer adds
/// its headers to whatever the app answers).
fn with_fix(case: &Case, f: &corsfix_diagnose::Fix) -> Case {
    let keep = |r: Option<&ResponseSpec>| -> Vec<(String, String)> {
        r.map(|r| {
            r.headers
                .iter()
                .filter(|(n, _)| !n.to_ascii_lowercase().starts_with("access-control-"))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
    };
    let mut fixed = case.clone();
    let mut pre = keep(case.preflight.as_ref());
    pre.extend(f.preflight_headers.iter().cloned());
    fixed.preflight = Some(ResponseSpec {
        status: 204,
        headers: pre,
        next: None,
    });
    let mut act = keep(case.actual.as_ref());
    act.extend(f.response_headers.iter().cloned());
    fixed.actual = Some(ResponseSpec {
        status: case.actual.as_ref().map_or(200, |a| a.status),
        headers: act,
        next: None,
    });
    fixed
}

#[test]
fn the_fix_for_every_blocked_sample_request_passes_in_every_browser() {
    let mut checked = 0;
    let mut problems = Vec::new();
    for case in sample_cases() {
        if case.request.mode != Mode::Cors {
            continue;
        }
        let sim = Simulation::run(&case);
        if sim.chrome.allowed {
            continue;
        }
        let ev = Evidence::Case(&case);
        let d = diagnose(&ev);
        let Some(f) = fix(&ev, &d) else {
            continue;
        };
        checked += 1;
        assert!(
            f.unknowns.is_empty(),
            "{:?}: a case leaves nothing unknown: {:?}",
            case.id,
            f.unknowns
        );
        let after = Simulation::run(&with_fix(&case, &f));
        for b in Browser::ALL {
            if !after.get(b).allowed {
                problems.push(format!(
                    "{:?} ({}): still blocked in {b:?} with the fix {:?}: {:?}",
                    case.id,
                    d.primary_code().unwrap_or("-"),
                    f.policy,
                    after.get(b).failure.as_ref().and_then(|x| x.first_line())
                ));
            }
        }
    }
    assert!(
        checked >= 100,
        "only {checked} blocked sample requests had a server fix"
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn a_preflighted_put_with_json_gets_put_and_content_type() {
    let case: Case = serde_json::from_str(
        r#"{"origin": "http://localhost:5173", "url": "http://localhost:8080/api/todos/3",
            "request": {"method": "PUT", "headers": {"Content-Type": "application/json"}},
            "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "http://localhost:5173"]]}}"#,
    )
    .unwrap();
    let ev = Evidence::Case(&case);
    let f = fix(&ev, &diagnose(&ev)).unwrap();
    assert!(
        f.policy.methods.contains(&"PUT".to_owned()),
        "{:?}",
        f.policy
    );
    assert_eq!(f.policy.request_headers, ["content-type"]);
    assert_eq!(f.policy.origins, ["http://localhost:5173"]);
    assert!(!f.policy.credentials);
    assert!(f.assumptions.is_empty() && f.unknowns.is_empty(), "{f:?}");
    let get = |h: &[(String, String)], n: &str| {
        h.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.clone())
    };
    assert!(
        get(&f.preflight_headers, "access-control-allow-methods")
            .is_some_and(|v| v.contains("PUT")),
        "{:?}",
        f.preflight_headers
    );
    assert_eq!(
        get(&f.preflight_headers, "access-control-allow-headers").as_deref(),
        Some("content-type")
    );
    assert!(
        f.gen_command.contains("--methods GET,HEAD,POST,PUT"),
        "{}",
        f.gen_command
    );
    assert!(
        f.gen_command.contains("--headers content-type"),
        "{}",
        f.gen_command
    );
}

/// A line Chromium 156 printed for a blocked request (the recorded sample).
fn recorded_chrome_line(pred: impl Fn(&str) -> bool) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/chromium-sample/chromium-156.jsonl");
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["chrome"].as_str().map(str::to_owned))
        .find(|l| pred(l))
        .expect("the sample has such a line")
}

#[test]
fn a_pasted_line_fixes_what_it_names_and_asks_the_rest() {
    // The header at fault is named; the method and the credentials are not.
    let line =
        recorded_chrome_line(|l| l.contains("Request header field content-type is not allowed"));
    let r = parse(&line).unwrap();
    let ev = Evidence::Text(&r);
    let f = fix(&ev, &diagnose(&ev)).unwrap();
    assert_eq!(f.policy.request_headers, ["content-type"], "{line}");
    assert_eq!(f.policy.origins, ["http://127.0.0.1:8001"]);
    assert!(
        f.unknowns.iter().any(|u| u.contains("method")),
        "the method is not in the line, so it is asked: {:?}",
        f.unknowns
    );
    assert!(
        f.assumptions.iter().any(|a| a.contains("credentials")),
        "credentials are not in the line, so the assumption is stated: {:?}",
        f.assumptions
    );

    // The method at fault is named.
    let line = recorded_chrome_line(|l| l.contains("Method PATCH is not allowed"));
    let r = parse(&line).unwrap();
    let ev = Evidence::Text(&r);
    let f = fix(&ev, &diagnose(&ev)).unwrap();
    assert!(
        f.policy.methods.contains(&"PATCH".to_owned()),
        "{:?}",
        f.policy
    );

    // Credentials are implied by the wildcard error.
    let line = recorded_chrome_line(|l| {
        l.contains("must not be the wildcard '*' when the request's credentials mode is 'include'")
    });
    let r = parse(&line).unwrap();
    let ev = Evidence::Text(&r);
    let f = fix(&ev, &diagnose(&ev)).unwrap();
    assert!(f.policy.credentials, "{line}");
    assert!(
        f.response_headers
            .iter()
            .any(|(n, v)| n == "access-control-allow-credentials" && v == "true"),
        "{:?}",
        f.response_headers
    );
}

#[test]
fn without_the_page_origin_no_header_is_made_up() {
    // Firefox names no page origin.
    let line = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.";
    let r = parse(line).unwrap();
    let ev = Evidence::Text(&r);
    let f = fix(&ev, &diagnose(&ev)).unwrap();
    assert!(f.policy.origins.is_empty());
    assert!(f.response_headers.is_empty() && f.preflight_headers.is_empty());
    assert!(
        f.unknowns.iter().any(|u| u.contains("origin")),
        "{:?}",
        f.unknowns
    );
    // The command marks what to fill in; it does not invent an origin.
    assert!(
        f.gen_command.contains("--origin ORIGIN"),
        "{}",
        f.gen_command
    );
}

#[test]
fn the_same_request_gets_the_same_policy_from_a_case_and_from_its_har() {
    let case: Case = serde_json::from_str(
        r#"{"origin": "https://app.example.com", "url": "https://api.example.com/items",
            "request": {"method": "DELETE", "headers": {"Authorization": "Bearer x"}, "credentials": "include"},
            "preflight": {"status": 401, "headers": [["WWW-Authenticate", "Bearer"]]}}"#,
    )
    .unwrap();
    let har = serde_json::json!({"log": {"version": "1.2", "entries": [
        {"startedDateTime": "2026-01-01T00:00:00Z", "_resourceType": "fetch",
         "request": {"method": "OPTIONS", "url": "https://api.example.com/items", "headers": [
            {"name": "Origin", "value": "https://app.example.com"},
            {"name": "Access-Control-Request-Method", "value": "DELETE"},
            {"name": "Access-Control-Request-Headers", "value": "authorization"}]},
         "response": {"status": 401, "headers": [{"name": "WWW-Authenticate", "value": "Bearer"}], "redirectURL": ""}},
        {"startedDateTime": "2026-01-01T00:00:01Z", "_resourceType": "fetch",
         "request": {"method": "DELETE", "url": "https://api.example.com/items", "headers": [
            {"name": "Origin", "value": "https://app.example.com"},
            {"name": "Authorization", "value": "Bearer x"},
            {"name": "Cookie", "value": "s=1"}]},
         "response": {"status": 0, "headers": [], "redirectURL": ""}}
    ]}})
    .to_string();
    let hc = corsfix_model::har::read(&har).unwrap().remove(0);
    let from_case = {
        let ev = Evidence::Case(&case);
        let d = diagnose(&ev);
        assert_eq!(d.primary_code(), Some("auth-before-cors"));
        fix(&ev, &d).unwrap()
    };
    let from_har = {
        let ev = Evidence::Har(&hc);
        let d = diagnose(&ev);
        assert_eq!(d.primary_code(), Some("auth-before-cors"));
        fix(&ev, &d).unwrap()
    };
    assert_eq!(from_case.policy, from_har.policy);
    assert_eq!(from_case.preflight_headers, from_har.preflight_headers);
    assert!(from_case.policy.credentials);
    assert_eq!(from_case.policy.request_headers, ["authorization"]);
}
