//! The page's newer routes: the result fragment, HAR upload, `/rules`, and 404s that suggest
//! what was meant. Bad input is a 4xx page, never a 500.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use corsfix_web::{AppState, ProbeMode};

use super::{body_text, get, local, send, unescape};

const PREFLIGHT_401: &str = "Access+to+fetch+at+%27https%3A%2F%2Fapi.example.com%2Fitems%27+from+origin+%27https%3A%2F%2Fapp.example.com%27+has+been+blocked+by+CORS+policy%3A+Response+to+preflight+request+doesn%27t+pass+access+control+check%3A+It+does+not+have+HTTP+ok+status.";

async fn location(path: &str) -> (StatusCode, String) {
    let resp = send(local(), Request::get(path).body(Body::empty()).unwrap()).await;
    let status = resp.status();
    let to = resp
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, to)
}

/// The text of every `<h1>`…`<h6>` and `<title>` in a page.
fn headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in ["title", "h1", "h2", "h3", "h4", "h5", "h6"] {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        let mut rest = html;
        while let Some(i) = rest.find(&open) {
            let after = &rest[i..];
            let Some(end) = after.find(&close) else { break };
            out.push(after[..end].to_owned());
            rest = &after[end..];
        }
    }
    out
}

#[tokio::test]
async fn explain_shows_verdict_cause_then_the_headers_and_the_picked_frameworks_code() {
    let (status, html) = get(&format!("/?mode=explain&error={PREFLIGHT_401}")).await;
    assert_eq!(status, StatusCode::OK);
    let text = unescape(&html);
    // verdict → cause → fix → evidence, in that order.
    let order = [
        "class=\"verdict-line",
        "class=\"report-cause\"",
        "class=\"report-fix\"",
        "class=\"evidence\"",
    ]
    .map(|m| {
        text.find(m)
            .unwrap_or_else(|| panic!("{m} missing: {text}"))
    });
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // Until a framework is picked, the fix is the headers, for this page's origin.
    assert!(text.contains("access-control-allow-origin: https://app.example.com"));
    assert!(!text.contains("<figure class=\"file\">"));
    assert!(text.contains("<option value=\"\" selected>Any server: the headers</option>"));
    // Picked: that framework's code, and the picker says so.
    let (_, html) = get(&format!(
        "/?mode=explain&error={PREFLIGHT_401}&target=express"
    ))
    .await;
    let text = unescape(&html);
    assert!(text.contains("<figure class=\"file\">"), "{text}");
    assert!(text.contains("<option value=\"express\" selected"));
    assert!(text.contains("https://app.example.com"));
    // An unknown framework is said so on the page; the explanation still stands.
    let (status, html) = get(&format!("/?mode=explain&error={PREFLIGHT_401}&target=nope")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("class=\"verdict-line"));
    assert!(html.contains("role=\"alert\""));
}

