//! `corsfix scan` (being built; see its issue).

use super::ExitStatus;

/// Arguments of `corsfix scan`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("`corsfix scan` is not available in this build yet")
}
