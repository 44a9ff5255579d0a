//! `cargo run -p corsfix-verify -- --all | --quick | --target NAME…`
//!
//! Exit status: 0 every selected target passed, 1 something failed, 2 the harness could not
//! run (bad arguments, missing tools).

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::thread;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use clap::Parser as _;
use corsfix_verify::policies::{self, Fixture};
use corsfix_verify::report::{self, How, TargetReport};
use corsfix_verify::runner::{self, Cell};
use corsfix_verify::stacks::{self, Env, Stack};
use corsfix_verify::targets::{self, Kind, Target};
use corsfix_verify::{generated, parse};

/// Run every generated CORS fix in the real framework and in real Chromium.
#[derive(Debug, clap::Parser)]
#[command(name = "corsfix-verify")]
struct Args {
    /// Every target, and write docs/verification.md.
    #[arg(long, conflicts_with_all = ["quick", "target"])]
    all: bool,
    /// The CI subset: a few targets across languages.
    #[arg(long, conflicts_with = "target")]
    quick: bool,
    /// Only these targets (repeatable).
    #[arg(long, value_name = "NAME")]
    target: Vec<String>,
    /// Only these fixture policies (repeatable): exact-credentials, several-origins, public, subdomain.
    #[arg(long, value_name = "NAME")]
    policy: Vec<String>,
    /// Skip the Chromium pass (HTTP checks only).
    #[arg(long)]
    no_browser: bool,
    /// List the targets and how each is verified.
    #[arg(long)]
    list: bool,
    /// Where to write the report (default with --all: docs/verification.md).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// How many targets run at once.
    #[arg(long, default_value_t = 2)]
    jobs: usize,
    #[command(subcommand)]
    cmd: Option<Cmd>,
}

#[derive(Debug, clap::Subcommand)]
enum Cmd {
    /// Real servers broken the way developers break CORS (verify/scenarios/): `corsfix check`,
    /// real Chromium, `explain` and `har` on what Chromium printed, then the printed fix applied
    Scenarios(ScenarioArgs),
}

#[derive(Debug, clap::Args)]
struct ScenarioArgs {
    /// The test command's subset
    #[arg(long, conflicts_with = "scenario")]
    quick: bool,
    /// Only these scenarios (repeatable)
    #[arg(long, value_name = "NAME")]
    scenario: Vec<String>,
    /// Do not apply the fixes
    #[arg(long)]
    no_fix: bool,
    /// Write the results section into this file (default with a full run: docs/diagnosis.md)
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Write every outcome as JSON into this file
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Apps started at once
    #[arg(long, default_value_t = 3)]
    jobs: usize,
    /// Scenarios started together (one Chromium pass each)
    #[arg(long, default_value_t = 16)]
    batch: usize,
    /// Write each broken server's recorded run into this folder (fixtures/probe-runs)
    #[arg(long, value_name = "DIR")]
    record: Option<PathBuf>,
}

fn run_scenarios(a: &ScenarioArgs) -> Result<bool> {
    use corsfix_verify::scenarios;
    let repo = repo_root()?;
    let env = Env {
        cache: repo.join("verify/.cache"),
        repo: repo.clone(),
    };
    std::fs::create_dir_all(&env.cache)?;
    let all = scenarios::load_all(&repo)?;
    let selected: Vec<scenarios::Scenario> = if a.quick {
        all.into_iter()
            .filter(|s| scenarios::QUICK.contains(&s.name.as_str()))
            .collect()
    } else if a.scenario.is_empty() {
        all
    } else {
        let mut v = Vec::new();
        for n in &a.scenario {
            match all.iter().find(|s| s.name == *n) {
                Some(s) => v.push(s.clone()),
                None => bail!("unknown scenario `{n}`"),
            }
        }
        v
    };
    let full = !a.quick && a.scenario.is_empty();
    let t0 = Instant::now();
    let outcomes = scenarios::run(
        &env,
        &selected,
        &scenarios::Options {
            jobs: a.jobs,
            batch: a.batch,
            no_fix: a.no_fix,
            verbose: true,
            record: a.record.clone(),
        },
    )?;
    let secs = t0.elapsed().as_secs_f64();
    let f = scenarios::Figures::of(&outcomes);
    println!(
        "scenarios: cause first {}/{} broken, controls {}/{}, fixes work {}/{}, explain agrees {}/{}, har agrees {}/{} ({secs:.0} s)",
        f.cause_first,
        f.broken,
        f.controls_passed,
        f.controls,
        f.fixes_work,
        f.fixes,
        f.explain_agrees,
        f.explained,
        f.har_agrees,
        f.har_read
    );
    if let Some(p) = &a.json {
        std::fs::write(p, serde_json::to_string_pretty(&outcomes)?)?;
    }
    let report = a
        .report
        .clone()
        .or_else(|| full.then(|| repo.join("docs/diagnosis.md")));
    if let Some(p) = report {
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
        let md = scenarios::markdown(&outcomes, &selected, &report::utc_stamp(now), secs);
        scenarios::write_section(&p, &md)?;
        println!("wrote {}", p.display());
    }
    Ok(f.meet_thresholds(selected.len()))
}

