//! Policies in JSON (`corsfix gen --policy x.json`, the web's `POST /api/v1/generate`): a
//! policy that parses is linted and generated for one target chosen by the first byte.
//!
//! `scripts/fuzz.sh run policy_json`; corpus `fuzz/corpus/policy_json/`.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    common::policy_end_to_end(corsfix_policy::Policy::parse_json(text), pick);
});
