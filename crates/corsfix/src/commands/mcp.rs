//! `corsfix mcp`: the Model Context Protocol server over stdio (`corsfix-mcp`), for AI coding
//! assistants. Standard output carries the protocol only; logs go to standard error.

use anyhow::Context as _;

use super::ExitStatus;

/// Arguments of `corsfix mcp`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Add it to an assistant's MCP configuration:\n  {\"mcpServers\": {\"corsfix\": {\"command\": \"corsfix\", \"args\": [\"mcp\"]}}}\n\nTools: explain, simulate, check, generate, lint, targets. Resources: corsfix://errors, corsfix://rules, corsfix://targets. See docs/mcp.md."
)]
pub(crate) struct Args {
    /// Refuse live checks of loopback, private, link-local and metadata addresses (the rules
    /// of `corsfix serve` in public mode). By default, as `serve` in local mode, `check` may
    /// reach localhost and private networks
    #[arg(long)]
    refuse_private: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitStatus> {
    corsfix_mcp::init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let options = corsfix_mcp::Options {
        refuse_private: args.refuse_private,
        guard: None,
    };
    runtime
        .block_on(corsfix_mcp::serve_stdio(options))
        .context("serving MCP on standard input and output")?;
    Ok(ExitStatus::Success)
}
