//! One runnable target: for every fixture policy, generate, lay the files into the app
//! skeleton, build, start on a free port (all policies in parallel), run the HTTP pass, then
//! one real-Chromium pass over all of them, then stop every server.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::browser;
use crate::generated::{self, Generated};
use crate::policies::Fixture;
use crate::probe::{self, Finding, Outcome};
use crate::process::{Server, run_logged};
use crate::stacks::{self, Env, Stack};
use crate::targets::Runnable;

static BUILD_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The verdict on one target × policy.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The policy name.
    pub policy: String,
    /// `None` when it ran; the error that stopped it otherwise.
    pub error: Option<String>,
    /// HTTP checks run.
    pub http_checks: usize,
    /// Browser cases run.
    pub browser_cases: usize,
    /// Every failed check.
    pub findings: Vec<Finding>,
    /// Failed checks of a rule the target declares it cannot meet (`Runnable::known`): shown
    /// in the report, not failing the cell.
    pub accepted: Vec<Finding>,
    /// Not applicable: the generator refused because the target cannot express the policy.
    pub skipped: Option<String>,
    /// Seconds spent (generate, build, start, probe).
    pub seconds: f64,
}

impl Cell {
    /// A cell that did not run: skipped when the generator refused the policy as inexpressible
    /// for the target, an error otherwise.
    pub fn failed(policy: &str, e: &anyhow::Error, seconds: f64) -> Self {
        let skipped = e
            .downcast_ref::<generated::CannotExpress>()
            .map(ToString::to_string);
        Self {
            policy: policy.to_owned(),
            error: skipped.is_none().then(|| format!("{e:#}")),
            http_checks: 0,
            browser_cases: 0,
            findings: Vec::new(),
            accepted: Vec::new(),
            skipped,
            seconds,
        }
    }

    /// Whether everything passed.
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.findings.is_empty()
    }
}

/// Where a generated file goes inside the app directory: relative paths as given, absolute
/// ones (`/etc/nginx/snippets/cors.conf`) below the directory; never outside it.
pub fn safe_relative(path: &str) -> Result<PathBuf> {
    let p = Path::new(path.trim_start_matches('/'));
    if path.trim_start_matches('/').is_empty()
        || p.components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        bail!("generated file path {path:?} is not a plain relative path");
    }
    Ok(p.to_path_buf())
}

fn copy_skeleton(from: &Path, to: &Path, tokens: &[(&str, String)]) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_skeleton(&entry.path(), &target, tokens)?;
        } else {
            let mut text = std::fs::read_to_string(entry.path())?;
            for (k, v) in tokens {
                text = text.replace(k, v);
            }
            std::fs::write(&target, text)?;
        }
    }
    Ok(())
}

/// Insert the skeleton's `snippet` file into the generated `file`, before the first line that
/// contains `anchor` (for generated files that are whole entry points, such as Fastify's).
fn splice(dir: &Path, file: &str, anchor: &str, snippet: &str) -> Result<()> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("the generator did not write {file}"))?;
    let insert = std::fs::read_to_string(dir.join(snippet))?;
    let at = text
        .find(anchor)
        .and_then(|i| text[..i].rfind('\n').map(|n| n + 1))
        .with_context(|| {
            format!("{file} no longer contains `{anchor}`: update the harness skeleton")
        })?;
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..at]);
    out.push_str(&insert);
    out.push_str(&text[at..]);
    std::fs::write(&path, out)?;
    Ok(())
}

fn expand(token: &str, env: &Env, dir: &Path, port: u16, stack: Stack) -> String {
    token
        .replace("{port}", &port.to_string())
        .replace("{dir}", &dir.display().to_string())
        .replace("{python}", &env.python().display().to_string())
        .replace("{stack}", &env.stack_dir(stack).display().to_string())
}

fn command(env: &Env, argv: &[&str], dir: &Path, port: u16, stack: Stack) -> Command {
    let args: Vec<String> = argv
        .iter()
        .map(|a| expand(a, env, dir, port, stack))
        .collect();
    let mut c = if args[0] == "go" {
        stacks::go_command(env)
    } else {
        Command::new(&args[0])
    };
    c.args(&args[1..])
        .current_dir(dir)
        .env("PORT", port.to_string())
        .env("HOST", "127.0.0.1")
        .env("NODE_ENV", "production")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    if stack == Stack::Python {
        c.env("VIRTUAL_ENV", env.stack_dir(Stack::Python).join("venv"));
    }
    if stack == Stack::Rust {
        stacks::cargo_env(env, &mut c);
    }
    c
}

