//! The report view models: what every renderer shows, in the order it shows it.
//!
//! 1. [`Report::verdict`]: allowed / allowed but unsafe / allowed but not as intended /
//!    blocked / not CORS / not recognised, with one line;
//! 2. [`Report::cause`]: the primary cause, then [`Report::candidates`] (the others, ranked);
//! 3. [`Report::question`]: when the evidence cannot decide, the question that would separate
//!    the candidates, with which answer means which cause;
//! 4. [`Report::fix`]: the steps of the primary cause, the policy that would have passed, the
//!    exact response headers to send, what was assumed, and the `corsfix gen` command (with the
//!    target of the server that answered, when it was identified);
//! 5. [`Report::findings`]: what does not block this request, most severe first (a high
//!    security finding is never below a "possible" note);
//! 6. [`Report::evidence`]: what the browsers print, the timeline of exchanges, the headers,
//!    what was read from a pasted text.
//!
//! Every sentence in a report comes from this crate (the catalog and this builder); a renderer
//! lays the fields out and adds section labels, nothing more. The types are serde-serialisable
//! (`--json`, the web API) and stable: fields are added, never renamed.

use corsfix_model::error::{CorsError, Initiator};
use corsfix_model::exchange::{Exchange, Purpose};
use corsfix_model::parse::{Kind, Reading};
use corsfix_model::{Browser, Mode, Simulation};
use serde::{Deserialize, Serialize};

use crate::catalog::{Cause, Likelihood, status_text};
use crate::diagnosis::{Diagnosis, Finding, Question, Severity};
use crate::evidence::Evidence;
use crate::fix::Fix;
use crate::server::ServerGuess;

/// Everything a renderer shows about one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The verdict, first.
    pub verdict: Verdict,
    /// The primary cause (`None` when the request works and nothing is wrong, or nothing was
    /// recognised).
    pub cause: Option<CauseView>,
    /// The other candidate causes, most likely first.
    pub candidates: Vec<CauseView>,
    /// The question that would separate the candidates, when the evidence cannot decide.
    pub question: Option<Question>,
    /// What to change.
    pub fix: Option<FixView>,
    /// What does not block this request, most severe first.
    pub findings: Vec<Finding>,
    /// What the verdict rests on.
    pub evidence: EvidenceView,
    /// Whether the request works as intended: allowed, and no certain or likely cause (a
    /// possible one, such as a latent caching risk, is reported but does not fail).
    pub passed: bool,
}

/// What kind of verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum VerdictKind {
    /// The page can read the response, and nothing is wrong.
    Allowed,
    /// The page can read the response, but the server is open to other sites (a high
    /// severity finding).
    AllowedUnsafe,
    /// CORS lets it through, but the request does not work as meant (a header the script
    /// reads is not exposed, the cookie is not sent back, …).
    AllowedNotAsIntended,
    /// The browser blocks it.
    Blocked,
    /// It failed, but not because of CORS (mixed content, a refused connection, CSP, …).
    NotCors,
    /// Nothing in a pasted text was recognised.
    NotRecognised,
}

/// The verdict, in one line, and what the browser's message means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// What kind.
    pub kind: VerdictKind,
    /// One line (`Blocked: the preflight (OPTIONS) is not handled: …`).
    pub line: String,
    /// What the browser's message (or the failed check) means, in plain words; may be empty.
    pub meaning: String,
}

/// One cause, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CauseView {
    /// The stable code (`auth-before-cors`).
    pub code: String,
    /// One line.
    pub summary: String,
    /// Why it is the cause and how it arises.
    pub detail: String,
    /// How sure.
    pub likelihood: Likelihood,
    /// The steps to fix it.
    pub steps: Vec<String>,
    /// Whether it is a CORS problem at all.
    pub is_cors: bool,
}

impl CauseView {
    fn of(c: &Cause) -> Self {
        Self {
            code: c.code.clone(),
            summary: c.summary.clone(),
            detail: c.detail.clone(),
            likelihood: c.likelihood,
            steps: c.fix.clone(),
            is_cors: c.cause_code().is_none_or(crate::CauseCode::is_cors),
        }
    }
}

