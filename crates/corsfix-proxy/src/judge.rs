//! What the upstream's own answer would have done in Chrome: the request the browser sent,
//! with the upstream's real answers, run through the model ([`corsfix_model::simulate`]).
//! Every CORS rule used here is the model's; the proxy only assembles the case.

use corsfix_model::{
    Browser, Case, Credentials, Initiator, Mode, RedirectMode, RequestSpec, ResponseSpec, Stage,
    Verdict, simulate_untraced,
};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};

use corsfix_policy::Policy;
use http::HeaderMap;
use serde::Serialize;

use crate::headers::get;

/// The cross-origin request as the page made it, read from what the browser sent: a case
/// whose answers are filled in as they are learnt.
#[derive(Debug, Clone)]
pub(crate) struct Ask {
    case: Case,
    /// What had to be assumed.
    notes: Vec<String>,
}

fn request_case(
    origin: String,
    url: String,
    method: String,
    headers: Vec<(String, String)>,
    credentials: Credentials,
) -> Case {
    Case {
        id: None,
        origin,
        url,
        request: RequestSpec {
            method,
            headers,
            credentials,
            mode: Mode::Cors,
            read_headers: Vec::new(),
            redirect: RedirectMode::Follow,
            body: None,
            initiator: Initiator::Fetch,
            target_address_space: None,
        },
        preflight: None,
        actual: None,
        // Local Network Access is not judged: the proxy does not know which address space the
        // page's own server is in (absent: the same space, as for any case).
        address_space: None,
        lna_permission: None,
    }
}

impl Ask {
    /// The request a browser sent to the proxy, as the page's script asked for it; `Err` with
    /// the reason when it is not a CORS request.
    pub(crate) fn of_request(
        headers: &HeaderMap,
        method: &str,
        url: String,
        upstream_origin: &str,
        policy_credentials: bool,
    ) -> Result<Self, &'static str> {
        let origin = page_origin(headers, upstream_origin)?;
        let mut notes = Vec::new();
        let credentials = if headers.contains_key(http::header::COOKIE) {
            Credentials::Include
        } else if policy_credentials {
            notes.push(
                "no cookie was sent; judged as credentials: \"include\" (--credentials)".into(),
            );
            Credentials::Include
        } else {
            Credentials::SameOrigin
        };
        let script_headers = headers
            .iter()
            .filter(|(n, _)| !corsfix_model::har::is_browser_added(n.as_str()))
            .map(|(n, v)| (n.as_str().to_owned(), crate::headers::text(v)))
            .collect();
        Ok(Self {
            case: request_case(origin, url, method.to_owned(), script_headers, credentials),
            notes,
        })
    }

    /// The request a preflight announces (`Access-Control-Request-Method` and `-Headers`).
    pub(crate) fn of_preflight(
        headers: &HeaderMap,
        url: String,
        upstream_origin: &str,
        policy_credentials: bool,
    ) -> Result<Self, &'static str> {
        let origin = page_origin(headers, upstream_origin)?;
        let method = get(headers, "access-control-request-method")
            .ok_or("not a preflight")?
            .to_owned();
        // Only the names are announced; every one of them is CORS-unsafe, whatever its value.
        let script_headers = get(headers, "access-control-request-headers")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| (n.to_owned(), "x".to_owned()))
            .collect();
        let mut notes = Vec::new();
        let credentials = if policy_credentials {
            notes.push("judged as credentials: \"include\" (--credentials)".into());
            Credentials::Include
        } else {
            Credentials::SameOrigin
        };
        Ok(Self {
            case: request_case(origin, url, method, script_headers, credentials),
            notes,
        })
    }

    /// The page's origin.
    pub(crate) fn origin(&self) -> &str {
        &self.case.origin
    }

    /// The URL on the upstream.
    pub(crate) fn url(&self) -> &str {
        &self.case.url
    }

    /// The method the script used.
    pub(crate) fn method(&self) -> &str {
        &self.case.request.method
    }
}

