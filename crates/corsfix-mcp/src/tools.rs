//! The tools: each reads its arguments, calls the same library functions as the matching CLI
//! command, and answers with the object that command prints with `--json` (the structured
//! content) and a short text laid out from the same data. No sentence about a cause is written
//! here: they all come from the libraries; this module adds labels and layout only.

use std::fmt::Write as _;

use corsfix_diagnose::{Evidence, Report};
use corsfix_model::{Browser, Case, Simulation};
use corsfix_policy::{Policy, PolicySpec};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::Options;

/// A tool's answer: the structured content, the text, and whether it is an error.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub(crate) structured: Option<Value>,
    pub(crate) text: String,
    pub(crate) is_error: bool,
}

impl Answer {
    fn ok(structured: Value, text: String) -> Self {
        Self {
            structured: Some(structured),
            text,
            is_error: false,
        }
    }

    /// The tool could not do what was asked (bad arguments, a refused target): the message
    /// is for the caller to read.
    pub(crate) fn error(message: impl Into<String>) -> Self {
        Self {
            structured: None,
            text: message.into(),
            is_error: true,
        }
    }

    fn error_with(structured: Value, text: String) -> Self {
        Self {
            structured: Some(structured),
            text,
            is_error: true,
        }
    }
}

/// Deserialize a tool's arguments, or say exactly what is wrong with them.
fn args<T: for<'de> Deserialize<'de>>(tool: &str, args: Map<String, Value>) -> Result<T, Answer> {
    serde_json::from_value(Value::Object(args))
        .map_err(|e| Answer::error(format!("invalid arguments for `{tool}`: {e}")))
}

// ---------------------------------------------------------------------------------------------
// explain
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExplainArgs {
    text: String,
}

pub(crate) fn explain(raw: Map<String, Value>) -> Answer {
    let a: ExplainArgs = match args("explain", raw) {
        Ok(a) => a,
        Err(e) => return e,
    };
    if a.text.trim().is_empty() {
        return Answer::error(
            "`text` is empty: paste the browser console lines about the blocked request",
        );
    }
    if a.text.len() > corsfix_model::parse::MAX_INPUT_BYTES {
        return Answer::error(format!(
            "`text` is larger than {} KiB; paste only the console lines about the failing request",
            corsfix_model::parse::MAX_INPUT_BYTES / 1024
        ));
    }
    let reading = match corsfix_model::parse::parse(&a.text) {
        Ok(r) => r,
        Err(e) => return Answer::error(format!("`text` could not be read: {e}")),
    };
    let evidence = Evidence::Text(&reading);
    let diagnosis = corsfix_diagnose::diagnose(&evidence);
    let report = corsfix_diagnose::report(&evidence, &diagnosis);
    // The object `corsfix explain --json` prints (docs/explain.md).
    let value = corsfix_diagnose::document::explain(&reading, &diagnosis, None);
    Answer::ok(value, report_text(&report))
}

