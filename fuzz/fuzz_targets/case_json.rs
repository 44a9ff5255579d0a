//! The case format (`corsfix simulate`, `POST /api/v1/simulate`): one JSON line. Whatever
//! parses is simulated in the three engines, serialised as a result line, diagnosed and
//! reported without a panic.
//!
//! `scripts/fuzz.sh run case_json`; corpus `fuzz/corpus/case_json/` (seeded from
//! `fixtures/chromium-sample/cases.jsonl`).

#![no_main]

mod common;

use corsfix_diagnose::Evidence;
use corsfix_model::{Browser, Simulation, case::Case};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(case) = serde_json::from_slice::<Case>(data) else {
        return;
    };
    let sim = Simulation::run(&case);
    for b in [Browser::Chrome, Browser::Firefox, Browser::Safari] {
        let result = sim.result(None, b);
        serde_json::to_string(&result).expect("a result serialises");
        let untraced = corsfix_model::simulate_untraced(&case, b);
        assert_eq!(
            untraced.failure.is_some(),
            sim.get(b).failure.is_some(),
            "traced and untraced verdicts differ"
        );
    }
    common::diagnose_and_report(&Evidence::Case(&case));
});
