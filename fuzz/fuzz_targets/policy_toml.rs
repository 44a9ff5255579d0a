//! Policy files in TOML (`corsfix gen --policy`, `corsfix lint`): a policy that parses is
//! linted and generated for one target chosen by the first byte; nothing panics.
//!
//! `scripts/fuzz.sh run policy_toml`; corpus `fuzz/corpus/policy_toml/`.

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
    common::policy_end_to_end(corsfix_policy::Policy::parse_toml(text), pick);
    let _ = corsfix_policy::Policy::parse(text);
});