/// A report as plain text: the view model's fields in the renderers' order (verdict, cause,
/// question, fix, other candidates, findings, evidence), with section labels.
pub(crate) fn report_text(r: &Report) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{}", r.verdict.line);
    if !r.verdict.meaning.is_empty() {
        let _ = writeln!(t, "{}", r.verdict.meaning);
    }
    if let Some(c) = &r.cause {
        let _ = writeln!(
            t,
            "\nCause ({}, {}): {}",
            likelihood(c.likelihood),
            c.code,
            c.summary
        );
        if !c.detail.is_empty() {
            let _ = writeln!(t, "{}", c.detail);
        }
    }
    if let Some(q) = &r.question {
        let _ = writeln!(t, "\nTo tell the causes apart: {}", q.ask);
        for a in &q.answers {
            let _ = writeln!(t, "- {} → {} ({})", a.answer, a.means, a.code);
        }
    }
    if let Some(f) = &r.fix {
        if !f.steps.is_empty() {
            let _ = writeln!(t, "\nFix:");
            for (i, s) in f.steps.iter().enumerate() {
                let _ = writeln!(t, "{}. {s}", i + 1);
            }
        }
        if let Some(server) = &f.server {
            headers_text(
                &mut t,
                "The preflight (OPTIONS) answer must carry",
                &server.preflight_headers,
            );
            headers_text(&mut t, "The response must carry", &server.response_headers);
            for a in &server.assumptions {
                let _ = writeln!(t, "Assumed: {a}");
            }
            for u in &server.unknowns {
                let _ = writeln!(t, "Unknown: {u}");
            }
            let _ = writeln!(t, "Generate it: {}", server.gen_command);
        }
        if let Some(n) = &f.target_note {
            let _ = writeln!(t, "{n}");
        }
    }
    if !r.candidates.is_empty() {
        let _ = writeln!(t, "\nOther possible causes:");
        for c in &r.candidates {
            let _ = writeln!(
                t,
                "- [{}] {} ({})",
                likelihood(c.likelihood),
                c.summary,
                c.code
            );
        }
    }
    if !r.findings.is_empty() {
        let _ = writeln!(t, "\nFindings:");
        for f in &r.findings {
            let _ = writeln!(t, "- [{}] {}: {}", severity(f.severity), f.code, f.message);
        }
    }
    let e = &r.evidence;
    if let Some(req) = &e.request {
        let _ = writeln!(t, "\nRequest: {}", req.line);
    }
    for row in &e.read {
        let _ = writeln!(t, "{}: {}", row.label, row.value);
    }
    if let Some(c) = e.console.iter().find(|c| !c.lines.is_empty()) {
        let _ = writeln!(t, "\n{} prints:", c.name);
        for l in &c.lines {
            let _ = writeln!(t, "  {l}");
        }
    }
    if !e.timeline.is_empty() {
        let _ = writeln!(t, "\nTimeline:");
        for x in &e.timeline {
            let _ = writeln!(
                t,
                "- {}: {} {} → {}",
                x.label, x.method, x.url, x.status_line
            );
        }
    }
    for n in &e.notes {
        let _ = writeln!(t, "Note: {n}");
    }
    if let Some(c) = &e.confirm {
        let _ = writeln!(t, "Confirm with: {c}");
    }
    if let Some(c) = &e.repeat {
        let _ = writeln!(t, "Repeat it: {c}");
    }
    t
}

fn headers_text(t: &mut String, label: &str, headers: &[(String, String)]) {
    if headers.is_empty() {
        return;
    }
    let _ = writeln!(t, "\n{label}:");
    for (n, v) in headers {
        let _ = writeln!(t, "  {n}: {v}");
    }
}