fn repo_root() -> Result<PathBuf> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = here
        .ancestors()
        .nth(2)
        .context("cannot find the repository root")?
        .to_path_buf();
    if !root.join("verify/stacks").exists() {
        bail!("{} has no verify/stacks", root.display());
    }
    Ok(root)
}

fn tool_version(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .map(|o| {
            let text = if o.stdout.is_empty() {
                o.stderr
            } else {
                o.stdout
            };
            String::from_utf8_lossy(&text)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "not installed".into())
}

fn verify_target(env: &Env, t: &Target, fixtures: &[Fixture], browser: bool) -> TargetReport {
    let t0 = Instant::now();
    let mut rep = TargetReport {
        name: t.name.to_owned(),
        how: How::Unverified(String::new()),
        versions: Vec::new(),
        cells: Vec::new(),
        known: Vec::new(),
        seconds: 0.0,
    };
    match &t.kind {
        Kind::Unverified(why) => rep.how = How::Unverified((*why).to_owned()),
        Kind::Parse(p) => {
            rep.how = How::Parse(
                match p {
                    targets::Parser::PhpLint => "php -l",
                    targets::Parser::CfnLint => "cfn-lint",
                    targets::Parser::Yaml(_) => "PyYAML",
                    targets::Parser::Json(_) => "JSON shape",
                }
                .to_owned(),
            );
            let installed = stacks::install(env, Stack::Python, &[]).and_then(|()| {
                if *p == targets::Parser::PhpLint {
                    stacks::install(env, Stack::System, &["php-cli"])
                } else {
                    Ok(())
                }
            });
            let tool = match p {
                targets::Parser::PhpLint => Some((Stack::System, "php-cli")),
                targets::Parser::CfnLint => Some((Stack::Python, "cfn-lint")),
                targets::Parser::Yaml(_) => Some((Stack::Python, "PyYAML")),
                targets::Parser::Json(_) => None,
            };
            if let (Some((stack, name)), Ok(())) = (tool, installed.as_ref()) {
                let ver = stacks::version(env, stack, name).unwrap_or_else(|e| format!("({e})"));
                rep.versions.push((name.to_owned(), ver));
            }
            for f in fixtures {
                let t1 = Instant::now();
                let res = installed
                    .as_ref()
                    .map_err(|e| anyhow::anyhow!("{e:#}"))
                    .and_then(|()| generated::generate(t.name, &f.spec))
                    .and_then(|g| parse::check(env, t.name, f.name, *p, &g));
                let secs = t1.elapsed().as_secs_f64();
                rep.cells.push(match res {
                    Ok(_) => Cell {
                        policy: f.name.to_owned(),
                        error: None,
                        http_checks: 0,
                        browser_cases: 0,
                        findings: Vec::new(),
                        accepted: Vec::new(),
                        skipped: None,
                        seconds: secs,
                    },
                    Err(e) => Cell::failed(f.name, &e, secs),
                });
            }
        }
        Kind::Run(r) => {
            rep.known = r
                .known
                .iter()
                .map(|k| (k.rule.to_owned(), k.why.to_owned()))
                .collect();
            rep.how = if r.proxy {
                How::Proxy { browser }
            } else {
                How::Run { browser }
            };
            match stacks::install(env, r.stack, r.apt) {
                Ok(()) => {
                    for v in r.versions {
                        let ver =
                            stacks::version(env, r.stack, v).unwrap_or_else(|e| format!("({e})"));
                        rep.versions.push(((*v).to_owned(), ver));
                    }
                    rep.cells =
                        runner::verify(env, t.name, r, fixtures, browser, &runner::real_generator);
                }
                Err(e) => {
                    for f in fixtures {
                        rep.cells.push(Cell::failed(
                            f.name,
                            &anyhow::anyhow!("install: {e:#}"),
                            0.0,
                        ));
                    }
                }
            }
        }
    }
    rep.seconds = t0.elapsed().as_secs_f64();
    rep
}

fn print_target(r: &TargetReport) {
    let status = match &r.how {
        How::Unverified(why) => format!("unverified: {why}"),
        _ if r.passed() => "pass".to_owned(),
        _ => "FAIL".to_owned(),
    };
    println!("{:<24} {status} ({:.1} s)", r.name, r.seconds);
    for c in &r.cells {
        let mark = match (&c.skipped, c.passed()) {
            (Some(_), _) => "n/a ",
            (None, true) => "ok  ",
            (None, false) => "FAIL",
        };
        println!(
            "    {mark} {:<18} {} HTTP checks, {} browser cases{}{}",
            c.policy,
            c.http_checks,
            c.browser_cases,
            if c.accepted.is_empty() {
                String::new()
            } else {
                format!(
                    ", {} accepted as a known limitation ({})",
                    c.accepted.len(),
                    c.accepted[0].rule
                )
            },
            c.error
                .as_ref()
                .map(|e| format!("\n         error: {}", e.replace('\n', "\n         ")))
                .unwrap_or_default()
        );
        for f in &c.findings {
            println!(
                "         [{}] {} from {}: {}",
                f.rule, f.scenario, f.origin, f.detail
            );
        }
    }
}

fn run(args: Args) -> Result<bool> {
    if let Some(Cmd::Scenarios(a)) = &args.cmd {
        return run_scenarios(a);
    }
    let all = targets::all();
    if args.list {
        for t in &all {
            let how = match &t.kind {
                Kind::Run(r) => format!("run ({}, verify/apps/{})", r.stack.name(), r.app),
                Kind::Parse(p) => format!("parse ({p:?})"),
                Kind::Unverified(why) => format!("unverified: {why}"),
            };
            println!(
                "{:<24} {how}{}",
                t.name,
                if t.quick { "  [quick]" } else { "" }
            );
        }
        return Ok(true);
    }
    let selected: Vec<Target> = if args.all {
        all
    } else if args.quick {
        all.iter().filter(|t| t.quick).cloned().collect()
    } else if !args.target.is_empty() {
        let mut v = Vec::new();
        for name in &args.target {
            match all.iter().find(|t| t.name == name) {
                Some(t) => v.push(t.clone()),
                None => bail!(
                    "unknown target `{name}`; known: {}",
                    all.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
                ),
            }
        }
        v
    } else {
        bail!("say what to verify: --all, --quick, or --target NAME (see --list)");
    };
    let mut fixtures = policies::all();
    if !args.policy.is_empty() {
        for p in &args.policy {
            if !fixtures.iter().any(|f| f.name == p) {
                bail!("unknown policy `{p}`");
            }
        }
        fixtures.retain(|f| args.policy.iter().any(|p| p == f.name));
    }
    let repo = repo_root()?;
    let env = Env {
        cache: repo.join("verify/.cache"),
        repo: repo.clone(),
    };
    std::fs::create_dir_all(&env.cache)?;
    let t0 = Instant::now();
    let browser = !args.no_browser;
    // Targets run `jobs` at a time; each starts its policies' apps in parallel.
    let mut reports: Vec<Option<TargetReport>> = vec![None; selected.len()];
    let jobs = args.jobs.max(1);
    for (chunk_i, chunk) in selected.chunks(jobs).enumerate() {
        let done: Vec<TargetReport> = thread::scope(|s| {
            let hs: Vec<_> = chunk
                .iter()
                .map(|t| {
                    let env = &env;
                    let fixtures = &fixtures;
                    s.spawn(move || verify_target(env, t, fixtures, browser))
                })
                .collect();
            hs.into_iter()
                .map(|h| h.join().expect("a target thread panicked"))
                .collect()
        });
        for (i, r) in done.into_iter().enumerate() {
            print_target(&r);
            reports[chunk_i * jobs + i] = Some(r);
        }
    }
    let reports: Vec<TargetReport> = reports.into_iter().flatten().collect();
    let ok = reports.iter().all(TargetReport::passed);
    let cells: Vec<&Cell> = reports.iter().flat_map(|r| &r.cells).collect();
    let skipped = cells.iter().filter(|c| c.skipped.is_some()).count();
    let passed = cells.iter().filter(|c| c.passed()).count() - skipped;
    let failed = cells.len() - passed - skipped;
    let report_path = args
        .report
        .clone()
        .or_else(|| args.all.then(|| repo.join("docs/verification.md")));
    if let Some(path) = report_path {
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
        let tools = vec![
            (
                "Chromium".to_owned(),
                tool_version("chromium", &["--version"]),
            ),
            ("Node".to_owned(), tool_version("node", &["--version"])),
            ("Python".to_owned(), tool_version("python3", &["--version"])),
            ("Go".to_owned(), tool_version("go", &["version"])),
            (
                "playwright-core".to_owned(),
                std::fs::read_to_string(
                    repo.join("verify/node/node_modules/playwright-core/package.json"),
                )
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|v| v["version"].as_str().map(str::to_owned))
                .unwrap_or_else(|| "not installed".into()),
            ),
        ];
        let pols: Vec<(String, String)> = fixtures
            .iter()
            .map(|f| (f.name.to_owned(), f.about.to_owned()))
            .collect();
        let command = if args.all {
            "cargo run -p corsfix-verify -- --all".to_owned()
        } else {
            "cargo run -p corsfix-verify -- …".to_owned()
        };
        let md = report::markdown(
            &reports,
            &pols,
            &tools,
            &report::utc_stamp(now),
            &command,
            t0.elapsed().as_secs_f64(),
        );
        std::fs::write(&path, md).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    println!("({:.0} s)", t0.elapsed().as_secs_f64());
    println!("verify: {passed} passed, {failed} failed, {skipped} skipped");
    Ok(ok)
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("corsfix-verify: {e:#}");
            ExitCode::from(2)
        }
    }
}