/// Lay out, build and start one app; returns the running server.
pub fn start_app(
    env: &Env,
    target: &str,
    r: &Runnable,
    fixture: &Fixture,
    generated: &Generated,
) -> Result<Server> {
    start_app_on(
        env,
        target,
        r,
        fixture,
        generated,
        crate::http::free_port()?,
    )
}

/// [`start_app`] with `@@APPPORT@@` chosen by the caller (a dev proxy's backend, which the
/// generated config names).
pub fn start_app_on(
    env: &Env,
    target: &str,
    r: &Runnable,
    fixture: &Fixture,
    generated: &Generated,
    app_port: u16,
) -> Result<Server> {
    let log_dir = env.cache.join("logs").join(target.replace('@', "-at-"));
    start_layout(
        env,
        r,
        &Layout {
            dir: env
                .stack_dir(r.stack)
                .join("run")
                .join(target.replace('@', "-at-"))
                .join(fixture.name),
            log: log_dir.join(format!("{}.log", fixture.name)),
            build_log: log_dir.join(format!("{}-build.log", fixture.name)),
            what: format!("{target} ({})", fixture.name),
            layers: Vec::new(),
            generated: Some(generated),
            splice: true,
            port: crate::http::free_port()?,
            app_port,
        },
    )
}

/// How to lay out one app: the target's skeleton, then `layers` (folders copied over it, tokens
/// replaced), then the generated files, then the skeleton's splice.
#[derive(Debug, Clone)]
pub struct Layout<'a> {
    /// The app directory (recreated).
    pub dir: PathBuf,
    /// The server's log.
    pub log: PathBuf,
    /// The build step's log.
    pub build_log: PathBuf,
    /// For messages: what is being built.
    pub what: String,
    /// Folders laid over the skeleton, in order.
    pub layers: Vec<PathBuf>,
    /// `corsfix gen`'s files, written last.
    pub generated: Option<&'a Generated>,
    /// Whether to splice the skeleton's routes into a generated entry point (`Runnable::splice`).
    pub splice: bool,
    /// `{port}` / `@@PORT@@`.
    pub port: u16,
    /// `@@APPPORT@@`.
    pub app_port: u16,
}

/// Lay out, build and start one app as `layout` says.
pub fn start_layout(env: &Env, r: &Runnable, layout: &Layout<'_>) -> Result<Server> {
    let (dir, port) = (&layout.dir, layout.port);
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let tokens = [
        ("@@PORT@@", port.to_string()),
        ("@@APPPORT@@", layout.app_port.to_string()),
        ("@@DIR@@", dir.display().to_string()),
    ];
    if r.stack == Stack::Go {
        copy_skeleton(&env.repo.join("verify/stacks/go"), dir, &tokens)?;
    }
    if r.stack == Stack::Rust {
        // The app's pinned Cargo.toml and Cargo.lock (its sources come from verify/apps/).
        copy_skeleton(
            &env.repo.join("verify/stacks/rust").join(r.app),
            dir,
            &tokens,
        )?;
    }
    for base in r.base {
        copy_skeleton(&env.repo.join("verify/apps").join(base), dir, &tokens)?;
    }
    let own = env.repo.join("verify/apps").join(r.app);
    if own.is_dir() || r.base.is_empty() {
        copy_skeleton(&own, dir, &tokens)?;
    }
    for layer in &layout.layers {
        copy_skeleton(layer, dir, &tokens)?;
    }
    for f in layout
        .generated
        .map(|g| g.files.as_slice())
        .unwrap_or_default()
    {
        let rel = safe_relative(&f.path)?;
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &f.contents)?;
    }
    if let (Some((file, anchor, snippet)), true) = (r.splice, layout.splice) {
        splice(dir, file, anchor, snippet)?;
    }
    if !r.build.is_empty() {
        // Builds share two cores with everything else: one at a time.
        let _guard = BUILD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        run_logged(
            &mut command(env, r.build, dir, port, r.stack),
            &layout.build_log,
            &format!("building {}", layout.what),
        )?;
    }
    let cmd = command(env, r.cmd, dir, port, r.stack);
    Server::start(cmd, port, layout.log.clone(), Duration::from_secs(90))
}