/// A serde enum's wire name (`likely`, `high`): the word the JSON uses.
fn wire_name(v: impl serde::Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn likelihood(l: corsfix_diagnose::Likelihood) -> String {
    wire_name(l)
}

fn severity(s: corsfix_diagnose::Severity) -> String {
    wire_name(s)
}

// ---------------------------------------------------------------------------------------------
// simulate
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SimulateArgs {
    case: Case,
}

/// What `corsfix simulate` refuses before running a case.
fn validate_case(case: &Case) -> Result<(), String> {
    if case.url.len() > 4096 || case.origin.len() > 1024 {
        return Err("the URL or origin is too long".to_owned());
    }
    case.validate("case.")
}

pub(crate) fn simulate(raw: Map<String, Value>) -> Answer {
    let a: SimulateArgs = match args("simulate", raw) {
        Ok(a) => a,
        Err(e) => return e,
    };
    if let Err(e) = validate_case(&a.case) {
        return Answer::error(format!("invalid case: {e}"));
    }
    let sim = Simulation::run(&a.case);
    // The line `corsfix simulate --json --browser all` prints (docs/case-format.md).
    let mut out = Map::new();
    out.insert("id".into(), a.case.id.clone().unwrap_or(Value::Null));
    let mut text = format!(
        "{} {} from {}\n",
        a.case.request.method, a.case.url, a.case.origin
    );
    for b in Browser::ALL {
        let mut engine = match serde_json::to_value(sim.result(None, b)) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        engine.remove("id");
        let v = sim.get(b);
        let lines = v.console_lines().to_vec();
        engine.insert("lines".into(), json!(lines));
        out.insert(b.name().to_owned(), Value::Object(engine));

        let preflight = if v.preflight_sent {
            "preflight sent"
        } else {
            "no preflight"
        };
        if v.allowed {
            let status = v.response.as_ref().map_or(0, |r| r.status);
            let _ = writeln!(text, "{}: allowed (status {status}; {preflight})", b.name());
        } else {
            let kind = v
                .failure
                .as_ref()
                .map_or("blocked", corsfix_model::Failure::kind_name);
            let _ = writeln!(text, "{}: blocked: {kind} ({preflight})", b.name());
            for l in &lines {
                let _ = writeln!(text, "  {l}");
            }
        }
    }
    Answer::ok(Value::Object(out), text)
}

// ---------------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------------

/// Request headers: an object of name → value, or `[name, value]` pairs in order.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum HeadersArg {
    Map(std::collections::BTreeMap<String, String>),
    Pairs(Vec<(String, String)>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckArgs {
    url: String,
    origin: String,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    headers: Option<HeadersArg>,
    #[serde(default)]
    credentials: bool,
    #[serde(default)]
    body: Option<String>,
}

pub(crate) async fn check(raw: Map<String, Value>, options: &Options) -> Answer {
    let a: CheckArgs = match args("check", raw) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let headers = match a.headers {
        None => Vec::new(),
        Some(HeadersArg::Map(m)) => m.into_iter().collect(),
        Some(HeadersArg::Pairs(p)) => p,
    };
    let mut request = corsfix_probe::CheckRequest::new(a.url.trim(), a.origin.trim());
    if let Some(m) = a.method {
        request.method = m.trim().to_owned();
    }
    request.headers = headers;
    request.credentials = a.credentials;
    request.body = a.body;
    // As `corsfix check` and the web's Check: the page's address space guessed from its origin.
    request.page_space = corsfix_diagnose::heuristics::page_address_space(a.origin.trim());
    if let Err(e) = corsfix_probe::validate(&request) {
        return Answer::error(format!("invalid arguments for `check`: {e}"));
    }
    let probe = match corsfix_probe::check(&request, &options.probe_options()).await {
        Ok(r) => r,
        Err(corsfix_probe::CheckError::Refused(g)) => {
            return Answer::error(format!("refused: {g}"));
        }
        Err(e) => return Answer::error(format!("the check could not run: {e}")),
    };
    let evidence = Evidence::Probe(&probe.run);
    let diagnosis = corsfix_diagnose::diagnose(&evidence);
    let report = corsfix_diagnose::report(&evidence, &diagnosis);
    // The object `corsfix check --json` prints (docs/check.md).
    let probe_value = serde_json::to_value(&probe).unwrap_or_default();
    let value = corsfix_diagnose::document::check(probe_value, &diagnosis, &report);
    Answer::ok(value, report_text(&report))
}

// ---------------------------------------------------------------------------------------------
// generate, lint
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GenerateArgs {
    target: String,
    policy: PolicySpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LintArgs {
    policy: PolicySpec,
}

/// The policy, or the tool error listing every problem with it.
fn build(spec: &PolicySpec) -> Result<Policy, Answer> {
    spec.build().map_err(|errs| {
        let mut text = format!(
            "the policy has {} problem{}:\n",
            errs.0.len(),
            if errs.0.len() == 1 { "" } else { "s" }
        );
        for e in &errs.0 {
            let _ = write!(text, "- {}: {}", e.field, e.message);
            if let Some(s) = &e.suggestion {
                let _ = write!(text, " (write `{s}`)");
            }
            text.push('\n');
        }
        Answer::error_with(json!({ "findings": [], "errors": errs.0 }), text)
    })
}

fn findings_text(text: &mut String, findings: &[corsfix_policy::Diagnostic]) {
    for d in findings {
        let _ = write!(
            text,
            "- {} [{}] {}: {}",
            d.code,
            d.severity.as_str(),
            d.name,
            d.message
        );
        if let Some(at) = &d.location {
            let _ = write!(text, " (at {at})");
        }
        text.push('\n');
        if let Some(help) = &d.help {
            let _ = writeln!(text, "  help: {help}");
        }
    }
}

pub(crate) fn generate(raw: Map<String, Value>) -> Answer {
    let a: GenerateArgs = match args("generate", raw) {
        Ok(a) => a,
        Err(e) => return e,
    };
    // The target first: a typo is reported before policy problems (as `corsfix gen`).
    let (t, v) = match corsfix_gen::resolve(a.target.trim()) {
        Ok(tv) => tv,
        Err(e) => {
            return Answer::error(format!("{e} (the `targets` tool lists every target)"));
        }
    };
    let policy = match build(&a.policy) {
        Ok(p) => p,
        Err(e) => {
            let Answer {
                structured, text, ..
            } = e;
            let errors = structured
                .map(|mut s| s["errors"].take())
                .unwrap_or_default();
            return Answer::error_with(
                json!({ "errors": errors }),
                format!("{text}nothing was generated"),
            );
        }
    };
    match corsfix_gen::generate_for(&policy, t, v, &corsfix_gen::Options::default()) {
        Ok(g) => {
            let mut text = format!("{} (v{}: {})\n", g.name, g.version, g.packages);
            if !g.findings.is_empty() {
                let _ = writeln!(text, "\nLint:");
                findings_text(&mut text, &g.findings);
            }
            if !g.limitations.is_empty() {
                let _ = writeln!(text, "\nWhat this target cannot express exactly:");
                for l in &g.limitations {
                    let _ = writeln!(text, "- {l}");
                }
            }
            for f in &g.files {
                let _ = writeln!(text, "\n{} ({})", f.path, f.placement);
                let _ = writeln!(text, "```{}", f.language);
                text.push_str(&f.contents);
                if !f.contents.ends_with('\n') {
                    text.push('\n');
                }
                let _ = writeln!(text, "```");
            }
            if !g.install.is_empty() {
                let _ = writeln!(text, "\nInstall:");
                for i in &g.install {
                    let _ = writeln!(text, "  {i}");
                }
            }
            if !g.notes.is_empty() {
                let _ = writeln!(text, "\nOrder and wiring:");
                for n in &g.notes {
                    let _ = writeln!(text, "- {n}");
                }
            }
            if !g.not_allowed.is_empty() {
                let _ = writeln!(text, "\nDeliberately not allowed:");
                for n in &g.not_allowed {
                    let _ = writeln!(text, "- {n}");
                }
            }
            Answer::ok(json!({ "policy": policy.to_spec(), "generated": g }), text)
        }
        Err(corsfix_gen::GenError::Refused(findings)) => {
            let mut text = String::from(
                "Refused: corsfix does not generate code for a policy with error findings; fix these first:\n",
            );
            findings_text(&mut text, &findings);
            Answer::error_with(json!({ "refused": findings }), text)
        }
        Err(e) => Answer::error(e.to_string()),
    }
}

pub(crate) fn lint(raw: Map<String, Value>) -> Answer {
    let a: LintArgs = match args("lint", raw) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let policy = match build(&a.policy) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let findings = corsfix_policy::lint(&policy);
    let mut text = String::new();
    if findings.is_empty() {
        text.push_str("No findings.\n");
    } else {
        findings_text(&mut text, &findings);
    }
    Answer::ok(
        json!({ "policy": policy.to_spec(), "findings": findings, "errors": [] }),
        text,
    )
}

// ---------------------------------------------------------------------------------------------
// targets
// ---------------------------------------------------------------------------------------------

pub(crate) fn targets(raw: Map<String, Value>) -> Answer {
    if let Some(k) = raw.keys().next() {
        return Answer::error(format!(
            "invalid arguments for `targets`: it takes none (got `{k}`)"
        ));
    }
    let all = corsfix_gen::targets();
    let mut text = String::new();
    for t in all {
        let versions: Vec<&str> = t.versions.iter().map(|v| v.major).collect();
        let _ = writeln!(
            text,
            "{} ({}): {} — {}, {}",
            t.id,
            versions.join(", "),
            t.name,
            t.language,
            t.library
        );
    }
    let _ = writeln!(
        text,
        "\n{} targets; pick a version with `ID@MAJOR` (the first listed is the default).",
        all.len()
    );
    Answer::ok(json!({ "targets": all }), text)
}
