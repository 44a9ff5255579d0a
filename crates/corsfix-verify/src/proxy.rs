//! Dev-server proxies (Vite, webpack-dev-server, Angular CLI, Create React App): the generated
//! config does not add CORS headers, it makes the API same-origin by proxying `/api` to a
//! backend that has no CORS at all. So the checks differ from the CORS targets':
//!
//! - HTTP: every route of the contract, asked through the dev server (with the dev server's own
//!   `Origin` where a browser sends one), must give the backend's answer (status,
//!   `X-Total-Count`); the browser model must allow each of those same-origin fetches, and must
//!   block the same preflighted `PUT` sent straight to the backend's origin (the backend really
//!   has no CORS, so the proxy is what makes the page work).
//! - Chromium: a page served by the dev server itself fetches every route through the proxy
//!   (PUT with a custom header, reading the body and `X-Total-Count`) and must succeed; the
//!   same `PUT` to the backend's origin must be blocked with the `CorsError` the model predicts.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use corsfix_model::{Browser, simulate};
use corsfix_policy::Policy;

use crate::browser::BrowserCase;
use crate::http::{self, Request, Response};
use crate::policies::{EXPOSED, EXPOSED_VALUE};
use crate::probe::{self, Exchange, Outcome, Scenario};

/// The scenario name of the fetch sent straight to the backend (bypassing the proxy).
pub const DIRECT: &str = "put-items-direct";

/// The page origin: the dev server itself.
pub fn page_origin(dev_port: u16) -> String {
    format!("http://127.0.0.1:{dev_port}")
}

/// The main scenario, renamed: the same `PUT` sent to the backend's own origin.
fn direct_scenario() -> Scenario {
    Scenario {
        name: DIRECT,
        ..probe::scenarios().swap_remove(0)
    }
}

fn send(port: u16, sc: &Scenario, query: &str, origin: Option<&str>) -> Result<Response> {
    let mut headers: Vec<(String, String)> = Vec::new();
    if let Some(o) = origin {
        headers.push(("Origin".into(), o.to_owned()));
    }
    headers.extend(sc.headers.iter().cloned());
    http::send(
        port,
        &Request {
            method: sc.method.into(),
            path: format!("{}?{query}", sc.path),
            headers,
            body: sc.body.map(str::to_owned),
        },
        Duration::from_secs(30),
    )
}

/// Chromium sends `Origin` on a same-origin request unless it is a GET or HEAD.
fn same_origin_sends_origin(method: &str) -> bool {
    !matches!(method, "GET" | "HEAD")
}

/// Wait until the dev server serves its page: a listening port is not enough (react-scripts
/// binds the port once to see whether it is free, then listens for real after a compile).
fn wait_for_page(dev_port: u16) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let answer = http::send(
            dev_port,
            &Request {
                method: "GET".into(),
                path: "/".into(),
                headers: vec![("Accept".into(), "text/html".into())],
                body: None,
            },
            Duration::from_secs(30),
        );
        match answer {
            Ok(r) if r.status == 200 => return Ok(()),
            Ok(r) if Instant::now() > deadline => {
                bail!("the dev server answers its page with {}", r.status)
            }
            Err(e) if Instant::now() > deadline => {
                bail!("the dev server does not serve its page: {e:#}")
            }
            _ => std::thread::sleep(Duration::from_millis(250)),
        }
    }
}

