//! Policies from command-line flags (`corsfix gen --origin … --methods … --headers …`) and the
//! web's Fix form: any values build a policy or a list of problems; a policy is linted and
//! generated for one target.
//!
//! `scripts/fuzz.sh run policy_flags`; corpus `fuzz/corpus/policy_flags/`.

#![no_main]

mod common;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Flags {
    pick: u8,
    origins: Vec<String>,
    credentials: bool,
    methods: Vec<String>,
    headers: Vec<String>,
    expose: Vec<String>,
    max_age: Option<i64>,
    paths: Vec<String>,
    private_network: bool,
    page_origin: String,
}

fuzz_target!(|f: Flags| {
    let _ = corsfix_policy::parse_page_origin(&f.page_origin);
    let defaults = corsfix_policy::default_spec(f.origins.clone());
    let or_default = |given: Vec<String>, default: Vec<String>| {
        if given.is_empty() { default } else { given }
    };
    let spec = corsfix_policy::PolicySpec {
        credentials: f.credentials,
        methods: or_default(f.methods, defaults.methods.clone()),
        request_headers: or_default(f.headers, defaults.request_headers.clone()),
        expose_headers: f.expose,
        max_age: f.max_age.or(defaults.max_age),
        paths: f.paths,
        private_network: f.private_network,
        ..defaults
    };
    common::policy_end_to_end(
        spec.build()
            .map_err(corsfix_policy::ParsePolicyError::Invalid),
        f.pick,
    );
});
