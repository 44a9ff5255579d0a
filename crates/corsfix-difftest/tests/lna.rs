//! Local Network Access against the real engines: pages in every address space, secure and
//! not, the permission granted and denied, servers in every space, preflights, redirects into
//! a more private space, `targetAddressSpace`, iframes and mixed content
//! (`corsfix_difftest::lna`). One browser launch per group; every field and every console line
//! the model speaks for must agree.

use std::io::Write;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use corsfix_difftest::Replay;
use corsfix_difftest::compare::{self, Disagreement};
use corsfix_difftest::engines::{self, Engine, EngineError};
use corsfix_difftest::lna::{self, LnaPorts};

/// Cases per group; `CORSFIX_LNA_CASES` overrides it.
const PER_GROUP: usize = 40;
const DEFAULT_SEED: u64 = 20_261_142;

fn env_number(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    Some(
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn skip_or_fail(engine: Engine) -> bool {
    let Err(e) = engines::available(engine) else {
        return false;
    };
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        !ci,
        "CI=true and the {} Local Network Access test cannot run: {e}",
        engine.name()
    );
    eprintln!(
        "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
         !! SKIPPED: the {} Local Network Access test did not run: {e}\n\
         !! (with CI=true this is a failure)\n\
         !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
        engine.name()
    );
    true
}

fn differential(engine: Engine) {
    if skip_or_fail(engine) {
        return;
    }
    let seed = env_number("CORSFIX_DIFFTEST_SEED").unwrap_or(DEFAULT_SEED);
    let per_group = env_number("CORSFIX_LNA_CASES")
        .map_or(PER_GROUP, |n| usize::try_from(n).unwrap_or(PER_GROUP));
    let server = Replay::start_with(2).expect("start the replay server");
    let ports = LnaPorts::of(&server, free_port());
    let groups = lna::groups(engine, seed, per_group, ports);
    let started = Instant::now();
    let mut all: Vec<(String, Disagreement, String)> = Vec::new();
    let mut total = 0;
    let mut version = String::new();
    for g in &groups {
        let run = match engines::run_with(
            engine,
            &g.cases,
            &server,
            Duration::from_secs(170),
            &g.launch,
        ) {
            Ok(r) => r,
            Err(EngineError::Missing(m)) => panic!("{} became unavailable: {m}", engine.name()),
            Err(e) => panic!("group {}: {e}", g.name),
        };
        version.clone_from(&run.version);
        let found = match engine {
            Engine::Chromium => compare::chromium_every_line(&g.cases, &run, &server),
            Engine::Firefox | Engine::WebKit => compare::lines_engine(engine, &g.cases, &run),
        };
        eprintln!(
            "{} {}: {} cases, browser {:.1}s, {} disagreements",
            engine.name(),
            g.name,
            g.cases.len(),
            run.elapsed.as_secs_f64(),
            found.len()
        );
        total += g.cases.len();
        for d in found {
            let case = g
                .cases
                .iter()
                .find(|c| corsfix_difftest::server::case_id(c) == d.id);
            let evidence = format!(
                "    group: {}\n    case: {}\n    lines: {:?}\n    page: {:?}\n    seen: {:?}",
                g.name,
                case.map(|c| serde_json::to_string(c).unwrap_or_default())
                    .unwrap_or_default(),
                run.lines.get(&d.id),
                run.page.get(&d.id),
                server.seen(&d.id)
            );
            all.push((g.name.clone(), d, evidence));
        }
    }
    eprintln!(
        "{} Local Network Access: {total} cases in {} groups, seed {seed}, total {:.1}s, {} disagreements ({version})",
        engine.name(),
        groups.len(),
        started.elapsed().as_secs_f64(),
        all.len()
    );
    if all.is_empty() {
        return;
    }
    let dir = engines::browser_dir().join("out");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{}-lna-{seed}.txt", engine.name()));
    if let Ok(mut f) = std::fs::File::create(&path) {
        for (_, d, evidence) in &all {
            let _ = writeln!(f, "{d}\n{evidence}");
        }
    }
    let shown: Vec<String> = all
        .iter()
        .take(20)
        .map(|(g, d, _)| format!("[{g}] {d}"))
        .collect();
    panic!(
        "{} disagreements between the model and {} on Local Network Access (all of them in {}):\n{}",
        all.len(),
        engine.name(),
        path.display(),
        shown.join("\n")
    );
}

#[test]
fn chromium_local_network_access_agrees_with_the_model() {
    differential(Engine::Chromium);
}

#[test]
fn firefox_local_network_access_agrees_with_the_model() {
    differential(Engine::Firefox);
}
