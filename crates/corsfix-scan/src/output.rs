//! Machine-readable records: JSON Lines (one object per finding, one summary per URL) and SARIF
//! 2.1.0 pieces that a caller can stream (header, one result at a time, footer). Nothing here
//! prints; the binary writes these values.

use serde::Serialize;
use serde_json::{Value, json};

use crate::engine::TargetReport;
use crate::finding::{Check, Finding, Severity};

/// A record: `"type"` first, then the fields of the value (written straight to the output, no
/// intermediate JSON tree).
#[derive(Serialize)]
struct Record<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    value: &'a T,
}

/// The JSON Lines object of one finding (`"type": "finding"`).
pub fn finding_record(f: &Finding) -> impl Serialize + '_ {
    Record {
        kind: "finding",
        value: f,
    }
}

#[derive(Serialize)]
struct Summary<'a> {
    #[serde(flatten)]
    report: &'a TargetReport,
    findings: usize,
    max_severity: Option<&'static str>,
}

/// The JSON Lines summary of one URL (`"type": "summary"`): `tested: false` with `error` when
/// it could not be tested, so "nothing found" and "could not test" differ.
pub fn summary_record(r: &TargetReport) -> impl Serialize + '_ {
    SummaryRecord {
        kind: "summary",
        summary: Summary {
            report: r,
            findings: r.findings.len(),
            max_severity: r.max_severity().map(Severity::as_str),
        },
    }
}

#[derive(Serialize)]
struct SummaryRecord<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    summary: Summary<'a>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Evidence;

    #[test]
    fn records_start_with_their_type_and_keep_every_field() {
        let f = Finding {
            url: "https://api.x.test/me".to_owned(),
            check: Check::C1,
            title: Check::C1.title(),
            severity: Severity::High,
            reason: "why".to_owned(),
            origin: Some("https://k.evil.example".to_owned()),
            method: "GET",
            via: None,
            base_origin: None,
            credentials: true,
            evidence: Evidence {
                status: 200,
                acao: vec!["https://k.evil.example".to_owned()],
                acac: Some("true".to_owned()),
                ..Evidence::default()
            },
            rule: Some("CORS002"),
            rule_name: Some("reflected-origin-with-credentials"),
        };
        let text = serde_json::to_string(&finding_record(&f)).unwrap();
        assert!(
            text.starts_with(r#"{"type":"finding","url":"https://api.x.test/me""#),
            "{text}"
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["check"], "C1");
        assert_eq!(v["evidence"]["acao"][0], "https://k.evil.example");
        assert!(v.get("via").is_none());
        let r = TargetReport {
            url: f.url.clone(),
            tested: true,
            complete: true,
            error: None,
            status: Some(200),
            redirect: None,
            cors: true,
            requests: 5,
            failed_probes: 0,
            findings: vec![f],
        };
        let text = serde_json::to_string(&summary_record(&r)).unwrap();
        assert!(text.starts_with(r#"{"type":"summary","#), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["findings"], 1);
        assert_eq!(v["max_severity"], "high");
        assert_eq!(v["requests"], 5);
        assert!(v.get("error").is_none());
    }
}
