//! The HTTP pass: send what Chromium would send (preflight, then the request) from allowed,
//! disallowed, `null` and look-alike origins, then judge every answer twice:
//!
//! - against [`Policy::respond`] and the protocol rules of the frameworks reference §0.2 (one
//!   `Access-Control-Allow-Origin`, `Vary: Origin`, CORS headers on the 500 and the 401,
//!   preflight not blocked by auth, the exact max-age), and
//! - against the browser model: the recorded answers are fed to [`corsfix_model::simulate`],
//!   which must allow every allowed origin (status and exposed header readable) and block every
//!   other one. Its predicted `CorsError` is what the real Chromium must then report.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::Result;
use corsfix_model::{Browser, Case, Credentials, RequestSpec, ResponseSpec, Verdict, simulate};
use corsfix_policy::{Policy, Request as PolicyRequest};
use serde::Serialize;

use crate::http::{self, Request, Response};
use crate::policies::{EXPOSED, EXPOSED_VALUE, probe_origins};

/// The bearer token the authenticated route accepts.
pub const TOKEN: &str = "Bearer s3cret";

/// One request shape a front-end sends.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Stable name (`put-items`).
    pub name: &'static str,
    /// The route.
    pub path: &'static str,
    /// The method.
    pub method: &'static str,
    /// The headers the script sets.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<&'static str>,
    /// The status the app answers when CORS lets it through.
    pub status: u16,
    /// Whether the script reads the exposed header (and expects [`EXPOSED_VALUE`]).
    pub reads_exposed: bool,
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

/// The request shapes: a preflighted PUT reading an exposed header, a 500, the authenticated
/// route with and without its token.
pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "put-items",
            path: "/api/items",
            method: "PUT",
            headers: pairs(&[("Content-Type", "application/json"), ("X-Custom", "1")]),
            body: Some("{\"name\":\"x\"}"),
            status: 200,
            reads_exposed: true,
        },
        Scenario {
            name: "get-error",
            path: "/api/error",
            method: "GET",
            headers: Vec::new(),
            body: None,
            status: 500,
            reads_exposed: false,
        },
        Scenario {
            name: "put-private",
            path: "/api/private",
            method: "PUT",
            headers: pairs(&[
                ("Content-Type", "application/json"),
                ("X-Custom", "1"),
                ("Authorization", TOKEN),
            ]),
            body: Some("{\"name\":\"x\"}"),
            status: 200,
            reads_exposed: false,
        },
        Scenario {
            name: "get-private-no-token",
            path: "/api/private",
            method: "GET",
            headers: Vec::new(),
            body: None,
            status: 401,
            reads_exposed: false,
        },
    ]
}

/// A rule that failed on one response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule name (`one-acao`, `vary-origin`, `vary-origin-preflight`, `model-allowed`,
    /// …).
    pub rule: &'static str,
    /// The scenario.
    pub scenario: String,
    /// The page origin (`-` for none).
    pub origin: String,
    /// What was wrong, with the observed and expected values.
    pub detail: String,
}

/// One scenario from one origin: what the server said and what the model makes of it.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The preflight's answer, when the request needs one.
    pub preflight: Option<Response>,
    /// The request's answer.
    pub actual: Response,
    /// The browser model's verdict on those answers.
    pub verdict: Verdict,
    /// Whether the policy allows the origin.
    pub allowed: bool,
}

/// Everything the HTTP pass learned about one running app.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Whether the page sends credentials (the policy allows them).
    pub credentials: bool,
    /// Checks run.
    pub checks: usize,
    /// Checks failed.
    pub findings: Vec<Finding>,
    /// Exchanges by (scenario, origin), for the browser pass's predictions.
    pub exchanges: BTreeMap<(String, String), Exchange>,
}

impl Outcome {
    pub(crate) fn check(
        &mut self,
        ok: bool,
        rule: &'static str,
        sc: &str,
        origin: &str,
        detail: String,
    ) {
        self.checks += 1;
        if !ok {
            self.findings.push(Finding {
                rule,
                scenario: sc.to_owned(),
                origin: origin.to_owned(),
                detail,
            });
        }
    }
}

