//! The HTML pages: the tool (three modes, plain GET forms, results rendered here), the guide,
//! one page per browser error and one per target.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};

use crate::api::{self, GenerateRequest};
use crate::features::{self, CheckInput};
use crate::preview::{SampleInput, split_list};
use crate::render::page;
use crate::suggest::Link;
use crate::{AppState, ProbeMode};
use crate::{content, guide};
use corsfix_policy::PolicySpec;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/result", get(result_fragment))
        .route("/guide", get(guide_index))
        .route("/guide/", get(guide_index))
        .route("/guide/cases", get(cases_page))
        .route("/guide/{slug}", get(article_page))
        .route("/errors", get(errors_index))
        .route("/errors/", get(errors_index))
        .route("/errors/{slug}", get(error_page))
        .route("/fix", get(targets_index))
        .route("/fix/", get(targets_index))
        .route("/fix/{target}", get(target_page))
        .route("/rules", get(rules_index))
        .route("/rules/", get(rules_index))
        .route("/rules/{code}", get(rule_page))
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

#[derive(Debug, Default, Serialize)]
struct ExplainView {
    text: String,
    /// The framework picked for the fix (`""`: the headers only).
    target: String,
    version: String,
    result: Option<features::Explanation>,
    /// The fix in place: the headers, then the picked framework's code.
    fix: Option<features::InPlaceFix>,
    /// Why the fix could not be built (an unknown target, say).
    fix_error: Option<String>,
    /// The text names no page origin: the page asks for it (`origin`).
    needs_origin: bool,
    origin: String,
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
    /// The headers the request needs, in place.
    fix: Option<features::InPlaceFix>,
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

/// The guide under the tool: the same for every request, so rendered once.
fn guide_html() -> minijinja::Value {
    #[derive(Serialize)]
    struct GuideCtx {
        errors: &'static [ErrorLink],
    }
    static HTML: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        crate::render::render_string(
            "guide.html",
            GuideCtx {
                errors: error_links(),
            },
        )
        .unwrap_or_default()
    });
    minijinja::Value::from_safe_string(HTML.clone())
}

fn non_empty(s: Option<&String>) -> Option<&str> {
    s.map(|s| s.trim()).filter(|s| !s.is_empty())
}

const MAX_FIELD: usize = 16 * 1024;

/// The origin the Fix form starts with.
const EXAMPLE_ORIGIN: &str = "https://app.example.com";

fn fix_view(q: &PageQuery) -> FixView {
    // A form not yet submitted starts from the CLI's default policy (`corsfix gen` without
    // flags): one definition in corsfix-policy.
    let submitted = q.origins.is_some();
    let defaults = corsfix_policy::default_spec(vec![EXAMPLE_ORIGIN.to_owned()]);
    let or_default = |given: &Option<String>, default: String| {
        given
            .clone()
            .unwrap_or_else(|| if submitted { String::new() } else { default })
    };
    let origins = q
        .origins
        .clone()
        .unwrap_or_else(|| defaults.origins.join("\n"));
    let methods = or_default(&q.methods, defaults.methods.join(", "));
    let headers = or_default(&q.headers, defaults.request_headers.join(", "));
    let expose = or_default(&q.expose, defaults.expose_headers.join(", "));
    let max_age = or_default(
        &q.max_age,
        defaults.max_age.map(|m| m.to_string()).unwrap_or_default(),
    );
    let credentials = if submitted || q.credentials.is_some() {
        q.credentials
            .as_deref()
            .is_some_and(|v| v == "on" || v == "true")
    } else {
        defaults.credentials
    };
    // No framework until one is picked: the headers are the fix.
    let target = q.target.clone().unwrap_or_default();
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
    let mut view = ExplainView {
        text: q.error.clone().unwrap_or_default(),
        target: q.target.clone().unwrap_or_default(),
        version: q.version.clone().unwrap_or_default(),
        origin: q.origin.clone().unwrap_or_default(),
        ..ExplainView::default()
    };
    if view.text.trim().is_empty() {
        return view;
    }
    // Firefox and Safari do not print the page's origin: the page asks for it (`origin`).
    let given = match view.origin.trim() {
        "" => None,
        o => match features::page_origin(o) {
            Ok(o) => Some(o),
            Err(e) => {
                view.fix_error = Some(e.to_string());
                None
            }
        },
    };
    let explanation = match features::explain_for(&view.text, given.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            view.error = Some(e.to_string());
            return view;
        }
    };
    view.needs_origin = explanation.needs_origin;
    if let Some(fix) = features::report_fix(&explanation.report) {
        match features::in_place_fix(fix, &view.target, non_empty(q.version.as_ref())) {
            Ok(fix) => view.fix = Some(fix),
            Err(e) => view.fix_error = Some(e.to_string()),
        }
    }
    view.result = Some(explanation);
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
        fix: None,
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
        Ok(r) => {
            view.fix = features::report_fix(&r.report)
                .and_then(|f| features::in_place_fix(f, "", None).ok());
            view.result = Some(r);
        }
        Err(e) => view.error = Some(e.to_string()),
    }
    view
}

