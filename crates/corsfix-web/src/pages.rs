//! The HTML pages: the tool (three modes, plain GET forms, results rendered here), the guide,
//! one page per browser error and one per target.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use serde::{Deserialize, Serialize};

use crate::api::{self, GenerateRequest};
use crate::features::{self, CheckInput};
use crate::guide;
use crate::preview::{SampleInput, split_list};
use crate::render::page;
use crate::{AppState, ProbeMode};
use corsfix_policy::PolicySpec;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/errors", get(errors_index))
        .route("/errors/", get(errors_index))
        .route("/errors/{slug}", get(error_page))
        .route("/fix", get(targets_index))
        .route("/fix/", get(targets_index))
        .route("/fix/{target}", get(target_page))
}

/// Everything the tool's forms can put in the URL. Unknown keys are ignored.
#[derive(Debug, Default, Deserialize)]
struct PageQuery {
    mode: Option<String>,
    // Fix
    origins: Option<String>,
    credentials: Option<String>,
    methods: Option<String>,
    headers: Option<String>,
    expose: Option<String>,
    max_age: Option<String>,
    target: Option<String>,
    version: Option<String>,
    try_origin: Option<String>,
    try_method: Option<String>,
    // Explain
    error: Option<String>,
    // Check
    url: Option<String>,
    origin: Option<String>,
    method: Option<String>,
    req_headers: Option<String>,
    with_credentials: Option<String>,
}

#[derive(Debug, Serialize)]
struct FixView {
    origins: String,
    credentials: bool,
    methods: String,
    headers: String,
    expose: String,
    max_age: String,
    target: String,
    version: String,
    try_origin: String,
    try_method: String,
    result: Option<api::GenerateResponse>,
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct ExplainView {
    text: String,
    result: Option<features::Explanation>,
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct CheckView {
    url: String,
    origin: String,
    method: String,
    req_headers: String,
    credentials: bool,
    result: Option<features::CheckOutput>,
    error: Option<String>,
    needs_confirmation: bool,
}

#[derive(Debug, Serialize)]
struct ErrorLink {
    slug: String,
    name: &'static str,
    title: String,
    preflight: bool,
}

fn error_links() -> &'static [ErrorLink] {
    static LINKS: std::sync::LazyLock<Vec<ErrorLink>> = std::sync::LazyLock::new(|| {
        guide::all()
            .iter()
            .map(|d| ErrorLink {
                slug: d.slug.clone(),
                name: d.name,
                title: d.title.clone(),
                preflight: d.preflight,
            })
            .collect()
    });
    &LINKS
}

fn non_empty(s: Option<&String>) -> Option<&str> {
    s.map(|s| s.trim()).filter(|s| !s.is_empty())
}

const MAX_FIELD: usize = 16 * 1024;

fn fix_view(q: &PageQuery) -> FixView {
    let submitted = q.origins.is_some();
    let origins = q
        .origins
        .clone()
        .unwrap_or_else(|| "https://app.example.com".to_owned());
    let methods = q.methods.clone().unwrap_or_else(|| {
        if submitted {
            String::new()
        } else {
            "GET, POST, PUT, DELETE".to_owned()
        }
    });
    let headers = q.headers.clone().unwrap_or_else(|| {
        if submitted {
            String::new()
        } else {
            "Content-Type, Authorization".to_owned()
        }
    });
    let expose = q.expose.clone().unwrap_or_default();
    let max_age = q.max_age.clone().unwrap_or_else(|| {
        if submitted {
            String::new()
        } else {
            "600".to_owned()
        }
    });
    let credentials = q
        .credentials
        .as_deref()
        .is_some_and(|v| v == "on" || v == "true");
    let targets = features::targets();
    let target = q
        .target
        .clone()
        .or_else(|| targets.first().map(|t| t.id.clone()))
        .unwrap_or_default();
    let mut view = FixView {
        origins,
        credentials,
        methods,
        headers,
        expose,
        max_age,
        target,
        version: q.version.clone().unwrap_or_default(),
        try_origin: q.try_origin.clone().unwrap_or_default(),
        try_method: q.try_method.clone().unwrap_or_default(),
        result: None,
        error: None,
    };
    let max_age = match view.max_age.trim() {
        "" => Ok(None),
        s => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("max-age must be a whole number of seconds, not `{s}`")),
    };
    let max_age = match max_age {
        Ok(m) => m,
        Err(e) => {
            view.error = Some(e);
            return view;
        }
    };
    let req = GenerateRequest {
        policy: PolicySpec {
            origins: split_list(&view.origins),
            credentials,
            methods: split_list(&view.methods),
            request_headers: split_list(&view.headers),
            expose_headers: split_list(&view.expose),
            max_age,
            ..PolicySpec::default()
        },
        target: features::available()
            .generate
            .then(|| view.target.clone())
            .filter(|t| !t.is_empty()),
        version: non_empty(q.version.as_ref()).map(str::to_owned),
        sample: SampleInput {
            origin: non_empty(q.try_origin.as_ref()).map(str::to_owned),
            method: non_empty(q.try_method.as_ref()).map(str::to_owned),
            headers: None,
        },
    };
    match api::run_generate(&req) {
        Ok(r) => view.result = Some(r),
        Err(e) => view.error = Some(e.to_string()),
    }
    view
}

