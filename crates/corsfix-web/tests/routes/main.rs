//! Route tests: the whole app in-process with `oneshot`, JSON checked against the OpenAPI
//! schemas in `docs/api/openapi.json`.
#![allow(clippy::unwrap_used, unreachable_pub)]

mod guide;
mod pages;
mod schema;

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use corsfix_web::{AppState, ProbeMode, app};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use schema::Schemas;

fn local() -> AppState {
    AppState::new(ProbeMode::Local)
}

async fn send(state: AppState, req: Request<Body>) -> Response {
    app(state).oneshot(req).await.unwrap()
}

async fn body_text(resp: Response) -> String {
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

async fn get(path: &str) -> (StatusCode, String) {
    let resp = send(local(), Request::get(path).body(Body::empty()).unwrap()).await;
    let status = resp.status();
    (status, body_text(resp).await)
}

fn post_json(path: &str, body: &Value) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// Undo minijinja's HTML escaping, to compare page text with the model's exact lines.
fn unescape(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

async fn json_of(resp: Response) -> Value {
    let text = body_text(resp).await;
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn policy_body() -> Value {
    json!({
        "policy": {
            "origins": ["https://app.example.com"],
            "credentials": true,
            "methods": ["GET", "PUT"],
            "request_headers": ["Content-Type", "Authorization"],
            "expose_headers": [],
            "max_age": 600
        }
    })
}

// ---------- pages ----------

#[tokio::test]
async fn the_home_page_opens_on_explain_with_the_guide_under_it() {
    let resp = send(local(), Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let csp = resp.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(resp.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(resp.headers()[header::REFERRER_POLICY], "no-referrer");
    let html = body_text(resp).await;
    assert!(
        html.len() < 100 * 1024,
        "first page is {} bytes",
        html.len()
    );
    // A first-time visitor lands on Explain.
    assert!(html.contains("id=\"explain-form\""));
    assert!(html.contains("id=\"tab-explain\" aria-current=\"page\""));
    assert!(!html.contains("id=\"fix-form\""));
    // Local mode offers the HAR upload.
    assert!(html.contains("id=\"tab-har\""));
    assert!(html.contains("<svg viewBox"));
    assert!(html.contains("href=\"/errors/preflight-invalid-status\""));
    // No inline script, no third-party host.
    assert!(!html.contains("<script>"));
    assert!(!html.contains("src=\"http"), "external resource in page");
}

#[tokio::test]
async fn fix_mode_shows_the_headers_until_a_framework_is_picked() {
    let (status, html) = get("/?mode=fix").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"fix-form\""));
    // The default policy passes in all three browsers.
    assert_eq!(html.matches("✓ allowed").count(), 3, "{html}");
    assert!(unescape(&html).contains("access-control-allow-origin: https://app.example.com"));
    assert!(
        !html.contains("<figure class=\"file\">"),
        "no framework picked yet"
    );
    let (_, html) =
        get("/?mode=fix&origins=https%3A%2F%2Fapp.example.com&methods=GET&target=flask").await;
    assert!(html.contains("<figure class=\"file\">"), "{html}");
}

#[tokio::test]
async fn a_fix_link_with_another_origin_shows_each_browsers_exact_error() {
    let (status, html) = get("/?mode=fix&origins=https%3A%2F%2Fapp.example.com&methods=GET%2C+PUT&headers=Content-Type&max_age=60&try_origin=https%3A%2F%2Fevil.example").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("✗ blocked").count(), 3);
    assert!(unescape(&html).contains(
        "Access to fetch at 'https://api.example.com/v1/items' from origin 'https://evil.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource."
    ), "{html}");
    assert!(html.contains("Cross-Origin Request Blocked"));
}

#[tokio::test]
async fn bad_fix_input_is_reported_on_the_page_and_escaped() {
    let (status, html) =
        get("/?mode=fix&origins=%3Cscript%3Ealert(1)%3C%2Fscript%3E&methods=GET").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("role=\"alert\""));
    assert!(!html.contains("<script>alert(1)"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "{html}"
    );
    let (_, html) = get("/?mode=fix&origins=https://a.example&max_age=soon").await;
    assert!(html.contains("max-age must be a whole number"));
}

#[tokio::test]
async fn a_malformed_query_is_a_400_page_not_a_panic() {
    let (status, html) = get("/?mode=fix&origins=a&origins=b").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("That link does not parse"));
}

#[tokio::test]
async fn explain_and_check_modes_render_their_forms() {
    let (status, html) = get("/?mode=explain").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("id=\"explain-form\"")
            && html.contains("id=\"tab-explain\" aria-current=\"page\"")
    );
    let (status, html) = get("/?mode=check").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"check-form\""));
}

