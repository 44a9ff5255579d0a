//! The one `Diagnosis → Policy` step: from the evidence and its diagnosis, the
//! [`PolicySpec`](corsfix_policy::PolicySpec) that would have made this request pass, the exact
//! response headers a correct server sends for it, what had to be assumed and what could not
//! be known. `explain`, `check`, `har`, `scan` and the web all call [`fix`], so the same evidence
//! gives the same fix everywhere.
//!
//! Nothing is silently defaulted: a preflighted `PUT` with JSON gets `PUT` and `Content-Type`;
//! what the evidence does not say is either asked ([`Fix::unknowns`]) or stated
//! ([`Fix::assumptions`]).

use corsfix_model::error::CorsError as E;
use corsfix_model::parse::{Kind, Reading};
use corsfix_model::{Browser, headers, method};
use corsfix_policy::{PolicySpec, Request};
use serde::{Deserialize, Serialize};

use crate::catalog::CauseCode;
use crate::commands::shell_quote;
use crate::diagnosis::Diagnosis;
use crate::evidence::Evidence;

/// The policy that would have made the request pass, and what a server following it answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    /// The policy (`corsfix gen --policy` reads the same fields). `origins` is empty when the
    /// evidence does not name the page's origin (see [`Fix::unknowns`]).
    pub policy: PolicySpec,
    /// The headers a correct server sends on the preflight (`OPTIONS`) answer; empty when the
    /// request needs no preflight or the origin is unknown.
    pub preflight_headers: Vec<(String, String)>,
    /// The headers a correct server sends on the actual response (errors included); empty
    /// when the origin is unknown.
    pub response_headers: Vec<(String, String)>,
    /// What had to be assumed, one sentence each.
    pub assumptions: Vec<String>,
    /// What the evidence could not tell, as questions to answer before applying the fix.
    pub unknowns: Vec<String>,
    /// What else to know about the policy (a method allowed as the client sends it, …).
    #[serde(default)]
    pub notes: Vec<String>,
    /// The `corsfix gen --target` name of the server that answered, when it was identified.
    pub target: Option<String>,
    /// The `corsfix gen …` command that writes this policy for a framework (`TARGET` stands
    /// for the framework when none was identified, `ORIGIN` for an origin the evidence does
    /// not name).
    pub gen_command: String,
}

/// Causes fixed on the client (or nowhere), for which a server policy is not the fix.
const NOT_A_SERVER_POLICY: &[CauseCode] = &[
    CauseCode::LowercasePatch,
    CauseCode::AccessControlHeaderOnRequest,
    CauseCode::NoCorsMode,
    CauseCode::NullOrigin,
    CauseCode::UnsupportedScheme,
    CauseCode::DisallowedByMode,
    CauseCode::ServiceWorkerOpaque,
    CauseCode::RedirectWithCredentials,
    CauseCode::ThirdPartyApi,
    CauseCode::StalePreflightCache,
];

/// What the request needs from the server, as far as the evidence tells.
struct Needs {
    origin: Option<String>,
    method: Option<String>,
    /// Non-safelisted request headers (lower-case), when known.
    headers: Option<Vec<String>>,
    credentials: Option<bool>,
    expose: Vec<String>,
    /// Whether a preflight is needed (`None`: cannot tell).
    preflight: Option<bool>,
}

fn needs_of_text(r: &Reading) -> Needs {
    let base = match r.kind {
        Some(Kind::Cors(e)) => Some(e.base()),
        _ => None,
    };
    let method = match base {
        Some(E::MethodDisallowedByPreflightResponse) => {
            r.parameter.clone().or_else(|| r.method.clone())
        }
        _ => r.method.clone(),
    }
    .filter(|m| m != "OPTIONS");
    let header = match base {
        Some(E::HeaderDisallowedByPreflightResponse) => r
            .parameter
            .as_deref()
            .filter(|h| !h.to_ascii_lowercase().starts_with("access-control-"))
            .map(str::to_ascii_lowercase),
        _ => None,
    };
    let preflight_error =
        r.preflight == Some(true) || matches!(r.kind, Some(Kind::Cors(e)) if e.is_preflight());
    let credentials = matches!(
        base,
        Some(E::WildcardOriginNotAllowed | E::InvalidAllowCredentials)
    )
    .then_some(true);
    let method_needs = method.as_deref().map(|m| !method::is_cors_safelisted(m));
    let preflight = if preflight_error || header.is_some() || method_needs == Some(true) {
        Some(true)
    } else {
        None
    };
    // Headers are known only when the message names the one at fault and nothing else could
    // be missing; a preflight failure for another reason leaves them unknown.
    let headers = match (&header, preflight) {
        (Some(h), _) => Some(vec![h.clone()]),
        (None, Some(true)) => None,
        (None, _) => None,
    };
    Needs {
        origin: r.origin.clone().filter(|o| o != "null"),
        method,
        headers,
        credentials,
        expose: Vec::new(),
        preflight,
    }
}

