//! The web tool's view of the other corsfix libraries (explain, policy + gen, probe): one
//! adapter per feature, returning the web's own serializable types. A feature whose library is
//! not in this build answers [`ApiError::Unavailable`], and the page says so.

use corsfix_diagnose::report::Report;
use corsfix_diagnose::{Diagnosis, Evidence};
use serde::{Deserialize, Serialize};

use crate::ProbeMode;
use crate::error::ApiError;
use corsfix_policy::Policy;

/// A generation target (framework, server or cloud).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TargetInfo {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) language: String,
    pub(crate) library: String,
    pub(crate) category: String,
    pub(crate) versions: Vec<String>,
}

/// One generated file.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GenFile {
    pub(crate) path: String,
    pub(crate) placement: String,
    pub(crate) language: String,
    pub(crate) contents: String,
}

/// What the generator produced.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Generated {
    pub(crate) target: String,
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) packages: String,
    pub(crate) files: Vec<GenFile>,
    pub(crate) install: Option<String>,
    pub(crate) notes: Vec<String>,
    pub(crate) not_allowed: Vec<String>,
    pub(crate) limitations: Vec<String>,
}

/// Why the generator wrote nothing for a policy it understood (error-level lint findings,
/// or a target that cannot express the policy): shown next to the preview, not as an error.
#[derive(Debug, Clone)]
pub(crate) enum GenOutcome {
    Done(Generated),
    Declined(String),
}

/// A lint finding about the policy (`corsfix_policy::Diagnostic`).
pub(crate) type LintItem = corsfix_policy::Diagnostic;

/// What `check` probes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CheckInput {
    pub(crate) url: String,
    pub(crate) origin: String,
    #[serde(default = "default_method")]
    pub(crate) method: String,
    #[serde(default)]
    pub(crate) headers: Vec<(String, String)>,
    #[serde(default)]
    pub(crate) credentials: bool,
}

fn default_method() -> String {
    "GET".to_owned()
}

/// One exchange of a probe.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TimelineEntry {
    /// `preflight`, `actual`, or an extra probe (`other-origin`, `null-origin`, …).
    pub(crate) kind: String,
    /// The redirect hop (0 = the first URL).
    pub(crate) hop: u32,
    pub(crate) method: String,
    pub(crate) url: String,
    pub(crate) request_headers: Vec<(String, String)>,
    pub(crate) status: Option<u16>,
    /// The CORS-relevant response headers (and those that tell who answered).
    pub(crate) response_headers: Vec<(String, String)>,
    pub(crate) elapsed_ms: Option<u64>,
    pub(crate) error: Option<String>,
}

/// A finding of the extra probes that does not block this request.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CheckWarning {
    pub(crate) code: String,
    pub(crate) severity: String,
    pub(crate) message: String,
}

/// The result of a live check.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CheckOutput {
    /// Whether the browser lets the script read the response.
    pub(crate) allowed: bool,
    /// Whether it works as intended (allowed, and no likely problem).
    pub(crate) passed: bool,
    /// The exchanges the browser itself makes, in order.
    pub(crate) timeline: Vec<TimelineEntry>,
    /// The extra probes (other origin, `null`, no `Origin`, origin variants).
    pub(crate) extra: Vec<TimelineEntry>,
    pub(crate) verdicts: Vec<crate::preview::BrowserVerdict>,
    pub(crate) diagnosis: Diagnosis,
    pub(crate) warnings: Vec<CheckWarning>,
    /// The server software, guessed from its headers.
    pub(crate) server: Option<String>,
    /// A Fix-mode link that generates the configuration this request needs.
    pub(crate) fix_link: String,
    /// A curl command that repeats the browser's first exchange.
    pub(crate) curl: String,
    /// The report view model (verdict, cause, fix, findings, evidence), as every renderer
    /// shows it.
    pub(crate) report: Report,
}

/// Which features this build has.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct Available {
    pub(crate) generate: bool,
    pub(crate) lint: bool,
    pub(crate) explain: bool,
    pub(crate) check: bool,
}

pub(crate) fn available() -> Available {
    Available {
        generate: true,
        lint: true,
        explain: true,
        check: true,
    }
}

/// The targets by category (in the generator's order of first appearance), without the raw
/// `headers` target, which the picker offers on its own.
#[derive(Debug, Serialize)]
pub(crate) struct TargetGroup {
    pub(crate) category: String,
    pub(crate) targets: Vec<TargetInfo>,
}

pub(crate) fn target_groups() -> Vec<TargetGroup> {
    let mut groups: Vec<TargetGroup> = Vec::new();
    for t in targets().iter().filter(|t| t.id != "headers") {
        match groups.iter_mut().find(|g| g.category == t.category) {
            Some(g) => g.targets.push(t.clone()),
            None => groups.push(TargetGroup {
                category: t.category.clone(),
                targets: vec![t.clone()],
            }),
        }
    }
    groups
}

