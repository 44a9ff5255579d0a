//! The JSON documents of `corsfix explain --json` and `corsfix check --json` (docs/explain.md,
//! docs/check.md), built once here so that the CLI and the MCP tools answer the same object.

use corsfix_model::Browser;
use corsfix_model::parse::Reading;
use serde_json::{Map, Value, json};

use crate::{Diagnosis, Evidence, Report};

/// The `explain --json` object: the reading's fields, then the diagnosis. `target` (a
/// `corsfix gen` target) fills `gen_command`; without it `gen_command` is `null`.
#[must_use]
pub fn explain(r: &Reading, d: &Diagnosis, target: Option<&str>) -> Value {
    let mut m = match serde_json::to_value(r) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let evidence = Evidence::Text(r);
    m.insert("recognized".into(), r.recognized().into());
    m.insert("is_cors".into(), d.is_cors.into());
    m.insert("causes".into(), to_value(&d.causes));
    m.insert("diagnosis".into(), to_value(d));
    m.insert(
        "check_command".into(),
        d.confirm_with.clone().map_or(Value::Null, Into::into),
    );
    let gen_command = match (r.recognized() && d.is_cors, target) {
        (true, Some(t)) => crate::fix(&evidence, d).map_or(Value::Null, |f| {
            crate::fix::gen_command(&f.policy, Some(t)).into()
        }),
        _ => Value::Null,
    };
    m.insert("gen_command".into(), gen_command);
    m.insert("browsers".into(), every_browser(r));
    m.insert("report".into(), to_value(&crate::report(&evidence, d)));
    Value::Object(m)
}

/// The `check --json` object: the probe's own serialisation (`probe`: the run, the verdict,
/// each browser) with the diagnosis, warnings, server guess, fix, curl line and report added.
#[must_use]
pub fn check(probe: Value, d: &Diagnosis, report: &Report) -> Value {
    let mut value = probe;
    if let Some(obj) = value.as_object_mut() {
        obj.insert("schema".into(), json!("corsfix-check/1"));
        obj.insert("diagnosis".into(), to_value(d));
        obj.insert("warnings".into(), to_value(&d.findings));
        obj.insert("server".into(), to_value(&d.server));
        obj.insert(
            "fix".into(),
            to_value(&report.fix.as_ref().and_then(|f| f.server.as_ref())),
        );
        obj.insert(
            "curl".into(),
            json!(report.evidence.repeat.clone().unwrap_or_default()),
        );
        obj.insert("passed".into(), json!(report.passed));
        obj.insert("report".into(), to_value(report));
    }
    value
}

/// What each engine prints for the same failure (`null` when the reading cannot be rebuilt).
fn every_browser(r: &Reading) -> Value {
    let Some((_, sim)) = r.in_every_browser() else {
        return Value::Null;
    };
    let mut m = Map::new();
    for b in Browser::ALL {
        let v = sim.get(b);
        m.insert(
            b.name().to_owned(),
            json!({
                "allowed": v.allowed,
                "kind": v.failure_kind(),
                "lines": v.console_lines().to_vec(),
            }),
        );
    }
    Value::Object(m)
}

fn to_value<T: serde::Serialize + ?Sized>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or_default()
}