/// What to change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixView {
    /// The primary cause's steps, in order.
    pub steps: Vec<String>,
    /// The server policy that would have made the request pass, with the exact headers, when
    /// a server policy is the fix.
    pub server: Option<Fix>,
    /// One line about the `corsfix gen` target, when the server was identified
    /// (`The server looks like nginx: corsfix gen --target nginx writes its configuration.`).
    pub target_note: Option<String>,
}

/// What the verdict rests on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EvidenceView {
    /// The request as checked (probe, HAR, case), when known.
    pub request: Option<RequestView>,
    /// What was read from a pasted text, as `label: value` rows.
    pub read: Vec<Row>,
    /// What each browser prints (or would print for the same server answer).
    pub console: Vec<ConsoleView>,
    /// The exchanges the browser makes, in order.
    pub timeline: Vec<ExchangeView>,
    /// The extra probes (not sent by the browser).
    pub probes: Vec<ExchangeView>,
    /// The server software, guessed from headers and bodies.
    pub server: Option<ServerGuess>,
    /// A `corsfix check` command that would confirm a reading against the live server.
    pub confirm: Option<String>,
    /// A curl command that repeats the browser's first exchange.
    pub repeat: Option<String>,
    /// What had to be inferred from the evidence (a HAR's missing cookies, …).
    pub notes: Vec<String>,
}

/// One `label: value` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The label (`url`, `status`).
    pub label: String,
    /// The value.
    pub value: String,
}

/// The request, as the browser sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    /// The method as sent.
    pub method: String,
    /// The URL.
    pub url: String,
    /// The page's origin.
    pub origin: String,
    /// The headers the script sets (after the browser dropped forbidden ones).
    pub headers: Vec<(String, String)>,
    /// Whether credentials are included.
    pub credentials: bool,
    /// Whether the request is in `no-cors` mode.
    pub no_cors: bool,
    /// One line: `PUT https://api.example.com/items with Content-Type, credentials included`.
    pub line: String,
}

/// What one browser prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleView {
    /// The browser.
    pub browser: Browser,
    /// Its display name (`Chrome`, `Firefox`, `Safari`).
    pub name: String,
    /// Whether it lets the page read the response.
    pub allowed: bool,
    /// The failure's kind (a Chromium `CorsError` name or a look-alike), when blocked.
    pub kind: Option<String>,
    /// The console lines, in order (empty when allowed).
    pub lines: Vec<String>,
}

/// One exchange, as shown in a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeView {
    /// `preflight`, `request`, `redirected`, or the extra probe's purpose.
    pub label: String,
    /// Why it was sent.
    pub purpose: Purpose,
    /// The redirect hop (0 = the first URL).
    pub hop: u32,
    /// The method.
    pub method: String,
    /// The URL.
    pub url: String,
    /// The status, when a response arrived.
    pub status: Option<u16>,
    /// `404 Not Found`, or the network error's `net::ERR_…` code.
    pub status_line: String,
    /// The request headers that matter for CORS (`Origin`, `Access-Control-Request-*`, the
    /// script's own).
    pub request_headers: Vec<(String, String)>,
    /// The CORS-relevant response headers (and those that tell who answered).
    pub response_headers: Vec<(String, String)>,
    /// Whether the response has no `Access-Control-*` header at all.
    pub no_cors_headers: bool,
    /// Milliseconds, when measured.
    pub elapsed_ms: Option<u64>,
    /// Why no response arrived.
    pub error: Option<String>,
    /// The start of the body, when recorded.
    pub body: Option<String>,
}

/// The display name of a browser.
pub fn browser_name(b: Browser) -> &'static str {
    match b {
        Browser::Chrome => "Chrome",
        Browser::Firefox => "Firefox",
        Browser::Safari => "Safari",
    }
}