pub(crate) fn targets() -> &'static [TargetInfo] {
    &TARGETS
}

static TARGETS: std::sync::LazyLock<Vec<TargetInfo>> = std::sync::LazyLock::new(|| {
    corsfix_gen::targets()
        .iter()
        .map(|t| TargetInfo {
            id: t.id.to_owned(),
            name: t.name.to_owned(),
            language: t.language.to_owned(),
            library: t.library.to_owned(),
            category: t.category.to_owned(),
            versions: t.versions.iter().map(|v| v.major.to_owned()).collect(),
        })
        .collect()
});

pub(crate) fn generate(
    policy: &Policy,
    target: &str,
    version: Option<&str>,
) -> Result<GenOutcome, ApiError> {
    use corsfix_gen::GenError;
    let spec = match version.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => format!("{target}@{v}"),
        None => target.to_owned(),
    };
    match corsfix_gen::generate(policy, &spec, &corsfix_gen::Options::default()) {
        Ok(g) => Ok(GenOutcome::Done(Generated {
            target: g.target.to_owned(),
            name: g.name.to_owned(),
            version: g.version.to_owned(),
            packages: g.packages.to_owned(),
            files: g
                .files
                .into_iter()
                .map(|f| GenFile {
                    path: f.path,
                    placement: f.placement,
                    language: f.language.to_owned(),
                    contents: f.contents,
                })
                .collect(),
            install: (!g.install.is_empty()).then(|| g.install.join("\n")),
            notes: g.notes,
            not_allowed: g.not_allowed,
            limitations: g.limitations,
        })),
        Err(e @ (GenError::UnknownTarget { .. } | GenError::UnknownVersion { .. })) => {
            Err(ApiError::NotFound(e.to_string()))
        }
        Err(e @ GenError::InvalidUpstream(_)) => Err(ApiError::InvalidInput(e.to_string())),
        Err(e) => Ok(GenOutcome::Declined(e.to_string())),
    }
}

pub(crate) fn lint(policy: &Policy) -> Vec<LintItem> {
    let mut findings = corsfix_policy::lint(policy);
    findings.sort_by_key(|d| std::cmp::Reverse(d.severity));
    findings
}

/// What `explain` answers: what was read from the text, and the diagnosis.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Explanation {
    /// Whether a failure was recognized in the text.
    pub(crate) recognized: bool,
    /// The browser that printed it, when the wording tells.
    pub(crate) browser: Option<corsfix_model::Browser>,
    /// The failure (a Chromium `CorsError` name or a named look-alike).
    pub(crate) kind: Option<String>,
    /// The URL, page origin, status and method the text names.
    pub(crate) url: Option<String>,
    pub(crate) origin: Option<String>,
    pub(crate) status: Option<u16>,
    pub(crate) method: Option<String>,
    /// The guide page about this error, when there is one.
    pub(crate) guide: Option<String>,
    /// The `corsfix check` command that would confirm it.
    pub(crate) check_command: String,
    /// A Fix-mode link prefilled from what the text says (origin, method, header,
    /// credentials), when the page origin is known.
    pub(crate) fix_link: Option<String>,
    /// A Check-mode link prefilled with the URL, origin and method, when the text names them.
    pub(crate) check_link: Option<String>,
    /// The diagnosis.
    pub(crate) diagnosis: Diagnosis,
    /// The report view model (verdict, cause, fix, findings, evidence), as every renderer
    /// shows it.
    pub(crate) report: Report,
    /// The text names no page origin (the page asks for it).
    #[serde(skip)]
    pub(crate) needs_origin: bool,
}

/// The request a pasted error is about, as a Check-mode link.
fn explain_check_link(reading: &corsfix_model::parse::Reading) -> Option<String> {
    let url = reading.url.as_deref()?;
    let origin = reading.origin.as_deref().filter(|o| *o != "null")?;
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("mode", "check");
    q.append_pair("url", url);
    q.append_pair("origin", origin);
    q.append_pair("method", reading.method.as_deref().unwrap_or("GET"));
    Some(format!("/?{}", q.finish()))
}

pub(crate) fn explain(text: &str) -> Result<Explanation, ApiError> {
    explain_for(text, None)
}

