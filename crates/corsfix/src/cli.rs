//! Command-line definition.
//!
//! House rules (after xh): a short flag only with an explicit letter and only for the most
//! frequent options; every option that takes a value has an upper-case `value_name`.

use clap::{Parser, Subcommand};

use crate::commands;

/// Tells you exactly why the browser blocked a cross-origin request, and the exact fix.
#[derive(Debug, Parser)]
#[command(name = "corsfix", version, about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Say what a browser does with cross-origin requests described as cases (JSON Lines)
    Simulate(commands::simulate::Args),
    /// Turn a pasted console error into its cause and the fix
    Explain(commands::explain::Args),
    /// Judge every cross-origin request in a DevTools HAR file
    Har(commands::har::Args),
    /// Probe a live endpoint exactly as the browser would, and say what is really wrong
    Check(commands::check::Args),
    /// Generate the CORS configuration for a framework, server or cloud
    Gen(commands::gen_cmd::Args),
    /// Check a CORS policy for dangerous or broken settings
    Lint(commands::lint::Args),
    /// Scan many endpoints for dangerous CORS misconfigurations
    Scan(commands::scan::Args),
    /// Serve the web tool (fix generator, explainer, checker, guide) and its JSON API
    Serve(commands::serve::Args),
    /// Run a local proxy to a server you cannot change: correct CORS for your pages, and what the server's own answers lack
    Proxy(commands::proxy::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(
        after_help = "Install:\n  bash:  corsfix completions bash > ~/.local/share/bash-completion/completions/corsfix\n  zsh:   corsfix completions zsh > \"${fpath[1]}/_corsfix\"\n  fish:  corsfix completions fish > ~/.config/fish/completions/corsfix.fish\n  powershell:  corsfix completions powershell | Out-String | Invoke-Expression\n  elvish:  corsfix completions elvish >> ~/.config/elvish/rc.elv"
    )]
    Completions(commands::meta::CompletionsArgs),
    /// Print the manual page (roff); `corsfix man | man -l -` reads it
    Man(commands::meta::ManArgs),
    /// Serve corsfix to AI coding assistants over the Model Context Protocol (stdio)
    Mcp(commands::mcp::Args),
}
