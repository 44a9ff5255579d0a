//! npm: dev servers and cloud emulators (`verify/stacks/tooling/` → `verify/.cache/tooling/`).
//!
//! Several separate installs, one per folder (`dev`: Vite and webpack-dev-server; `cloud`:
//! wrangler, Azurite, Firebase; `angular`; `cra`), each with its own package-lock: their peer
//! dependencies conflict (react-scripts 5 wants TypeScript 4, Angular 20 wants 5.8+), and the
//! heavy ones are installed only when a selected target needs them. An app's start script
//! links `node_modules` to its install.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::{Env, copy_if_changed};
use crate::process::run_logged;

/// The installs, in the order the version lookup searches them.
pub(crate) const INSTALLS: &[&str] = &["dev", "cloud", "angular", "cra"];

/// Install (or reuse) the named installs (`dev`, `cloud`, …) from `src/<name>/` into
/// `dir/<name>/`, logging to `log`. Each is redone only when its manifest or lock changed.
pub(super) fn install(
    _env: &Env,
    src: &Path,
    dir: &Path,
    log: &Path,
    which: &[&str],
) -> Result<()> {
    if which.is_empty() {
        bail!("a Tooling target must name its npm install (`.apt(&[\"dev\"])`)");
    }
    for name in which {
        if !INSTALLS.contains(name) {
            bail!(
                "unknown tooling install `{name}` (known: {})",
                INSTALLS.join(", ")
            );
        }
        let (from, to) = (src.join(name), dir.join(name));
        let a = copy_if_changed(&from.join("package.json"), &to.join("package.json"))?;
        let b = copy_if_changed(
            &from.join("package-lock.json"),
            &to.join("package-lock.json"),
        )?;
        if a || b || !to.join("node_modules/.package-lock.json").exists() {
            run_logged(
                Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                    // No telemetry or update checks from the tools' install scripts.
                    .env("NG_CLI_ANALYTICS", "false")
                    .env("WRANGLER_SEND_METRICS", "false")
                    .env("DISABLE_OPENCOLLECTIVE", "1")
                    .current_dir(&to),
                log,
                &format!("npm ci (verify/stacks/tooling/{name})"),
            )?;
        }
    }
    Ok(())
}

/// The installed version of `name`, for the report. `install:package` (`cra:react-scripts`)
/// reads that install's copy (the installs hold different versions of shared dependencies:
/// react-scripts brings webpack-dev-server 4, the `dev` install has 5); a bare name, the first
/// install that has it.
pub(super) fn version(env: &Env, name: &str) -> Result<String> {
    let root = env.stack_dir(super::Stack::Tooling);
    let (installs, name): (&[&str], &str) = match name.split_once(':') {
        Some((install, package)) => match INSTALLS.iter().find(|i| **i == install) {
            Some(i) => (std::slice::from_ref(i), package),
            None => bail!("unknown tooling install `{install}`"),
        },
        None => (INSTALLS, name),
    };
    for install in installs {
        let p = root
            .join(install)
            .join("node_modules")
            .join(name)
            .join("package.json");
        if let Ok(text) = std::fs::read_to_string(&p) {
            let v: serde_json::Value =
                serde_json::from_str(&text).with_context(|| format!("reading {}", p.display()))?;
            return Ok(v["version"].as_str().unwrap_or("?").to_owned());
        }
    }
    bail!("{name} is not installed in verify/.cache/tooling")
}
