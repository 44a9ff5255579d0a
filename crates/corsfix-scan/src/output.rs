//! Machine-readable records: JSON Lines (one object per finding, one summary per URL) and SARIF
//! 2.1.0 pieces that a caller can stream (header, one result at a time, footer). Nothing here
//! prints; the binary writes these values.

use serde_json::{Value, json};

use crate::engine::TargetReport;
use crate::finding::{Check, Finding, Severity};

/// The JSON Lines object of one finding (`"type": "finding"`).
pub fn finding_record(f: &Finding) -> Value {
    let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("type".to_owned(), json!("finding"));
    }
    v
}

/// The JSON Lines summary of one URL (`"type": "summary"`): `tested: false` with `error` when
/// it could not be tested, so "nothing found" and "could not test" differ.
pub fn summary_record(r: &TargetReport) -> Value {
    let mut v = serde_json::to_value(r).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("type".to_owned(), json!("summary"));
        m.insert("findings".to_owned(), json!(r.findings.len()));
        m.insert(
            "max_severity".to_owned(),
            r.max_severity().map_or(Value::Null, |s| json!(s.as_str())),
        );
    }
    v
}

/// The SARIF log up to the opening of `results` (a caller streams results, then [`SARIF_END`]).
pub fn sarif_start(version: &str) -> String {
    let rules: Vec<Value> = Check::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.id(),
                "name": c.title(),
                "shortDescription": {"text": c.title()},
                "fullDescription": {"text": c.attack()},
                "helpUri": "https://fetch.spec.whatwg.org/#http-cors-protocol",
            })
        })
        .collect();
    let tool = json!({
        "driver": {
            "name": "corsfix scan",
            "version": version,
            "informationUri": "https://fetch.spec.whatwg.org/#http-cors-protocol",
            "rules": rules,
        }
    });
    format!(
        "{{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{{\"tool\":{tool},\"results\":["
    )
}

/// Closes the log opened by [`sarif_start`].
pub const SARIF_END: &str = "]}]}\n";

/// The SARIF level of a severity.
pub fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// One SARIF result.
pub fn sarif_result(f: &Finding) -> Value {
    let origin = f.origin.as_deref().unwrap_or("(none)");
    let text = format!(
        "{}: {} — {} with Origin `{origin}` answered ACAO {:?}, ACAC {:?} ({}).",
        f.check.id(),
        f.title,
        f.method,
        f.evidence.acao,
        f.evidence.acac.as_deref().unwrap_or("-"),
        f.reason
    );
    json!({
        "ruleId": f.check.id(),
        "level": sarif_level(f.severity),
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": f.url}}
        }],
        "partialFingerprints": {
            "corsfix/v1": format!("{}|{}|{}|{}", f.url, f.check.id(), f.method, f.origin.as_deref().unwrap_or("")),
        },
        "properties": {
            "severity": f.severity.as_str(),
            "origin": f.origin,
            "method": f.method,
            "via": f.via,
            "credentials": f.credentials,
            "rule": f.rule,
            "rule_name": f.rule_name,
            "evidence": f.evidence,
        }
    })
}