#[tokio::test]
async fn a_message_without_the_page_origin_asks_for_it_and_writes_the_fix_for_it() {
    // Firefox does not print the page's origin.
    let firefox = "Cross-Origin+Request+Blocked%3A+The+Same+Origin+Policy+disallows+reading+the+remote+resource+at+https%3A%2F%2Fapi.example.com%2Fitems.+%28Reason%3A+CORS+header+%E2%80%98Access-Control-Allow-Origin%E2%80%99+missing%29.+Status+code%3A+200.";
    let (status, html) = get(&format!("/?mode=explain&error={firefox}")).await;
    assert_eq!(status, StatusCode::OK);
    let text = unescape(&html);
    assert!(text.contains("id=\"explain-form-origin\""), "{text}");
    // Nothing is made up: no headers until the origin is known, and the page says what it needs.
    assert!(!text.contains("access-control-allow-origin:"), "{text}");
    assert!(text.contains("class=\"notes unknowns\""), "{text}");
    let (_, html) = get(&format!(
        "/?mode=explain&error={firefox}&origin=http%3A%2F%2Flocalhost%3A5173"
    ))
    .await;
    let text = unescape(&html);
    assert!(
        text.contains("access-control-allow-origin: http://localhost:5173"),
        "{text}"
    );
    assert!(text.contains("value=\"http://localhost:5173\""));
    // A mistake in it is said on the page, not a 500.
    let (status, html) = get(&format!(
        "/?mode=explain&error={firefox}&origin=localhost%3A5173%2F"
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("role=\"alert\""), "{html}");
    // A Chrome message carries it: no question.
    let (_, html) = get(&format!("/?mode=explain&error={PREFLIGHT_401}")).await;
    assert!(!html.contains("id=\"explain-form-origin\""));
}

#[tokio::test]
async fn the_result_fragment_is_the_same_markup_without_the_page_around_it() {
    let (status, html) = get(&format!("/result?mode=explain&error={PREFLIGHT_401}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<html"), "{html}");
    assert!(html.contains("class=\"verdict-line"));
    let (_, page) = get(&format!("/?mode=explain&error={PREFLIGHT_401}")).await;
    let start = page.find("<article class=\"report\">").unwrap();
    let end = page.find("</article>").unwrap();
    assert!(
        html.contains(&page[start..end]),
        "the fragment and the page render the same result"
    );
    let (status, html) = get("/result?mode=fix&origins=https%3A%2F%2Fa.example&methods=GET").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("✓ allowed").count(), 3);
    let (status, _) = get("/result?mode=explain").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = get("/result?mode=fix&origins=a&origins=b").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

fn multipart(field: &str, file_name: &str, content: &[u8]) -> Request<Body> {
    let boundary = "XcorsfixBoundary7";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/json\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::post("/har")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

const HAR: &str = r#"{"log":{"entries":[
  {"request":{"method":"OPTIONS","url":"https://api.example.com/items","headers":[
     {"name":"Origin","value":"https://app.example.com"},
     {"name":"Access-Control-Request-Method","value":"DELETE"}]},
   "response":{"status":204,"headers":[
     {"name":"Access-Control-Allow-Origin","value":"https://app.example.com"},
     {"name":"Access-Control-Allow-Methods","value":"GET, POST"}]}},
  {"request":{"method":"DELETE","url":"https://api.example.com/items","headers":[
     {"name":"Origin","value":"https://app.example.com"}]},
   "response":{"status":0,"headers":[]}}
]}}"#;