/// Build the report for one piece of evidence and its diagnosis.
pub fn report(evidence: &Evidence<'_>, d: &Diagnosis) -> Report {
    let mut evidence_view = match evidence {
        Evidence::Text(r) => text_evidence(r, d),
        other => run_evidence(other),
    };
    evidence_view.server.clone_from(&d.server);
    let allowed = match evidence {
        Evidence::Text(_) => false,
        other => other.as_run().is_some_and(|run| {
            run.network_error.is_none()
                && run.mixed_content.is_none()
                && run
                    .case
                    .as_ref()
                    .is_some_and(|c| Simulation::run(c).chrome.allowed)
        }),
    };
    let recognised = match evidence {
        Evidence::Text(r) => r.recognized(),
        _ => true,
    };
    let definite = d.has_definite_cause();
    let high = d.findings.iter().any(|f| f.severity == Severity::High);
    let kind = if !recognised {
        VerdictKind::NotRecognised
    } else if !d.is_cors {
        VerdictKind::NotCors
    } else if !allowed {
        VerdictKind::Blocked
    } else if definite {
        VerdictKind::AllowedNotAsIntended
    } else if high {
        VerdictKind::AllowedUnsafe
    } else {
        VerdictKind::Allowed
    };
    let line = match kind {
        VerdictKind::AllowedUnsafe => {
            let worst = d
                .findings
                .iter()
                .find(|f| f.severity == Severity::High)
                .map(|f| f.message.clone())
                .unwrap_or_default();
            format!("Works, but unsafe: {worst}")
        }
        VerdictKind::NotRecognised => {
            "Not recognised: no browser CORS or network error was found in the text.".to_owned()
        }
        _ => d.headline.clone(),
    };
    // While allowed, possible causes are notes (findings), not the cause.
    let (cause, candidates, notes): (Option<CauseView>, Vec<CauseView>, Vec<Finding>) =
        if allowed && !definite {
            let notes = d
                .causes
                .iter()
                .map(|c| Finding {
                    code: c.code.clone(),
                    severity: Severity::Info,
                    message: format!("Possible: {} {}", c.summary, c.detail),
                })
                .collect();
            (None, Vec::new(), notes)
        } else {
            let mut it = d.causes.iter().map(CauseView::of);
            (it.next(), it.collect(), Vec::new())
        };
    let mut findings = d.findings.clone();
    findings.extend(notes);
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let server_fix = crate::fix::fix(evidence, d);
    let fix = cause.as_ref().map(|c| FixView {
        steps: c.steps.clone(),
        target_note: server_fix.as_ref().and_then(|f| {
            let s = d.server.as_ref()?;
            let t = f.target.as_deref()?;
            Some(format!(
                "The server looks like {}: `corsfix gen --target {t}` writes its configuration.",
                s.name
            ))
        }),
        server: server_fix,
    });
    let passed = allowed && !definite;
    Report {
        verdict: Verdict {
            kind,
            line,
            meaning: d.meaning.clone(),
        },
        cause,
        candidates,
        question: d.questions.first().cloned(),
        fix,
        findings,
        evidence: evidence_view,
        passed,
    }
}

