//! Fuzz `corsfix explain`'s parser: any bytes give an answer (never a panic or a hang), and
//! the answer is consistent: a recognized text has causes and a confirm command, an
//! unrecognized one has neither.
//!
//! `cargo +nightly fuzz run explain_parse` (from the repository root); the corpus is
//! `fuzz/corpus/explain_parse/`, seeded from `fixtures/explain/`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(reading) = corsfix_model::parse::parse_bytes(data) else {
        assert!(data.len() > corsfix_model::parse::MAX_INPUT_BYTES);
        return;
    };
    let diagnosis = reading.diagnose();
    assert_eq!(diagnosis.confirm_with.is_some(), reading.recognized());
    assert_eq!(diagnosis.causes.is_empty(), !reading.recognized());
    let _ = reading.gen_command("express");
    let _ = serde_json_free_summary(&reading);
});

/// Touch every field the CLI renders.
fn serde_json_free_summary(r: &corsfix_model::parse::Reading) -> usize {
    r.url.as_deref().map_or(0, str::len)
        + r.origin.as_deref().map_or(0, str::len)
        + r.parameter.as_deref().map_or(0, str::len)
        + r.kind.map_or(0, |k| k.name().len())
        + r.evidence.len()
        + r.also.len()
}
