//! Field-by-field comparison of what a real engine did with what the model says.

use std::collections::BTreeMap;
use std::fmt;

use corsfix_model::{Browser, Case, Simulation};
use serde::Deserialize;

use crate::engines::{Engine, EngineRun};
use crate::server::{Replay, Seen, case_id};

/// What the page's script saw for one case.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PageResult {
    /// The case.
    pub id: String,
    /// The `fetch()` promise resolved / the XHR loaded.
    pub allowed: bool,
    /// The response status, when allowed.
    #[serde(default)]
    pub status: Option<u16>,
    /// `headers.get()` / `getResponseHeader()` for each name in `read_headers`.
    #[serde(default)]
    pub readable: BTreeMap<String, Option<String>>,
    /// The rejection, when not allowed.
    #[serde(default)]
    pub error: Option<String>,
    /// The page gave up waiting.
    #[serde(default)]
    pub timeout: bool,
}

/// One field on which the model and the engine differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// The case.
    pub id: String,
    /// The engine.
    pub engine: &'static str,
    /// The field (`allowed`, `chrome`, `error.kind`, …).
    pub field: &'static str,
    /// What the model says.
    pub model: String,
    /// What the engine did.
    pub browser: String,
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}.{}:\n    model:   {}\n    browser: {}",
            self.id, self.engine, self.field, self.model, self.browser
        )
    }
}

struct Diff<'a> {
    id: &'a str,
    engine: &'static str,
    out: Vec<Disagreement>,
}

impl Diff<'_> {
    fn check<T: fmt::Debug + PartialEq>(&mut self, field: &'static str, model: &T, browser: &T) {
        if model != browser {
            self.out.push(Disagreement {
                id: self.id.to_owned(),
                engine: self.engine,
                field,
                model: format!("{model:?}"),
                browser: format!("{browser:?}"),
            });
        }
    }
}

/// The preflight headers as the server received them.
fn acr_headers(s: &Seen) -> Vec<(String, String)> {
    let mut v = Vec::new();
    if let Some(m) = &s.acrm {
        v.push(("Access-Control-Request-Method".to_owned(), m.clone()));
    }
    if let Some(h) = &s.acrh {
        v.push(("Access-Control-Request-Headers".to_owned(), h.clone()));
    }
    v
}

/// Compare Chromium's run of `cases` with the model: allowed, preflight sent and its
/// `Access-Control-Request-*` headers, actual sent, `CorsError` name, console line, status and
/// readable headers.
pub fn chromium(cases: &[Case], run: &EngineRun, server: &Replay) -> Vec<Disagreement> {
    chromium_checking(cases, run, server, false)
}

/// [`chromium`], comparing every console line the model speaks for (each "has been blocked by
/// CORS policy" line and each "Mixed Content:" line, warnings included, in order) instead of
/// the first CORS line only: for the Local Network Access cases.
pub fn chromium_every_line(cases: &[Case], run: &EngineRun, server: &Replay) -> Vec<Disagreement> {
    chromium_checking(cases, run, server, true)
}

/// A Chromium console line the model speaks for in [`chromium_every_line`].
pub fn is_chromium_reported(line: &str) -> bool {
    line.contains("has been blocked by CORS policy") || line.starts_with("Mixed Content:")
}