/// [`explain`], with the page's origin the visitor gave when the text names none (Firefox and
/// Safari do not print it): the evidence then carries it, and the fix is written for it.
pub(crate) fn explain_for(text: &str, page_origin: Option<&str>) -> Result<Explanation, ApiError> {
    let mut reading =
        corsfix_model::parse::parse(text).map_err(|e| ApiError::InvalidInput(e.to_string()))?;
    let needs_origin =
        reading.recognized() && reading.origin.as_deref().is_none_or(|o| o == "null");
    if needs_origin && let Some(o) = page_origin {
        reading.origin = Some(o.to_owned());
    }
    let guide = match reading.kind {
        // A guide article about this browser's own reason (or this look-alike) first.
        Some(k) if crate::content::guide_link(k.name()).is_some() => {
            crate::content::guide_link(k.name())
        }
        Some(corsfix_model::parse::Kind::Cors(e)) => {
            Some(format!("/errors/{}", crate::guide::slug(e)))
        }
        _ => None,
    };
    let evidence = Evidence::Text(&reading);
    let diagnosis = corsfix_diagnose::diagnose(&evidence);
    let report = corsfix_diagnose::report(&evidence, &diagnosis);
    let fix = report.fix.as_ref().and_then(|f| f.server.as_ref());
    Ok(Explanation {
        recognized: reading.recognized(),
        browser: reading.browser,
        kind: reading.kind.map(|k| k.name().to_owned()),
        url: reading.url.clone(),
        origin: reading.origin.clone(),
        status: reading.status,
        method: reading.method.clone(),
        guide,
        check_command: corsfix_diagnose::commands::check_command(&reading),
        fix_link: fix
            .filter(|f| !f.policy.origins.is_empty())
            .map(|f| fix_link(f, None)),
        check_link: explain_check_link(&reading),
        diagnosis,
        report,
        needs_origin,
    })
}

fn entry(x: &corsfix_probe::Exchange) -> TimelineEntry {
    let kind = serde_json::to_value(x.purpose)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    TimelineEntry {
        kind,
        hop: x.hop,
        method: x.method.clone(),
        url: x.url.clone(),
        request_headers: x.request_headers.clone(),
        status: x.status,
        response_headers: x
            .cors_headers()
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect(),
        elapsed_ms: Some(x.elapsed_ms),
        error: x.error.as_ref().map(|e| e.message.clone()),
    }
}

/// The Fix-mode link for the policy that would have made the request pass (the one
/// `Diagnosis → Policy` step of `corsfix-diagnose`, so the page pre-fills what the CLI prints).
pub(crate) fn fix_link(fix: &corsfix_diagnose::Fix, target: Option<&str>) -> String {
    let p = &fix.policy;
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("mode", "fix");
    q.append_pair("origins", &p.origins.join(", "));
    if p.credentials {
        q.append_pair("credentials", "on");
    }
    q.append_pair("methods", &p.methods.join(", "));
    q.append_pair("headers", &p.request_headers.join(", "));
    q.append_pair("expose", &p.expose_headers.join(", "));
    if let Some(m) = p.max_age {
        q.append_pair("max_age", &m.to_string());
    }
    if let Some(t) = target.or(fix.target.as_deref()) {
        q.append_pair("target", t);
    }
    format!("/?{}", q.finish())
}

/// The probe options for a server in `mode` (the guard can be replaced by tests).
pub(crate) fn probe_options(
    mode: ProbeMode,
    guard: Option<&corsfix_probe::ssrf::Guard>,
) -> corsfix_probe::ProbeOptions {
    match mode {
        ProbeMode::Local => corsfix_probe::ProbeOptions {
            guard: guard
                .cloned()
                .unwrap_or_else(corsfix_probe::ssrf::Guard::allow_all),
            ..corsfix_probe::ProbeOptions::default()
        },
        ProbeMode::Public => corsfix_probe::ProbeOptions {
            limits: corsfix_probe::ssrf::Limits::public(),
            insecure: false,
            guard: guard
                .cloned()
                .unwrap_or_else(corsfix_probe::ssrf::Guard::public_only),
            // Fewer requests to other people's servers on behalf of strangers.
            extra_probes: false,
        },
    }
}

/// A page origin typed into a form: the browser's serialization, or the message every corsfix
/// command gives for the same mistake (`corsfix_policy::parse_page_origin`).
pub(crate) fn page_origin(raw: &str) -> Result<String, ApiError> {
    corsfix_policy::parse_page_origin(raw).map_err(|(message, suggestion)| {
        ApiError::InvalidInput(match suggestion {
            Some(s) => format!("{message}; write `{s}`"),
            None => message,
        })
    })
}

