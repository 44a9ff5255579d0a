//! The JSON API under `/api/v1/` (documented in `docs/api/openapi.json`, served at
//! `/api/v1/openapi.json`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Instant;

use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use corsfix_model::{Case, Simulation};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, AppJson, json_error};
use crate::features::{self, CheckInput};
use crate::preview::{self, SampleInput};
use crate::{AppState, ProbeMode, cors, security};

/// The OpenAPI document, the single source of the API's schemas.
pub(crate) const OPENAPI: &str = include_str!("../../../docs/api/openapi.json");

pub(crate) fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/openapi.json", get(openapi))
        .route("/targets", get(targets))
        .route("/simulate", post(simulate))
        .route("/generate", post(generate))
        .route("/explain", post(explain))
        .route("/check", post(check))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(state, cors::api_cors))
}

pub(crate) async fn index() -> Response {
    AppJson(serde_json::json!({
        "openapi": "/api/v1/openapi.json",
        "features": features::available(),
        "endpoints": ["/api/v1/targets", "/api/v1/simulate", "/api/v1/generate", "/api/v1/explain", "/api/v1/check"],
    }))
    .into_response()
}

async fn openapi() -> Response {
    let mut resp = OPENAPI.into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

async fn not_found() -> Response {
    ApiError::NotFound("no such API endpoint; see /api/v1/openapi.json".to_owned()).into_response()
}

async fn method_not_allowed() -> Response {
    json_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "this endpoint does not take that method; see /api/v1/openapi.json".to_owned(),
    )
}

#[derive(Serialize)]
struct TargetsResponse {
    available: bool,
    targets: &'static [features::TargetInfo],
}

async fn targets() -> Response {
    AppJson(TargetsResponse {
        available: features::available().generate,
        targets: features::targets(),
    })
    .into_response()
}

async fn simulate(AppJson(case): AppJson<Case>) -> Result<AppJson<Simulation>, ApiError> {
    if case.url.len() > 4096 || case.origin.len() > 1024 {
        return Err(ApiError::InvalidInput(
            "the URL or origin is too long".to_owned(),
        ));
    }
    Ok(AppJson(Simulation::run(&case)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GenerateRequest {
    pub(crate) policy: corsfix_policy::PolicySpec,
    #[serde(default)]
    pub(crate) target: Option<String>,
    #[serde(default)]
    pub(crate) version: Option<String>,
    #[serde(default)]
    pub(crate) sample: SampleInput,
}

#[derive(Debug, Serialize)]
pub(crate) struct GenerateResponse {
    pub(crate) generated: Option<features::Generated>,
    /// Why nothing was generated for the requested target (the lint errors are in `lint`).
    pub(crate) declined: Option<String>,
    pub(crate) lint: Vec<features::LintItem>,
    pub(crate) preview: preview::Preview,
}

/// Shared by the API and the page.
pub(crate) fn run_generate(req: &GenerateRequest) -> Result<GenerateResponse, ApiError> {
    let policy = preview::build(&req.policy)?;
    let (generated, declined) = match req.target.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => match features::generate(&policy, t, req.version.as_deref())? {
            features::GenOutcome::Done(g) => (Some(g), None),
            features::GenOutcome::Declined(why) => (None, Some(why)),
        },
        None => (None, None),
    };
    Ok(GenerateResponse {
        generated,
        declined,
        lint: features::lint(&policy),
        preview: preview::preview(&req.policy, &policy, &req.sample)?,
    })
}

async fn generate(
    AppJson(req): AppJson<GenerateRequest>,
) -> Result<AppJson<GenerateResponse>, ApiError> {
    run_generate(&req).map(AppJson)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExplainRequest {
    text: String,
}

async fn explain(
    AppJson(req): AppJson<ExplainRequest>,
) -> Result<AppJson<features::Explanation>, ApiError> {
    if req.text.trim().is_empty() {
        return Err(ApiError::InvalidInput(
            "paste the error from the browser console into `text`".to_owned(),
        ));
    }
    features::explain(&req.text).map(AppJson)
}

/// The client's address: the connection's peer (`0.0.0.0` when unknown, as in in-process
/// tests), or the address a trusted reverse proxy forwarded.
pub(crate) fn client_ip(
    state: &AppState,
    headers: &HeaderMap,
    parts_ext: &axum::http::Extensions,
) -> IpAddr {
    let peer = parts_ext
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    state.trusted_proxies().client(peer, headers)
}

/// The gate in front of every live probe (API and page): the cross-site rule in local mode,
/// and the per-client rate limit in public mode.
pub(crate) fn probe_gate(
    state: &AppState,
    headers: &HeaderMap,
    client: IpAddr,
) -> Result<(), ApiError> {
    match state.mode() {
        ProbeMode::Local => {
            if security::is_cross_site(headers) {
                return Err(ApiError::Forbidden(
                    "this server runs in local mode and does not run live checks for other sites"
                        .to_owned(),
                ));
            }
            Ok(())
        }
        ProbeMode::Public => state
            .limiter()
            .take(crate::client::bucket(client), Instant::now())
            .map_err(ApiError::RateLimited),
    }
}

async fn check(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    AppJson(input): AppJson<CheckInput>,
) -> Result<AppJson<features::CheckOutput>, ApiError> {
    probe_gate(&state, &headers, client_ip(&state, &headers, &ext))?;
    features::check(&input, state.probe_options())
        .await
        .map(AppJson)
}