/// A tab of the tool.
#[derive(Serialize)]
struct Tab {
    mode: &'static str,
    label: &'static str,
    sub: &'static str,
}

/// The tool's modes, Explain first: most visitors arrive with an error in hand.
fn tabs(probe_mode: ProbeMode) -> Vec<Tab> {
    let mut tabs = vec![
        Tab {
            mode: "explain",
            label: "Explain",
            sub: "paste the error",
        },
        Tab {
            mode: "fix",
            label: "Fix",
            sub: "generate the config",
        },
        Tab {
            mode: "check",
            label: "Check",
            sub: "probe a URL",
        },
    ];
    if probe_mode == ProbeMode::Local {
        tabs.push(Tab {
            mode: "har",
            label: "HAR",
            sub: "upload a recording",
        });
    }
    tabs
}

#[derive(Serialize)]
struct IndexCtx {
    mode: &'static str,
    probe_mode: &'static str,
    tabs: Vec<Tab>,
    available: features::Available,
    targets: &'static [features::TargetInfo],
    fix: FixView,
    explain: ExplainView,
    check: CheckView,
    har: crate::har::HarView,
    /// The guide, rendered once.
    guide: minijinja::Value,
}

impl IndexCtx {
    fn empty(mode: &'static str, state: &AppState) -> Self {
        Self {
            mode,
            probe_mode: state.mode().name(),
            tabs: tabs(state.mode()),
            available: features::available(),
            targets: features::targets(),
            fix: fix_view(&PageQuery::default()),
            explain: ExplainView::default(),
            check: empty_check(),
            har: crate::har::HarView::default(),
            guide: guide_html(),
        }
    }
}

fn empty_check() -> CheckView {
    CheckView {
        url: String::new(),
        origin: String::new(),
        method: "GET".to_owned(),
        req_headers: String::new(),
        credentials: false,
        result: None,
        fix: None,
        error: None,
        needs_confirmation: false,
    }
}

/// The page's context for a query string (or the status page that answers it instead).
async fn index_ctx(
    state: &AppState,
    headers: &HeaderMap,
    ext: &Extensions,
    raw: Option<String>,
) -> Result<IndexCtx, Response> {
    let raw = raw.unwrap_or_default();
    if raw.len() > MAX_FIELD * 4 {
        return Err(status_page(
            StatusCode::URI_TOO_LONG,
            "That link is too long",
            "The query string is longer than this server accepts.",
        ));
    }
    let q: PageQuery = match serde_urlencoded_from_str(&raw) {
        Ok(q) => q,
        Err(e) => {
            return Err(status_page(
                StatusCode::BAD_REQUEST,
                "That link does not parse",
                &e,
            ));
        }
    };
    let mode = match q.mode.as_deref().unwrap_or("explain") {
        "fix" => "fix",
        "check" => "check",
        "har" => "har",
        _ => "explain",
    };
    let mut ctx = IndexCtx::empty(mode, state);
    match mode {
        "fix" => ctx.fix = fix_view(&q),
        "check" => ctx.check = check_view(&q, state, headers, ext).await,
        "explain" => ctx.explain = explain_view(&q),
        _ => {}
    }
    Ok(ctx)
}

