//! How fast the model evaluates cases: the 400 recorded sample cases
//! (`fixtures/chromium-sample/`), one engine's verdict and all three.
//!
//! `cargo bench -p corsfix-model --bench model`; figures go to `docs/benchmarks.md`.

use std::sync::LazyLock;

use corsfix_model::{Browser, Case, Simulation, simulate, simulate_untraced};
use divan::Bencher;
use divan::counter::ItemsCount;

fn main() {
    divan::main();
}

/// The 300 plain and 100 redirect cases.
static CASES: LazyLock<Vec<Case>> = LazyLock::new(|| {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/chromium-sample");
    let mut cases = Vec::new();
    for name in ["cases.jsonl", "redirects-cases.jsonl"] {
        let path = dir.join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            cases.push(serde_json::from_str(line).expect("sample cases parse"));
        }
    }
    assert_eq!(cases.len(), 400);
    cases
});

fn over_sample(bencher: Bencher<'_, '_>, f: impl Fn(&Case) -> bool + Sync) {
    let cases = &*CASES;
    bencher.counter(ItemsCount::new(cases.len())).bench(|| {
        let mut allowed = 0usize;
        for c in cases {
            allowed += usize::from(f(divan::black_box(c)));
        }
        allowed
    });
}

/// One Chromium verdict per case (with its step trace and console line).
#[divan::bench]
fn chrome_verdict(bencher: Bencher<'_, '_>) {
    over_sample(bencher, |c| simulate(c, Browser::Chrome).allowed);
}

/// The Chromium verdict without the step trace (`simulate_untraced`).
#[divan::bench]
fn chrome_verdict_untraced(bencher: Bencher<'_, '_>) {
    over_sample(bencher, |c| simulate_untraced(c, Browser::Chrome).allowed);
}

/// All three engines without the step trace.
#[divan::bench]
fn all_engines_untraced(bencher: Bencher<'_, '_>) {
    over_sample(bencher, |c| {
        Browser::ALL
            .iter()
            .filter(|b| simulate_untraced(c, **b).allowed)
            .count()
            == 3
    });
}

/// Firefox's verdict.
#[divan::bench]
fn firefox_verdict(bencher: Bencher<'_, '_>) {
    over_sample(bencher, |c| simulate(c, Browser::Firefox).allowed);
}

/// WebKit's verdict.
#[divan::bench]
fn safari_verdict(bencher: Bencher<'_, '_>) {
    over_sample(bencher, |c| simulate(c, Browser::Safari).allowed);
}

/// All three engines (`Simulation::run`, what `simulate --browser all` does).
#[divan::bench]
fn all_engines(bencher: Bencher<'_, '_>) {
    over_sample(bencher, |c| Simulation::run(c).chrome.allowed);
}

/// All three engines and the `--json` result line (what `simulate --json` does per case).
#[divan::bench]
fn result_json(bencher: Bencher<'_, '_>) {
    over_sample(bencher, |c| {
        let line = serde_json::to_string(&Simulation::run(c).result(None, Browser::Chrome));
        !line.expect("serializes").is_empty()
    });
}

/// Parsing the cases from JSON (what `simulate` does before evaluating).
#[divan::bench]
fn parse_case_json(bencher: Bencher<'_, '_>) {
    let lines: Vec<String> = CASES
        .iter()
        .map(|c| serde_json::to_string(c).expect("serializes"))
        .collect();
    bencher.counter(ItemsCount::new(lines.len())).bench(|| {
        lines
            .iter()
            .map(|l| serde_json::from_str::<Case>(divan::black_box(l)).is_ok())
            .map(usize::from)
            .sum::<usize>()
    });
}
