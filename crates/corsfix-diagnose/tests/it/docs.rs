//! `docs/diagnosis.md` documents every cause code, and lists no code that does not exist.

use corsfix_diagnose::CauseCode;

const DIAGNOSIS_MD: &str = include_str!("../../../../docs/diagnosis.md");

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
