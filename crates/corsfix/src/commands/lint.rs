//! `corsfix lint` (being built; see its issue).

use super::ExitStatus;

/// Arguments of `corsfix lint`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("`corsfix lint` is not available in this build yet")
}
