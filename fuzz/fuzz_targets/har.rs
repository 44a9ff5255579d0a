//! HAR files from strangers (`corsfix har`, the web's HAR upload): any text reads into cases or
//! an error; every case is simulated, diagnosed and reported without a panic.
//!
//! `scripts/fuzz.sh run har`; corpus `fuzz/corpus/har/`.

#![no_main]

mod common;

use corsfix_diagnose::Evidence;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(cases) = corsfix_model::har::read(text) else {
        return;
    };
    for c in cases.iter().take(16) {
        let _ = corsfix_model::Simulation::run(&c.case);
        common::diagnose_and_report(&Evidence::Har(c));
    }
});
