//! # corsfix-mcp
//!
//! corsfix as a [Model Context Protocol](https://modelcontextprotocol.io) server over stdio,
//! built on the official Rust SDK (`rmcp`), so that an AI coding assistant can ask corsfix
//! instead of guessing. `corsfix mcp` runs it.
//!
//! Tools (each with a JSON Schema for its input and its structured output, and a short text
//! answer; the structured output is the object the matching CLI command prints with `--json`):
//!
//! | tool | arguments | CLI twin |
//! | --- | --- | --- |
//! | `explain` | `text` | `corsfix explain --json` |
//! | `simulate` | `case` (the case format, `docs/case-format.md`) | `corsfix simulate --json --browser all` |
//! | `check` | `url`, `origin`, `method`, `headers`, `credentials`, `body` | `corsfix check --json` |
//! | `generate` | `target`, `policy` (as `POST /api/v1/generate` takes it) | `corsfix gen --json` |
//! | `lint` | `policy` | `corsfix lint --json` |
//! | `targets` | none | `corsfix gen --list --json` |
//!
//! Resources (Markdown): `corsfix://errors` and `corsfix://errors/<slug>` (the guide's error
//! pages), `corsfix://rules` and `corsfix://rules/<code>` (the lint rules), `corsfix://targets`.
//!
//! Bad arguments are tool errors with a message the caller can act on; an unknown tool or
//! resource is a protocol error; a line on standard input that is not JSON is answered with a
//! JSON-RPC parse error and the server keeps serving ([`stdio`]). Logs go to standard error.
//! Schemas and behaviour are documented in `docs/mcp.md`.

mod resources;
mod schema;
mod server;
mod stdio;
mod tools;

use rmcp::ServiceExt as _;
use tokio::sync::mpsc;

pub use server::Server;

/// How the server may reach the network.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Refuse `check` targets on loopback, private, link-local, CGNAT, multicast and metadata
    /// addresses (the rules of `corsfix serve` in public mode). Off by default: like `serve` in
    /// local mode, the server runs on the developer's machine and `http://localhost:3000` is
    /// the usual thing to check.
    pub refuse_private: bool,
    /// Replace the address guard (tests: a resolver for made-up names). The mode's other
    /// limits stay.
    pub guard: Option<corsfix_probe::ssrf::Guard>,
}

impl Options {
    /// The probe options for `check`: those of `corsfix serve` in local mode, or in public mode
    /// with [`Options::refuse_private`] (corsfix-probe's guard and limits; extra probes stay on,
    /// as in the CLI).
    pub(crate) fn probe_options(&self) -> corsfix_probe::ProbeOptions {
        use corsfix_probe::ssrf::{Guard, Limits};
        let defaults = corsfix_probe::ProbeOptions::default();
        if self.refuse_private {
            corsfix_probe::ProbeOptions {
                limits: Limits::public(),
                insecure: false,
                guard: self.guard.clone().unwrap_or_else(Guard::public_only),
                ..defaults
            }
        } else {
            corsfix_probe::ProbeOptions {
                guard: self.guard.clone().unwrap_or_else(Guard::allow_all),
                ..defaults
            }
        }
    }
}

/// Serve MCP on this process's standard input and output until the input ends.
///
/// # Errors
/// When the handshake cannot complete (the input ends or is unusable before `initialize`) or
/// standard output fails.
pub async fn serve_stdio(options: Options) -> std::io::Result<()> {
    serve(tokio::io::stdin(), tokio::io::stdout(), options).await
}

/// Serve MCP over any byte streams (one JSON-RPC message per line), until `input` ends.
///
/// # Errors
/// As [`serve_stdio`].
pub async fn serve(
    input: impl tokio::io::AsyncRead + Unpin + Send + 'static,
    output: impl tokio::io::AsyncWrite + Unpin + Send + 'static,
    options: Options,
) -> std::io::Result<()> {
    const PIPE: usize = 256 * 1024;
    let (to_server, server_in) = tokio::io::duplex(PIPE);
    let (server_out, from_server) = tokio::io::duplex(PIPE);
    let (replies_tx, replies_rx) = mpsc::channel(64);
    let input_task = tokio::spawn(stdio::pump_input(input, to_server, replies_tx));
    let output_task = tokio::spawn(stdio::pump_output(from_server, replies_rx, output));

    let served = match Server::new(options).serve((server_in, server_out)).await {
        Ok(running) => running
            .waiting()
            .await
            .map(|reason| tracing::debug!("MCP session ended: {reason:?}"))
            .map_err(std::io::Error::other),
        // The input ended before any request: nothing to serve, nothing went wrong.
        Err(rmcp::service::ServerInitializeError::ConnectionClosed(_)) => Ok(()),
        Err(e) => {
            tracing::error!("the MCP session did not start: {e}");
            Err(std::io::Error::other(e))
        }
    };
    // The protocol layer is done (its streams are dropped): finish writing what it said.
    input_task.abort();
    let written = output_task.await.map_err(std::io::Error::other)?;
    served.and(written)
}

/// Send `tracing` output (rmcp's and ours) to standard error, filtered by `CORSFIX_LOG`
/// (`warn` when unset; `debug` shows every message the server drops or answers).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CORSFIX_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
