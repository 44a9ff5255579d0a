//! Every console line (not just the first) that Firefox 153 and WebKit 2.50 printed for the 400
//! recorded cases in `fixtures/chromium-sample/` must be what the model's `Failure.lines` say,
//! in order. (The browser-driven tests check the same on generated cases.)

use corsfix_model::{Case, Simulation};
use serde_json::Value;

fn read(name: &str) -> Vec<String> {
    let path = format!(
        "{}/../../fixtures/chromium-sample/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_recorded_firefox_and_webkit_line_matches() {
    let mut bad = Vec::new();
    let mut compared = 0;
    for prefix in ["", "redirects-"] {
        let cases: Vec<Case> = read(&format!("{prefix}cases.jsonl"))
            .iter()
            .map(|l| serde_json::from_str(l).expect("a case"))
            .collect();
        for (file, key) in [("firefox-153", "firefox"), ("webkit-2.50", "safari")] {
            let recorded: Vec<Value> = read(&format!("{prefix}{file}.jsonl"))
                .iter()
                .map(|l| serde_json::from_str(l).expect("a recording"))
                .collect();
            assert_eq!(recorded.len(), cases.len(), "{prefix}{file}");
            for (case, rec) in cases.iter().zip(&recorded) {
                assert_eq!(case.id.as_ref(), rec.get("id"), "recordings out of order");
                let sim = Simulation::run(case);
                let verdict = if key == "firefox" {
                    &sim.firefox
                } else {
                    &sim.safari
                };
                let got: Vec<String> = verdict.console_lines().to_vec();
                let want: Vec<String> =
                    serde_json::from_value(rec[key].clone()).expect("a list of lines");
                compared += 1;
                if got != want {
                    bad.push(format!(
                        "{:?} {key}\n  want {want:?}\n  got  {got:?}",
                        case.id
                    ));
                }
            }
        }
    }
    assert_eq!(compared, 800);
    assert!(
        bad.is_empty(),
        "{} cases differ:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