#[tokio::test]
async fn a_har_upload_is_judged_in_local_mode_only() {
    let resp = send(local(), multipart("har", "<b>session.har", HAR.as_bytes())).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let html = body_text(resp).await;
    let text = unescape(&html);
    // The browser's own words (Chromium's message for a method the preflight did not allow).
    assert!(
        text.contains("Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response."),
        "{text}"
    );
    assert!(text.contains("id=\"har-summary\""));
    assert!(html.contains("never stored or logged"));
    // The file name is the user's text: escaped.
    assert!(!html.contains("<b>session.har"));
    // In public mode the page refuses the file.
    let resp = send(
        AppState::new(ProbeMode::Public),
        multipart("har", "session.har", HAR.as_bytes()),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    // GET /har is the tab.
    assert_eq!(
        location("/har").await,
        (StatusCode::SEE_OTHER, "/?mode=har".to_owned())
    );
}

#[tokio::test]
async fn bad_har_uploads_are_4xx_pages_never_500() {
    let cases: Vec<(Request<Body>, StatusCode)> = vec![
        (
            multipart("har", "x.har", b"this is not json"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            multipart("har", "x.har", br#"{"log": 3}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (multipart("har", "x.har", b""), StatusCode::BAD_REQUEST),
        (
            multipart("other", "x.har", HAR.as_bytes()),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::post("/har")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(HAR))
                .unwrap(),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::post("/har")
                .header(header::CONTENT_TYPE, "multipart/form-data; boundary=nope")
                .body(Body::from("--garbage"))
                .unwrap(),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (i, (req, want)) in cases.into_iter().enumerate() {
        let resp = send(local(), req).await;
        assert_eq!(resp.status(), want, "case {i}");
        let html = body_text(resp).await;
        assert!(html.contains("<!doctype html>"), "case {i}: {html}");
        assert!(html.contains("role=\"alert\""), "case {i}: {html}");
    }
}

#[tokio::test]
async fn a_rule_has_its_page_and_the_index_lists_every_rule() {
    let (status, html) = get("/rules").await;
    assert_eq!(status, StatusCode::OK);
    for r in corsfix_policy::Rule::ALL {
        assert!(
            unescape(&html).contains(&format!("href=\"/rules/{}\"", r.code())),
            "{}",
            r.code()
        );
    }
    let (status, html) = get("/rules/CORS007").await;
    assert_eq!(status, StatusCode::OK);
    let text = unescape(&html);
    assert!(text.contains("<h2>Why is this bad?</h2>"), "{text}");
    assert!(text.contains("wildcard-headers-expecting-authorization"));
    assert!(text.contains("<a href=\"https://fetch.spec.whatwg.org/#cors-preflight-fetch\">"));
    assert!(text.contains("href=\"/rules/CORS006\"") && text.contains("href=\"/rules/CORS008\""));
    // Another spelling of a rule is the same page.
    assert_eq!(
        location("/rules/cors007").await,
        (StatusCode::PERMANENT_REDIRECT, "/rules/CORS007".to_owned())
    );
    assert_eq!(
        location("/rules/null-origin-allowed").await,
        (StatusCode::PERMANENT_REDIRECT, "/rules/CORS003".to_owned())
    );
    // The Fix tool's findings link their rule.
    let (_, html) = get("/?mode=fix&origins=*&credentials=on&methods=GET").await;
    assert!(
        unescape(&html).contains("href=\"/rules/CORS001\""),
        "{html}"
    );
}

#[tokio::test]
async fn misspelt_addresses_are_404s_that_suggest_the_page_meant() {
    for (path, meant) in [
        ("/rules/CORS999", "/rules/CORS009"),
        ("/rule/CORS001", "/rules/CORS001"),
        (
            "/errors/preflight-status",
            "/errors/preflight-invalid-status",
        ),
        ("/fix/expresss", "/fix/express"),
        ("/erors", "/errors"),
        ("/flask", "/fix/flask"),
    ] {
        let (status, html) = get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        let text = unescape(&html);
        assert!(text.contains("Did you mean"), "{path}: {text}");
        assert!(
            text.contains(&format!("<a href=\"{meant}\">")),
            "{path}: {text}"
        );
        // And the way home, as links.
        assert!(text.contains("<a href=\"/errors\">"), "{path}");
    }
    // Nothing close: no guess, still the links.
    let (status, html) = get("/qqqqqqqqqqqqqqqqqqqq").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("Did you mean"));
    assert!(unescape(&html).contains("<a href=\"/rules\">"));
    // One obvious meaning is a redirect.
    assert_eq!(
        location("/errors/PreflightInvalidStatus").await,
        (
            StatusCode::PERMANENT_REDIRECT,
            "/errors/preflight-invalid-status".to_owned()
        )
    );
    assert_eq!(
        location("/fix/Express").await,
        (StatusCode::PERMANENT_REDIRECT, "/fix/express".to_owned())
    );
    // Hostile paths are escaped.
    let (status, html) = get("/errors/%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("<script>alert"));
}

#[tokio::test]
async fn headings_and_titles_never_show_raw_backticks() {
    for path in [
        "/".to_owned(),
        format!("/?mode=explain&error={PREFLIGHT_401}&target=express"),
        "/?mode=fix&origins=*&credentials=on&methods=GET&target=express".to_owned(),
        "/rules".to_owned(),
        "/rules/CORS007".to_owned(),
        "/errors/header-disallowed-by-preflight-response".to_owned(),
        "/fix/express".to_owned(),
    ] {
        let (status, html) = get(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let raw: Vec<String> = headings(&html)
            .into_iter()
            .filter(|h| h.contains('`'))
            .collect();
        assert!(raw.is_empty(), "{path}: {raw:#?}");
    }
}

#[tokio::test]
async fn the_fix_form_starts_from_the_clis_default_policy() {
    let defaults = corsfix_policy::default_spec(vec!["https://app.example.com".to_owned()]);
    let (_, html) = get("/?mode=fix").await;
    let text = unescape(&html);
    assert!(
        text.contains(&format!("value=\"{}\"", defaults.methods.join(", "))),
        "{text}"
    );
    assert!(text.contains(&format!(
        "value=\"{}\"",
        defaults.request_headers.join(", ")
    )));
    assert!(text.contains(&format!("value=\"{}\"", defaults.max_age.unwrap())));
    assert_eq!(
        text.contains("id=\"credentials\" name=\"credentials\" checked"),
        defaults.credentials
    );
    // The framework pages show the same policy.
    let (_, html) = get("/fix/express").await;
    for m in &defaults.methods {
        assert!(html.contains(&format!("<code>{m}</code>")), "{m}");
    }
}

#[tokio::test]
async fn a_mistyped_page_origin_gets_the_clis_message_in_explain_and_check() {
    let (message, suggestion) =
        corsfix_policy::parse_page_origin("https://app.example.com/").unwrap_err();
    let firefox = "Cross-Origin+Request+Blocked%3A+The+Same+Origin+Policy+disallows+reading+the+remote+resource+at+https%3A%2F%2Fapi.example.com%2Fitems.+%28Reason%3A+CORS+header+%E2%80%98Access-Control-Allow-Origin%E2%80%99+missing%29.+Status+code%3A+200.";
    let (_, html) = get(&format!(
        "/?mode=explain&error={firefox}&origin=https%3A%2F%2Fapp.example.com%2F"
    ))
    .await;
    let text = unescape(&html);
    assert!(text.contains(&message), "{text}");
    assert!(text.contains(&suggestion.clone().unwrap()), "{text}");
    let resp = send(
        local(),
        super::post_json(
            "/api/v1/check",
            &serde_json::json!({"url": "http://127.0.0.1:9/x", "origin": "https://app.example.com/"}),
        ),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = body_text(resp).await;
    assert!(
        body.contains(&message.replace('"', "\\\"")) || body.contains(&message),
        "{body}"
    );
}

#[tokio::test]
async fn the_picker_offers_the_headers_first_then_the_raw_target_then_every_framework_once() {
    let (_, html) = get(&format!("/?mode=explain&error={PREFLIGHT_401}")).await;
    let start = html.find("<select id=\"explain-form-target\"").unwrap();
    let select = &html[start..start + html[start..].find("</select>").unwrap()];
    let values: Vec<&str> = select
        .split("<option value=\"")
        .skip(1)
        .map(|o| &o[..o.find('"').unwrap()])
        .collect();
    assert_eq!(values[0], "", "the exact headers come first");
    let ids: Vec<String> = serde_json::from_str::<serde_json::Value>(
        &body_text(
            send(
                local(),
                Request::get("/api/v1/targets").body(Body::empty()).unwrap(),
            )
            .await,
        )
        .await,
    )
    .unwrap()["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    for id in &ids {
        assert_eq!(
            values.iter().filter(|v| **v == id.as_str()).count(),
            1,
            "{id}"
        );
    }
    assert_eq!(values.len(), ids.len() + 1);
    if ids.iter().any(|id| id == "headers") {
        assert_eq!(
            values[1], "headers",
            "the raw headers target for any other server"
        );
        // Its file is prose with headers in it: shown wrapped.
        let (status, html) = get(&format!(
            "/?mode=explain&error={PREFLIGHT_401}&target=headers"
        ))
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("class=\"code wrapped\""), "{html}");
    }
}
