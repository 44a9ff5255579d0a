//! `docs/explain.md` documents every `--json` field of a reading. (The cause codes in
//! `docs/diagnosis.md` are checked by `corsfix-diagnose`'s tests.)

use corsfix_model::parse::parse;

const EXPLAIN_MD: &str = include_str!("../../../docs/explain.md");

#[test]
fn every_reading_field_is_documented() {
    let r = parse("Access to fetch at 'https://a.example/x' from origin 'https://b.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.").unwrap();
    let serde_json::Value::Object(fields) = serde_json::to_value(&r).unwrap() else {
        unreachable!()
    };
    for key in fields.keys().map(String::as_str).chain([
        "recognized",
        "is_cors",
        "causes",
        "diagnosis",
        "check_command",
        "gen_command",
        "report",
    ]) {
        assert!(
            EXPLAIN_MD.contains(&format!("| `{key}` |")),
            "docs/explain.md does not document `{key}`"
        );
    }
}
