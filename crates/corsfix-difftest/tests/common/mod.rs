//! Shared driver for the engine tests.

use std::io::Write;
use std::time::{Duration, Instant};

use corsfix_difftest::compare::{self, Disagreement};
use corsfix_difftest::engines::{self, Engine, EngineError};
use corsfix_difftest::{Profile, Replay, generate};

/// The default seed; `CORSFIX_DIFFTEST_SEED` overrides it.
const DEFAULT_SEED: u64 = 20_261_128;

fn env_number(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    match v.trim().parse() {
        Ok(n) => Some(n),
        Err(_) => panic!("{name}={v:?} is not a number"),
    }
}

/// Run `count` generated cases (or `CORSFIX_DIFFTEST_CASES`) in `engine` and fail on any
/// disagreement with the model. A missing engine fails with `CI=true`, else skips loudly.
pub(crate) fn differential(engine: Engine, count: usize) {
    if let Err(e) = engines::available(engine) {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "CI=true and the {} differential test cannot run: {e}",
            engine.name()
        );
        eprintln!(
            "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
             !! SKIPPED: the {} differential test did not run: {e}\n\
             !! (with CI=true this is a failure)\n\
             !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
            engine.name()
        );
        return;
    }
    let seed = env_number("CORSFIX_DIFFTEST_SEED").unwrap_or(DEFAULT_SEED)
        + match engine {
            Engine::Chromium => 0,
            Engine::Firefox => 1,
            Engine::WebKit => 2,
        };
    let count =
        env_number("CORSFIX_DIFFTEST_CASES").map_or(count, |n| usize::try_from(n).unwrap_or(count));
    let server = Replay::start().expect("start the replay server");
    let cases = generate(seed, count, server.ports(), Profile::default());
    let started = Instant::now();
    let run = match engines::run(engine, &cases, &server, Duration::from_secs(170)) {
        Ok(r) => r,
        Err(EngineError::Missing(m)) => panic!("{} became unavailable: {m}", engine.name()),
        Err(e) => panic!("{e}"),
    };
    let disagreements: Vec<Disagreement> = match engine {
        Engine::Chromium => compare::chromium(&cases, &run, &server),
        Engine::Firefox | Engine::WebKit => compare::lines_engine(engine, &cases, &run),
    };
    eprintln!(
        "{}: {} cases, seed {seed}, browser {:.1}s, total {:.1}s, {} disagreements ({})",
        engine.name(),
        cases.len(),
        run.elapsed.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        disagreements.len(),
        run.version
    );
    if disagreements.is_empty() {
        return;
    }
    // Keep the evidence: the disagreeing cases and what each side said.
    let dir = engines::browser_dir().join("out");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{}-{seed}.txt", engine.name()));
    if let Ok(mut f) = std::fs::File::create(&path) {
        for d in &disagreements {
            let case = cases
                .iter()
                .find(|c| corsfix_difftest::server::case_id(c) == d.id);
            let _ = writeln!(f, "{d}");
            if let Some(c) = case {
                let _ = writeln!(
                    f,
                    "    case: {}",
                    serde_json::to_string(c).unwrap_or_default()
                );
            }
            let _ = writeln!(f, "    lines: {:?}", run.lines.get(&d.id));
            let _ = writeln!(f, "    page: {:?}", run.page.get(&d.id));
            let _ = writeln!(f, "    seen: {:?}", server.seen(&d.id));
        }
    }
    let shown: Vec<String> = disagreements
        .iter()
        .take(20)
        .map(ToString::to_string)
        .collect();
    panic!(
        "{} disagreements between the model and {} (all of them in {}):\n{}",
        disagreements.len(),
        engine.name(),
        path.display(),
        shown.join("\n")
    );
}
