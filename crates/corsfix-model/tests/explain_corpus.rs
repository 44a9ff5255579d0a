//! The real-paste corpus (`fixtures/explain/*.txt`): each text has its expected reading in
//! the `.json` beside it (every key there must match; `null` means "not found"), and noise
//! around it (timestamps, stack frames, unrelated log lines, CRLF, an unrelated request line)
//! must not change the reading. (The `is_cors` and `cause` keys are the diagnosis's, checked by
//! `corsfix-diagnose`'s tests.)

use std::path::{Path, PathBuf};

use corsfix_model::parse::{Reading, parse};
use serde_json::Value;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/explain")
}

fn corpus() -> Vec<(String, String, serde_json::Map<String, Value>)> {
    let mut out = Vec::new();
    let dir = corpus_dir();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    for txt in names {
        let name = txt.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&txt).unwrap();
        let json = txt.with_extension("json");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&json)
                .unwrap_or_else(|e| panic!("{} has no expected reading: {e}", json.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", json.display()));
        let Value::Object(expected) = expected else {
            panic!("{}: expected an object", json.display())
        };
        out.push((name, text, expected));
    }
    out
}

/// The reading as JSON.
fn observed(r: &Reading) -> serde_json::Map<String, Value> {
    let Value::Object(m) = serde_json::to_value(r).unwrap() else {
        unreachable!()
    };
    m
}

/// Keys of the expected `.json` that belong to the diagnosis, not the reading.
const DIAGNOSIS_KEYS: [&str; 2] = ["is_cors", "cause"];

fn check(name: &str, text: &str, expected: &serde_json::Map<String, Value>) -> Vec<String> {
    let r = parse(text).unwrap();
    let got = observed(&r);
    let mut problems = Vec::new();
    for (key, want) in expected {
        if DIAGNOSIS_KEYS.contains(&key.as_str()) {
            continue;
        }
        let have = got.get(key).unwrap_or(&Value::Null);
        if have != want {
            problems.push(format!("{name}: `{key}` is {have}, expected {want}"));
        }
    }
    problems
}

#[test]
fn the_corpus_is_large_enough() {
    let n = corpus().len();
    assert!(
        n >= 30,
        "only {n} pasted texts in {}",
        corpus_dir().display()
    );
}

#[test]
fn every_pasted_text_reads_as_expected() {
    let mut problems = Vec::new();
    for (name, text, expected) in corpus() {
        problems.extend(check(&name, &text, &expected));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Every field but `evidence` (whose line numbers move with the noise).
fn comparable(r: &Reading) -> Reading {
    Reading {
        evidence: Vec::new(),
        ..r.clone()
    }
}

const NOISE_BEFORE: &str = "[HMR] connected\n\
Download the React DevTools for a better development experience: https://reactjs.org/link/react-devtools\n\
[vite] connecting...\n\
DevTools failed to load source map: Could not load content for http://localhost:3000/static/js/bundle.js.map: HTTP error: status code 404, net::ERR_UNKNOWN_URL_SCHEME\n\
\n";

const NOISE_AFTER: &str = "\n    at async loadItems (http://localhost:3000/src/api.js:12:9)\n\
    at async onClick (http://localhost:3000/src/App.jsx:40:5)\n\
Warning: Each child in a list should have a unique \"key\" prop.\n";

fn variants(text: &str, has_url: bool) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    let stamped: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if l.trim().is_empty() {
                format!("{l}\n")
            } else {
                format!("12:00:0{}.{:03} {l}\n", i % 10, i * 37 % 1000)
            }
        })
        .collect();
    v.push(("timestamps", stamped));
    v.push(("noise around", format!("{NOISE_BEFORE}{text}{NOISE_AFTER}")));
    v.push(("CRLF", text.replace('\n', "\r\n")));
    v.push((
        "indented and padded",
        format!("\n\n   {}\n\n", text.replace('\n', "\n   ")),
    ));
    if has_url {
        v.push((
            "an unrelated request line",
            format!("GET http://localhost:3000/favicon.ico 404 (Not Found)\n{text}"),
        ));
    }
    v
}

#[test]
fn noise_around_a_pasted_text_does_not_change_its_reading() {
    let mut problems = Vec::new();
    for (name, text, _) in corpus() {
        let clean = parse(&text).unwrap();
        for (label, noisy) in variants(&text, clean.url.is_some()) {
            let r = parse(&noisy).unwrap();
            if comparable(&r) != comparable(&clean) {
                problems.push(format!(
                    "{name} with {label}:\n  clean: {}\n  noisy: {}",
                    serde_json::to_string(&comparable(&clean)).unwrap(),
                    serde_json::to_string(&comparable(&r)).unwrap()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_corpus_covers_every_browser_and_the_lookalikes() {
    let all = corpus();
    let kinds: Vec<String> = all
        .iter()
        .filter_map(|(_, _, e)| e.get("kind").and_then(Value::as_str).map(str::to_owned))
        .collect();
    for needed in [
        "MixedContent",
        "ContentSecurityPolicy",
        "BlockedByResponse",
        "BlockedByOrb",
        "ConnectionRefused",
        "NameNotResolved",
        "CertificateError",
        "BlockedByClient",
        "LocalNetworkAccessPermissionDenied",
        "OriginNotAllowed",
    ] {
        assert!(kinds.iter().any(|k| k == needed), "no fixture for {needed}");
    }
    for browser in ["chrome", "firefox", "safari"] {
        assert!(
            all.iter()
                .any(|(_, _, e)| e.get("browser").and_then(Value::as_str) == Some(browser)),
            "no fixture for {browser}"
        );
    }
    let _ = Path::new("");
}
