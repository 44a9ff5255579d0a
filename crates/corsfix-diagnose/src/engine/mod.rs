//! The engine: from [`Evidence`] to a [`Diagnosis`], one way for every kind of evidence.
//!
//! 1. [`observe`] puts what the evidence shows into one shape (a pasted text fills in what
//!    its words say; recorded exchanges fill in what the browser saw, with the model's verdict
//!    saying which response failed);
//! 2. [`rank`] ranks the causes of the failure and asks what would separate them;
//! 3. for recorded exchanges, [`extras`] adds what does not block but still breaks the
//!    intended use (an unexposed header, a cookie kept off cross-site requests, a cache), the
//!    Local Network Access step, and the findings;
//! 4. [`prose`] says what happened and what the browser's message means.

mod extras;
mod observe;
mod prose;
mod rank;

use corsfix_model::exchange::Purpose;
use corsfix_model::{Origin, Simulation};

use crate::catalog::{Cause, CauseCode, Facts, Likelihood};
use crate::diagnosis::{Answer, Diagnosis, Question};
use crate::evidence::Evidence;

/// The causes (and questions) being collected.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    causes: Vec<Cause>,
    questions: Vec<Question>,
}

impl Builder {
    /// Add a cause, unless it is already there (the first mention keeps its rank).
    fn add(&mut self, code: CauseCode, likelihood: Likelihood, facts: &Facts) {
        self.entry(code, likelihood, facts);
    }

    fn entry(&mut self, code: CauseCode, likelihood: Likelihood, facts: &Facts) -> &mut Cause {
        let i = match self.causes.iter().position(|c| c.code == code.code()) {
            Some(i) => i,
            None => {
                self.causes.push(Cause::new(code, likelihood, facts));
                self.causes.len() - 1
            }
        };
        &mut self.causes[i]
    }

    /// Add a cause with a sentence of what was seen in front of the catalog's detail.
    fn add_with(&mut self, code: CauseCode, likelihood: Likelihood, facts: &Facts, seen: &str) {
        let c = self.entry(code, likelihood, facts);
        if !seen.is_empty() && !c.detail.starts_with(seen) {
            c.detail = format!("{seen} {}", c.detail);
        }
    }

    /// Ask a question whose answers point to causes.
    fn ask(&mut self, ask: &str, answers: &[(&str, CauseCode)], facts: &Facts) {
        if self.questions.iter().any(|q| q.ask == ask) {
            return;
        }
        self.questions.push(Question {
            ask: ask.to_owned(),
            answers: answers
                .iter()
                .map(|(answer, code)| Answer {
                    answer: (*answer).to_owned(),
                    code: code.code().to_owned(),
                    means: Cause::new(*code, Likelihood::Possible, facts).summary,
                })
                .collect(),
        });
    }
}

/// Diagnose one piece of evidence.
pub(crate) fn diagnose(evidence: &Evidence<'_>) -> Diagnosis {
    let mut b = Builder::default();
    match evidence {
        Evidence::Text(r) => {
            let o = observe::of_reading(r);
            rank::rank(&mut b, &o);
            let facts = o.facts();
            Diagnosis {
                is_cors: r.kind.is_some_and(corsfix_model::parse::Kind::is_cors),
                headline: prose::headline(r),
                meaning: prose::meaning(r),
                causes: b.causes,
                questions: b.questions,
                findings: Vec::new(),
                server: None,
                facts,
                confirm_with: r.kind.map(|_| crate::commands::check_command(r)),
            }
        }
        other => {
            let run = other
                .as_run()
                .expect("every evidence but text has exchanges");
            let sim = run.case.as_ref().map(Simulation::run);
            let o = observe::of_run(&run, sim.as_ref());
            rank::rank(&mut b, &o);
            let page_origin = Origin::parse(&run.request.origin).unwrap_or(Origin::Opaque);
            let allowed = run.network_error.is_none()
                && run.mixed_content.is_none()
                && sim.as_ref().is_some_and(|s| s.chrome.allowed);
            let other_origin = run
                .extra(Purpose::OtherOrigin)
                .and_then(|e| e.request_header("origin"))
                .unwrap_or_default()
                .to_owned();
            let input = extras::Input {
                request: &run.request,
                page_origin: &page_origin,
                run: &run,
                extra: &run.extra,
                sim: sim.as_ref(),
                allowed,
                other_origin,
            };
            if run.network_error.is_none() && run.mixed_content.is_none() {
                let start = b.causes.len();
                extras::intended_use_causes(&mut b, &input);
                // Among what does not block, the surer first: a session cookie the browser
                // keeps off the next request (likely) before a cache that might mix origins up
                // (possible). A stable sort keeps the order within one likelihood.
                b.causes[start..].sort_by_key(|c| c.likelihood);
            }
            extras::lna_causes(&mut b, &input);
            let mut findings = extras::findings(&input);
            findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
            let is_cors = !matches!(
                o.kind,
                Some(k) if !k.is_cors()
            ) && (b.causes.is_empty()
                || b.causes
                    .iter()
                    .any(|c| c.cause_code().is_none_or(CauseCode::is_cors)));
            let server = crate::server::identify(&run.exchanges);
            if let Some(g) = &server {
                // The framework's own terms first (its middleware order, nginx's add_header).
                for c in &mut b.causes {
                    if let Some(step) = crate::server::fix_terms(g, &c.code)
                        && !c.fix.iter().any(|s| s == step)
                    {
                        c.fix.insert(0, step.to_owned());
                    }
                }
            }
            let headline = prose::run_headline(&b.causes, is_cors, allowed, &run.request);
            let meaning = prose::run_meaning(&o, sim.as_ref());
            Diagnosis {
                is_cors,
                headline,
                meaning,
                causes: b.causes,
                questions: b.questions,
                findings,
                server,
                facts: o.facts(),
                confirm_with: None,
            }
        }
    }
}
