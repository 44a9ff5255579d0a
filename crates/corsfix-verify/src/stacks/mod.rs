//! Installing the real frameworks, once per language, at the versions pinned under
//! `verify/stacks/<language>/`, into `verify/.cache/<language>/` (gitignored). An install is
//! redone only when its manifest changes (a copy of the manifest is the stamp).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use anyhow::{Context, Result, bail};

use crate::process::{FileLock, run_logged};

mod java;
mod rust;
mod tooling;

pub use rust::cargo_env;

/// A language/runtime family: one install shared by its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stack {
    /// npm packages under `verify/.cache/node/node_modules` (apps run below it).
    Node,
    /// A venv at `verify/.cache/python/venv`.
    Python,
    /// Go modules in `verify/.cache/go/mod`; each app is built with the pinned go.mod.
    Go,
    /// Debian packages (nginx, apache2, php-cli, caddy): installed with apt-get when missing.
    System,
    /// Cargo: one workspace under `verify/.cache/rust` whose target directory every Rust app
    /// shares (see `stacks/rust.rs`).
    Rust,
    /// Maven: a local repository under `verify/.cache/java` (see `stacks/java.rs`).
    Java,
    /// Heavier npm tools (dev servers, cloud emulators) in their own install under
    /// `verify/.cache/tooling`, so the Node stack stays quick (see `stacks/tooling.rs`).
    Tooling,
}

impl Stack {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Node => "node",
            Self::Python => "python",
            Self::Go => "go",
            Self::System => "system",
            Self::Rust => "rust",
            Self::Java => "java",
            Self::Tooling => "tooling",
        }
    }
}

/// Paths shared by every run.
#[derive(Debug, Clone)]
pub struct Env {
    /// The repository root.
    pub repo: PathBuf,
    /// `verify/.cache`.
    pub cache: PathBuf,
}

impl Env {
    /// Where a stack's install lives.
    pub fn stack_dir(&self, stack: Stack) -> PathBuf {
        self.cache.join(stack.name())
    }
    /// The venv's Python.
    pub fn python(&self) -> PathBuf {
        self.stack_dir(Stack::Python).join("venv/bin/python")
    }
    /// Log of a stack's install.
    pub fn install_log(&self, stack: Stack) -> PathBuf {
        self.cache
            .join("logs")
            .join(format!("install-{}.log", stack.name()))
    }
}

/// Imports every pinned Go framework once (the build cache then holds them compiled).
const GO_WARMUP: &str = "package main\n\nimport (\n\t_ \"github.com/gin-contrib/cors\"\n\t_ \"github.com/gin-gonic/gin\"\n\t_ \"github.com/gofiber/fiber/v2\"\n\t_ \"github.com/gofiber/fiber/v2/middleware/cors\"\n\t_ \"github.com/gofiber/fiber/v3\"\n\t_ \"github.com/gofiber/fiber/v3/middleware/cors\"\n\t_ \"github.com/labstack/echo/v4\"\n\t_ \"github.com/labstack/echo/v4/middleware\"\n\t_ \"github.com/labstack/echo/v5\"\n\t_ \"github.com/labstack/echo/v5/middleware\"\n\t_ \"github.com/rs/cors\"\n)\n\nfunc main() {}\n";

static INSTALL_LOCK: Mutex<()> = Mutex::new(());

/// Held while a stack installs: one install per stack at a time, across processes too (two
/// harness runs share `verify/.cache`).
fn install_lock(env: &Env, stack: Stack) -> Result<FileLock> {
    FileLock::acquire(&env.cache.join(format!("{}.lock", stack.name())))
}

fn copy_if_changed(from: &Path, to: &Path) -> Result<bool> {
    let new = std::fs::read(from).with_context(|| format!("reading {}", from.display()))?;
    let old = std::fs::read(to).ok();
    if old.as_deref() == Some(new.as_slice()) {
        return Ok(false);
    }
    if let Some(d) = to.parent() {
        std::fs::create_dir_all(d)?;
    }
    std::fs::write(to, new)?;
    Ok(true)
}

