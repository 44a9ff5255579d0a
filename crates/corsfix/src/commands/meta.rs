//! `corsfix completions SHELL` (clap_complete) and `corsfix man` (clap_mangen): generated
//! from the same clap definition as the commands, so they never fall behind.

use std::io::Write as _;

use clap::CommandFactory as _;

use super::ExitStatus;
use crate::printer;

/// Arguments of `corsfix completions`.
#[derive(Debug, clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell
    #[arg(value_enum, value_name = "SHELL")]
    shell: clap_complete::Shell,
}

/// Arguments of `corsfix man`.
#[derive(Debug, clap::Args)]
pub(crate) struct ManArgs {
    /// Write one page per command (`corsfix.1`, `corsfix-check.1`, …) into DIR instead of
    /// printing `corsfix.1`
    #[arg(long, value_name = "DIR")]
    out: Option<std::path::PathBuf>,
}

pub(crate) fn completions(args: &CompletionsArgs) -> anyhow::Result<ExitStatus> {
    let mut cmd = crate::cli::Cli::command();
    let mut out = printer::stdout();
    clap_complete::generate(args.shell, &mut cmd, "corsfix", &mut out);
    out.flush()?;
    Ok(ExitStatus::Success)
}

pub(crate) fn man(args: &ManArgs) -> anyhow::Result<ExitStatus> {
    let cmd = crate::cli::Cli::command();
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
        clap_mangen::generate_to(cmd, dir)
            .map_err(|e| anyhow::anyhow!("cannot write the pages into {}: {e}", dir.display()))?;
        writeln!(
            printer::stderr(),
            "wrote the manual pages into {}",
            dir.display()
        )?;
        return Ok(ExitStatus::Success);
    }
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    // Not through anstream: roff is data, and its escapes must reach `man` as they are.
    let mut out = std::io::stdout().lock();
    out.write_all(&buf)?;
    out.flush()?;
    Ok(ExitStatus::Success)
}