async fn index(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: Extensions,
    RawQuery(raw): RawQuery,
) -> Response {
    match index_ctx(&state, &headers, &ext, raw).await {
        Ok(ctx) => page(StatusCode::OK, "index.html", ctx),
        Err(resp) => resp,
    }
}

/// The result part of the page alone, for the script to swap in as the form changes: the same
/// template as the full page, so a result looks the same with and without JavaScript.
async fn result_fragment(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: Extensions,
    RawQuery(raw): RawQuery,
) -> Response {
    match index_ctx(&state, &headers, &ext, raw).await {
        Ok(ctx) => page(StatusCode::OK, "result.html", ctx),
        Err(resp) => resp,
    }
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
    /// The browser-only and look-alike articles, by section.
    sections: Vec<ArticleSection>,
}

/// A section of the guide's articles.
#[derive(Serialize)]
struct ArticleSection {
    id: &'static str,
    title: &'static str,
    articles: Vec<&'static content::Article>,
}

/// The articles of the sections `keep` admits, by section, in the guide's order.
fn article_sections(keep: impl Fn(&str) -> bool) -> Vec<ArticleSection> {
    content::SECTIONS
        .iter()
        .filter(|(id, _)| keep(id))
        .map(|(id, title)| ArticleSection {
            id,
            title,
            articles: content::articles()
                .iter()
                .filter(|a| a.section == *id)
                .collect(),
        })
        .filter(|s| !s.articles.is_empty())
        .collect()
}

async fn errors_index() -> Response {
    page(
        StatusCode::OK,
        "errors.html",
        ErrorsCtx {
            errors: guide::all(),
            sections: article_sections(|id| id != "topic"),
        },
    )
}

async fn error_page(Path(slug): Path<String>) -> Response {
    if let Some(doc) = guide::by_slug(&slug).and_then(guide::cached) {
        return page(StatusCode::OK, "error.html", doc);
    }
    if let Some(a) = content::article_at(&format!("/errors/{slug}")) {
        return article_response(a);
    }
    // `PreflightInvalidStatus`, `preflight_invalid_status`, a trailing slash: the same page.
    let keys = guide::all()
        .iter()
        .flat_map(|d| [(d.slug.as_str(), &d.slug), (d.name, &d.slug)]);
    if let Some(canonical) = crate::suggest::same(&slug, keys) {
        return permanent_redirect(&format!("/errors/{canonical}"));
    }
    let candidates = guide::all().iter().map(|d| {
        (
            d.slug.as_str(),
            Link {
                href: format!("/errors/{}", d.slug),
                label: d.title.clone(),
            },
        )
    });
    not_found_page(
        "No such error",
        "There is no page for that error.",
        crate::suggest::closest(&slug, candidates, 3),
    )
}

/// An article with the others of its section linked under it.
fn article_response(a: &'static content::Article) -> Response {
    #[derive(Serialize)]
    struct Ctx<'a> {
        #[serde(flatten)]
        article: &'a content::Article,
        related: Vec<&'a content::Article>,
    }
    let related = content::articles()
        .iter()
        .filter(|b| b.section == a.section && b.slug != a.slug)
        .collect();
    page(
        StatusCode::OK,
        "article.html",
        Ctx {
            article: a,
            related,
        },
    )
}

/// `/guide`: the articles, by section.
async fn guide_index() -> Response {
    #[derive(Serialize)]
    struct Ctx {
        sections: Vec<ArticleSection>,
    }
    page(
        StatusCode::OK,
        "articles.html",
        Ctx {
            sections: article_sections(|_| true),
        },
    )
}

/// `/guide/<slug>`: an article.
async fn article_page(Path(slug): Path<String>) -> Response {
    if let Some(a) = content::article_at(&format!("/guide/{slug}")) {
        return article_response(a);
    }
    let candidates = content::articles().iter().map(|a| {
        (
            a.slug,
            Link {
                href: a.url.clone(),
                label: a.title.replace('`', ""),
            },
        )
    });
    not_found_page(
        "No such page in the guide",
        "The guide has no page at that address.",
        crate::suggest::closest(&slug, candidates, 3),
    )
}