fn chromium_checking(
    cases: &[Case],
    run: &EngineRun,
    server: &Replay,
    every_line: bool,
) -> Vec<Disagreement> {
    let mut all = Vec::new();
    for case in cases {
        let id = case_id(case);
        let mut d = Diff {
            id: &id,
            engine: Engine::Chromium.name(),
            out: Vec::new(),
        };
        let sim = Simulation::run(case);
        let model = sim.result(None, Browser::Chrome);
        let Some(page) = run.page.get(&id) else {
            d.check("ran", &true, &false);
            all.extend(d.out);
            continue;
        };
        d.check("timeout", &false, &page.timeout);
        let seen = server.seen(&id);
        let first_preflight = seen.iter().find(|s| s.preflight);
        d.check("allowed", &model.allowed, &page.allowed);
        d.check(
            "preflight.sent",
            &model.preflight.sent,
            &first_preflight.is_some(),
        );
        if let (true, Some(pf)) = (model.preflight.sent, first_preflight) {
            d.check(
                "preflight.request_headers",
                &model.preflight.request_headers,
                &acr_headers(pf),
            );
        }
        d.check(
            "actual_sent",
            &model.actual_sent,
            &seen.iter().any(|s| !s.preflight),
        );
        let line = run.lines.get(&id).and_then(|ls| {
            ls.iter()
                .find(|l| l.contains("has been blocked by CORS policy"))
                .cloned()
        });
        if every_line {
            let v = &sim.chrome;
            let mut model_lines = v.warnings.clone();
            if let Some(f) = &v.failure {
                model_lines.extend(f.lines.iter().cloned());
            }
            let got: Vec<String> = run
                .lines
                .get(&id)
                .map(|ls| {
                    ls.iter()
                        .filter(|l| is_chromium_reported(l))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            d.check("lines", &model_lines, &got);
        } else {
            let model_line = model.error.as_ref().and_then(|e| e.messages.chrome.clone());
            d.check("chrome", &model_line, &line);
        }
        if !model.allowed && !page.allowed {
            let errors = run.cors_errors.get(&id).cloned().unwrap_or_default();
            let main = errors
                .iter()
                .find(|(kind, _)| kind.as_deref() != Some("Preflight"))
                .or_else(|| errors.first());
            let kind = main
                .and_then(|(_, e)| e.clone())
                .unwrap_or_else(|| "NetworkError".to_owned());
            let model_kind = model
                .error
                .as_ref()
                .map(|e| e.kind.clone())
                .unwrap_or_default();
            d.check("error.kind", &model_kind, &kind);
        }
        if let (Some(resp), true) = (&model.response, page.allowed) {
            d.check("status", &Some(resp.status), &page.status);
            d.check("readable_headers", &resp.readable_headers, &page.readable);
        }
        all.extend(d.out);
    }
    all
}

/// Compare Firefox's or WebKit's run with the model's verdict for that engine: `allowed`, and
/// every console line the engine printed for the case, in order.
pub fn lines_engine(engine: Engine, cases: &[Case], run: &EngineRun) -> Vec<Disagreement> {
    let browser = match engine {
        Engine::Firefox => Browser::Firefox,
        Engine::WebKit => Browser::Safari,
        Engine::Chromium => Browser::Chrome,
    };
    let mut all = Vec::new();
    for case in cases {
        let id = case_id(case);
        let mut d = Diff {
            id: &id,
            engine: engine.name(),
            out: Vec::new(),
        };
        let sim = Simulation::run(case);
        let verdict = sim.get(browser);
        let Some(page) = run.page.get(&id) else {
            d.check("ran", &true, &false);
            all.extend(d.out);
            continue;
        };
        d.check("timeout", &false, &page.timeout);
        d.check("allowed", &verdict.allowed, &page.allowed);
        let model_lines = verdict.console_lines().to_vec();
        let got: Vec<String> = run
            .lines
            .get(&id)
            .map(|ls| {
                ls.iter()
                    .filter(|l| is_cors_line(engine, l))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        d.check("lines", &model_lines, &got);
        if let (Some(resp), true) = (&verdict.response, page.allowed) {
            d.check("status", &Some(resp.status), &page.status);
            d.check("readable_headers", &resp.readable_headers, &page.readable);
        }
        all.extend(d.out);
    }
    all
}

/// The console lines the model speaks for: Firefox's "Cross-Origin Request Blocked" lines;
/// WebKit's access-control lines (everything but the page's own markers and resource-load noise).
pub fn is_cors_line(engine: Engine, line: &str) -> bool {
    match engine {
        Engine::Firefox => line.starts_with("Cross-Origin Request Blocked:"),
        Engine::WebKit => {
            !line.starts_with("Failed to load resource")
                && !line.starts_with("corsfix-difftest ")
                && !line.starts_with("Refused to set unsafe header")
        }
        Engine::Chromium => line.contains("has been blocked by CORS policy"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Profile, generate};

    /// A run that says what the model says must agree; one wrong field must be reported.
    #[test]
    fn a_wrong_field_is_reported() {
        let server = Replay::start().unwrap();
        let cases = generate(11, 40, server.ports(), Profile::default());
        // Pick a case the model allows without a preflight and without redirects.
        let case = cases
            .iter()
            .find(|c| {
                let v = Simulation::run(c).result(None, Browser::Firefox);
                v.allowed && !v.preflight.sent && v.response.is_some()
            })
            .expect("a simple allowed case");
        let id = case_id(case);
        let model = Simulation::run(case).result(None, Browser::Firefox);
        let resp = model.response.unwrap();
        let mut run = EngineRun::default();
        run.page.insert(
            id.clone(),
            PageResult {
                id: id.clone(),
                allowed: true,
                status: Some(resp.status),
                readable: resp.readable_headers.clone(),
                error: None,
                timeout: false,
            },
        );
        let one = std::slice::from_ref(case);
        assert_eq!(lines_engine(Engine::Firefox, one, &run), vec![]);
        // The browser saw another status: one disagreement, on `status`.
        run.page.get_mut(&id).unwrap().status = Some(resp.status + 1);
        let d = lines_engine(Engine::Firefox, one, &run);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].field, "status");
        // A console line the model does not expect.
        run.page.get_mut(&id).unwrap().status = Some(resp.status);
        run.lines.insert(
            id.clone(),
            vec!["Cross-Origin Request Blocked: made up".to_owned()],
        );
        let d = lines_engine(Engine::Firefox, one, &run);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].field, "lines");
        // Chromium: the server saw nothing, so `actual_sent` disagrees.
        let d = chromium(one, &run, &server);
        assert!(d.iter().any(|d| d.field == "actual_sent"), "{d:?}");
        // Every line: a Local Network Access line the model does not print is reported.
        let d = chromium_every_line(one, &run, &server);
        assert!(!d.iter().any(|d| d.field == "lines"), "{d:?}");
        run.lines.insert(
            id.clone(),
            vec![format!("Access to fetch at '{}' from origin 'x' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space.", case.url)],
        );
        let d = chromium_every_line(one, &run, &server);
        assert!(d.iter().any(|d| d.field == "lines"), "{d:?}");
        // A case the page never reported is a disagreement, not a pass.
        let d = lines_engine(Engine::Firefox, &cases[..1], &EngineRun::default());
        assert_eq!(d[0].field, "ran");
    }
}