/// Remove a `Status code: N` that the model had to assume (the paste did not give it).
fn strip_assumed_status(line: &str) -> String {
    let Some(i) = line.find(" Status code: ") else {
        return line.to_owned();
    };
    let rest = &line[i + " Status code: ".len()..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let mut after = &rest[digits..];
    if let Some(a) = after.strip_prefix('.') {
        after = a;
    }
    format!("{}{after}", &line[..i])
}

fn text_evidence(r: &Reading, d: &Diagnosis) -> EvidenceView {
    let mut v = EvidenceView {
        read: read_rows(r),
        confirm: d.confirm_with.clone(),
        ..EvidenceView::default()
    };
    if let Some((_, sim)) = r.in_every_browser() {
        for b in Browser::ALL {
            let verdict = sim.get(b);
            let mut lines: Vec<String> = verdict
                .failure
                .as_ref()
                .and_then(|f| f.first_line())
                .map(str::to_owned)
                .into_iter()
                .collect();
            if r.status.is_none() {
                lines = lines.iter().map(|l| strip_assumed_status(l)).collect();
            }
            v.console.push(ConsoleView {
                browser: b,
                name: browser_name(b).to_owned(),
                allowed: verdict.allowed,
                kind: verdict.failure_kind().map(str::to_owned),
                lines,
            });
        }
    }
    v
}

/// What was read from a pasted text, as rows.
fn read_rows(r: &Reading) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut push = |label: &str, value: String| {
        rows.push(Row {
            label: label.to_owned(),
            value,
        });
    };
    if let Some(b) = r.browser {
        push(
            "browser",
            match b {
                Browser::Chrome => "Chrome (or Edge)".to_owned(),
                other => browser_name(other).to_owned(),
            },
        );
    }
    if let Some(k) = r.kind {
        push("kind", k.name().to_owned());
    }
    if let Some(u) = &r.redirected_from {
        push("first url", u.clone());
    }
    if let Some(u) = &r.url {
        push("url", u.clone());
    }
    if let Some(u) = &r.location {
        push("redirect to", u.clone());
    }
    if let Some(o) = &r.origin {
        push("origin", o.clone());
    }
    if let Some(p) = &r.parameter {
        push("parameter", format!("{p:?}"));
    }
    if let Some(s) = r.status {
        push("status", format!("{s} {}", status_text(s)));
    }
    if let Some(m) = &r.method {
        push("method", m.clone());
    }
    if let Some(i) = r.initiator {
        push(
            "initiator",
            match i {
                Initiator::Fetch => "fetch()".to_owned(),
                Initiator::XmlHttpRequest => "XMLHttpRequest (axios, jQuery)".to_owned(),
            },
        );
    }
    if matches!(
        r.kind,
        Some(Kind::Cors(
            CorsError::InsecureLocalNetwork
                | CorsError::InvalidLocalNetworkAccess
                | CorsError::LocalNetworkAccessPermissionDenied
        ))
    ) {
        push(
            "failed at",
            "connecting (Local Network Access): nothing was sent".to_owned(),
        );
    } else if let Some(p) = r.preflight {
        push(
            "failed at",
            if p {
                "the preflight (OPTIONS)"
            } else {
                "the response"
            }
            .to_owned(),
        );
    }
    if !r.also.is_empty() {
        let also: Vec<&str> = r.also.iter().map(|k| k.name()).collect();
        push("also in the text", also.join(", "));
    }
    rows
}

