//! `corsfix serve`: the web tool and its JSON API, from this one binary.

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};

use anyhow::Context as _;
use corsfix_web::{AppState, ProbeMode};

use super::ExitStatus;
use crate::printer;

/// Arguments of `corsfix serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The address or host name to listen on (`127.0.0.1`, `localhost`, `::`, `0.0.0.0`). A
    /// loopback address (the default) runs in local mode, where live checks may reach localhost
    /// and private networks; any other address runs in public mode, where they may not and are
    /// rate-limited per client
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: String,
    /// The port to listen on (0 picks a free one)
    #[arg(long, value_name = "PORT", default_value_t = 8080)]
    port: u16,
    /// A reverse proxy in front of the server (an address or block such as 10.0.0.0/8;
    /// repeatable): its `X-Forwarded-For` decides which client a live check counts against.
    /// Without it every client behind the proxy shares the proxy's rate limit
    #[arg(long = "trusted-proxy", value_name = "CIDR")]
    trusted_proxies: Vec<corsfix_web::client::Cidr>,
}

/// `--bind`: an IP address, or a host name such as `localhost` (its first address, IPv4
/// first, as most clients try it).
fn bind_address(bind: &str, port: u16) -> anyhow::Result<SocketAddr> {
    let trimmed = bind.trim().trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = trimmed.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    let addrs: Vec<SocketAddr> = std::net::ToSocketAddrs::to_socket_addrs(&(trimmed, port))
        .with_context(|| {
            format!("--bind {bind}: not an IP address, and the name does not resolve")
        })?
        .collect();
    addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or_else(|| addrs.first())
        .copied()
        .with_context(|| format!("--bind {bind}: the name has no address"))
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitStatus> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(serve(args))
}

async fn serve(args: Args) -> anyhow::Result<ExitStatus> {
    let addr = bind_address(&args.bind, args.port)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))
        .map_err(|e| {
            e.context(printer::Hint(
                "pick another port with --port, or stop the program using this one".to_owned(),
            ))
        })?;
    let local = listener
        .local_addr()
        .context("reading the listening address")?;
    let mode = ProbeMode::for_bind_address(local.ip());
    // Catch SIGTERM and Ctrl+C from before the address is announced.
    let shutdown = corsfix_web::shutdown_signal();
    {
        let mut out = printer::stdout();
        writeln!(out, "http://{local}/")?;
        out.flush()?;
    }
    {
        let mut err = printer::stderr();
        let what = match mode {
            ProbeMode::Local => {
                "local mode: only this machine can connect; live checks may reach localhost and private networks"
            }
            ProbeMode::Public => {
                "public mode: live checks refuse private, loopback and metadata addresses and are rate-limited per client"
            }
        };
        writeln!(
            err,
            "corsfix serve: listening on http://{local}/ ({what}); press Ctrl+C to stop"
        )?;
    }
    let state = AppState::new(mode).with_trusted_proxies(corsfix_web::client::TrustedProxies::new(
        args.trusted_proxies.clone(),
    ));
    corsfix_web::serve(listener, state, shutdown)
        .await
        .context("serving HTTP")?;
    Ok(ExitStatus::Success)
}
