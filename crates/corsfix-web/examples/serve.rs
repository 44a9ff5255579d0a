//! The web tool without the rest of the CLI: `cargo run -p corsfix-web --example serve -- serve
//! --bind 127.0.0.1 --port 8080` (the same arguments as `corsfix serve`, so the browser tests
//! can run against either binary).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use corsfix_web::{AppState, ProbeMode};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut bind = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let mut port = 8080u16;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "serve" => {}
            "--bind" => {
                bind = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| std::io::Error::other("--bind needs an IP address"))?;
            }
            "--port" => {
                port = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| std::io::Error::other("--port needs a number"))?;
            }
            other => return Err(std::io::Error::other(format!("unknown argument `{other}`"))),
        }
    }
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(bind, port)).await?;
    let local = listener.local_addr()?;
    let mode = ProbeMode::for_bind_address(local.ip());
    let shutdown = corsfix_web::shutdown_signal();
    println!("http://{local}/");
    eprintln!("serving in {} mode", mode.name());
    corsfix_web::serve(listener, AppState::new(mode), shutdown).await
}