fn needs_of_run(ev: &Evidence<'_>) -> Option<Needs> {
    let run = ev.as_run()?;
    let req = &run.request;
    // Every engine's CORS-unsafe names: the policy must pass in Chrome, Firefox and Safari.
    let mut unsafe_headers: Vec<String> = Vec::new();
    for b in Browser::ALL {
        for h in headers::cors_unsafe_request_header_names(&req.headers, b) {
            if !unsafe_headers.contains(&h) {
                unsafe_headers.push(h);
            }
        }
    }
    unsafe_headers.sort();
    let preflight = !method::is_cors_safelisted(&req.method) || !unsafe_headers.is_empty();
    Some(Needs {
        origin: Some(req.origin.clone()).filter(|o| o != "null"),
        method: Some(req.method.clone()),
        headers: Some(unsafe_headers),
        credentials: Some(req.credentials),
        expose: req
            .read_headers
            .iter()
            .filter(|h| !headers::is_exposed(h, None, false))
            .cloned()
            .collect(),
        preflight: Some(preflight),
    })
}

/// The policy that would have made the request pass, or `None` when no server policy is the
/// fix (not a CORS problem, or a cause fixed in the client).
pub fn fix(evidence: &Evidence<'_>, diagnosis: &Diagnosis) -> Option<Fix> {
    if !diagnosis.is_cors {
        return None;
    }
    if diagnosis
        .causes
        .first()
        .and_then(crate::catalog::Cause::cause_code)
        .is_some_and(|c| NOT_A_SERVER_POLICY.contains(&c))
    {
        return None;
    }
    let needs = match evidence {
        Evidence::Text(r) => needs_of_text(r),
        other => needs_of_run(other)?,
    };
    let mut assumptions = Vec::new();
    let mut unknowns = Vec::new();
    let mut notes = Vec::new();

    let mut methods: Vec<String> = vec!["GET".into(), "HEAD".into(), "POST".into()];
    let mut request_method = "GET".to_owned();
    match needs.method.as_deref() {
        Some(m) => {
            // The method as the browser sends it: fetch() upper-cases only six methods, and
            // Access-Control-Allow-Methods is compared case-sensitively.
            let sent = method::normalize(m);
            if sent.bytes().any(|b| b.is_ascii_lowercase()) {
                notes.push(format!(
                    "The request sends `{sent}` in lower case, so the policy allows it as sent; sending `{}` from the client is the better fix (fetch() upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT).",
                    sent.to_ascii_uppercase()
                ));
            }
            if !methods.contains(&sent) {
                methods.push(sent.clone());
            }
            request_method = sent;
        }
        None if needs.preflight == Some(true) => unknowns.push(
            "Which method does the request use? (the Network tab shows it; a preflighted request is usually PUT, PATCH or DELETE, or a POST with JSON)".to_owned(),
        ),
        None => assumptions.push(
            "The request is a GET, HEAD or POST (the message names no other method).".to_owned(),
        ),
    }
    let request_headers = match &needs.headers {
        Some(h) => h.clone(),
        None => {
            if needs.preflight == Some(true) {
                unknowns.push(
                    "Which headers does the request set? (the OPTIONS request's `Access-Control-Request-Headers` in the Network tab lists them, e.g. `content-type,authorization`)".to_owned(),
                );
            } else {
                assumptions.push(
                    "The request sets no header beyond the CORS-safelisted ones (the message names none).".to_owned(),
                );
            }
            Vec::new()
        }
    };
    let credentials = match needs.credentials {
        Some(c) => c,
        None => {
            assumptions.push(
                "The request sends no cookies or HTTP authentication; if it uses `credentials: 'include'` (axios `withCredentials: true`), allow credentials too.".to_owned(),
            );
            false
        }
    };
    let origin = needs.origin.clone();
    if origin.is_none() {
        unknowns.push(
            "What is the page's origin? (scheme, host and port in the address bar of the page that makes the request, e.g. http://localhost:5173)".to_owned(),
        );
    }
    let policy = PolicySpec {
        origins: origin.iter().cloned().collect(),
        credentials,
        methods: methods.clone(),
        request_headers: request_headers.clone(),
        expose_headers: needs.expose.clone(),
        max_age: Some(600),
        ..PolicySpec::default()
    };
    let (preflight_headers, response_headers) = match (&origin, policy.build()) {
        (Some(o), Ok(p)) => {
            let m = &request_method;
            let pre = if needs.preflight == Some(false) {
                Vec::new()
            } else {
                p.respond(&Request::preflight(o, m, &request_headers.join(",")))
                    .headers
            };
            (pre, p.respond(&Request::actual(o, m)).headers)
        }
        _ => (Vec::new(), Vec::new()),
    };
    let target = diagnosis
        .server
        .as_ref()
        .filter(|s| s.is_known())
        .and_then(|s| s.target.clone());
    let gen_command = gen_command(&policy, target.as_deref());
    Some(Fix {
        policy,
        preflight_headers,
        response_headers,
        assumptions,
        unknowns,
        notes,
        target,
        gen_command,
    })
}

