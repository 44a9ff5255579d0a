//! npm: dev servers and cloud emulators (`verify/stacks/tooling/` → `verify/.cache/tooling/`).

use std::path::Path;

use anyhow::{Result, bail};

use super::Env;

/// Install (or reuse) this stack from its manifest in `src` into `dir`, logging to `log`.
pub(super) fn install(_env: &Env, _src: &Path, _dir: &Path, _log: &Path) -> Result<()> {
    bail!("the tooling stack is not set up yet")
}

/// The installed version of `name`, for the report.
pub(super) fn version(_env: &Env, name: &str) -> Result<String> {
    bail!("{name}: the tooling stack is not set up yet")
}