/// What Chromium sends as `Access-Control-Request-Headers` for these headers (`None`: no
/// preflight is needed).
fn preflight_for(sc: &Scenario) -> Option<(String, String)> {
    let unsafe_names =
        corsfix_model::headers::cors_unsafe_request_header_names(&sc.headers, Browser::Chrome);
    let needs = !corsfix_model::method::is_cors_safelisted(sc.method) || !unsafe_names.is_empty();
    needs.then(|| (sc.method.to_owned(), unsafe_names.join(",")))
}

/// The `credentials` mode the front-end uses with this policy.
pub fn credentials_mode(policy: &Policy) -> Credentials {
    if policy.credentials() {
        Credentials::Include
    } else {
        Credentials::Omit
    }
}

/// Build the model case for one exchange.
pub fn case_for(
    sc: &Scenario,
    origin: &str,
    url: &str,
    policy: &Policy,
    preflight: Option<&Response>,
    actual: &Response,
) -> Case {
    Case {
        address_space: None,
        lna_permission: None,
        id: None,
        origin: origin.to_owned(),
        url: url.to_owned(),
        request: RequestSpec {
            target_address_space: None,
            method: sc.method.to_owned(),
            headers: sc.headers.clone(),
            credentials: credentials_mode(policy),
            mode: corsfix_model::Mode::Cors,
            read_headers: if sc.reads_exposed {
                vec![EXPOSED.to_owned()]
            } else {
                Vec::new()
            },
            redirect: corsfix_model::RedirectMode::Follow,
            body: sc.body.map(str::to_owned),
            initiator: corsfix_model::Initiator::Fetch,
        },
        preflight: preflight.map(|p| ResponseSpec {
            status: p.status,
            headers: p.headers.clone(),
            next: None,
        }),
        actual: Some(ResponseSpec {
            status: actual.status,
            headers: actual.headers.clone(),
            next: None,
        }),
    }
}

fn send(port: u16, req: Request) -> Result<Response> {
    http::send(port, &req, Duration::from_secs(10))
}

/// Run the whole HTTP pass against an app on `127.0.0.1:port`.
pub fn run(port: u16, policy: &Policy) -> Result<Outcome> {
    let mut out = Outcome {
        credentials: policy.credentials(),
        ..Outcome::default()
    };
    let origins = probe_origins(&policy.to_spec());
    let mut n = 0u32;
    for sc in scenarios() {
        for origin in &origins {
            n += 1;
            let query = format!("{}?probe={n}", sc.path);
            let pf_shape = preflight_for(&sc);
            let preflight = match &pf_shape {
                Some((method, acrh)) => {
                    let mut headers = pairs(&[
                        ("Origin", origin),
                        ("Access-Control-Request-Method", method),
                    ]);
                    if !acrh.is_empty() {
                        headers.push(("Access-Control-Request-Headers".into(), acrh.clone()));
                    }
                    headers.push(("Accept".into(), "*/*".into()));
                    Some(send(
                        port,
                        Request {
                            method: "OPTIONS".into(),
                            path: query.clone(),
                            headers,
                            body: None,
                        },
                    )?)
                }
                None => None,
            };
            let mut headers = vec![("Origin".to_owned(), origin.clone())];
            headers.extend(sc.headers.iter().cloned());
            let actual = send(
                port,
                Request {
                    method: sc.method.into(),
                    path: query.clone(),
                    headers,
                    body: sc.body.map(str::to_owned),
                },
            )?;
            let url = format!("http://127.0.0.1:{port}{query}");
            let case = case_for(&sc, origin, &url, policy, preflight.as_ref(), &actual);
            let verdict = simulate(&case, Browser::Chrome);
            let allowed = policy.origins().allows(origin);
            judge(
                &mut out,
                policy,
                &sc,
                origin,
                pf_shape.as_ref(),
                preflight.as_ref(),
                &actual,
                &verdict,
                allowed,
            );
            out.exchanges.insert(
                (sc.name.to_owned(), origin.clone()),
                Exchange {
                    preflight,
                    actual,
                    verdict,
                    allowed,
                },
            );
        }
    }
    // A request without Origin (same-origin navigation, curl, a CDN filling its cache).
    let plain = send(
        port,
        Request {
            method: "GET".into(),
            path: "/api/items?probe=no-origin".into(),
            headers: Vec::new(),
            body: None,
        },
    )?;
    let expected = policy.respond(&PolicyRequest {
        method: "GET".into(),
        path: "/api/items".into(),
        ..PolicyRequest::default()
    });
    check_vary(&mut out, "vary-origin", &expected, &plain, "get-items", "-");
    out.check(
        plain
            .all("access-control-allow-origin")
            .iter()
            .all(|v| *v == "*"),
        "acao-value",
        "get-items",
        "-",
        format!(
            "a request without Origin got Access-Control-Allow-Origin {:?}",
            plain.all("access-control-allow-origin")
        ),
    );
    Ok(out)
}

