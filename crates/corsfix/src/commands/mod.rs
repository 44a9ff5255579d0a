//! One module per subcommand. Each has an `Args` (clap) and a `run` that returns an
//! [`ExitStatus`]; all printing goes through [`crate::printer`].

use std::process::ExitCode;

use crate::cli::{Cli, Command};

pub(crate) mod check;
pub(crate) mod explain;
pub(crate) mod fixgen;
pub(crate) mod gen_cmd;
pub(crate) mod har;
pub(crate) mod lint;
pub(crate) mod mcp;
pub(crate) mod meta;
pub(crate) mod proxy;
pub(crate) mod scan;
pub(crate) mod serve;
pub(crate) mod simulate;

/// How a command ended, when it could do its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// Allowed / nothing found.
    Success,
    /// Blocked / findings at or above the threshold / not recognized.
    Failure,
    /// The command could not do its job (already reported).
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => Self::SUCCESS,
            ExitStatus::Failure => Self::from(1),
            ExitStatus::Error => Self::from(2),
        }
    }
}

pub(crate) fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Simulate(args) => simulate::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Check(args) => check::run(args),
        Command::Har(args) => har::run(args),
        Command::Gen(args) => gen_cmd::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Scan(args) => scan::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Proxy(args) => proxy::run(args),
        Command::Completions(args) => meta::completions(&args),
        Command::Man(args) => meta::man(&args),
        Command::Mcp(args) => mcp::run(args),
    }
}
