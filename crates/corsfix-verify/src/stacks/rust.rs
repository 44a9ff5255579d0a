//! Cargo: the pinned Rust frameworks (`verify/stacks/rust/` → `verify/.cache/rust/`).
//!
//! Each Rust app has its own manifest and lock under `verify/stacks/rust/<app>/` (exact
//! framework versions, identical `[profile.dev]`), and every build shares one target directory,
//! `verify/.cache/rust/target`. The install fetches every lock and builds each manifest once with
//! an empty `main` (`verify/.cache/rust/warm/<app>/`), so the frameworks are compiled there and an
//! app build only compiles the app's own crate: same manifest, same lock, same features, so
//! Cargo reuses the compiled dependencies.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::{Env, Stack, copy_if_changed};
use crate::process::run_logged;

/// Jobs for every Cargo build of the harness (the machine has two cores, shared).
const JOBS: &str = "2";

/// `cargo` with the shared target directory (see [`cargo_env`]).
fn cargo_command(env: &Env) -> Command {
    let mut c = Command::new("cargo");
    cargo_env(env, &mut c);
    c
}

/// Give `c` (Cargo, or a shell that runs it) the shared target directory
/// (`verify/.cache/rust/target`, also `$CARGO_TARGET_DIR` for the shell) and the job limit.
pub fn cargo_env(env: &Env, c: &mut Command) {
    c.env("CARGO_TARGET_DIR", target_dir(env))
        .env("CARGO_BUILD_JOBS", JOBS)
        .env("CARGO_TERM_COLOR", "never")
        // A wrapper or flags from the calling Cargo would change every fingerprint.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTC_WORKSPACE_WRAPPER");
}

/// The target directory every Rust app shares.
fn target_dir(env: &Env) -> PathBuf {
    env.stack_dir(Stack::Rust).join("target")
}

/// The app folders under `verify/stacks/rust/` (each with a Cargo.toml and a Cargo.lock).
fn apps(src: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(src).with_context(|| format!("reading {}", src.display()))? {
        let entry = entry?;
        if entry.path().join("Cargo.toml").is_file() {
            out.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    out.sort();
    Ok(out)
}

/// Install (or reuse) this stack from its manifest in `src` into `dir`, logging to `log`.
pub(super) fn install(env: &Env, src: &Path, dir: &Path, log: &Path) -> Result<()> {
    let apps = apps(src)?;
    if apps.is_empty() {
        bail!("no Cargo.toml under {}", src.display());
    }
    let built = target_dir(env).join("debug");
    for app in &apps {
        let warm = dir.join("warm").join(app);
        let changed = copy_if_changed(&src.join(app).join("Cargo.toml"), &warm.join("Cargo.toml"))?
            | copy_if_changed(&src.join(app).join("Cargo.lock"), &warm.join("Cargo.lock"))?;
        let stamp = warm.join("warm.stamp");
        if !changed && stamp.exists() && built.exists() {
            continue;
        }
        let _ = std::fs::remove_file(&stamp);
        std::fs::create_dir_all(warm.join("src"))?;
        std::fs::write(warm.join("src/main.rs"), "fn main() {}\n")?;
        run_logged(
            cargo_command(env)
                .args(["fetch", "--locked"])
                .current_dir(&warm),
            log,
            &format!("cargo fetch (verify/stacks/rust/{app})"),
        )?;
        // Compile the app's frameworks once: app builds then compile only their own crate.
        run_logged(
            cargo_command(env)
                .args(["build", "--frozen", "-j", JOBS])
                .current_dir(&warm),
            log,
            &format!("cargo build (warming the target directory with verify/stacks/rust/{app})"),
        )?;
        std::fs::write(&stamp, "")?;
    }
    Ok(())
}

/// The installed version of `name`, for the report: `rustc`, or a crate as locked under
/// `verify/stacks/rust/` (`warp@0.3` picks the locked version starting with `0.3`).
pub(super) fn version(env: &Env, name: &str) -> Result<String> {
    if name == "rustc" {
        let out = Command::new("rustc").arg("--version").output()?;
        if !out.status.success() {
            bail!("rustc --version failed");
        }
        let text = String::from_utf8_lossy(&out.stdout);
        return Ok(text.split_whitespace().nth(1).unwrap_or("?").to_owned());
    }
    let (krate, prefix) = name.split_once('@').unwrap_or((name, ""));
    let src = env.repo.join("verify/stacks/rust");
    let mut found: Vec<String> = Vec::new();
    for app in apps(&src)? {
        let lock = std::fs::read_to_string(src.join(&app).join("Cargo.lock"))?;
        for v in locked_versions(&lock, krate) {
            if v.starts_with(prefix) && !found.contains(&v) {
                found.push(v);
            }
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("{name} is not locked under verify/stacks/rust"),
        many => bail!(
            "{name} is locked at several versions ({}): name one with `@`",
            many.join(", ")
        ),
    }
}

/// Every version of `krate` in a Cargo.lock.
fn locked_versions(lock: &str, krate: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = lock.lines().map(str::trim);
    let want = format!("name = \"{krate}\"");
    while let Some(line) = lines.next() {
        if line == want
            && let Some(v) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
        {
            out.push(v.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_the_lock() {
        let lock = "[[package]]\nname = \"warp\"\nversion = \"0.3.7\"\n\n[[package]]\nname = \"warp-x\"\nversion = \"9\"\n\n[[package]]\nname = \"warp\"\nversion = \"0.4.3\"\n";
        assert_eq!(locked_versions(lock, "warp"), ["0.3.7", "0.4.3"]);
        assert!(locked_versions(lock, "axum").is_empty());
    }

    #[test]
    fn every_pinned_app_locks_its_frameworks() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let env = Env {
            cache: repo.join("verify/.cache"),
            repo,
        };
        assert_eq!(version(&env, "axum").unwrap(), "0.8.9");
        assert!(version(&env, "warp@0.3").unwrap().starts_with("0.3."));
        assert!(version(&env, "warp").is_err(), "two majors are locked");
        assert!(version(&env, "no-such-crate").is_err());
    }
}