/// The fix for what `corsfix scan` finds (a server that accepts origins it should not, or
/// answers without `Vary: Origin`): allow exact origins only. The scanner does not know the
/// real front ends, so unless `origins` names them they are asked, not made up.
pub fn for_exact_origins(origins: &[String], credentials: bool, target: Option<&str>) -> Fix {
    let policy = PolicySpec {
        origins: origins.to_vec(),
        credentials,
        max_age: Some(600),
        ..PolicySpec::default()
    };
    let mut unknowns = Vec::new();
    if origins.is_empty() {
        unknowns.push(
            "Which origins are your front ends? (scheme, host and port of each page that calls this API)".to_owned(),
        );
    }
    let response_headers = match (origins.first(), policy.build()) {
        (Some(o), Ok(p)) => p.respond(&Request::actual(o, "GET")).headers,
        _ => Vec::new(),
    };
    Fix {
        gen_command: gen_command(&policy, target),
        policy,
        preflight_headers: Vec::new(),
        response_headers,
        assumptions: Vec::new(),
        unknowns,
        notes: Vec::new(),
        target: target.map(str::to_owned),
    }
}

/// The one line `corsfix scan` prints after its findings.
pub fn scan_advice() -> String {
    let f = for_exact_origins(&[], false, None);
    format!(
        "Allow exact origins only (no reflection, no prefix/suffix/regex tests, no `null`), with `Vary: Origin`: `{}` (one `--origin` per front end) writes that configuration for your stack, and `corsfix lint` checks a policy file for the same rules.",
        f.gen_command
    )
}

/// The `corsfix gen` command line for a policy.
pub fn gen_command(policy: &PolicySpec, target: Option<&str>) -> String {
    let mut cmd = format!(
        "corsfix gen --target {}",
        target.map_or_else(|| "TARGET".to_owned(), shell_quote)
    );
    for o in &policy.origins {
        cmd.push_str(&format!(" --origin {}", shell_quote(o)));
    }
    if policy.origins.is_empty() {
        cmd.push_str(" --origin ORIGIN");
    }
    let extra: Vec<&str> = policy
        .methods
        .iter()
        .map(String::as_str)
        .filter(|m| !matches!(*m, "GET" | "HEAD" | "POST"))
        .collect();
    if !extra.is_empty() {
        cmd.push_str(&format!(
            " --methods {}",
            shell_quote(&policy.methods.join(","))
        ));
    }
    if !policy.request_headers.is_empty() {
        cmd.push_str(&format!(
            " --headers {}",
            shell_quote(&policy.request_headers.join(","))
        ));
    }
    if policy.credentials {
        cmd.push_str(" --credentials");
    }
    if !policy.expose_headers.is_empty() {
        cmd.push_str(&format!(
            " --expose {}",
            shell_quote(&policy.expose_headers.join(","))
        ));
    }
    if let Some(m) = policy.max_age {
        cmd.push_str(&format!(" --max-age {m}"));
    }
    cmd
}