pub(crate) async fn check(
    input: &CheckInput,
    options: &corsfix_probe::ProbeOptions,
) -> Result<CheckOutput, ApiError> {
    use corsfix_probe::CheckError;
    let origin = page_origin(&input.origin)?;
    let mut req = corsfix_probe::CheckRequest::new(input.url.trim(), &origin);
    req.method = input.method.trim().to_owned();
    req.headers = input.headers.clone();
    req.credentials = input.credentials;
    // Local Network Access: the page's address space, guessed from its host.
    req.page_space = corsfix_diagnose::heuristics::page_address_space(input.origin.trim());
    let report = corsfix_probe::check(&req, options)
        .await
        .map_err(|e| match e {
            CheckError::Refused(g) => ApiError::Forbidden(g.to_string()),
            CheckError::Client(_) => {
                ApiError::Upstream("the HTTP client could not be set up".to_owned())
            }
            other => ApiError::InvalidInput(other.to_string()),
        })?;
    let b = &report.browsers;
    let preflight_sent = report.verdict.preflight.sent;
    let verdicts = [
        (corsfix_model::Browser::Chrome, &b.chrome),
        (corsfix_model::Browser::Firefox, &b.firefox),
        (corsfix_model::Browser::Safari, &b.safari),
    ]
    .into_iter()
    .map(|(browser, v)| crate::preview::BrowserVerdict {
        browser,
        allowed: v.allowed,
        preflight_sent,
        kind: v.kind.clone(),
        lines: v.lines.clone(),
    })
    .collect();
    let evidence = Evidence::Probe(&report.run);
    let diagnosis = corsfix_diagnose::diagnose(&evidence);
    let view = corsfix_diagnose::report(&evidence, &diagnosis);
    let target = diagnosis.server.as_ref().and_then(|s| s.target.clone());
    Ok(CheckOutput {
        allowed: report.verdict.allowed,
        passed: view.passed,
        timeline: report.run.exchanges.iter().map(entry).collect(),
        extra: report.run.extra.iter().map(entry).collect(),
        verdicts,
        warnings: diagnosis
            .findings
            .iter()
            .map(|w| CheckWarning {
                code: w.code.clone(),
                severity: serde_json::to_value(w.severity)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                message: w.message.clone(),
            })
            .collect(),
        // "unknown server" is not a guess worth printing.
        server: diagnosis
            .server
            .as_ref()
            .filter(|s| s.is_known())
            .map(|s| s.name.clone()),
        fix_link: view
            .fix
            .as_ref()
            .and_then(|f| f.server.as_ref())
            .map(|f| fix_link(f, target.as_deref()))
            .unwrap_or_default(),
        curl: view.evidence.repeat.clone().unwrap_or_default(),
        diagnosis,
        report: view,
    })
}

/// The fix shown in place under a result: the exact headers a correct server sends for the
/// request (`corsfix-diagnose`'s `Diagnosis → Policy` step), and, once a framework is picked,
/// that framework's code for the same policy.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct InPlaceFix {
    /// The picked target (`""`: none yet, the headers are the fix).
    pub(crate) target: String,
    /// What the server answers to the preflight (empty: no preflight) and to the request.
    pub(crate) preflight_headers: Vec<(String, String)>,
    pub(crate) response_headers: Vec<(String, String)>,
    /// What had to be assumed, and what the evidence could not tell (the diagnose crate's
    /// sentences).
    pub(crate) assumptions: Vec<String>,
    pub(crate) unknowns: Vec<String>,
    /// What else to know about the policy.
    pub(crate) notes: Vec<String>,
    /// The picked target's code.
    pub(crate) generated: Option<Generated>,
    /// Why the target wrote nothing.
    pub(crate) declined: Option<String>,
    /// The Fix-mode link with this policy, to change it.
    pub(crate) fix_link: String,
}

/// The in-place fix for `fix`, in `target` (empty: the headers only).
pub(crate) fn in_place_fix(
    fix: &corsfix_diagnose::Fix,
    target: &str,
    version: Option<&str>,
) -> Result<InPlaceFix, ApiError> {
    let target = target.trim();
    let (generated, declined) =
        if target.is_empty() || !available().generate || fix.policy.origins.is_empty() {
            (None, None)
        } else {
            let policy = crate::preview::build(&fix.policy)?;
            // An unknown target or version is said next to the headers, which still hold.
            match generate(&policy, target, version) {
                Ok(GenOutcome::Done(g)) => (Some(g), None),
                Ok(GenOutcome::Declined(why)) => (None, Some(why)),
                Err(e) => (None, Some(e.to_string())),
            }
        };
    Ok(InPlaceFix {
        target: target.to_owned(),
        preflight_headers: fix.preflight_headers.clone(),
        response_headers: fix.response_headers.clone(),
        assumptions: fix.assumptions.clone(),
        unknowns: fix.unknowns.clone(),
        notes: fix.notes.clone(),
        generated,
        declined,
        fix_link: fix_link(fix, Some(target).filter(|t| !t.is_empty())),
    })
}

/// The server policy a report's fix asks for, when a server policy is the fix.
pub(crate) fn report_fix(report: &Report) -> Option<&corsfix_diagnose::Fix> {
    report.fix.as_ref().and_then(|f| f.server.as_ref())
}
