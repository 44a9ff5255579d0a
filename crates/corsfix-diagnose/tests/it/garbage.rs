//! Whatever text arrives, the engine, the fix and the report never panic.

use corsfix_diagnose::{Evidence, diagnose, fix, report};
use corsfix_model::parse::{parse, parse_bytes};
use proptest::prelude::*;

const VOCABULARY: &[&str] = &[
    "Access to fetch at '",
    "https://api.example.com/x",
    "' from origin '",
    "http://localhost:3000",
    "' has been blocked by CORS policy: ",
    "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    "Response to preflight request doesn't pass access control check: ",
    "It does not have HTTP ok status.",
    "The 'Access-Control-Allow-Origin' header has a value '",
    "Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.",
    "Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response.",
    "Cross-Origin Request Blocked: ",
    "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 401.",
    "[Error] Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 500",
    "GET https://api.example.com/x net::ERR_FAILED 500 (Internal Server Error)",
    " (redirected from '",
    "null",
    "\n",
    "'",
    " ",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(VOCABULARY).prop_map(str::to_owned),
            2 => "[\\PC]{0,6}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn everything(r: &corsfix_model::parse::Reading) {
    let ev = Evidence::Text(r);
    let d = diagnose(&ev);
    let _ = fix(&ev, &d);
    let rep = report(&ev, &d);
    let _ = serde_json::to_string(&rep).unwrap();
    let _ = corsfix_diagnose::commands::check_command(r);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        let r = parse_bytes(&bytes).unwrap();
        let d = diagnose(&Evidence::Text(&r));
        prop_assert_eq!(d.confirm_with.is_some(), r.recognized());
        everything(&r);
    }

    #[test]
    fn word_soup_never_panics(text in soup()) {
        everything(&parse(&text).unwrap());
    }
}

#[test]
fn empty_input_has_no_causes() {
    for text in ["", " ", "\n\n\n"] {
        let r = parse(text).unwrap();
        assert!(diagnose(&Evidence::Text(&r)).causes.is_empty());
    }
}