#[tokio::test]
async fn every_error_page_has_its_title_description_and_all_three_wordings() {
    let (status, index) = get("/errors").await;
    assert_eq!(status, StatusCode::OK);
    let slugs: Vec<String> = index
        .match_indices("href=\"/errors/")
        .map(|(i, m)| {
            let rest = &index[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect();
    assert_eq!(slugs.len(), corsfix_model::ALL_CORS_ERRORS.len());
    for slug in slugs {
        let (status, html) = get(&format!("/errors/{slug}")).await;
        assert_eq!(status, StatusCode::OK, "{slug}");
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{slug}"
        );
        assert!(
            html.contains("data-browser=\"firefox\"") && html.contains("data-browser=\"safari\""),
            "{slug}"
        );
        assert!(
            html.contains("<pre class=\"console\" data-") && html.contains(">Access to "),
            "{slug}"
        );
    }
    let (status, html) = get("/errors/preflight-invalid-status").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<title>Response to preflight request does not have HTTP ok status"));
    let html = unescape(&html);
    assert!(html.contains("It does not have HTTP ok status."));
    assert!(html.contains("CORS preflight response did not succeed). Status code: 401."));
    assert!(html.contains("Preflight response is not successful. Status code: 401"));
}

#[tokio::test]
async fn unknown_pages_are_404_html_and_unknown_api_paths_are_404_json() {
    let (status, html) = get("/errors/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("No such error"));
    let (status, html) = get("/nowhere").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("<!doctype html>"));
    let resp = send(
        local(),
        Request::get("/api/v1/nowhere").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    Schemas::load().assert_valid("Error", &json_of(resp).await);
}

#[tokio::test]
async fn assets_are_embedded_cached_and_typed() {
    let resp = send(
        local(),
        Request::get("/assets/app.js").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.headers()[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    assert!(
        resp.headers()[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let etag = resp.headers()[header::ETAG].clone();
    let again = send(
        local(),
        Request::get("/assets/app.js")
            .header(header::IF_NONE_MATCH, etag)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let (status, _) = get("/assets/nope.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, css) = get("/assets/style.css").await;
    let (_, js) = get("/assets/app.js").await;
    let (_, html) = get("/").await;
    assert!(
        css.len() + js.len() + html.len() < 100 * 1024,
        "first load is over 100 KB"
    );
}

// ---------- the API ----------

#[tokio::test]
async fn generate_returns_the_preview_matching_the_schema() {
    let resp = send(local(), post_json("/api/v1/generate", &policy_body())).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let v = json_of(resp).await;
    Schemas::load().assert_valid("GenerateResponse", &v);
    assert_eq!(v["preview"]["request"]["method"], "PUT");
    for b in v["preview"]["verdicts"].as_array().unwrap() {
        assert_eq!(b["allowed"], true, "{b}");
    }
    let mut body = policy_body();
    body["sample"] = json!({"origin": "https://other.example", "method": "PUT"});
    let v = json_of(send(local(), post_json("/api/v1/generate", &body)).await).await;
    assert_eq!(
        v["preview"]["verdicts"][0]["kind"],
        "PreflightMissingAllowOriginHeader"
    );
}

#[tokio::test]
async fn generate_rejects_bad_input_with_json_errors() {
    let schemas = Schemas::load();
    // Every problem at once, 422.
    let resp = send(
        local(),
        post_json(
            "/api/v1/generate",
            &json!({"policy": {"origins": ["app.example.com"], "methods": ["P UT"]}}),
        ),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v = json_of(resp).await;
    schemas.assert_valid("Error", &v);
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("app.example.com") && msg.contains("P UT"),
        "{msg}"
    );

    // Syntax error, unknown field, wrong type: 400.
    for bad in [
        "{",
        r#"{"policy": {"origins": 5}}"#,
        r#"{"policy": {}, "extra": 1}"#,
    ] {
        let resp = send(
            local(),
            Request::post("/api/v1/generate")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(bad))
                .unwrap(),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{bad}");
        let v = json_of(resp).await;
        schemas.assert_valid("Error", &v);
        assert_eq!(v["error"]["code"], "invalid-json");
    }

    // No JSON content type: 415.
    let resp = send(
        local(),
        Request::post("/api/v1/generate")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    schemas.assert_valid("Error", &json_of(resp).await);

    // Too large: 413.
    let big = json!({"text": "x".repeat(corsfix_web::MAX_BODY_BYTES + 10)});
    let resp = send(local(), post_json("/api/v1/explain", &big)).await;
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let v = json_of(resp).await;
    schemas.assert_valid("Error", &v);
    assert_eq!(v["error"]["code"], "body-too-large");

    // Wrong method: 405, JSON.
    let resp = send(
        local(),
        Request::get("/api/v1/generate")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    schemas.assert_valid("Error", &json_of(resp).await);
}

#[tokio::test]
async fn simulate_answers_per_browser_with_the_exact_messages() {
    let case = json!({
        "origin": "https://app.example.com",
        "url": "https://api.example.com/items",
        "request": {"method": "PUT", "headers": {"Content-Type": "application/json"}},
        "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]}
    });
    let resp = send(local(), post_json("/api/v1/simulate", &case)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let v = json_of(resp).await;
    Schemas::load().assert_valid("Simulation", &v);
    assert_eq!(v["chrome"]["allowed"], false);
    assert_eq!(
        v["chrome"]["failure"]["reason"]["error"],
        "MethodDisallowedByPreflightResponse"
    );
    assert!(
        v["firefox"]["failure"]["lines"][0]
            .as_str()
            .unwrap()
            .contains("Did not find method")
    );
    // A case that does not parse is a 400 with the reason.
    let resp = send(
        local(),
        post_json("/api/v1/simulate", &json!({"origin": "x"})),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn targets_and_openapi_are_served() {
    let resp = send(
        local(),
        Request::get("/api/v1/targets").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    Schemas::load().assert_valid("TargetsResponse", &json_of(resp).await);
    let resp = send(
        local(),
        Request::get("/api/v1/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let doc = json_of(resp).await;
    assert_eq!(doc["openapi"], "3.1.0");
    for path in ["/targets", "/simulate", "/generate", "/explain", "/check"] {
        assert!(doc["paths"].get(path).is_some(), "{path} undocumented");
    }
}

#[tokio::test]
async fn the_api_index_lists_the_features_with_or_without_a_slash() {
    for path in ["/api/v1", "/api/v1/"] {
        let resp = send(local(), Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let v = json_of(resp).await;
        assert_eq!(v["features"]["explain"], true, "{path}: {v}");
        assert_eq!(v["openapi"], "/api/v1/openapi.json");
    }
}

#[tokio::test]
async fn explain_reads_a_pasted_error_and_links_its_guide_page() {
    let text = "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.";
    let resp = send(
        local(),
        post_json("/api/v1/explain", &json!({ "text": text })),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let v = json_of(resp).await;
    Schemas::load().assert_valid("Explanation", &v);
    assert_eq!(v["recognized"], true);
    assert_eq!(v["kind"], "PreflightInvalidStatus");
    assert_eq!(v["guide"], "/errors/preflight-invalid-status");
    assert_eq!(v["origin"], "https://app.example.com");
    assert!(!v["diagnosis"]["causes"].as_array().unwrap().is_empty());
    assert_eq!(
        v["check_link"],
        "/?mode=check&url=https%3A%2F%2Fapi.example.com%2Fitems&origin=https%3A%2F%2Fapp.example.com&method=GET"
    );
    let fix = v["fix_link"].as_str().unwrap();
    assert!(
        fix.starts_with("/?mode=fix&origins=https%3A%2F%2Fapp.example.com"),
        "{fix}"
    );
    // A header the preflight refused ends up in the Fix link.
    let text = "Access to fetch at 'https://api.example.com/items' from origin 'http://localhost:5173' has been blocked by CORS policy: Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.";
    let v = json_of(
        send(
            local(),
            post_json("/api/v1/explain", &json!({ "text": text })),
        )
        .await,
    )
    .await;
    assert!(v["fix_link"].as_str().unwrap().contains("x-api-key"), "{v}");
    // Not recognized is still an answer, not an error.
    let v = json_of(
        send(
            local(),
            post_json("/api/v1/explain", &json!({"text": "hello"})),
        )
        .await,
    )
    .await;
    assert_eq!(v["recognized"], false);
    // And the page, without JavaScript.
    let (status, html) = get("/?mode=explain&error=Access+to+fetch+at+%27https%3A%2F%2Fb.example%2Fx%27+from+origin+%27https%3A%2F%2Fa.example%27+has+been+blocked+by+CORS+policy%3A+No+%27Access-Control-Allow-Origin%27+header+is+present+on+the+requested+resource.").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("class=\"report\""), "{html}");
    assert!(
        html.contains("href=\"&#x2f;errors&#x2f;missing-allow-origin-header\"")
            || html.contains("href=\"/errors/missing-allow-origin-header\""),
        "{html}"
    );
}

#[tokio::test]
async fn explain_refuses_empty_text_with_a_json_422() {
    let resp = send(
        local(),
        post_json("/api/v1/explain", &json!({"text": "  "})),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    Schemas::load().assert_valid("Error", &json_of(resp).await);
}

#[test]
fn the_schema_checker_can_fail() {
    let s = Schemas::load();
    assert!(!s.is_valid("Error", &json!({"error": {"code": "x"}})));
    assert!(!s.is_valid(
        "Error",
        &json!({"error": {"code": "x", "message": "m", "extra": 1}})
    ));
    assert!(!s.is_valid("BrowserVerdict", &json!({"browser": "opera", "allowed": true, "preflight_sent": false, "kind": null, "lines": []})));
    assert!(s.is_valid("BrowserVerdict", &json!({"browser": "chrome", "allowed": true, "preflight_sent": false, "kind": null, "lines": []})));
}

// ---------- the API's own CORS ----------

#[tokio::test]
async fn a_real_preflight_gets_a_complete_answer() {
    let resp = send(
        local(),
        Request::options("/api/v1/generate")
            .header(header::ORIGIN, "https://someone.example")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    let h = resp.headers();
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(
        h[header::ACCESS_CONTROL_ALLOW_METHODS]
            .to_str()
            .unwrap()
            .contains("POST")
    );
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_HEADERS], "Content-Type");
    assert_eq!(h[header::ACCESS_CONTROL_MAX_AGE], "7200");
    assert!(h.get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none());
}

#[tokio::test]
async fn options_without_request_method_is_not_a_preflight() {
    let resp = send(
        local(),
        Request::options("/api/v1/generate")
            .header(header::ORIGIN, "https://someone.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn the_model_itself_says_a_browser_may_call_the_api() {
    // Feed the API's real preflight and response headers to the model: a page elsewhere that
    // POSTs JSON must pass in every browser.
    let pre = send(
        local(),
        Request::options("/api/v1/generate")
            .header(header::ORIGIN, "https://someone.example")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let actual = send(local(), post_json("/api/v1/generate", &policy_body())).await;
    let pairs = |r: &Response| -> Vec<(String, String)> {
        r.headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap().to_owned()))
            .collect()
    };
    let case = corsfix_model::Case { address_space: None, lna_permission: None,
        id: None,
        origin: "https://someone.example".into(),
        url: "http://127.0.0.1:8080/api/v1/generate".into(),
        request: serde_json::from_value(json!({"method": "POST", "headers": {"Content-Type": "application/json"}, "read_headers": ["Retry-After"]})).unwrap(),
        preflight: Some(corsfix_model::ResponseSpec { status: pre.status().as_u16(), headers: pairs(&pre), next: None }),
        actual: Some(corsfix_model::ResponseSpec { status: actual.status().as_u16(), headers: pairs(&actual), next: None }),
    };
    let sim = corsfix_model::Simulation::run(&case);
    for b in corsfix_model::Browser::ALL {
        assert!(sim.get(b).allowed, "{b:?}: {:?}", sim.get(b).failure);
        assert!(sim.get(b).preflight_sent);
    }
}

#[tokio::test]
async fn in_local_mode_other_sites_cannot_drive_the_checker() {
    let resp = send(
        local(),
        Request::options("/api/v1/check")
            .header(header::ORIGIN, "https://evil.example")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert!(
        resp.headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
    let resp = send(
        local(),
        Request::post("/api/v1/check")
            .header(header::CONTENT_TYPE, "application/json")
            .header("sec-fetch-site", "cross-site")
            .body(Body::from(
                json!({"url": "http://127.0.0.1:9/", "origin": "https://evil.example"}).to_string(),
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert!(
        resp.headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
    // A page link from another site is shown, not run.
    let resp = send(
        local(),
        Request::get("/?mode=check&url=http%3A%2F%2F127.0.0.1%3A9%2F&origin=https%3A%2F%2Fevil.example&method=DELETE")
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let html = body_text(resp).await;
    assert!(html.contains("was not run automatically"), "{html}");
}

#[tokio::test]
async fn a_local_server_refuses_foreign_host_names() {
    let resp = send(
        local(),
        Request::get("/")
            .header(header::HOST, "rebind.evil.example:8080")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::MISDIRECTED_REQUEST);
    let resp = send(
        AppState::new(ProbeMode::Public),
        Request::get("/")
            .header(header::HOST, "corsfix.example.org")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    // No HAR upload from a server others can reach.
    assert!(!body_text(resp).await.contains("id=\"tab-har\""));
    let resp = send(
        AppState::new(ProbeMode::Public),
        Request::get("/?mode=check")
            .header(header::HOST, "corsfix.example.org")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(body_text(resp).await.contains("Public mode:"));
}

#[tokio::test]
async fn public_mode_rate_limits_live_checks_per_client() {
    let state = AppState::with_probe_limit(ProbeMode::Public, 2, Duration::from_secs(3600));
    let req = |ip: &str| {
        let mut r = post_json(
            "/api/v1/check",
            &json!({"url": "https://203.0.113.9/", "origin": "https://app.example.com"}),
        );
        let addr: SocketAddr = format!("{ip}:5555").parse().unwrap();
        r.extensions_mut().insert(ConnectInfo(addr));
        r
    };
    for _ in 0..2 {
        let resp = send(state.clone(), req("198.51.100.1")).await;
        assert_ne!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    let resp = send(state.clone(), req("198.51.100.1")).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(resp.headers().contains_key(header::RETRY_AFTER));
    Schemas::load().assert_valid("Error", &json_of(resp).await);
    let other = send(state, req("198.51.100.2")).await;
    assert_ne!(other.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    use corsfix_web::client::TrustedProxies;
    let state = AppState::with_probe_limit(ProbeMode::Public, 1, Duration::from_secs(3600))
        .with_trusted_proxies(TrustedProxies::new(vec!["10.0.0.0/8".parse().unwrap()]));
    let req = |peer: &str, forwarded: &str| {
        let mut r = post_json(
            "/api/v1/check",
            &json!({"url": "https://203.0.113.9/", "origin": "https://app.example.com"}),
        );
        r.headers_mut()
            .insert("x-forwarded-for", forwarded.parse().unwrap());
        let addr: SocketAddr = format!("{peer}:5555").parse().unwrap();
        r.extensions_mut().insert(ConnectInfo(addr));
        r
    };
    let limited = |s: StatusCode| s == StatusCode::TOO_MANY_REQUESTS;
    // Two clients behind the proxy: one probe each.
    assert!(!limited(
        send(state.clone(), req("10.0.0.2", "198.51.100.1"))
            .await
            .status()
    ));
    assert!(!limited(
        send(state.clone(), req("10.0.0.2", "198.51.100.2"))
            .await
            .status()
    ));
    // The first again, even with a forged entry in front: limited.
    assert!(limited(
        send(state.clone(), req("10.0.0.2", "1.2.3.4, 198.51.100.1"))
            .await
            .status()
    ));
    // A peer that is not the proxy cannot pick its bucket with the header.
    assert!(!limited(
        send(state.clone(), req("203.0.113.50", "198.51.100.3"))
            .await
            .status()
    ));
    assert!(limited(
        send(state, req("203.0.113.50", "198.51.100.4"))
            .await
            .status()
    ));
}

// ---------- live checks ----------

/// An API on 127.0.0.1 that allows only `http://localhost:5173`, `GET` and `POST`.
async fn scripted_api() -> SocketAddr {
    use axum::http::HeaderMap;
    use axum::routing::any;
    async fn handler(method: axum::http::Method, headers: HeaderMap) -> Response {
        let allowed = headers
            .get(header::ORIGIN)
            .is_some_and(|o| o == "http://localhost:5173");
        let mut b = axum::http::Response::builder().header(header::VARY, "Origin");
        if allowed {
            b = b.header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:5173");
        }
        if method == axum::http::Method::OPTIONS {
            if allowed {
                b = b.header(header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST");
            }
            return b.status(204).body(Body::empty()).unwrap();
        }
        b.header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{\"items\":[]}"))
            .unwrap()
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, axum::Router::new().fallback(any(handler)))
            .await
            .unwrap();
    });
    addr
}

#[tokio::test]
async fn a_local_check_probes_the_api_and_names_the_problem() {
    let addr = scripted_api().await;
    let schemas = Schemas::load();
    let body = json!({"url": format!("http://{addr}/items"), "origin": "http://localhost:5173", "method": "PUT", "headers": [["Content-Type", "application/json"]]});
    let resp = send(local(), post_json("/api/v1/check", &body)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let v = json_of(resp).await;
    schemas.assert_valid("CheckResponse", &v);
    assert_eq!(v["allowed"], false);
    assert_eq!(
        v["verdicts"][0]["kind"],
        "MethodDisallowedByPreflightResponse"
    );
    assert_eq!(v["timeline"][0]["kind"], "preflight");
    assert_eq!(v["timeline"][0]["status"], 204);
    assert!(
        v["fix_link"].as_str().unwrap().contains("PUT"),
        "{}",
        v["fix_link"]
    );

    let ok = json!({"url": format!("http://{addr}/items"), "origin": "http://localhost:5173"});
    let v = json_of(send(local(), post_json("/api/v1/check", &ok)).await).await;
    schemas.assert_valid("CheckResponse", &v);
    assert_eq!(v["allowed"], true);

    // The same check through the page, without JavaScript.
    let url = format!(
        "/?mode=check&url=http%3A%2F%2F{addr}%2Fitems&origin=http%3A%2F%2Flocalhost%3A5173&method=PUT"
    );
    let (status, html) = get(&url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        unescape(&html).contains(
            "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."
        ),
        "{html}"
    );

    // Bad input is a 422 with the reason.
    let bad = json!({"url": "ftp://x.example/", "origin": "http://localhost:5173"});
    let resp = send(local(), post_json("/api/v1/check", &bad)).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    schemas.assert_valid("Error", &json_of(resp).await);
}

#[tokio::test]
async fn public_mode_probes_a_permitted_target_and_nothing_next_to_it() {
    use corsfix_probe::ssrf::{Guard, StaticResolver};
    use std::net::IpAddr;
    use std::sync::Arc;
    let addr = scripted_api().await;
    let loopback: IpAddr = "127.0.0.1".parse().unwrap();
    // The test API stands in for a customer's public API: its name resolves to loopback and the
    // guard permits exactly that address and port, as an operator would for a known service.
    let resolver = StaticResolver::new().with("api.customer.example", &[loopback]);
    let state = AppState::with_probe_limit(ProbeMode::Public, 1000, Duration::from_secs(1))
        .with_guard(
            Guard::public_only()
                .with_resolver(Arc::new(resolver))
                .allowing(addr),
        );
    let schemas = Schemas::load();
    let url = format!("http://api.customer.example:{}/items", addr.port());
    let ok = json!({"url": url, "origin": "http://localhost:5173"});
    let resp = send(state.clone(), post_json("/api/v1/check", &ok)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let v = json_of(resp).await;
    schemas.assert_valid("CheckResponse", &v);
    assert_eq!(v["allowed"], true, "{v}");
    let blocked = json!({"url": url, "origin": "http://localhost:5173", "method": "PUT"});
    let v = json_of(send(state.clone(), post_json("/api/v1/check", &blocked)).await).await;
    assert_eq!(v["allowed"], false, "{v}");
    assert_eq!(
        v["verdicts"][0]["kind"],
        "MethodDisallowedByPreflightResponse"
    );
    // The exception is one address and port: the same host on another port stays refused.
    let other_port = if addr.port() == 65535 {
        1
    } else {
        addr.port() + 1
    };
    let next_door = json!({
        "url": format!("http://api.customer.example:{other_port}/items"),
        "origin": "http://localhost:5173"
    });
    let resp = send(state, post_json("/api/v1/check", &next_door)).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let v = json_of(resp).await;
    schemas.assert_valid("Error", &v);
    assert_eq!(v["error"]["code"], "target-forbidden");
}

#[tokio::test]
async fn public_mode_refuses_every_private_target_form() {
    use corsfix_probe::ssrf::{Guard, StaticResolver};
    use std::net::IpAddr;
    use std::sync::Arc;
    let resolver = StaticResolver::new()
        .with(
            "localhost",
            &[
                "127.0.0.1".parse::<IpAddr>().unwrap(),
                "::1".parse::<IpAddr>().unwrap(),
            ],
        )
        .with("intranet.example", &["10.1.2.3".parse::<IpAddr>().unwrap()])
        .with(
            "rebind.example",
            &[
                "93.184.215.14".parse::<IpAddr>().unwrap(),
                "127.0.0.1".parse::<IpAddr>().unwrap(),
            ],
        )
        .with(
            "metadata.example",
            &["169.254.169.254".parse::<IpAddr>().unwrap()],
        );
    let state = AppState::with_probe_limit(ProbeMode::Public, 1000, Duration::from_secs(1))
        .with_guard(Guard::public_only().with_resolver(Arc::new(resolver)));
    let targets = [
        "http://127.0.0.1:8080/",
        "http://localhost:8080/",
        "http://2130706433/",
        "http://017700000001/",
        "http://0x7f.0.0.1/",
        "http://127.1/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:a00:1]/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://100.64.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "http://224.0.0.1/",
        "http://intranet.example/",
        "http://rebind.example/",
        "http://metadata.example/",
    ];
    let schemas = Schemas::load();
    // An `http:` page, so that no target is answered as mixed content without being probed.
    for t in targets {
        let body = json!({"url": t, "origin": "http://app.example.com"});
        let resp = send(state.clone(), post_json("/api/v1/check", &body)).await;
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{t} was not refused");
        let v = json_of(resp).await;
        schemas.assert_valid("Error", &v);
        assert_eq!(v["error"]["code"], "target-forbidden", "{t}");
    }
    // The page says why, too.
    let resp = send(
        state,
        Request::get(
            "/?mode=check&url=http%3A%2F%2F169.254.169.254%2F&origin=http%3A%2F%2Fapp.example.com",
        )
        .body(Body::empty())
        .unwrap(),
    )
    .await;
    let html = body_text(resp).await;
    assert!(html.contains("role=\"alert\""), "{html}");
}

// ---------- code generation ----------

#[tokio::test]
async fn every_target_generates_files_that_match_the_schema_and_has_a_page() {
    let schemas = Schemas::load();
    let v = json_of(
        send(
            local(),
            Request::get("/api/v1/targets").body(Body::empty()).unwrap(),
        )
        .await,
    )
    .await;
    schemas.assert_valid("TargetsResponse", &v);
    let targets = v["targets"].as_array().unwrap();
    assert!(targets.len() >= 10, "{} targets", targets.len());
    for t in targets {
        let id = t["id"].as_str().unwrap();
        let mut body = policy_body();
        body["target"] = json!(id);
        let resp = send(local(), post_json("/api/v1/generate", &body)).await;
        assert_eq!(resp.status(), StatusCode::OK, "{id}");
        let g = json_of(resp).await;
        schemas.assert_valid("GenerateResponse", &g);
        assert!(
            g["generated"]["files"]
                .as_array()
                .is_some_and(|files| !files.is_empty())
                || g["declined"].is_string(),
            "{id}: neither files nor a reason: {g}"
        );
        let (status, html) = get(&format!("/fix/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{id}");
        assert!(html.contains("<title>How to enable CORS in"), "{id}");
    }
}

#[tokio::test]
async fn the_generated_code_carries_the_origin_and_hostile_input_is_escaped() {
    let targets = json_of(
        send(
            local(),
            Request::get("/api/v1/targets").body(Body::empty()).unwrap(),
        )
        .await,
    )
    .await;
    let id = targets["targets"][0]["id"].as_str().unwrap().to_owned();
    let mut body = policy_body();
    body["target"] = json!(id);
    let g = json_of(send(local(), post_json("/api/v1/generate", &body)).await).await;
    let all: String = g["generated"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["contents"].as_str().unwrap().to_owned())
        .collect();
    assert!(all.contains("https://app.example.com"), "{all}");
    // The page shows the code HTML-escaped.
    let (_, html) = get(&format!(
        "/?mode=fix&origins=https%3A%2F%2Fapp.example.com&methods=GET&headers=X-A&target={id}"
    ))
    .await;
    assert!(html.contains("class=\"file\""), "{html}");
    assert!(!html.contains("<script>"));
}

#[tokio::test]
async fn an_unknown_target_is_a_404_with_suggestions() {
    let mut body = policy_body();
    body["target"] = json!("expresss");
    let resp = send(local(), post_json("/api/v1/generate", &body)).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let v = json_of(resp).await;
    Schemas::load().assert_valid("Error", &v);
    let (status, _) = get("/fix/no-such-framework").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_dangerous_policy_gets_no_code_but_still_a_preview() {
    let targets = json_of(
        send(
            local(),
            Request::get("/api/v1/targets").body(Body::empty()).unwrap(),
        )
        .await,
    )
    .await;
    let id = targets["targets"][0]["id"].as_str().unwrap().to_owned();
    let body = json!({"policy": {"origins": ["*"], "credentials": true, "methods": ["GET"]}, "target": id});
    let resp = send(local(), post_json("/api/v1/generate", &body)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let g = json_of(resp).await;
    Schemas::load().assert_valid("GenerateResponse", &g);
    if g["generated"].is_null() {
        assert!(g["declined"].is_string(), "{g}");
        assert!(
            g["lint"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["severity"] == "error"),
            "{g}"
        );
    }
    assert_eq!(g["preview"]["verdicts"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_version_can_be_chosen_and_an_unknown_one_is_a_404() {
    let targets = json_of(
        send(
            local(),
            Request::get("/api/v1/targets").body(Body::empty()).unwrap(),
        )
        .await,
    )
    .await;
    let with_two = targets["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["versions"].as_array().unwrap().len() >= 2)
        .expect("some target has two versions");
    let id = with_two["id"].as_str().unwrap();
    let older = with_two["versions"][1].as_str().unwrap();
    let mut body = policy_body();
    body["target"] = json!(id);
    body["version"] = json!(older);
    let g = json_of(send(local(), post_json("/api/v1/generate", &body)).await).await;
    assert_eq!(g["generated"]["version"], older, "{g}");
    body["version"] = json!("999");
    let resp = send(local(), post_json("/api/v1/generate", &body)).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let (status, html) = get(&format!(
        "/?mode=fix&origins=https%3A%2F%2Fa.example&methods=GET&target={id}&version=999"
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("role=\"alert\""), "{html}");
}
