//! Ranking honestly (issue #13): what a paste does not say is asked, not assumed; what a probe
//! recorded is never contradicted; a high-severity security finding comes first.

use std::path::PathBuf;

use corsfix_diagnose::report::VerdictKind;
use corsfix_diagnose::{Evidence, Likelihood, Severity, diagnose, report};
use corsfix_model::case::Case;
use corsfix_model::exchange::{CheckedRequest, Exchange, ProbeRun, Purpose};
use corsfix_model::parse::parse;

/// A console line Chromium 156 printed (the recorded sample), alone: no status line with it.
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
fn without_a_status_no_cause_is_likely_and_the_status_is_asked() {
    let line = recorded_chrome_line(|l| {
        l.contains("No 'Access-Control-Allow-Origin' header is present") && !l.contains("preflight")
    });
    let r = parse(&line).unwrap();
    assert_eq!(r.status, None);
    let d = diagnose(&Evidence::Text(&r));
    assert!(
        d.causes
            .iter()
            .all(|c| c.likelihood == Likelihood::Possible),
        "{:?}",
        d.causes
    );
    let codes: Vec<&str> = d.causes.iter().map(|c| c.code.as_str()).collect();
    for c in [
        "no-cors-headers",
        "error-response-without-cors",
        "origin-not-in-allow-list",
    ] {
        assert!(codes.contains(&c), "{c} not among {codes:?}");
    }
    let q = &d.questions[0];
    assert!(q.ask.contains("status"), "{}", q.ask);
    assert!(
        q.answers
            .iter()
            .any(|a| a.code == "error-response-without-cors" && a.answer.contains("500")),
        "{q:?}"
    );

    // The same line with Chrome's request line carrying the status: now it is likely.
    let url = r.url.unwrap();
    let with_status = format!("{line}\nGET {url} net::ERR_FAILED 502 (Bad Gateway)");
    let r = parse(&with_status).unwrap();
    let d = diagnose(&Evidence::Text(&r));
    assert_eq!(d.primary_code(), Some("error-response-without-cors"));
    assert_eq!(d.causes[0].likelihood, Likelihood::Likely);
    assert!(d.questions.is_empty());
}

#[test]
fn a_preflight_without_a_status_asks_what_the_options_request_got() {
    let line = recorded_chrome_line(|l| l.contains("It does not have HTTP ok status."));
    let r = parse(&line).unwrap();
    let d = diagnose(&Evidence::Text(&r));
    assert!(
        d.causes
            .iter()
            .all(|c| c.likelihood == Likelihood::Possible)
    );
    let q = &d.questions[0];
    assert!(q.ask.contains("OPTIONS"), "{}", q.ask);
    let by = |code: &str| {
        q.answers
            .iter()
            .find(|a| a.code == code)
            .map(|a| a.answer.clone())
    };
    assert_eq!(by("auth-before-cors").as_deref(), Some("401 or 403"));
    assert!(by("options-not-routed").is_some_and(|a| a.contains("404")));
}

#[test]
fn a_public_api_the_user_does_not_run_is_named_before_server_fixes() {
    // Google's Places API refuses browser calls from other sites (a classic Q&A question).
    let line = "Access to XMLHttpRequest at 'https://maps.googleapis.com/maps/api/place/nearbysearch/json?location=1,2&key=K' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let d = diagnose(&Evidence::Text(&parse(line).unwrap()));
    assert_eq!(d.primary_code(), Some("third-party-api"));
}

fn request(method: &str, headers: &[(&str, &str)], credentials: bool) -> CheckedRequest {
    CheckedRequest {
        url: "https://api.example.com/items".to_owned(),
        origin: "https://app.example.com".to_owned(),
        method: method.to_owned(),
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        dropped_headers: Vec::new(),
        credentials,
        read_headers: Vec::new(),
        mode: corsfix_model::Mode::Cors,
        body_bytes: None,
    }
}

fn exchange(
    purpose: Purpose,
    method: &str,
    sent: &[(&str, &str)],
    status: u16,
    got: &[(&str, &str)],
) -> Exchange {
    let mut x = Exchange::new(purpose, 0, method, "https://api.example.com/items");
    x.request_headers = sent
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    x.status = Some(status);
    x.response_headers = got
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), (*v).to_owned()))
        .collect();
    x
}