/// The page's origin: the `Origin` header, when the request is a CORS request
/// (`Sec-Fetch-Mode: cors` or absent) to an origin other than the upstream's.
fn page_origin(headers: &HeaderMap, upstream_origin: &str) -> Result<String, &'static str> {
    let origin = get(headers, "origin").ok_or("no Origin header: not a CORS request")?;
    if let Some(mode) = get(headers, "sec-fetch-mode")
        && !mode.eq_ignore_ascii_case("cors")
    {
        return Err("Sec-Fetch-Mode is not cors: not a CORS request");
    }
    if origin == upstream_origin {
        return Err("the page is on the upstream's own origin: not cross-origin");
    }
    Ok(origin.to_owned())
}

/// Which answer a missing header belongs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum On {
    /// The answer to the preflight (`OPTIONS`).
    Preflight,
    /// The answer to the request itself.
    Response,
}

/// A header (or the status, named `:status`) the upstream's answer needs for the request to
/// pass, as the proxy's policy answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lack {
    /// Which answer.
    pub on: On,
    /// The header name (lower case), or `:status`.
    pub name: String,
    /// The value the policy answers.
    pub value: String,
}

/// What the upstream's own answer would have done in Chrome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgement {
    /// Whether Chrome lets the script read the answer (for a preflight: whether the preflight
    /// passes).
    pub allowed: bool,
    /// Chromium's `CorsError` name when blocked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Which answer failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// Chrome's console line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub console: Option<String>,
    /// The fewest header changes (from the proxy's policy) that make the upstream's own answer
    /// pass, each checked by the model.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lacks: Vec<Lack>,
    /// What had to be assumed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Whether the verdict passes the part being judged: the preflight alone, or the request on
/// this hop (a failure on a later hop of a redirect is judged on that hop's own request).
fn passes(v: &Verdict, only_preflight: bool) -> bool {
    match &v.failure {
        None => true,
        Some(f) if only_preflight => f.stage != Stage::Preflight,
        Some(f) => f.url != f.initial_url,
    }
}

/// What one judgement came to: the judgement, or (for a request Chrome would preflight, judged
/// without the preflight's answer) the preflight's `Access-Control-Request-*` headers.
#[derive(Debug, Clone)]
enum Outcome {
    Judged(Judgement),
    NeedsPreflight(Vec<(String, String)>),
}

/// Which question a judgement answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Question {
    Request,
    WithPreflight,
    PreflightAlone,
}

/// Judgements already made, by everything they depend on (the whole case and the notes), so
/// that the same request answered the same way is judged once: a page polling an API, a
/// benchmark. Entries are compared in full, not only by hash.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    map: std::sync::Mutex<HashMap<u64, Entry>>,
}

/// A memo entry: the question, everything it depended on, and the outcome.
type Entry = (Question, Case, Vec<String>, Outcome);

const MEMO_MAX: usize = 1024;

fn hash_spec(h: &mut DefaultHasher, spec: Option<&ResponseSpec>) {
    match spec {
        None => 0u8.hash(h),
        Some(s) => {
            1u8.hash(h);
            s.status.hash(h);
            s.headers.hash(h);
        }
    }
}

impl Memo {
    fn key(q: Question, case: &Case, notes: &[String]) -> u64 {
        let mut h = DefaultHasher::new();
        q.hash(&mut h);
        case.origin.hash(&mut h);
        case.url.hash(&mut h);
        case.request.method.hash(&mut h);
        case.request.headers.hash(&mut h);
        (case.request.credentials as u8).hash(&mut h);
        hash_spec(&mut h, case.preflight.as_ref());
        hash_spec(&mut h, case.actual.as_ref());
        notes.hash(&mut h);
        h.finish()
    }

    fn judge(&self, q: Question, ask: &Ask, compute: impl FnOnce() -> Outcome) -> Outcome {
        let key = Self::key(q, &ask.case, &ask.notes);
        {
            let map = self
                .map
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some((mq, case, notes, outcome)) = map.get(&key)
                && *mq == q
                && *case == ask.case
                && *notes == ask.notes
            {
                return outcome.clone();
            }
        }
        let outcome = compute();
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= MEMO_MAX {
            map.clear();
        }
        map.insert(
            key,
            (q, ask.case.clone(), ask.notes.clone(), outcome.clone()),
        );
        outcome
    }
}