/// One policy's app after its HTTP pass: the fixture, the running server and what the pass
/// learned (or why it failed), and the seconds it took.
type Started = (Fixture, Result<(Server, Outcome, Option<u16>)>, f64);

/// Generates a target's files for a fixture; the `Option` is the dev-proxy upstream.
pub type Generator = dyn Fn(&str, &Fixture, Option<&str>) -> Result<Generated> + Sync;

/// Verify one runnable target with every fixture.
pub fn verify(
    env: &Env,
    target: &str,
    r: &Runnable,
    fixtures: &[Fixture],
    with_browser: bool,
    generate: &Generator,
) -> Vec<Cell> {
    // Start every policy's app in parallel and run its HTTP pass.
    let started: Vec<Started> = thread::scope(|s| {
        let handles: Vec<_> = fixtures
            .iter()
            .map(|f| {
                s.spawn(move || {
                    let t0 = Instant::now();
                    let res = (|| {
                        let policy = f.policy()?;
                        if r.proxy {
                            // A dev proxy: the generated config names the backend's port.
                            let app_port = crate::http::free_port()?;
                            let upstream = format!("http://127.0.0.1:{app_port}");
                            let generated = generate(target, f, Some(&upstream))?;
                            let server = start_app_on(env, target, r, f, &generated, app_port)?;
                            let outcome = crate::proxy::run(server.port, app_port, &policy)
                                .with_context(|| format!("probing {target} ({})", f.name))?;
                            return Ok((server, outcome, Some(app_port)));
                        }
                        let generated = generate(target, f, None)?;
                        let server = start_app(env, target, r, f, &generated)?;
                        let mut outcome = probe::run(server.port, &policy)
                            .with_context(|| format!("probing {target} ({})", f.name))?;
                        let checked = crate::check_pass::run(server.port, &policy)
                            .with_context(|| format!("corsfix check on {target} ({})", f.name))?;
                        outcome.checks += 1;
                        outcome.findings.extend(checked);
                        Ok((server, outcome, None))
                    })();
                    (f.clone(), res, t0.elapsed().as_secs_f64())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a verification thread panicked"))
            .collect()
    });
    let mut cells = Vec::new();
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    let mut servers = Vec::new();
    let mut cases = Vec::new();
    for (f, res, secs) in started {
        match res {
            Ok((server, outcome, backend)) => {
                cells.push(Cell {
                    policy: f.name.to_owned(),
                    error: None,
                    http_checks: outcome.checks,
                    browser_cases: 0,
                    findings: outcome.findings.clone(),
                    accepted: Vec::new(),
                    skipped: None,
                    seconds: secs,
                });
                cases.extend(match backend {
                    Some(app_port) => crate::proxy::cases_for(f.name, server.port, app_port),
                    None => browser::cases_for(f.name, server.port, &outcome),
                });
                outcomes.insert(f.name.to_owned(), outcome);
                servers.push(server);
            }
            Err(e) => cells.push(Cell::failed(f.name, &e, secs)),
        }
    }
    if with_browser && !cases.is_empty() {
        match browser::run(&env.repo, &env.cache, &cases, &outcomes) {
            Ok(per_policy) => {
                for cell in &mut cells {
                    if let Some((n, findings)) = per_policy.get(&cell.policy) {
                        cell.browser_cases = *n;
                        cell.findings.extend(findings.iter().cloned());
                    }
                }
            }
            Err(e) => {
                for cell in cells.iter_mut().filter(|c| c.error.is_none()) {
                    cell.error = Some(format!("browser pass: {e:#}"));
                }
            }
        }
    }
    drop(servers);
    for cell in &mut cells {
        let (accepted, failed) = std::mem::take(&mut cell.findings)
            .into_iter()
            .partition(|f| r.known.iter().any(|k| k.rule == f.rule));
        cell.findings = failed;
        cell.accepted = accepted;
    }
    cells
}

/// The default generator: `corsfix_gen` itself.
pub fn real_generator(target: &str, f: &Fixture, upstream: Option<&str>) -> Result<Generated> {
    generated::generate_with(target, &f.spec, upstream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_paths_cannot_escape_the_app() {
        assert!(safe_relative("src/cors.js").is_ok());
        assert!(safe_relative("./app.py").is_ok());
        assert_eq!(
            safe_relative("/etc/nginx/snippets/cors.conf").unwrap(),
            PathBuf::from("etc/nginx/snippets/cors.conf")
        );
        for bad in ["", "/", "../x", "a/../../x", "/etc/../../x"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
    }
}
