//! `corsfix explain` (being built; see its issue).

use super::ExitStatus;

/// Arguments of `corsfix explain`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("`corsfix explain` is not available in this build yet")
}