/// Judge a request on the upstream's answer to it. When Chrome would send a preflight first,
/// `Err` with the preflight's `Access-Control-Request-*` headers as the model says Chrome
/// writes them; then [`judge_with_preflight`] finishes with the upstream's answer to that.
pub(crate) fn judge_request(
    ask: &mut Ask,
    actual: ResponseSpec,
    policy: &Policy,
    memo: &Memo,
) -> Result<Judgement, Vec<(String, String)>> {
    ask.case.preflight = None;
    ask.case.actual = Some(actual);
    let outcome = memo.judge(Question::Request, ask, || {
        let v = simulate_untraced(&ask.case, Browser::Chrome);
        if v.preflight_sent {
            Outcome::NeedsPreflight(v.preflight_request_headers)
        } else {
            Outcome::Judged(judgement(ask, &v, policy, false))
        }
    });
    match outcome {
        Outcome::Judged(j) => Ok(j),
        Outcome::NeedsPreflight(pf) => Err(pf),
    }
}

/// Judge a request (its answer already set by [`judge_request`]) with the upstream's answer
/// to its preflight.
pub(crate) fn judge_with_preflight(
    ask: &mut Ask,
    preflight: ResponseSpec,
    policy: &Policy,
    memo: &Memo,
) -> Judgement {
    ask.case.preflight = Some(preflight);
    judged(memo.judge(Question::WithPreflight, ask, || {
        let v = simulate_untraced(&ask.case, Browser::Chrome);
        Outcome::Judged(judgement(ask, &v, policy, false))
    }))
}

/// Judge a preflight alone: whether the upstream's answer to it lets the request through.
pub(crate) fn judge_preflight(
    ask: &mut Ask,
    preflight: ResponseSpec,
    policy: &Policy,
    memo: &Memo,
) -> Judgement {
    ask.case.preflight = Some(preflight);
    ask.case.actual = None;
    judged(memo.judge(Question::PreflightAlone, ask, || {
        let v = simulate_untraced(&ask.case, Browser::Chrome);
        Outcome::Judged(judgement(ask, &v, policy, true))
    }))
}

fn judged(outcome: Outcome) -> Judgement {
    match outcome {
        Outcome::Judged(j) => j,
        Outcome::NeedsPreflight(_) => {
            unreachable!("only a request without its preflight asks for one")
        }
    }
}

fn judgement(ask: &Ask, v: &Verdict, policy: &Policy, only_preflight: bool) -> Judgement {
    let mut notes = ask.notes.clone();
    if passes(v, only_preflight) {
        if let (false, Some(f)) = (only_preflight, &v.failure) {
            notes.push(format!("redirects to {}, judged on its own", f.url));
        }
        return Judgement {
            allowed: true,
            kind: None,
            stage: None,
            console: None,
            lacks: Vec::new(),
            notes,
        };
    }
    let failure = v
        .failure
        .as_ref()
        .expect("a verdict that does not pass has a failure");
    let lacks = if policy.origins().allows(ask.origin()) {
        lacks(ask, v, policy, only_preflight)
    } else {
        notes.push(format!(
            "{} is not an origin given to the proxy, which blocks it too",
            ask.origin()
        ));
        Vec::new()
    };
    Judgement {
        allowed: false,
        kind: Some(failure.kind_name().to_owned()),
        stage: Some(failure.stage),
        console: failure.first_line().map(str::to_owned),
        lacks,
        notes,
    }
}

/// One header (by name) of one answer: what the upstream sent and what the policy answers.
struct Candidate {
    on: On,
    name: String,
    upstream: Vec<(String, String)>,
    policy: Vec<(String, String)>,
}

fn lines_named(headers: &[(String, String)], name: &str) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .cloned()
        .collect()
}

fn candidates(on: On, upstream: &ResponseSpec, answer: &corsfix_policy::Answer) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for (name, _) in &answer.headers {
        if name == "vary" || out.iter().any(|c| c.name == *name) {
            continue;
        }
        let policy = lines_named(&answer.headers, name);
        let theirs = lines_named(&upstream.headers, name);
        let same = policy.len() == theirs.len()
            && policy
                .iter()
                .zip(&theirs)
                .all(|((_, a), (_, b))| a == b.trim());
        if !same {
            out.push(Candidate {
                on,
                name: name.clone(),
                upstream: theirs,
                policy,
            });
        }
    }
    if on == On::Preflight && !(200..=299).contains(&upstream.status) {
        out.push(Candidate {
            on,
            name: ":status".into(),
            upstream: vec![(":status".into(), upstream.status.to_string())],
            policy: vec![(":status".into(), "204".into())],
        });
    }
    out
}

