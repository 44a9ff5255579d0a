//! `docs/diagnosis.md` documents every cause code, and `docs/explain.md` every `--json` field.

use corsfix_model::diagnosis::CauseCode;
use corsfix_model::parse::parse;

const DIAGNOSIS_MD: &str = include_str!("../../../docs/diagnosis.md");
const EXPLAIN_MD: &str = include_str!("../../../docs/explain.md");

#[test]
fn every_cause_code_is_documented() {
    let missing: Vec<&str> = CauseCode::ALL
        .iter()
        .map(|c| c.code())
        .filter(|code| !DIAGNOSIS_MD.contains(&format!("| `{code}` |")))
        .collect();
    assert!(missing.is_empty(), "not in docs/diagnosis.md: {missing:?}");
}

#[test]
fn every_documented_code_exists() {
    for line in DIAGNOSIS_MD.lines() {
        if let Some(rest) = line.strip_prefix("| `") {
            let code = rest.split('`').next().unwrap();
            assert!(
                code.parse::<CauseCode>().is_ok(),
                "docs/diagnosis.md lists `{code}`, which is not a cause code"
            );
        }
    }
}

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
    ]) {
        assert!(
            EXPLAIN_MD.contains(&format!("| `{key}` |")),
            "docs/explain.md does not document `{key}`"
        );
    }
}