/// `/guide/cases`: every stored case and what each browser does with it.
async fn cases_page() -> Response {
    #[derive(Serialize)]
    struct Item {
        case: &'static str,
        html: minijinja::Value,
    }
    #[derive(Serialize)]
    struct Ctx {
        examples: Vec<Item>,
    }
    let examples = content::cases()
        .map(|c| Item {
            case: c.id,
            html: minijinja::Value::from_safe_string(
                crate::render::render_string("example.html", content::example_of(c))
                    .unwrap_or_default(),
            ),
        })
        .collect();
    page(StatusCode::OK, "cases.html", Ctx { examples })
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
    /// The policy shown (the CLI's default for one example origin).
    spec: PolicySpec,
}

async fn target_page(Path(id): Path<String>) -> Response {
    let targets = features::targets();
    let Some(target) = targets.iter().find(|t| t.id == id).cloned() else {
        let keys = targets
            .iter()
            .flat_map(|t| [(t.id.as_str(), &t.id), (t.name.as_str(), &t.id)]);
        if let Some(canonical) = crate::suggest::same(&id, keys) {
            return permanent_redirect(&format!("/fix/{canonical}"));
        }
        let candidates = targets.iter().flat_map(|t| {
            let link = Link {
                href: format!("/fix/{}", t.id),
                label: format!("CORS in {}", t.name),
            };
            [(t.id.as_str(), link.clone()), (t.name.as_str(), link)]
        });
        return not_found_page(
            "No such framework",
            "corsfix has no generator by that name.",
            crate::suggest::closest(&id, candidates, 3),
        );
    };
    let spec = corsfix_policy::default_spec(vec![EXAMPLE_ORIGIN.to_owned()]);
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
            spec,
        },
    )
}

#[derive(Serialize)]
struct RulesCtx {
    rules: Vec<RuleView>,
}

/// A lint rule, for the pages.
#[derive(Serialize)]
struct RuleView {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    summary: &'static str,
    /// The documentation, as HTML.
    doc: minijinja::Value,
}

impl RuleView {
    fn of(r: corsfix_policy::Rule) -> Self {
        Self {
            code: r.code(),
            name: r.name(),
            severity: r.severity().as_str(),
            summary: r.summary(),
            doc: minijinja::Value::from_safe_string(crate::markdown::to_html(r.doc(), 2)),
        }
    }
}

async fn rules_index() -> Response {
    page(
        StatusCode::OK,
        "rules.html",
        RulesCtx {
            rules: corsfix_policy::Rule::ALL
                .iter()
                .map(|r| RuleView::of(*r))
                .collect(),
        },
    )
}

/// `/rules/CORS001`: a lint rule's documentation (the text `corsfix lint --explain` prints).
async fn rule_page(Path(code): Path<String>) -> Response {
    use corsfix_policy::Rule;
    if let Some(r) = Rule::ALL.iter().find(|r| r.code() == code) {
        let all = Rule::ALL;
        let i = all.iter().position(|x| x == r).unwrap_or(0);
        #[derive(Serialize)]
        struct Ctx {
            rule: RuleView,
            prev: Option<&'static str>,
            next: Option<&'static str>,
        }
        return page(
            StatusCode::OK,
            "rule.html",
            Ctx {
                rule: RuleView::of(*r),
                prev: i.checked_sub(1).map(|j| all[j].code()),
                next: all.get(i + 1).map(|r| r.code()),
            },
        );
    }
    // `cors001`, the rule's name, a trailing slash: the same page.
    if let Some(r) = Rule::find(code.trim_end_matches('/')) {
        return permanent_redirect(&format!("/rules/{}", r.code()));
    }
    let candidates = Rule::ALL.iter().flat_map(|r| {
        let link = Link {
            href: format!("/rules/{}", r.code()),
            label: format!("{} {}", r.code(), r.name()),
        };
        [(r.code(), link.clone()), (r.name(), link)]
    });
    not_found_page(
        "No such rule",
        "There is no lint rule with that code or name.",
        crate::suggest::closest(&code, candidates, 3),
    )
}

fn permanent_redirect(to: &str) -> Response {
    axum::response::Redirect::permanent(to).into_response()
}

