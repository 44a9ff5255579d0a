//! Every console line recorded from the real browsers (`fixtures/chromium-sample/`: Chromium
//! 156, Firefox 153 and WebKit 2.50 running 400 cases) reads back as the browser's reason for
//! that case, as the model gives it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use corsfix_model::parse::{Kind, parse};
use corsfix_model::{Browser, Case, Reason, Stage, simulate};
use serde_json::Value;

fn read_jsonl(name: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/chromium-sample")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect()
}

fn by_id(records: Vec<Value>) -> BTreeMap<String, Value> {
    records
        .into_iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r))
        .collect()
}

/// The recorded lines of one browser for one case, as one pasted block.
fn lines(record: &Value, key: &str) -> Option<String> {
    match &record[key] {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) if !items.is_empty() => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => None,
    }
}

#[test]
fn every_recorded_browser_line_reads_as_the_models_reason() {
    let mut problems = Vec::new();
    let mut read = 0;
    for prefix in ["", "redirects-"] {
        let cases = read_jsonl(&format!("{prefix}cases.jsonl"));
        let chrome = by_id(read_jsonl(&format!("{prefix}chromium-156.jsonl")));
        let firefox = by_id(read_jsonl(&format!("{prefix}firefox-153.jsonl")));
        let webkit = by_id(read_jsonl(&format!("{prefix}webkit-2.50.jsonl")));
        for raw in cases {
            let case: Case = serde_json::from_value(raw.clone()).unwrap();
            let id = raw["id"].as_str().unwrap().to_owned();
            for (browser, records, key) in [
                (Browser::Chrome, &chrome, "chrome"),
                (Browser::Firefox, &firefox, "firefox"),
                (Browser::Safari, &webkit, "safari"),
            ] {
                let Some(text) = records.get(&id).and_then(|r| lines(r, key)) else {
                    continue;
                };
                let verdict = simulate(&case, browser);
                let Some(failure) = verdict.failure else {
                    problems.push(format!("{id} {key}: the model allows it"));
                    continue;
                };
                let r = parse(&text).unwrap();
                read += 1;
                if r.browser != Some(browser) {
                    problems.push(format!("{id} {key}: browser {:?}", r.browser));
                }
                match (&failure.reason, browser) {
                    (Reason::Chrome { error, .. }, Browser::Chrome) => {
                        if r.kind != Some(Kind::Cors(*error)) {
                            problems.push(format!("{id} chrome: {:?} vs {error:?}", r.kind));
                        }
                        if r.origin.is_none() || r.url.is_none() {
                            problems.push(format!("{id} chrome: no url or origin"));
                        }
                    }
                    (reason @ (Reason::Firefox(_) | Reason::Safari(_)), _) => {
                        if r.native.as_ref() != Some(reason) {
                            problems
                                .push(format!("{id} {key}: read {:?}, model {reason:?}", r.native));
                        }
                    }
                    (other, _) => problems.push(format!("{id} {key}: model reason {other:?}")),
                }
                // Without redirects, Firefox's second "did not succeed" line tells the stage.
                if browser == Browser::Firefox
                    && prefix.is_empty()
                    && let Some(Kind::Cors(_)) = r.kind
                {
                    let model_preflight = failure.stage == Stage::Preflight;
                    if r.preflight != Some(model_preflight) {
                        problems.push(format!(
                            "{id} firefox: preflight {:?}, model {model_preflight}",
                            r.preflight
                        ));
                    }
                }
            }
        }
    }
    assert!(read > 500, "only {read} recorded texts were read");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
