//! The `corsfix` binary: clap commands over the corsfix libraries.
//!
//! `main` stays thin (ripgrep, xh, uv): parse, run, map the outcome to an exit code.
//! Exit codes: 0 = allowed / nothing found, 1 = blocked / findings, 2 = error.

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod commands;
mod config;
mod printer;
mod render;
mod vocab;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(status) => status.into(),
        Err(err) if printer::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            printer::error(&err);
            ExitCode::from(2)
        }
    }
}
