//! Pasted console text (`corsfix explain`, the web's Explain, `POST /api/v1/explain`): any
//! bytes give a reading (or the size error), the diagnosis and the report, never a panic or a
//! hang; a text that was not recognised has no causes.
//!
//! `scripts/fuzz.sh run explain_parse` (docs/reliability.md); corpus `fuzz/corpus/explain_parse/`.

#![no_main]

mod common;

use corsfix_diagnose::Evidence;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(reading) = corsfix_model::parse::parse_bytes(data) else {
        assert!(data.len() > corsfix_model::parse::MAX_INPUT_BYTES);
        return;
    };
    let d = corsfix_diagnose::diagnose(&Evidence::Text(&reading));
    if !reading.recognized() {
        assert!(d.causes.is_empty(), "causes for an unrecognised text");
    }
    common::diagnose_and_report(&Evidence::Text(&reading));
});