#[derive(Serialize)]
struct StatusCtx<'a> {
    title: &'a str,
    message: &'a str,
    /// "Did you mean": the closest known pages.
    suggestions: Vec<Link>,
    /// Whether to list the site's main pages (404s).
    lost: bool,
}

pub(crate) fn status_page(status: StatusCode, title: &str, message: &str) -> Response {
    page(
        status,
        "status.html",
        StatusCtx {
            title,
            message,
            suggestions: Vec::new(),
            lost: false,
        },
    )
}

fn not_found_page(title: &str, message: &str, suggestions: Vec<Link>) -> Response {
    page(
        StatusCode::NOT_FOUND,
        "status.html",
        StatusCtx {
            title,
            message,
            suggestions,
            lost: true,
        },
    )
}

/// Every page a misspelt address may have meant, with the words people type for them.
fn known_pages() -> Vec<(String, Link)> {
    let link = |href: &str, label: &str| Link {
        href: href.to_owned(),
        label: label.to_owned(),
    };
    let mut out = vec![
        (
            "/explain".to_owned(),
            link("/?mode=explain", "Explain an error"),
        ),
        ("/fix".to_owned(), link("/fix", "CORS for your backend")),
        (
            "/generate".to_owned(),
            link("/?mode=fix", "Generate the fix"),
        ),
        (
            "/check".to_owned(),
            link("/?mode=check", "Check a live endpoint"),
        ),
        ("/har".to_owned(), link("/?mode=har", "Judge a HAR file")),
        ("/guide".to_owned(), link("/guide", "The CORS guide")),
        ("/faq".to_owned(), link("/#faq", "Questions people ask")),
        ("/errors".to_owned(), link("/errors", "Every CORS error")),
        (
            "/frameworks".to_owned(),
            link("/fix", "CORS for your backend"),
        ),
        ("/rules".to_owned(), link("/rules", "The lint rules")),
        ("/api".to_owned(), link("/api/v1/", "The JSON API")),
        (
            "/openapi.json".to_owned(),
            link("/api/v1/openapi.json", "The JSON API (OpenAPI)"),
        ),
    ];
    for d in guide::all() {
        let l = link(&format!("/errors/{}", d.slug), &d.title);
        out.push((format!("/errors/{}", d.slug), l.clone()));
        out.push((format!("/errors/{}", d.name), l));
    }
    for a in content::articles() {
        let l = link(&a.url, &a.title.replace('`', ""));
        out.push((a.url.clone(), l));
    }
    for t in features::targets() {
        let l = link(&format!("/fix/{}", t.id), &format!("CORS in {}", t.name));
        out.push((format!("/fix/{}", t.id), l.clone()));
        out.push((format!("/{}", t.id), l));
    }
    for r in corsfix_policy::Rule::ALL {
        let l = link(
            &format!("/rules/{}", r.code()),
            &format!("{} {}", r.code(), r.name()),
        );
        out.push((format!("/rules/{}", r.code()), l.clone()));
        out.push((format!("/rules/{}", r.name()), l));
    }
    out
}

pub(crate) async fn not_found(uri: axum::http::Uri) -> Response {
    static PAGES: std::sync::LazyLock<Vec<(String, Link)>> = std::sync::LazyLock::new(known_pages);
    let path = uri.path();
    let suggestions = if path.len() > 200 {
        Vec::new()
    } else {
        crate::suggest::closest(path, PAGES.iter().map(|(k, l)| (k.as_str(), l.clone())), 3)
    };
    not_found_page(
        "Page not found",
        "There is nothing at this address.",
        suggestions,
    )
}

/// The HAR tab with an upload's result (or what was wrong with it).
pub(crate) fn har_page(
    status: StatusCode,
    state: &AppState,
    view: crate::har::HarView,
) -> Response {
    let mut ctx = IndexCtx::empty("har", state);
    ctx.har = view;
    page(status, "index.html", ctx)
}

/// A `303 See Other` to `to` (a page reached with the wrong method, or a misspelt address with
/// one obvious meaning).
pub(crate) fn redirect_to(to: &str) -> Response {
    axum::response::Redirect::to(to).into_response()
}