fn check_vary(
    out: &mut Outcome,
    rule: &'static str,
    expected: &corsfix_policy::Answer,
    resp: &Response,
    sc: &str,
    origin: &str,
) {
    let wants_origin = expected
        .get("vary")
        .is_some_and(corsfix_model::cors::vary_names_origin);
    if wants_origin {
        out.check(
            resp.get("vary")
                .is_some_and(|v| corsfix_model::cors::vary_names_origin(&v)),
            rule,
            sc,
            origin,
            format!(
                "status {} without `Vary: Origin` (Vary: {:?}); caches would serve one origin's answer to another",
                resp.status,
                resp.get("vary")
            ),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn judge(
    out: &mut Outcome,
    policy: &Policy,
    sc: &Scenario,
    origin: &str,
    pf_shape: Option<&(String, String)>,
    preflight: Option<&Response>,
    actual: &Response,
    verdict: &Verdict,
    allowed: bool,
) {
    let name = sc.name;
    // §0.2 rule 1 on every response.
    for (what, resp) in preflight
        .map(|p| ("preflight", p))
        .into_iter()
        .chain([("response", actual)])
    {
        let acao = resp.all("access-control-allow-origin");
        out.check(
            acao.len() <= 1 && acao.iter().all(|v| !v.contains(',') && !v.contains(' ')),
            "one-acao",
            name,
            origin,
            format!(
                "{what} (status {}) has Access-Control-Allow-Origin {acao:?}",
                resp.status
            ),
        );
    }
    // The oracle: what a correct server answers.
    if let (Some((method, acrh)), Some(pf)) = (pf_shape, preflight) {
        let expected = policy.respond(&PolicyRequest {
            method: "OPTIONS".into(),
            path: sc.path.into(),
            origin: Some(origin.into()),
            request_method: Some(method.clone()),
            request_headers: (!acrh.is_empty()).then(|| acrh.clone()),
            request_private_network: false,
        });
        compare(out, &expected, pf, name, origin, "preflight", allowed);
        if allowed {
            check_vary(out, "vary-origin-preflight", &expected, pf, name, origin);
            if let Some(age) = expected.get("access-control-max-age") {
                out.check(
                    pf.get("access-control-max-age").as_deref() == Some(age),
                    "max-age",
                    name,
                    origin,
                    format!(
                        "preflight Access-Control-Max-Age is {:?}, the policy says {age}",
                        pf.get("access-control-max-age")
                    ),
                );
            }
            out.check(
                (200..300).contains(&pf.status),
                "preflight-ok",
                name,
                origin,
                format!(
                    "preflight answered {} (auth, a redirect or a 404/405 ran before CORS)",
                    pf.status
                ),
            );
        }
    }
    let mut req = PolicyRequest::actual(origin, sc.method);
    req.path = sc.path.into();
    let expected = policy.respond(&req);
    compare(out, &expected, actual, name, origin, "response", allowed);
    check_vary(out, "vary-origin", &expected, actual, name, origin);

    // The browser model on the recorded answers.
    if allowed {
        let why = verdict
            .failure
            .as_ref()
            .map(|f| format!("{} ({})", f.kind_name(), f.first_line().unwrap_or_default()))
            .unwrap_or_default();
        out.check(
            verdict.allowed,
            "model-allowed",
            name,
            origin,
            format!("the browser would block an allowed origin: {why}"),
        );
        if let Some(r) = &verdict.response {
            out.check(
                r.status == sc.status,
                "status",
                name,
                origin,
                format!(
                    "the page sees status {}, the app answers {}",
                    r.status, sc.status
                ),
            );
            if sc.reads_exposed {
                let got = r.readable_headers.get(EXPOSED).cloned().flatten();
                out.check(
                    got.as_deref() == Some(EXPOSED_VALUE),
                    "expose",
                    name,
                    origin,
                    format!("the page reads {EXPOSED} = {got:?}, expected {EXPOSED_VALUE:?}"),
                );
            }
        }
    } else {
        out.check(
            !verdict.allowed,
            "model-blocked",
            name,
            origin,
            format!(
                "the browser would let a disallowed origin read the response (status {}, ACAO {:?})",
                actual.status,
                actual.get("access-control-allow-origin")
            ),
        );
    }
}

/// Compare the CORS headers that decide the browser's verdict with the oracle's.
fn compare(
    out: &mut Outcome,
    expected: &corsfix_policy::Answer,
    resp: &Response,
    sc: &str,
    origin: &str,
    what: &str,
    allowed: bool,
) {
    let got = resp.get("access-control-allow-origin");
    let want = expected.get("access-control-allow-origin");
    let ok = match (want, got.as_deref()) {
        (None, None) => true,
        (Some(w), Some(g)) => {
            w == g
                || (w == "*"
                    && g == origin
                    && resp
                        .get("vary")
                        .is_some_and(|v| corsfix_model::cors::vary_names_origin(&v)))
        }
        // Answering a disallowed origin with nothing at all (a 403) is fine; any ACAO is not.
        (None, Some(_)) => false,
        (Some(_), None) => false,
    };
    out.check(
        ok,
        "acao-value",
        sc,
        origin,
        format!(
            "{what} (status {}) has Access-Control-Allow-Origin {got:?}, expected {want:?}",
            resp.status
        ),
    );
    if allowed && got.is_some() {
        let want_acac = expected.get("access-control-allow-credentials");
        let got_acac = resp.get("access-control-allow-credentials");
        out.check(
            want_acac == got_acac.as_deref() || (want_acac.is_none() && got_acac.is_none()),
            "credentials",
            sc,
            origin,
            format!(
                "{what} has Access-Control-Allow-Credentials {got_acac:?}, expected {want_acac:?}"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_with_json_and_a_custom_header_is_preflighted_like_chromium() {
        let sc = &scenarios()[0];
        assert_eq!(
            preflight_for(sc),
            Some(("PUT".to_owned(), "content-type,x-custom".to_owned()))
        );
        let get_error = &scenarios()[1];
        assert_eq!(preflight_for(get_error), None);
    }

    fn resp(status: u16, headers: &[(&str, &str)]) -> Response {
        Response {
            status,
            headers: pairs(headers),
        }
    }

    #[test]
    fn a_wrong_answer_is_a_finding_and_a_right_one_is_not() {
        let policy = crate::policies::all()[0].policy().unwrap();
        let sc = &scenarios()[1];
        let origin = "https://app.example.com";
        let run = |r: &Response, allowed: bool| {
            let mut out = Outcome::default();
            let case = case_for(sc, origin, "http://127.0.0.1:1/api/error", &policy, None, r);
            let v = simulate(&case, Browser::Chrome);
            judge(&mut out, &policy, sc, origin, None, None, r, &v, allowed);
            out.findings.iter().map(|f| f.rule).collect::<Vec<_>>()
        };
        let good = resp(
            500,
            &[
                ("Access-Control-Allow-Origin", origin),
                ("Access-Control-Allow-Credentials", "true"),
                ("Vary", "Origin"),
            ],
        );
        assert!(run(&good, true).is_empty(), "{:?}", run(&good, true));
        // The classic: a 500 without CORS headers.
        let bare = resp(500, &[]);
        let rules = run(&bare, true);
        assert!(rules.contains(&"model-allowed"), "{rules:?}");
        assert!(rules.contains(&"vary-origin"), "{rules:?}");
        // Two ACAO lines.
        let dup = resp(
            500,
            &[
                ("Access-Control-Allow-Origin", origin),
                ("Access-Control-Allow-Origin", origin),
                ("Access-Control-Allow-Credentials", "true"),
                ("Vary", "Origin"),
            ],
        );
        assert!(run(&dup, true).contains(&"one-acao"));
    }
}
