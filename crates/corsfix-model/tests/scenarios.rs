//! Table tests: every `[[scenario]]` in `fixtures/scenarios/*.toml` (a case plus what each
//! browser does with it, written from `shared/reference/browser-cors.md`) must come out of
//! the model exactly as written. See `fixtures/scenarios/README.md` for the format.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use corsfix_model::{Browser, Case, Simulation, Verdict};
use serde::Deserialize;

const DEFAULT_ORIGIN: &str = "https://app.example";
const DEFAULT_URL: &str = "https://api.example/items";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    scenario: Vec<Scenario>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    name: String,
    spec: String,
    case: toml::Table,
    expect: BTreeMap<String, Expect>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    allowed: bool,
    kind: Option<String>,
    line: Option<String>,
    line_contains: Option<String>,
    preflight: Option<bool>,
    request_headers: Option<Vec<(String, String)>>,
    actual_sent: Option<bool>,
    status: Option<u16>,
    #[serde(rename = "type")]
    kind_of_response: Option<String>,
    #[serde(default)]
    readable: BTreeMap<String, String>,
    #[serde(default)]
    unreadable: Vec<String>,
}

fn scenario_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/scenarios")
}

fn load(path: &Path) -> Vec<Scenario> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let file: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    file.scenario
}

fn all_scenarios() -> Vec<(String, Scenario)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(scenario_dir())
        .expect("fixtures/scenarios exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .flat_map(|p| {
            let file = p.file_name().unwrap().to_string_lossy().into_owned();
            load(p).into_iter().map(move |s| (file.clone(), s))
        })
        .collect()
}

/// The scenario's case, with the default origin and URL filled in.
fn build_case(s: &Scenario) -> Case {
    let mut table = s.case.clone();
    table
        .entry("origin")
        .or_insert_with(|| toml::Value::String(DEFAULT_ORIGIN.to_owned()));
    table
        .entry("url")
        .or_insert_with(|| toml::Value::String(DEFAULT_URL.to_owned()));
    table
        .try_into()
        .unwrap_or_else(|e| panic!("scenario {}: the case does not parse: {e}", s.name))
}

fn browser(name: &str) -> Browser {
    match name {
        "chrome" => Browser::Chrome,
        "firefox" => Browser::Firefox,
        "safari" => Browser::Safari,
        other => panic!("unknown browser `{other}` in an expectation"),
    }
}

/// Every way `v` differs from `e`.
fn differences(v: &Verdict, e: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |what: &str, got: String, want: String| {
        if got != want {
            out.push(format!("{what}: got {got}, want {want}"));
        }
    };
    check("allowed", v.allowed.to_string(), e.allowed.to_string());
    let failure = v.failure.as_ref();
    if let Some(kind) = &e.kind {
        check(
            "kind",
            format!("{:?}", failure.map(|f| f.kind_name())),
            format!("{:?}", Some(kind.as_str())),
        );
    }
    let first = failure.and_then(|f| f.first_line()).unwrap_or_default();
    if let Some(line) = &e.line {
        check("line", format!("{first:?}"), format!("{line:?}"));
    }
    if let Some(part) = &e.line_contains {
        let found = if first.contains(part.as_str()) {
            part.clone()
        } else {
            format!("{first:?}")
        };
        check("line_contains", found, part.clone());
    }
    if let Some(p) = e.preflight {
        check("preflight", v.preflight_sent.to_string(), p.to_string());
    }
    if let Some(h) = &e.request_headers {
        check(
            "request_headers",
            format!("{:?}", v.preflight_request_headers),
            format!("{h:?}"),
        );
        if !h.is_empty() {
            check("preflight", v.preflight_sent.to_string(), "true".to_owned());
        }
    }
    if let Some(a) = e.actual_sent {
        check("actual_sent", v.actual_sent.to_string(), a.to_string());
    }
    let response = v.response.as_ref();
    if let Some(s) = e.status {
        check(
            "status",
            format!("{:?}", response.map(|r| r.status)),
            format!("{:?}", Some(s)),
        );
    }
    if let Some(t) = &e.kind_of_response {
        check(
            "type",
            format!("{:?}", response.map(|r| r.kind)),
            format!("{:?}", Some(t.as_str())),
        );
    }
    for (name, value) in &e.readable {
        let got = response.and_then(|r| r.readable_headers.get(name)).cloned();
        check(
            &format!("readable[{name}]"),
            format!("{got:?}"),
            format!("{:?}", Some(Some(value.clone()))),
        );
    }
    for name in &e.unreadable {
        let got = response.and_then(|r| r.readable_headers.get(name)).cloned();
        check(
            &format!("readable[{name}]"),
            format!("{got:?}"),
            format!("{:?}", Some(None::<String>)),
        );
    }
    out
}

#[test]
fn every_scenario_agrees_with_the_model() {
    let scenarios = all_scenarios();
    assert!(
        scenarios.len() >= 40,
        "expected at least 40 scenarios, found {}",
        scenarios.len()
    );
    let mut names = BTreeSet::new();
    let mut failures = Vec::new();
    for (file, s) in &scenarios {
        assert!(
            names.insert(s.name.clone()),
            "duplicate scenario name {}",
            s.name
        );
        assert!(!s.spec.trim().is_empty(), "{}: no spec anchor", s.name);
        assert!(!s.expect.is_empty(), "{}: no expectation", s.name);
        let case = build_case(s);
        let sim = Simulation::run(&case);
        for (b, e) in &s.expect {
            for d in differences(sim.get(browser(b)), e) {
                failures.push(format!("{file} {} [{b}] {d}  ({})", s.name, s.spec));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} scenario expectations failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The checker must be able to fail: flip one expectation and see it reported.
#[test]
fn a_wrong_expectation_is_reported() {
    let (_, s) = all_scenarios()
        .into_iter()
        .find(|(_, s)| s.name == "acao-is-checked-before-the-status")
        .expect("the scenario exists");
    let case = build_case(&s);
    let v = corsfix_model::simulate(&case, Browser::Chrome);
    let mut e = Expect {
        allowed: true,
        kind: Some("PreflightInvalidStatus".to_owned()),
        line: None,
        line_contains: Some("It does not have HTTP ok status.".to_owned()),
        preflight: Some(false),
        request_headers: None,
        actual_sent: None,
        status: None,
        kind_of_response: None,
        readable: BTreeMap::new(),
        unreadable: Vec::new(),
    };
    assert_eq!(differences(&v, &e).len(), 4, "{:?}", differences(&v, &e));
    e.allowed = false;
    e.kind = Some("PreflightMissingAllowOriginHeader".to_owned());
    e.line_contains = None;
    e.preflight = Some(true);
    assert!(differences(&v, &e).is_empty());
}