fn explain_view(q: &PageQuery) -> ExplainView {
    let text = q.error.clone().unwrap_or_default();
    let mut view = ExplainView {
        text,
        result: None,
        error: None,
    };
    if view.text.trim().is_empty() {
        return view;
    }
    match features::explain(&view.text) {
        Ok(d) => view.result = Some(d),
        Err(e) => view.error = Some(e.to_string()),
    }
    view
}

/// `Name: value` lines to pairs.
fn parse_header_lines(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!(
                "`{line}` is not a header line: write `Name: value`"
            ));
        };
        let name = name.trim();
        if !corsfix_model::method::is_token(name) {
            return Err(format!("`{name}` is not a valid header name"));
        }
        out.push((name.to_owned(), value.trim().to_owned()));
    }
    Ok(out)
}

async fn check_view(
    q: &PageQuery,
    state: &AppState,
    headers: &HeaderMap,
    ext: &Extensions,
) -> CheckView {
    let mut view = CheckView {
        url: q.url.clone().unwrap_or_default(),
        origin: q.origin.clone().unwrap_or_default(),
        method: q.method.clone().unwrap_or_else(|| "GET".to_owned()),
        req_headers: q.req_headers.clone().unwrap_or_default(),
        credentials: q
            .with_credentials
            .as_deref()
            .is_some_and(|v| v == "on" || v == "true"),
        result: None,
        error: None,
        needs_confirmation: false,
    };
    if view.url.trim().is_empty() {
        return view;
    }
    if state.mode() == ProbeMode::Local && crate::security::is_cross_site(headers) {
        view.needs_confirmation = true;
        return view;
    }
    let req_headers = match parse_header_lines(&view.req_headers) {
        Ok(h) => h,
        Err(e) => {
            view.error = Some(e);
            return view;
        }
    };
    if let Err(e) = api::probe_gate(state, headers, api::client_ip(state, headers, ext)) {
        view.error = Some(e.to_string());
        return view;
    }
    let input = CheckInput {
        url: view.url.trim().to_owned(),
        origin: view.origin.trim().to_owned(),
        method: view.method.trim().to_owned(),
        headers: req_headers,
        credentials: view.credentials,
    };
    match features::check(&input, state.probe_options()).await {
        Ok(r) => view.result = Some(r),
        Err(e) => view.error = Some(e.to_string()),
    }
    view
}

#[derive(Serialize)]
struct IndexCtx {
    mode: &'static str,
    probe_mode: &'static str,
    available: features::Available,
    targets: &'static [features::TargetInfo],
    fix: FixView,
    explain: ExplainView,
    check: CheckView,
    errors: &'static [ErrorLink],
}

