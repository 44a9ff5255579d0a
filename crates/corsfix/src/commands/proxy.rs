//! `corsfix proxy`: a local reverse proxy to one upstream that answers CORS correctly and says
//! what the upstream's own answers lack.

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use corsfix_proxy::{Action, Config, Event, Judgement, On, Proxy, Upstream};
use owo_colors::OwoColorize as _;

use super::ExitStatus;
use crate::printer;

/// Arguments of `corsfix proxy`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The upstream's origin: every request is forwarded there and nowhere else
    /// (https://api.example.com)
    #[arg(value_name = "UPSTREAM")]
    upstream: String,
    /// The origin of the pages that call the proxy, such as http://localhost:5173
    /// (repeatable). Other origins get no CORS headers, so their pages stay blocked
    #[arg(long = "origin", value_name = "ORIGIN", required = true)]
    origins: Vec<String>,
    /// The pages send cookies or HTTP authentication (`credentials: "include"`): answer with
    /// `Access-Control-Allow-Credentials: true` and pass the browser's cookies for the proxy
    /// on to the upstream (without it they are not sent)
    #[arg(long)]
    credentials: bool,
    /// The port to listen on (0 picks a free one)
    #[arg(long, value_name = "PORT", default_value_t = 8787)]
    port: u16,
    /// The address to listen on. Keep the loopback default unless other machines must use
    /// the proxy: anyone who reaches it reaches the upstream through it
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Send `Origin` and `Referer` to the upstream as its own origin, for upstreams that
    /// refuse requests from other origins
    #[arg(long)]
    rewrite_origin: bool,
    /// Record the traffic as a HAR file, with the upstream's own answers, for `corsfix har`
    #[arg(long, value_name = "FILE")]
    har: Option<PathBuf>,
    /// One JSON object per request on standard output
    #[arg(long)]
    json: bool,
    /// Seconds the upstream may take to answer, once the request is sent, before the page gets
    /// a 504
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
    /// A certificate (PEM) to trust for the upstream, besides the system's roots: a
    /// development CA, a self-signed staging server (repeatable)
    #[arg(long = "upstream-ca", value_name = "FILE")]
    upstream_ca: Vec<PathBuf>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitStatus> {
    // One thread: a development proxy serves one browser, and on a small machine shared with
    // the browser, the upstream and the dev server, one thread wastes the least on waking others
    // (docs/benchmarks.md, corsfix proxy).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(serve(args))
}

fn config(args: &Args) -> anyhow::Result<Config> {
    let upstream = Upstream::parse(&args.upstream)?;
    let origins = args
        .origins
        .iter()
        .map(|o| crate::vocab::page_origin(o))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let policy = corsfix_proxy::policy(&origins, args.credentials)
        .map_err(|e| anyhow::anyhow!("--origin: {e}"))?;
    let mut config = Config::new(upstream, policy);
    config.rewrite_origin = args.rewrite_origin;
    config.har.clone_from(&args.har);
    config.timeout = Duration::from_secs(args.timeout.max(1));
    for path in &args.upstream_ca {
        let pem =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        config.upstream_ca_pem.push(pem);
    }
    Ok(config)
}

async fn serve(args: Args) -> anyhow::Result<ExitStatus> {
    let config = config(&args)?;
    let upstream = config.upstream.origin().to_owned();
    let addr = SocketAddr::new(args.bind, args.port);
    let proxy = Proxy::bind(addr, config).await.map_err(|e| {
        anyhow::Error::new(e).context(printer::Hint(
            "pick another port with --port, or stop the program using this one".to_owned(),
        ))
    })?;
    let local = proxy.local_addr();
    {
        let mut err = printer::stderr();
        let shown = if local.ip().is_unspecified() {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), local.port())
        } else {
            local
        };
        writeln!(
            err,
            "corsfix proxy: http://{shown} → {upstream} for pages on {}{}",
            args.origins.join(", "),
            if args.credentials {
                " (with credentials)"
            } else {
                ""
            }
        )?;
        writeln!(
            err,
            "  point the page's API base URL at http://{shown}; press Ctrl+C to stop"
        )?;
        if !local.ip().is_loopback() {
            writeln!(
                err,
                "{}: listening on {local}, which other machines can reach: anyone who can connect uses {upstream} through this proxy{}. Use --bind 127.0.0.1 unless they must",
                "warning".yellow().bold(),
                if args.credentials {
                    ", with the cookies your browser keeps for it"
                } else {
                    ""
                }
            )?;
        }
        if let Some(har) = &args.har {
            writeln!(err, "  recording to {}", har.display())?;
        }
    }
    // Lines are written by a thread of their own, in batches: a busy proxy does not wait on
    // the terminal, nor make a system call per request.
    let (lines, rx) = std::sync::mpsc::channel::<Event>();
    let json = args.json;
    std::thread::spawn(move || write_events(&rx, json));
    proxy
        .serve(
            move |event| {
                let _ = lines.send(event);
            },
            async {
                let _ = tokio::signal::ctrl_c().await;
            },
        )
        .await?;
    Ok(ExitStatus::Success)
}

