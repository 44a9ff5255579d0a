//! The 400 recorded cases (`fixtures/chromium-sample/`, what Chromium 156, Firefox 153 and
//! WebKit 2.50 really did) run through the model: every recorded field must agree.

use std::collections::BTreeMap;
use std::path::PathBuf;

use corsfix_model::{Browser, Case, Simulation};
use serde_json::Value;

fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/chromium-sample")
}

fn read_jsonl(name: &str) -> Vec<Value> {
    let path = sample_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{name} line {}: {e}", i + 1))
        })
        .collect()
}

/// Records keyed by `id`.
fn by_id(records: Vec<Value>) -> BTreeMap<String, Value> {
    records
        .into_iter()
        .map(|r| {
            let id = r["id"]
                .as_str()
                .expect("every record has a string id")
                .to_owned();
            (id, r)
        })
        .collect()
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    match v {
        Value::Null => Vec::new(),
        Value::Array(items) => items
            .iter()
            .map(|p| {
                (
                    p[0].as_str().expect("pair name").to_owned(),
                    p[1].as_str().expect("pair value").to_owned(),
                )
            })
            .collect(),
        other => panic!("not a list of pairs: {other}"),
    }
}

fn readable(v: &Value) -> Option<BTreeMap<String, Option<String>>> {
    v.as_object().map(|m| {
        m.iter()
            .map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned)))
            .collect()
    })
}

struct Recorded {
    chrome: BTreeMap<String, Value>,
    firefox: BTreeMap<String, Value>,
    webkit: BTreeMap<String, Value>,
}

/// Compare one case with the recordings; push one line per disagreeing field.
fn compare(case: &Case, rec: &Recorded, out: &mut Vec<String>) {
    let id = case
        .id
        .as_ref()
        .and_then(Value::as_str)
        .expect("sample cases have string ids")
        .to_owned();
    let sim = Simulation::run(case);
    let mut differ = |field: &str, model: String, browser: String| {
        if model != browser {
            out.push(format!("{id} {field}: model {model} / browser {browser}"));
        }
    };

    let c = rec
        .chrome
        .get(&id)
        .unwrap_or_else(|| panic!("{id}: no Chromium record"));
    let v = &sim.chrome;
    let r = sim.result(case.id.clone(), Browser::Chrome);
    differ(
        "chrome.allowed",
        v.allowed.to_string(),
        c["allowed"].to_string(),
    );
    differ(
        "chrome.preflight_sent",
        r.preflight.sent.to_string(),
        c["preflight_sent"].to_string(),
    );
    differ(
        "chrome.preflight_request_headers",
        format!("{:?}", r.preflight.request_headers),
        format!("{:?}", pairs(&c["preflight_request_headers"])),
    );
    differ(
        "chrome.actual_sent",
        r.actual_sent.to_string(),
        c["actual_sent"].to_string(),
    );
    let line = r.error.as_ref().and_then(|e| e.messages.chrome.clone());
    differ(
        "chrome.line",
        format!("{line:?}"),
        format!("{:?}", c["chrome"].as_str()),
    );
    differ(
        "chrome.status",
        format!("{:?}", r.response.as_ref().map(|r| r.status)),
        format!("{:?}", c["status"].as_u64()),
    );
    differ(
        "chrome.readable_headers",
        format!(
            "{:?}",
            r.response.as_ref().map(|r| r.readable_headers.clone())
        ),
        format!("{:?}", readable(&c["readable_headers"])),
    );

    for (name, records, verdict, key) in [
        ("firefox", &rec.firefox, &sim.firefox, "firefox"),
        ("webkit", &rec.webkit, &sim.safari, "safari"),
    ] {
        let b = records
            .get(&id)
            .unwrap_or_else(|| panic!("{id}: no {name} record"));
        differ(
            &format!("{name}.allowed"),
            verdict.allowed.to_string(),
            b["allowed"].to_string(),
        );
        let model_first = verdict.failure.as_ref().and_then(|f| f.first_line());
        let recorded_first = b[key]
            .as_array()
            .and_then(|l| l.first())
            .and_then(Value::as_str);
        differ(
            &format!("{name}.first_line"),
            format!("{model_first:?}"),
            format!("{recorded_first:?}"),
        );
    }
}

fn check_set(cases: &str, chrome: &str, firefox: &str, webkit: &str) -> (usize, Vec<String>) {
    let rec = Recorded {
        chrome: by_id(read_jsonl(chrome)),
        firefox: by_id(read_jsonl(firefox)),
        webkit: by_id(read_jsonl(webkit)),
    };
    let cases = read_jsonl(cases);
    let mut out = Vec::new();
    for raw in &cases {
        let case: Case = serde_json::from_value(raw.clone())
            .unwrap_or_else(|e| panic!("case {}: {e}", raw["id"]));
        compare(&case, &rec, &mut out);
    }
    (cases.len(), out)
}

fn assert_agrees(n: usize, want: usize, disagreements: &[String]) {
    assert_eq!(n, want, "the sample should hold {want} cases");
    assert!(
        disagreements.is_empty(),
        "{} disagreements with the real browsers:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn the_300_plain_cases_agree_with_chromium_firefox_and_webkit() {
    let (n, d) = check_set(
        "cases.jsonl",
        "chromium-156.jsonl",
        "firefox-153.jsonl",
        "webkit-2.50.jsonl",
    );
    assert_agrees(n, 300, &d);
}

#[test]
fn the_100_redirect_cases_agree_with_chromium_firefox_and_webkit() {
    let (n, d) = check_set(
        "redirects-cases.jsonl",
        "redirects-chromium-156.jsonl",
        "redirects-firefox-153.jsonl",
        "redirects-webkit-2.50.jsonl",
    );
    assert_agrees(n, 100, &d);
}

/// The comparison itself must be able to fail: a changed recording is a disagreement.
#[test]
fn a_tampered_recording_is_reported() {
    let mut rec = Recorded {
        chrome: by_id(read_jsonl("chromium-156.jsonl")),
        firefox: by_id(read_jsonl("firefox-153.jsonl")),
        webkit: by_id(read_jsonl("webkit-2.50.jsonl")),
    };
    let raw = read_jsonl("cases.jsonl").remove(0);
    let case: Case = serde_json::from_value(raw).unwrap();
    let id = case.id.as_ref().and_then(Value::as_str).unwrap().to_owned();
    let entry = rec.chrome.get_mut(&id).unwrap();
    entry["actual_sent"] = Value::Bool(!entry["actual_sent"].as_bool().unwrap());
    if let Some(s) = entry["chrome"].as_str() {
        entry["chrome"] = Value::String(format!("{s}x"));
    }
    let mut out = Vec::new();
    compare(&case, &rec, &mut out);
    assert!(
        out.iter().any(|d| d.contains("chrome.actual_sent")),
        "{out:?}"
    );
}
