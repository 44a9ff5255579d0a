//! The API's own CORS, done the way corsfix tells others to do it.
//!
//! - The read-only endpoints (`simulate`, `explain`, `generate`, `targets`, the OpenAPI
//!   document) are open to every origin without credentials: `Access-Control-Allow-Origin: *`,
//!   the same for every request, so no `Vary: Origin` is needed.
//! - A preflight is `OPTIONS` **with** `Origin` **and** `Access-Control-Request-Method`
//!   (Fetch); any other `OPTIONS` goes to the router like any request.
//! - The preflight answer lists what the API takes (`GET, POST`; `Content-Type`) and is cached
//!   for two hours (Chromium's cap).
//! - In local mode, the live checker is not offered to other origins at all: its preflight is
//!   refused and its responses carry no CORS headers, so no web page can drive this machine's
//!   prober at its private network.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::json_error;
use crate::{AppState, ProbeMode};

pub(crate) const ALLOW_METHODS: &str = "GET, POST";
pub(crate) const ALLOW_HEADERS: &str = "Content-Type";
pub(crate) const MAX_AGE: &str = "7200";

fn is_preflight(req: &Request) -> bool {
    req.method() == Method::OPTIONS
        && req.headers().contains_key(header::ORIGIN)
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

fn open_to_other_origins(state: &AppState, path: &str) -> bool {
    !(state.mode() == ProbeMode::Local && path.trim_end_matches('/').ends_with("/check"))
}

pub(crate) async fn api_cors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let open = open_to_other_origins(&state, req.uri().path());
    if is_preflight(&req) {
        if !open {
            return json_error(
                StatusCode::FORBIDDEN,
                "cross-origin-refused",
                "this server runs in local mode: its live checker is only available to its own page"
                    .to_owned(),
            );
        }
        let mut resp = StatusCode::NO_CONTENT.into_response();
        let h = resp.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOW_METHODS),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static(MAX_AGE),
        );
        return resp;
    }
    let mut resp = next.run(req).await;
    if open {
        let h = resp.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("Retry-After"),
        );
    }
    resp
}