async fn index(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: Extensions,
    RawQuery(raw): RawQuery,
) -> Response {
    let raw = raw.unwrap_or_default();
    if raw.len() > MAX_FIELD * 4 {
        return status_page(
            StatusCode::URI_TOO_LONG,
            "That link is too long",
            "The query string is longer than this server accepts.",
        );
    }
    let q: PageQuery = match serde_urlencoded_from_str(&raw) {
        Ok(q) => q,
        Err(e) => return status_page(StatusCode::BAD_REQUEST, "That link does not parse", &e),
    };
    let mode = match q.mode.as_deref().unwrap_or("fix") {
        "explain" => "explain",
        "check" => "check",
        _ => "fix",
    };
    let fix = fix_view(&q);
    let explain = if mode == "explain" {
        explain_view(&q)
    } else {
        ExplainView {
            text: String::new(),
            result: None,
            error: None,
        }
    };
    let check = if mode == "check" {
        check_view(&q, &state, &headers, &ext).await
    } else {
        CheckView {
            url: String::new(),
            origin: String::new(),
            method: "GET".to_owned(),
            req_headers: String::new(),
            credentials: false,
            result: None,
            error: None,
            needs_confirmation: false,
        }
    };
    let ctx = IndexCtx {
        mode,
        probe_mode: state.mode().name(),
        available: features::available(),
        targets: features::targets(),
        fix,
        explain,
        check,
        errors: error_links(),
    };
    page(StatusCode::OK, "index.html", ctx)
}

/// Query strings through axum's own parser (the same rules as the `Query` extractor).
fn serde_urlencoded_from_str(raw: &str) -> Result<PageQuery, String> {
    let uri: axum::http::Uri = format!("/?{raw}")
        .parse()
        .map_err(|_| "the query string is not valid".to_owned())?;
    axum::extract::Query::<PageQuery>::try_from_uri(&uri)
        .map(|q| q.0)
        .map_err(|e| {
            std::error::Error::source(&e).map_or_else(|| e.to_string(), ToString::to_string)
        })
}

#[derive(Serialize)]
struct ErrorsCtx {
    errors: &'static [guide::ErrorDoc],
}

async fn errors_index() -> Response {
    page(
        StatusCode::OK,
        "errors.html",
        ErrorsCtx {
            errors: guide::all(),
        },
    )
}

async fn error_page(Path(slug): Path<String>) -> Response {
    match guide::by_slug(&slug).and_then(guide::cached) {
        Some(doc) => page(StatusCode::OK, "error.html", doc),
        None => status_page(
            StatusCode::NOT_FOUND,
            "No such error",
            "There is no page for that error. The list of every error is at /errors.",
        ),
    }
}

#[derive(Serialize)]
struct TargetsCtx {
    available: bool,
    targets: &'static [features::TargetInfo],
}

async fn targets_index() -> Response {
    page(
        StatusCode::OK,
        "targets.html",
        TargetsCtx {
            available: features::available().generate,
            targets: features::targets(),
        },
    )
}

#[derive(Serialize)]
struct TargetCtx {
    target: features::TargetInfo,
    generated: Option<features::Generated>,
    error: Option<String>,
    origins: String,
}

async fn target_page(Path(id): Path<String>) -> Response {
    let Some(target) = features::targets().iter().find(|t| t.id == id).cloned() else {
        return status_page(
            StatusCode::NOT_FOUND,
            "No such target",
            "corsfix has no generator by that name. The list of targets is at /fix.",
        );
    };
    let spec = PolicySpec {
        origins: vec!["https://app.example.com".to_owned()],
        credentials: true,
        methods: ["GET", "POST", "PUT", "DELETE"].map(str::to_owned).to_vec(),
        request_headers: ["Content-Type", "Authorization"]
            .map(str::to_owned)
            .to_vec(),
        max_age: Some(600),
        ..PolicySpec::default()
    };
    let generated = crate::preview::build(&spec)
        .and_then(|policy| features::generate(&policy, &target.id, None));
    let (generated, error) = match generated {
        Ok(features::GenOutcome::Done(g)) => (Some(g), None),
        Ok(features::GenOutcome::Declined(why)) => (None, Some(why)),
        Err(e) => (None, Some(e.to_string())),
    };
    page(
        StatusCode::OK,
        "target.html",
        TargetCtx {
            target,
            generated,
            error,
            origins: "https://app.example.com".to_owned(),
        },
    )
}

#[derive(Serialize)]
struct StatusCtx<'a> {
    title: &'a str,
    message: &'a str,
}

fn status_page(status: StatusCode, title: &str, message: &str) -> Response {
    page(status, "status.html", StatusCtx { title, message })
}

pub(crate) async fn not_found() -> Response {
    status_page(
        StatusCode::NOT_FOUND,
        "Page not found",
        "There is nothing at this address. Start from the home page.",
    )
}