/// Install a stack (no-op when the cached install matches the manifest).
pub fn install(env: &Env, stack: Stack, apt: &[&str]) -> Result<()> {
    let _guard = INSTALL_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let _file_guard = install_lock(env, stack)?;
    let src = env.repo.join("verify/stacks").join(stack.name());
    let dir = env.stack_dir(stack);
    std::fs::create_dir_all(&dir)?;
    let log = env.install_log(stack);
    match stack {
        Stack::Node => {
            let a = copy_if_changed(&src.join("package.json"), &dir.join("package.json"))?;
            let b = copy_if_changed(
                &src.join("package-lock.json"),
                &dir.join("package-lock.json"),
            )?;
            if a || b || !dir.join("node_modules").exists() {
                run_logged(
                    Command::new("npm")
                        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                        .current_dir(&dir),
                    &log,
                    "npm ci (verify/stacks/node)",
                )?;
            }
        }
        Stack::Python => {
            let stamp = dir.join("requirements.txt");
            let changed = !dir.join("venv/bin/python").exists()
                || std::fs::read(&stamp).ok() != std::fs::read(src.join("requirements.txt")).ok();
            if changed {
                if !dir.join("venv/bin/python").exists() {
                    run_logged(
                        Command::new("python3")
                            .args(["-m", "venv"])
                            .arg(dir.join("venv")),
                        &log,
                        "python3 -m venv",
                    )?;
                }
                run_logged(
                    Command::new(dir.join("venv/bin/pip"))
                        .args(["install", "-q", "-r"])
                        .arg(src.join("requirements.txt")),
                    &log,
                    "pip install -r verify/stacks/python/requirements.txt",
                )?;
                copy_if_changed(&src.join("requirements.txt"), &stamp)?;
            }
            install_python_prev(env, &src, &dir, &log)?;
        }
        Stack::Go => {
            let changed = copy_if_changed(&src.join("go.mod"), &dir.join("go.mod"))?
                | copy_if_changed(&src.join("go.sum"), &dir.join("go.sum"))?;
            if changed || !dir.join("mod").exists() || !dir.join("warm/warm.bin").exists() {
                run_logged(
                    go_command(env).args(["mod", "download"]).current_dir(&dir),
                    &log,
                    "go mod download (verify/stacks/go)",
                )?;
                // Compile every framework once, so each app build only compiles its own package.
                let warm = dir.join("warm");
                std::fs::create_dir_all(&warm)?;
                std::fs::copy(dir.join("go.mod"), warm.join("go.mod"))?;
                std::fs::copy(dir.join("go.sum"), warm.join("go.sum"))?;
                std::fs::write(warm.join("main.go"), GO_WARMUP)?;
                run_logged(
                    go_command(env)
                        .args(["build", "-mod=mod", "-o", "warm.bin", "."])
                        .current_dir(&warm),
                    &log,
                    "go build (warming the build cache with every framework)",
                )?;
            }
        }
        Stack::Rust => rust::install(env, &src, &dir, &log)?,
        Stack::Java => java::install(env, &src, &dir, &log)?,
        Stack::Tooling => tooling::install(env, &src, &dir, &log, apt)?,
        Stack::System => {
            let missing: Vec<&str> = apt
                .iter()
                .copied()
                .filter(|p| {
                    !Command::new("dpkg")
                        .args(["-s", p])
                        .output()
                        .is_ok_and(|o| o.status.success())
                })
                .collect();
            if !missing.is_empty() {
                run_logged(
                    Command::new("apt-get").args(["update", "-qq"]),
                    &log,
                    "apt-get update",
                )?;
                run_logged(
                    Command::new("apt-get")
                        .args(["install", "-y", "-qq", "--no-install-recommends"])
                        .args(&missing)
                        .env("DEBIAN_FRONTEND", "noninteractive"),
                    &log,
                    "apt-get install",
                )?;
            }
        }
    }
    Ok(())
}

/// Previous majors that cannot share the venv with the current ones (Django 4.2, Starlette
/// 0.x): `requirements-prev.txt` installed with `pip --target` into `verify/.cache/python/prev`,
/// which those apps put first on `sys.path` (see [`PYTHON_PREV`]).
fn install_python_prev(env: &Env, src: &Path, dir: &Path, log: &Path) -> Result<()> {
    let manifest = src.join("requirements-prev.txt");
    if !manifest.exists() {
        return Ok(());
    }
    let stamp = dir.join("requirements-prev.txt");
    let target = dir.join(PYTHON_PREV);
    if target.exists() && std::fs::read(&stamp).ok() == std::fs::read(&manifest).ok() {
        return Ok(());
    }
    if target.exists() {
        std::fs::remove_dir_all(&target)?;
    }
    run_logged(
        Command::new(env.python())
            .args(["-m", "pip", "install", "-q", "--target"])
            .arg(&target)
            .arg("-r")
            .arg(&manifest),
        log,
        "pip install --target prev -r verify/stacks/python/requirements-prev.txt",
    )?;
    copy_if_changed(&manifest, &stamp)?;
    Ok(())
}

/// The directory (under the Python stack) holding the previous majors.
pub const PYTHON_PREV: &str = "prev";

/// `go` with the module cache under `verify/.cache/go/mod`.
pub fn go_command(env: &Env) -> Command {
    let mut c = Command::new("go");
    c.env("GOMODCACHE", env.stack_dir(Stack::Go).join("mod"))
        .env("GOFLAGS", "-modcacherw")
        .env("GOCACHE", env.stack_dir(Stack::Go).join("build"));
    c
}

/// The installed version of a package, for the report (`name` as the stack spells it).
pub fn version(env: &Env, stack: Stack, name: &str) -> Result<String> {
    match stack {
        Stack::Node => {
            let p = env
                .stack_dir(stack)
                .join("node_modules")
                .join(name)
                .join("package.json");
            let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p)?)?;
            Ok(v["version"].as_str().unwrap_or("?").to_owned())
        }
        Stack::Python => {
            // `name@prev`: the copy installed from requirements-prev.txt.
            let (name, path) = match name.strip_suffix("@prev") {
                Some(n) => (n, env.stack_dir(stack).join(PYTHON_PREV)),
                None => (name, PathBuf::new()),
            };
            let out = Command::new(env.python())
                .args([
                    "-c",
                    "import sys, importlib.metadata as m\nif sys.argv[2]: sys.path.insert(0, sys.argv[2])\nprint(m.version(sys.argv[1]))",
                    name,
                ])
                .arg(&path)
                .output()?;
            if !out.status.success() {
                bail!("{name} is not installed in the venv");
            }
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        }
        Stack::Go => {
            let gomod = std::fs::read_to_string(env.repo.join("verify/stacks/go/go.mod"))?;
            gomod
                .lines()
                .map(str::trim)
                .find_map(|l| {
                    let mut it = l.split_whitespace();
                    (it.next() == Some(name)).then(|| it.next().unwrap_or("?").to_owned())
                })
                .with_context(|| format!("{name} is not in verify/stacks/go/go.mod"))
        }
        Stack::Rust => rust::version(env, name),
        Stack::Java => java::version(env, name),
        Stack::Tooling => tooling::version(env, name),
        Stack::System => {
            let out = Command::new("dpkg-query")
                .args(["-W", "-f=${Version}", name])
                .output()?;
            if !out.status.success() {
                bail!("{name} is not installed");
            }
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        }
    }
}
