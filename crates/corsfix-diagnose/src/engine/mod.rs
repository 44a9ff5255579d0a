//! The engine: from [`Evidence`] to a [`Diagnosis`].

mod probe;
mod text;

use corsfix_model::exchange::Purpose;
use corsfix_model::{Origin, Simulation};

use crate::diagnosis::Diagnosis;
use crate::evidence::Evidence;

/// Diagnose one piece of evidence.
pub(crate) fn diagnose(evidence: &Evidence<'_>) -> Diagnosis {
    match evidence {
        Evidence::Text(r) => text::diagnose(r),
        other => {
            let run = other
                .as_run()
                .expect("every evidence but text has exchanges");
            let page_origin = Origin::parse(&run.request.origin).unwrap_or(Origin::Opaque);
            let sim = run.case.as_ref().map(Simulation::run);
            let allowed = run.network_error.is_none()
                && run.mixed_content.is_none()
                && sim.as_ref().is_some_and(|s| s.chrome.allowed);
            let other_origin = run
                .extra(Purpose::OtherOrigin)
                .and_then(|e| e.request_header("origin"))
                .unwrap_or_default()
                .to_owned();
            probe::diagnose(&probe::Input {
                request: &run.request,
                page_origin: &page_origin,
                run: &run,
                extra: &run.extra,
                sim: sim.as_ref(),
                allowed,
                other_origin,
            })
        }
    }
}