/// Write the events as they come, flushing whenever none is waiting.
fn write_events(rx: &std::sync::mpsc::Receiver<Event>, json: bool) {
    let stdout = std::io::stdout();
    // Colour as `printer` decides it (a terminal, no `NO_COLOR`), over a buffer.
    let choice = anstream::AutoStream::choice(&stdout);
    let buffered: Box<dyn std::io::Write> =
        Box::new(std::io::BufWriter::with_capacity(64 * 1024, stdout.lock()));
    let mut out = anstream::AutoStream::new(
        buffered,
        if json {
            // JSON holds no colour: nothing to strip.
            anstream::ColorChoice::AlwaysAnsi
        } else {
            choice
        },
    );
    // A JSON line is serialised into this buffer first and written whole: serde_json's many
    // small writes would otherwise each go through the colour layer.
    let mut line = Vec::with_capacity(4096);
    while let Ok(first) = rx.recv() {
        // Let a busy proxy's lines pile up for a moment: senders do not wake this thread for
        // each line, and one write carries many.
        std::thread::sleep(Duration::from_millis(20));
        let mut next = Some(first);
        while let Some(event) = next {
            let written = if json {
                line.clear();
                serde_json::to_writer(&mut line, &event)
                    .map_err(std::io::Error::other)
                    .and_then(|()| {
                        line.push(b'\n');
                        out.write_all(&line)
                    })
            } else {
                write_event(&mut out, &event)
            };
            if written.is_err() {
                return;
            }
            next = rx.try_recv().ok();
        }
        if out.flush().is_err() {
            return;
        }
    }
}

/// `Access-Control-Allow-Origin` for `access-control-allow-origin`.
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut c = part.chars();
            c.next().map_or_else(String::new, |f| {
                f.to_ascii_uppercase().to_string() + c.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn lacks_text(j: &Judgement) -> String {
    let mut parts = Vec::new();
    for on in [On::Preflight, On::Response] {
        let mut lines: Vec<String> = j
            .lacks
            .iter()
            .filter(|l| l.on == on)
            .map(|l| {
                if l.name == ":status" {
                    format!("status {}", l.value)
                } else {
                    format!("{}: {}", title_case(&l.name), l.value)
                }
            })
            .collect();
        // The status first, as on the wire.
        lines.sort_by_key(|l| !l.starts_with("status "));
        if !lines.is_empty() {
            let which = match on {
                On::Preflight => "on the preflight",
                On::Response => "on the response",
            };
            parts.push(format!("{which}: {}", lines.join(", ")));
        }
    }
    parts.join("; ")
}

/// One request, one line (cookie changes, first time only, on the lines after it).
fn write_event(out: &mut impl std::io::Write, e: &Event) -> std::io::Result<()> {
    let time = e.time.get(11..19).unwrap_or(&e.time);
    let status = if e.status >= 500 {
        e.status.red().bold().to_string()
    } else if e.status >= 400 {
        e.status.yellow().to_string()
    } else {
        e.status.green().to_string()
    };
    write!(
        out,
        "{} {} {} {status} {:.0}ms",
        time.dimmed(),
        e.method.bold(),
        e.path,
        e.ms
    )?;
    match e.action {
        Action::Preflight => write!(out, " · preflight answered by the proxy")?,
        Action::Upgraded => write!(out, " · protocol switch tunnelled")?,
        Action::Refused | Action::UpstreamFailed | Action::Forwarded => {}
    }
    if e.origin_allowed == Some(false)
        && let Some(origin) = &e.origin
    {
        write!(
            out,
            " · {} {origin} is not an --origin: blocked through the proxy too",
            "origin".yellow()
        )?;
    }
    if let Some(err) = &e.error {
        write!(out, " · {}", err.red())?;
    }
    if let Some(j) = &e.upstream_alone {
        if j.allowed {
            write!(out, " · upstream alone: {}", "allowed".green())?;
        } else {
            write!(
                out,
                " · upstream alone: {}, {}",
                "blocked".red().bold(),
                j.kind.as_deref().unwrap_or("blocked")
            )?;
            let lacks = lacks_text(j);
            if !lacks.is_empty() {
                write!(out, " — ask them to send, {lacks}")?;
            }
        }
    } else if let Some(why) = &e.not_judged
        && e.action != Action::Upgraded
    {
        write!(out, " · {}", why.dimmed())?;
    }
    writeln!(out)?;
    for c in &e.cookies {
        writeln!(
            out,
            "  {} {}: {} ({})",
            "cookie".cyan(),
            c.cookie,
            c.change,
            c.why
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_in_title_case() {
        assert_eq!(
            title_case("access-control-allow-origin"),
            "Access-Control-Allow-Origin"
        );
        assert_eq!(title_case(":status"), ":status");
    }
}