/// The HTTP pass against a dev server on `dev_port` proxying to a backend on `backend_port`.
pub fn run(dev_port: u16, backend_port: u16, policy: &Policy) -> Result<Outcome> {
    wait_for_page(dev_port)?;
    let mut out = Outcome {
        credentials: policy.credentials(),
        ..Outcome::default()
    };
    let origin = page_origin(dev_port);
    for (n, sc) in probe::scenarios().into_iter().enumerate() {
        let query = format!("probe={n}");
        let sent_origin = same_origin_sends_origin(sc.method).then_some(origin.as_str());
        let proxied = send(dev_port, &sc, &query, sent_origin)?;
        let backend = send(backend_port, &sc, &query, None)?;
        let detail = |what: &str| {
            format!(
                "{what}: through the dev server {} {:?}, the backend itself {} {:?}",
                proxied.status,
                proxied.get(EXPOSED),
                backend.status,
                backend.get(EXPOSED)
            )
        };
        out.check(
            backend.status == sc.status,
            "backend",
            sc.name,
            "-",
            detail("the backend does not follow the route contract"),
        );
        out.check(
            proxied.status == backend.status,
            "proxied-status",
            sc.name,
            &origin,
            detail("the proxied route's status differs from the backend's"),
        );
        if sc.reads_exposed {
            out.check(
                proxied.get(EXPOSED).as_deref() == Some(EXPOSED_VALUE),
                "proxied-header",
                sc.name,
                &origin,
                detail(&format!("{EXPOSED} did not come through the proxy")),
            );
        }
        // What the page's fetch makes of it: a same-origin request, no CORS involved.
        let url = format!("{origin}{}?{query}", sc.path);
        let case = probe::case_for(&sc, &origin, &url, policy, None, &proxied);
        let verdict = simulate(&case, Browser::Chrome);
        let why = verdict
            .failure_kind()
            .map(str::to_owned)
            .unwrap_or_default();
        out.check(
            verdict.allowed,
            "model-allowed",
            sc.name,
            &origin,
            format!("the browser model would block the same-origin fetch through the proxy: {why}"),
        );
        out.exchanges.insert(
            (sc.name.to_owned(), origin.clone()),
            Exchange {
                preflight: None,
                actual: proxied,
                verdict,
                allowed: true,
            },
        );
    }
    // The same PUT straight to the backend's origin: cross-origin, and the backend has no CORS.
    let sc = direct_scenario();
    let preflight = http::send(
        backend_port,
        &Request {
            method: "OPTIONS".into(),
            path: format!("{}?probe=direct", sc.path),
            headers: vec![
                ("Origin".into(), origin.clone()),
                ("Access-Control-Request-Method".into(), sc.method.into()),
                (
                    "Access-Control-Request-Headers".into(),
                    "content-type,x-custom".into(),
                ),
            ],
            body: None,
        },
        Duration::from_secs(10),
    )?;
    let actual = send(backend_port, &sc, "probe=direct", Some(&origin))?;
    let url = format!("http://127.0.0.1:{backend_port}{}?probe=direct", sc.path);
    let case = probe::case_for(&sc, &origin, &url, policy, Some(&preflight), &actual);
    let verdict = simulate(&case, Browser::Chrome);
    out.check(
        !verdict.allowed,
        "model-blocked",
        sc.name,
        &origin,
        format!(
            "the backend answers a cross-origin PUT that the browser would allow (preflight {} with ACAO {:?}): the skeleton's backend must have no CORS",
            preflight.status,
            preflight.get("access-control-allow-origin")
        ),
    );
    out.exchanges.insert(
        (sc.name.to_owned(), origin.clone()),
        Exchange {
            preflight: Some(preflight),
            actual,
            verdict,
            allowed: false,
        },
    );
    Ok(out)
}

/// The Chromium cases: every route fetched through the proxy from a page the dev server
/// serves, and the main `PUT` sent from that page straight to the backend.
pub fn cases_for(policy_name: &str, dev_port: u16, backend_port: u16) -> Vec<BrowserCase> {
    let origin = page_origin(dev_port);
    let page = Some(format!("{origin}/"));
    let mut out: Vec<BrowserCase> = probe::scenarios()
        .into_iter()
        .map(|scenario| BrowserCase {
            policy: policy_name.to_owned(),
            port: dev_port,
            scenario,
            origin: origin.clone(),
            page: page.clone(),
        })
        .collect();
    out.push(BrowserCase {
        policy: policy_name.to_owned(),
        port: backend_port,
        scenario: direct_scenario(),
        origin,
        page,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_direct_case_is_the_preflighted_put_under_its_own_name() {
        let d = direct_scenario();
        assert_eq!(d.name, DIRECT);
        assert_eq!(d.method, "PUT");
        assert!(d.headers.iter().any(|(n, _)| n == "X-Custom"));
    }

    #[test]
    fn every_case_runs_on_the_dev_servers_page_and_one_goes_to_the_backend() {
        let cases = cases_for("public", 5173, 8000);
        assert_eq!(cases.len(), probe::scenarios().len() + 1);
        assert!(
            cases
                .iter()
                .all(|c| c.page.as_deref() == Some("http://127.0.0.1:5173/")
                    && c.origin == "http://127.0.0.1:5173")
        );
        let direct: Vec<_> = cases.iter().filter(|c| c.port == 8000).collect();
        assert_eq!(direct.len(), 1);
        assert_eq!(direct[0].scenario.name, DIRECT);
    }

    #[test]
    fn a_same_origin_fetch_is_allowed_and_the_bare_backend_is_blocked_by_the_model() {
        let policy = crate::policies::all()[0].policy().unwrap();
        let sc = &probe::scenarios()[0];
        let origin = page_origin(5173);
        let ok = Response {
            status: 200,
            headers: vec![(EXPOSED.to_owned(), EXPOSED_VALUE.to_owned())],
        };
        let same = probe::case_for(
            sc,
            &origin,
            "http://127.0.0.1:5173/api/items",
            &policy,
            None,
            &ok,
        );
        let v = simulate(&same, Browser::Chrome);
        assert!(
            v.allowed,
            "{:?}",
            v.failure.map(|f| f.kind_name().to_owned())
        );
        let no_cors = Response {
            status: 404,
            headers: Vec::new(),
        };
        let cross = probe::case_for(
            sc,
            &origin,
            "http://127.0.0.1:8000/api/items",
            &policy,
            Some(&no_cors),
            &ok,
        );
        assert!(!simulate(&cross, Browser::Chrome).allowed);
    }
}