/// Apply candidates `use_policy[i]` (policy's lines) or not (upstream's lines) to the answers.
fn apply(base: &ResponseSpec, on: On, cands: &[Candidate], use_policy: &[bool]) -> ResponseSpec {
    let mut spec = base.clone();
    for (c, &p) in cands.iter().zip(use_policy) {
        if c.on != on {
            continue;
        }
        let lines = if p { &c.policy } else { &c.upstream };
        if c.name == ":status" {
            spec.status = lines
                .first()
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(spec.status);
            continue;
        }
        spec.headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case(&c.name));
        spec.headers.extend(lines.iter().cloned());
    }
    spec
}

/// The fewest of the policy's header lines that, put into the upstream's answers, make the
/// request pass in the model. Greedy: start from every difference applied, then give each
/// back in turn and keep it given back when the model still passes.
fn lacks(ask: &Ask, verdict: &Verdict, policy: &Policy, only_preflight: bool) -> Vec<Lack> {
    let preflight = ask.case.preflight.as_ref();
    let actual = ask.case.actual.as_ref();
    let mut cands = Vec::new();
    if let Some(pf) = preflight.filter(|_| verdict.preflight_sent) {
        let acrh = verdict
            .preflight_request_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("access-control-request-headers"))
            .map_or("", |(_, v)| v.as_str());
        let req = corsfix_policy::Request::preflight(ask.origin(), ask.method(), acrh);
        cands.extend(candidates(On::Preflight, pf, &policy.respond(&req)));
    }
    if let Some(resp) = actual {
        let names: Vec<&str> = resp.headers.iter().map(|(n, _)| n.as_str()).collect();
        let req = corsfix_policy::Request::actual(ask.origin(), ask.method());
        cands.extend(candidates(
            On::Response,
            resp,
            &policy.respond_exposing(&req, &names),
        ));
    }
    let mut trial = ask.case.clone();
    let mut run = |use_policy: &[bool]| {
        trial.preflight = preflight.map(|p| apply(p, On::Preflight, &cands, use_policy));
        trial.actual = actual.map(|a| apply(a, On::Response, &cands, use_policy));
        passes(&simulate_untraced(&trial, Browser::Chrome), only_preflight)
    };
    let mut use_policy = vec![true; cands.len()];
    if run(&use_policy) {
        for i in 0..cands.len() {
            // What scripts may read never blocks the request; the exposed names are asked for
            // whenever the upstream sends headers a script could not read otherwise.
            if cands[i].name == "access-control-expose-headers" {
                continue;
            }
            use_policy[i] = false;
            if !run(&use_policy) {
                use_policy[i] = true;
            }
        }
    }
    let mut out: Vec<Lack> = cands
        .iter()
        .zip(&use_policy)
        .filter(|(_, p)| **p)
        .flat_map(|(c, _)| {
            c.policy.iter().map(|(n, v)| Lack {
                on: c.on,
                name: n.clone(),
                value: v.clone(),
            })
        })
        .collect();
    // An answer that depends on the origin must say so to caches, or one origin's answer is
    // served to another: never what blocks this request, but asked for with the rest.
    if let Some(resp) = actual {
        let req = corsfix_policy::Request::actual(ask.origin(), ask.method());
        let varies = policy
            .respond(&req)
            .get("vary")
            .is_some_and(corsfix_model::cors::vary_names_origin);
        let named = resp.headers.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("vary") && corsfix_model::cors::vary_names_origin(v)
        });
        if varies && !named {
            out.push(Lack {
                on: On::Response,
                name: "vary".into(),
                value: "Origin".into(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use corsfix_policy::PolicySpec;
    use http::HeaderValue;

    use super::*;

    fn policy(credentials: bool) -> Policy {
        crate::policy(&["http://127.0.0.1:5173".to_owned()], credentials).unwrap()
    }

    fn headers(lines: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in lines {
            h.append(*n, HeaderValue::from_static(v));
        }
        h
    }

    fn spec(status: u16, lines: &[(&str, &str)]) -> ResponseSpec {
        ResponseSpec {
            status,
            headers: lines
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            next: None,
        }
    }

    fn put_request() -> Ask {
        Ask::of_request(
            &headers(&[
                ("origin", "http://127.0.0.1:5173"),
                ("content-type", "application/json"),
                ("x-trace", "1"),
                ("cookie", "sid=1"),
                ("user-agent", "Chrome"),
                ("sec-fetch-mode", "cors"),
                ("accept", "*/*"),
            ]),
            "PUT",
            "https://api.example.com/items/1".into(),
            "https://api.example.com",
            false,
        )
        .unwrap()
    }

    #[test]
    fn a_put_to_an_upstream_without_cors_lacks_the_preflight_headers_the_policy_gives() {
        let mut ask = put_request();
        assert_eq!(ask.case.request.credentials, Credentials::Include);
        let names: Vec<_> = ask
            .case
            .request
            .headers
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(names, ["content-type", "x-trace", "accept"]);
        let upstream_pf = spec(405, &[("allow", "GET, PUT")]);
        let upstream = spec(
            200,
            &[("content-type", "application/json"), ("x-total", "3")],
        );
        let p = policy(true);
        let pf = judge_request(&mut ask, upstream, &p, &Memo::default())
            .expect_err("a PUT with JSON is preflighted");
        assert_eq!(
            pf,
            [
                ("Access-Control-Request-Method".into(), "PUT".into()),
                (
                    "Access-Control-Request-Headers".into(),
                    "content-type,x-trace".into()
                )
            ]
        );
        let j = judge_with_preflight(&mut ask, upstream_pf, &p, &Memo::default());
        assert!(!j.allowed);
        assert_eq!(j.stage, Some(Stage::Preflight));
        assert_eq!(j.kind.as_deref(), Some("PreflightMissingAllowOriginHeader"));
        assert!(j.console.unwrap().starts_with("Access to fetch at 'https://api.example.com/items/1' from origin 'http://127.0.0.1:5173' has been blocked by CORS policy"));
        let lacks: Vec<_> = j
            .lacks
            .iter()
            .map(|l| format!("{:?} {}: {}", l.on, l.name, l.value))
            .collect();
        assert_eq!(
            lacks,
            [
                "Preflight access-control-allow-origin: http://127.0.0.1:5173",
                "Preflight access-control-allow-credentials: true",
                "Preflight access-control-allow-methods: PUT",
                "Preflight access-control-allow-headers: content-type,x-trace",
                "Preflight :status: 204",
                "Response access-control-allow-origin: http://127.0.0.1:5173",
                "Response access-control-allow-credentials: true",
                "Response access-control-expose-headers: x-total",
                "Response vary: Origin",
            ]
        );
    }

    #[test]
    fn what_the_upstream_already_sends_right_is_not_asked_for() {
        let mut ask = put_request();
        // Methods as a list and a wildcard origin for the response: the list is fine, the
        // wildcard is not (credentials).
        let upstream_pf = spec(
            204,
            &[
                ("access-control-allow-origin", "http://127.0.0.1:5173"),
                ("access-control-allow-credentials", "true"),
                ("access-control-allow-methods", "GET, PUT, DELETE"),
                ("access-control-allow-headers", "Content-Type, X-Trace"),
            ],
        );
        let upstream = spec(200, &[("access-control-allow-origin", "*")]);
        let p = policy(true);
        assert!(judge_request(&mut ask, upstream, &p, &Memo::default()).is_err());
        let j = judge_with_preflight(&mut ask, upstream_pf, &p, &Memo::default());
        assert!(!j.allowed);
        assert_eq!(j.kind.as_deref(), Some("WildcardOriginNotAllowed"));
        let lacks: Vec<_> = j.lacks.iter().map(|l| (l.on, l.name.as_str())).collect();
        assert_eq!(
            lacks,
            [
                (On::Response, "access-control-allow-origin"),
                (On::Response, "access-control-allow-credentials"),
                (On::Response, "vary")
            ]
        );
    }

    #[test]
    fn a_passing_answer_and_the_requests_that_are_not_cors() {
        let mut ask = Ask::of_request(
            &headers(&[("origin", "http://127.0.0.1:5173")]),
            "GET",
            "https://api.example.com/".into(),
            "https://api.example.com",
            false,
        )
        .unwrap();
        let j = judge_request(
            &mut ask,
            spec(200, &[("access-control-allow-origin", "*")]),
            &policy(false),
            &Memo::default(),
        )
        .expect("a GET is not preflighted");
        assert!(j.allowed);
        for (h, why) in [
            (headers(&[]), "no Origin"),
            (
                headers(&[("origin", "http://a.test"), ("sec-fetch-mode", "no-cors")]),
                "Sec-Fetch-Mode",
            ),
            (
                headers(&[("origin", "https://api.example.com")]),
                "own origin",
            ),
        ] {
            let err = Ask::of_request(&h, "GET", "u".into(), "https://api.example.com", false)
                .unwrap_err();
            assert!(err.contains(why), "{err}");
        }
    }

    #[test]
    fn a_preflight_alone_is_judged_on_the_preflight() {
        let mut ask = Ask::of_preflight(
            &headers(&[
                ("origin", "http://127.0.0.1:5173"),
                ("access-control-request-method", "DELETE"),
            ]),
            "https://api.example.com/x".into(),
            "https://api.example.com",
            false,
        )
        .unwrap();
        let ok = spec(
            204,
            &[
                ("access-control-allow-origin", "*"),
                ("access-control-allow-methods", "*"),
            ],
        );
        assert!(judge_preflight(&mut ask, ok, &policy(false), &Memo::default()).allowed);
        let j = judge_preflight(&mut ask, spec(404, &[]), &policy(false), &Memo::default());
        assert_eq!(j.kind.as_deref(), Some("PreflightMissingAllowOriginHeader"));
        assert!(j.lacks.iter().all(|l| l.on == On::Preflight));
        // An origin the proxy is not given: no lacks, a note.
        let other = PolicySpec {
            origins: vec!["http://other.test".into()],
            ..PolicySpec::default()
        }
        .build()
        .unwrap();
        let j = judge_preflight(&mut ask, spec(404, &[]), &other, &Memo::default());
        assert!(j.lacks.is_empty());
        assert!(j.notes[0].contains("not an origin given"));
    }

    #[test]
    fn the_memo_gives_the_same_judgement_and_tells_different_answers_apart() {
        let memo = Memo::default();
        let p = policy(true);
        let blocked = spec(200, &[("content-type", "application/json")]);
        let star = spec(200, &[("access-control-allow-origin", "*")]);
        let get = || {
            Ask::of_request(
                &headers(&[("origin", "http://127.0.0.1:5173"), ("cookie", "a=1")]),
                "GET",
                "https://api.example.com/x".into(),
                "https://api.example.com",
                true,
            )
            .unwrap()
        };
        let first = judge_request(&mut get(), blocked.clone(), &p, &memo).unwrap();
        let again = judge_request(&mut get(), blocked.clone(), &p, &memo).unwrap();
        assert_eq!(first, again);
        assert_eq!(memo.map.lock().unwrap().len(), 1);
        assert_eq!(first.kind.as_deref(), Some("MissingAllowOriginHeader"));
        // Another answer is judged anew.
        let other = judge_request(&mut get(), star, &p, &memo).unwrap();
        assert_eq!(other.kind.as_deref(), Some("WildcardOriginNotAllowed"));
        // So is the same answer without the cookie (another note).
        let mut no_cookie = Ask::of_request(
            &headers(&[("origin", "http://127.0.0.1:5173")]),
            "GET",
            "https://api.example.com/x".into(),
            "https://api.example.com",
            true,
        )
        .unwrap();
        let j = judge_request(&mut no_cookie, blocked, &p, &memo).unwrap();
        assert!(j.notes[0].contains("no cookie was sent"));
        assert_eq!(memo.map.lock().unwrap().len(), 3);
    }
}
