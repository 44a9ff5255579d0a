//! The pasted texts of `fixtures/explain/*.txt`: the `is_cors` and `cause` keys of the expected
//! `.json` beside each one are the diagnosis's (the reading's keys are checked by
//! `corsfix-model`), and every recognised text gets causes and a confirming command.

use std::path::PathBuf;

use corsfix_diagnose::{Evidence, diagnose};
use corsfix_model::parse::parse;
use serde_json::Value;

fn corpus() -> Vec<(String, String, serde_json::Map<String, Value>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/explain");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|txt| {
            let name = txt.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&txt).unwrap();
            let json = txt.with_extension("json");
            let Ok(Value::Object(expected)) =
                serde_json::from_str(&std::fs::read_to_string(&json).unwrap())
            else {
                panic!("{}: expected an object", json.display())
            };
            (name, text, expected)
        })
        .collect()
}

#[test]
fn every_pasted_text_gets_its_expected_cause() {
    let mut problems = Vec::new();
    for (name, text, expected) in corpus() {
        let r = parse(&text).unwrap();
        let d = diagnose(&Evidence::Text(&r));
        if let Some(want) = expected.get("is_cors")
            && *want != Value::Bool(d.is_cors)
        {
            problems.push(format!(
                "{name}: `is_cors` is {}, expected {want}",
                d.is_cors
            ));
        }
        if let Some(want) = expected.get("cause") {
            let have = d
                .primary_code()
                .map_or(Value::Null, |c| Value::String(c.to_owned()));
            if have != *want {
                problems.push(format!("{name}: `cause` is {have}, expected {want}"));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_recognized_text_gets_causes_and_a_confirm_command() {
    for (name, text, _) in corpus() {
        let r = parse(&text).unwrap();
        let d = diagnose(&Evidence::Text(&r));
        if r.recognized() {
            assert!(!d.causes.is_empty(), "{name}: no causes");
            let cmd = d.confirm_with.as_deref().unwrap_or_default();
            assert!(cmd.starts_with("corsfix check "), "{name}: {cmd}");
            if let Some(u) = r.redirected_from.as_deref().or(r.url.as_deref()) {
                assert!(
                    cmd.contains(u) || cmd.contains(&format!("'{u}'")),
                    "{name}: {cmd}"
                );
            }
        } else {
            assert!(d.causes.is_empty() && d.confirm_with.is_none(), "{name}");
        }
    }
}