fn run_evidence(ev: &Evidence<'_>) -> EvidenceView {
    let Some(run) = ev.as_run() else {
        return EvidenceView::default();
    };
    let req = &run.request;
    let mut line = format!("{} {}", req.method, req.url);
    if !req.headers.is_empty() {
        let names: Vec<&str> = req.headers.iter().map(|(n, _)| n.as_str()).collect();
        line.push_str(&format!(" with {}", names.join(", ")));
    }
    if req.credentials {
        line.push_str(", credentials included");
    }
    if req.mode == Mode::NoCors {
        line.push_str(", mode no-cors");
    }
    let console = if let Some(target) = &run.mixed_content {
        let lines = corsfix_model::messages::mixed_content_lines(&req.origin, target);
        blocked_console("MixedContent", lines)
    } else if let Some(err) = &run.network_error {
        let last = run.exchanges.last();
        let lines = corsfix_model::messages::network_error_lines(
            err.kind,
            last.map_or(req.method.as_str(), |e| e.method.as_str()),
            last.map_or(req.url.as_str(), |e| e.url.as_str()),
        );
        blocked_console("NetworkError", lines)
    } else if let Some(case) = &run.case {
        let sim = Simulation::run(case);
        Browser::ALL
            .iter()
            .map(|b| {
                let v = sim.get(*b);
                ConsoleView {
                    browser: *b,
                    name: browser_name(*b).to_owned(),
                    allowed: v.allowed,
                    kind: v.failure_kind().map(str::to_owned),
                    lines: v.console_lines().to_vec(),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let notes = match ev {
        Evidence::Har(h) => h.notes.clone(),
        _ => Vec::new(),
    };
    EvidenceView {
        request: Some(RequestView {
            method: req.method.clone(),
            url: req.url.clone(),
            origin: req.origin.clone(),
            headers: req.headers.clone(),
            credentials: req.credentials,
            no_cors: req.mode == Mode::NoCors,
            line,
        }),
        read: Vec::new(),
        console,
        timeline: run.exchanges.iter().map(exchange_view).collect(),
        probes: run.extra.iter().map(exchange_view).collect(),
        server: None,
        confirm: None,
        repeat: (matches!(ev, Evidence::Probe(_))
            && !run.exchanges.is_empty()
            && run.network_error.is_none())
        .then(|| crate::commands::curl_command(run.exchanges.first(), req)),
        notes,
    }
}

fn blocked_console(kind: &str, lines: [Vec<String>; 3]) -> Vec<ConsoleView> {
    Browser::ALL
        .iter()
        .zip(lines)
        .map(|(b, lines)| ConsoleView {
            browser: *b,
            name: browser_name(*b).to_owned(),
            allowed: false,
            kind: Some(kind.to_owned()),
            lines,
        })
        .collect()
}

/// One exchange as shown.
pub fn exchange_view(e: &Exchange) -> ExchangeView {
    let label = match e.purpose {
        Purpose::Preflight => "preflight",
        Purpose::Actual if e.hop == 0 => "request",
        Purpose::Actual => "redirected",
        Purpose::OtherOrigin => "other origin",
        Purpose::NullOrigin => "null origin",
        Purpose::NoOrigin => "no origin",
        Purpose::OriginVariant => "origin variant",
        Purpose::MethodVariant => "simpler method",
        Purpose::HeaderVariant => "fewer headers",
        Purpose::OtherPath => "other path",
    };
    let status_line = match (e.status, &e.error) {
        (Some(s), _) => format!("{s} {}", status_text(s)),
        (None, Some(err)) => err.kind.chrome_code().to_owned(),
        (None, None) => "no response".to_owned(),
    };
    let request_headers = e
        .request_headers
        .iter()
        .filter(|(name, _)| {
            name.starts_with("Access-Control-Request-")
                || name.eq_ignore_ascii_case("origin")
                || (e.purpose == Purpose::Actual
                    && !matches!(
                        name.as_str(),
                        "Accept"
                            | "Sec-Fetch-Mode"
                            | "Sec-Fetch-Site"
                            | "Sec-Fetch-Dest"
                            | "Referer"
                            | "User-Agent"
                    ))
        })
        .cloned()
        .collect();
    let response_headers: Vec<(String, String)> = e
        .cors_headers()
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    ExchangeView {
        label: label.to_owned(),
        purpose: e.purpose,
        hop: e.hop,
        method: e.method.clone(),
        url: e.url.clone(),
        status: e.status,
        status_line,
        request_headers,
        no_cors_headers: e.status.is_some()
            && response_headers
                .iter()
                .all(|(n, _)| !n.starts_with("access-control-")),
        response_headers,
        elapsed_ms: (e.status.is_some() || e.error.is_some()).then_some(e.elapsed_ms),
        error: e.error.as_ref().map(|x| x.message.clone()),
        body: e.body.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assumed_status_is_not_printed() {
        assert_eq!(
            strip_assumed_status(
                "Cross-Origin Request Blocked: … (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."
            ),
            "Cross-Origin Request Blocked: … (Reason: CORS header ‘Access-Control-Allow-Origin’ missing)."
        );
        assert_eq!(
            strip_assumed_status("Preflight response is not successful. Status code: 401"),
            "Preflight response is not successful."
        );
        assert_eq!(strip_assumed_status("no status"), "no status");
    }
}