/// A run from its exchanges, with the case the model judges.
fn run(request: CheckedRequest, exchanges: Vec<Exchange>, extra: Vec<Exchange>) -> ProbeRun {
    let mut case: Case = serde_json::from_value(serde_json::json!({
        "origin": request.origin,
        "url": request.url,
        "request": {
            "method": request.method,
            "headers": request.headers,
            "credentials": if request.credentials { "include" } else { "same-origin" },
        }
    }))
    .unwrap();
    for x in &exchanges {
        let spec = corsfix_model::case::ResponseSpec {
            status: x.status.unwrap_or(200),
            headers: x.response_headers.clone(),
            next: None,
        };
        match x.purpose {
            Purpose::Preflight => case.preflight = Some(spec),
            _ => case.actual = Some(spec),
        }
    }
    ProbeRun {
        request,
        exchanges,
        extra,
        network_error: None,
        mixed_content: None,
        address_spaces: Vec::new(),
        case: Some(case),
    }
}

#[test]
fn a_proxy_that_drops_origin_is_named_and_the_allowed_header_is_not_blamed() {
    // nginx in front of an app with `proxy_set_header Origin ""`: the app's CORS layer answers
    // the preflight with its methods and headers, but sees no Origin to allow.
    let r = run(
        request("PUT", &[("Authorization", "Bearer t")], false),
        vec![exchange(
            Purpose::Preflight,
            "OPTIONS",
            &[
                ("Origin", "https://app.example.com"),
                ("Access-Control-Request-Method", "PUT"),
                ("Access-Control-Request-Headers", "authorization"),
            ],
            204,
            &[
                ("Access-Control-Allow-Methods", "GET, PUT, DELETE"),
                (
                    "Access-Control-Allow-Headers",
                    "authorization, content-type",
                ),
            ],
        )],
        Vec::new(),
    );
    let d = diagnose(&Evidence::Probe(&r));
    assert_eq!(
        d.primary_code(),
        Some("origin-not-forwarded"),
        "{:?}",
        d.causes
    );
    assert!(
        d.causes.iter().all(|c| c.code != "header-not-allowed"),
        "Access-Control-Allow-Headers lists authorization: {:?}",
        d.causes
    );
}

#[test]
fn a_bare_403_preflight_is_not_said_to_be_auth_for_certain() {
    let r = run(
        request("DELETE", &[], false),
        vec![exchange(
            Purpose::Preflight,
            "OPTIONS",
            &[
                ("Origin", "https://app.example.com"),
                ("Access-Control-Request-Method", "DELETE"),
            ],
            403,
            &[("Content-Type", "text/plain")],
        )],
        Vec::new(),
    );
    let d = diagnose(&Evidence::Probe(&r));
    assert!(
        d.causes.iter().all(|c| c.likelihood != Likelihood::Certain),
        "a 403 without WWW-Authenticate is no proof of auth: {:?}",
        d.causes
    );
    // With an auth signal it is.
    let r = run(
        request("DELETE", &[], false),
        vec![exchange(
            Purpose::Preflight,
            "OPTIONS",
            &[
                ("Origin", "https://app.example.com"),
                ("Access-Control-Request-Method", "DELETE"),
            ],
            401,
            &[("WWW-Authenticate", "Bearer realm=\"api\"")],
        )],
        Vec::new(),
    );
    let d = diagnose(&Evidence::Probe(&r));
    assert_eq!(d.primary_code(), Some("auth-before-cors"));
    assert_eq!(d.causes[0].likelihood, Likelihood::Certain);
}

#[test]
fn reflecting_any_origin_with_credentials_is_unsafe_and_its_finding_comes_first() {
    // Issue #14: such a server was shown as "Allowed", its high-severity warning at the bottom
    // after a "possible" cache note.
    let sent = [("Origin", "https://app.example.com")];
    let got = [
        ("Access-Control-Allow-Origin", "https://app.example.com"),
        ("Access-Control-Allow-Credentials", "true"),
    ];
    let other = [
        (
            "Access-Control-Allow-Origin",
            "https://corsfix-probe.example",
        ),
        ("Access-Control-Allow-Credentials", "true"),
    ];
    let r = run(
        request("GET", &[], true),
        vec![exchange(Purpose::Actual, "GET", &sent, 200, &got)],
        vec![exchange(
            Purpose::OtherOrigin,
            "GET",
            &[("Origin", "https://corsfix-probe.example")],
            200,
            &other,
        )],
    );
    let ev = Evidence::Probe(&r);
    let d = diagnose(&ev);
    let rep = report(&ev, &d);
    assert_eq!(
        rep.verdict.kind,
        VerdictKind::AllowedUnsafe,
        "{:?}",
        rep.verdict
    );
    assert_eq!(rep.findings[0].code, "reflects-any-origin-with-credentials");
    assert_eq!(rep.findings[0].severity, Severity::High);
    let sev: Vec<Severity> = rep.findings.iter().map(|f| f.severity).collect();
    let mut sorted = sev.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(sev, sorted, "findings most severe first");
    assert!(
        rep.passed,
        "it works; the danger is a finding, not a failure"
    );
}
