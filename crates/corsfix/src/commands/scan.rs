//! `corsfix scan`: probe many endpoints with hostile origins and report dangerous CORS
//! configurations (checks C0–C24, `docs/scan.md`). The engine is `corsfix-scan`; this module
//! parses arguments, streams input and output, and maps the outcome to an exit code:
//! 1 when a finding is at or above `--fail-on`, else 2 when a URL could not be tested, else 0.

use std::io::{BufRead, IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use corsfix_scan::{
    Check, ClientConfig, Finding, Resolver, ScanConfig, Scanner, Severity, TargetReport, Token,
    output, shard_of,
};
use futures::StreamExt;

use super::ExitStatus;
use crate::printer;
use crate::render::{Out, Text};
use owo_colors::Style;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// A readable summary grouped by severity.
    Human,
    /// One JSON object per finding and one summary object per URL.
    Jsonl,
    /// SARIF 2.1.0 for code-scanning dashboards.
    Sarif,
}

/// Arguments of `corsfix scan`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// URLs to scan (http:// or https://). Without URLs or --input, URLs are read from stdin.
    #[arg(value_name = "URL")]
    urls: Vec<String>,
    /// Read URLs from FILE, one per line (`-` for stdin; blank lines and `#` comments skipped).
    #[arg(long, value_name = "FILE")]
    input: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human", value_name = "FORMAT")]
    format: Format,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value = "medium", value_name = "LEVEL")]
    fail_on: crate::vocab::FailOn,
    /// URLs scanned at once.
    #[arg(long, default_value_t = 64, value_name = "N")]
    concurrency: usize,
    /// Connections at once per host (kept alive and reused; a URL's probes are pipelined on
    /// them over HTTP/1.1, or sent as concurrent streams over HTTP/2).
    #[arg(long, default_value_t = 6, value_name = "N")]
    per_host: usize,
    /// Use HTTP/1.1 only (by default HTTPS offers h2 in ALPN and uses it when the server picks
    /// it; plain http:// is always HTTP/1.1).
    #[arg(long)]
    http1: bool,
    /// Global limit in requests per second (default: unlimited).
    #[arg(long, value_name = "REQ_PER_S")]
    rate: Option<f64>,
    /// Timeout per request, in seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    timeout: f64,
    /// Extra attempts after a connection error.
    #[arg(long, default_value_t = 2, value_name = "N")]
    retries: u32,
    /// Add a header to every request (`-H 'Cookie: session=…'`); repeatable.
    #[arg(short = 'H', long = "header", value_name = "'NAME: VALUE'")]
    headers: Vec<String>,
    /// Do not verify TLS certificates.
    #[arg(long)]
    insecure: bool,
    /// Trust the CA certificates in this PEM file too.
    #[arg(long, value_name = "FILE")]
    ca_cert: Option<String>,
    /// Connect to ADDR for HOST on PORT instead of asking DNS, as curl's --resolve
    /// (`api.example.com:443:127.0.0.1`; HOST may be `*` or `*.example.com`); repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    resolve: Vec<crate::vocab::ResolveRule>,
    /// Connect to ADDR:PORT2 for HOST on PORT, as curl's --connect-to
    /// (`api.example.com:443:127.0.0.1:8443`; HOST may be `*` or `*.example.com`); repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR:PORT2")]
    connect_to: Vec<crate::vocab::ConnectTo>,
    /// Scan only share I of N (I in 1..=N), split by a stable hash of each URL.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// The random label K of the probe origins (default: fresh per run; fix it to reproduce).
    #[arg(long, value_name = "K")]
    token: Option<String>,
    /// The attacker domain A of the probe origins.
    #[arg(long, default_value = "evil.example", value_name = "DOMAIN")]
    attacker_domain: String,
    /// List informational findings too in the readable summary.
    #[arg(long)]
    show_info: bool,
    /// No progress bar.
    #[arg(long)]
    no_progress: bool,
}

struct Setup {
    scanner: Scanner,
    shard: Option<(u32, u32)>,
}

fn parse_shard(s: &str) -> anyhow::Result<(u32, u32)> {
    let (i, n) = s
        .split_once('/')
        .with_context(|| format!("--shard `{s}`: expected I/N, e.g. 1/4"))?;
    let i: u32 = i
        .trim()
        .parse()
        .with_context(|| format!("--shard `{s}`: I is not a number"))?;
    let n: u32 = n
        .trim()
        .parse()
        .with_context(|| format!("--shard `{s}`: N is not a number"))?;
    if n == 0 || i == 0 || i > n {
        bail!("--shard `{s}`: need 1 <= I <= N");
    }
    Ok((i - 1, n))
}

fn setup(args: &Args) -> anyhow::Result<Setup> {
    if !(args.timeout.is_finite() && args.timeout > 0.0 && args.timeout <= 3600.0) {
        bail!("--timeout must be between 0 and 3600 seconds");
    }
    if args.concurrency == 0 || args.concurrency > 100_000 {
        bail!("--concurrency must be between 1 and 100000");
    }
    let mut headers = Vec::new();
    for h in &args.headers {
        headers.push(corsfix_scan::parse_header(h)?);
    }
    let mut resolver = Resolver::new();
    for c in &args.connect_to {
        resolver = resolver.map_on_port(&c.host.as_rule_name(), c.port, c.to);
    }
    for r in &args.resolve {
        if let Some(ip) = r.addrs.first() {
            resolver = resolver.map_on_port(
                &r.host.as_rule_name(),
                r.port,
                std::net::SocketAddr::new(*ip, r.port),
            );
        }
    }
    let ca_certs = match &args.ca_cert {
        Some(path) => corsfix_scan::load_ca_file(path)?,
        None => Vec::new(),
    };
    let attacker = args.attacker_domain.trim().to_ascii_lowercase();
    if attacker.is_empty()
        || !attacker
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        || !attacker.contains('.')
    {
        bail!("--attacker-domain `{attacker}` is not a domain name like evil.example");
    }
    let token = match &args.token {
        Some(k) => {
            let k = k.to_ascii_lowercase();
            if !Token::valid_label(&k) {
                bail!(
                    "--token `{k}`: use 1-20 lower-case letters and digits, starting with a letter"
                );
            }
            Token::new(&k, &attacker)
        }
        None => Token::random(&attacker),
    };
    let scanner = Scanner::new(ScanConfig {
        client: ClientConfig {
            timeout: Duration::from_secs_f64(args.timeout),
            retries: args.retries,
            rate: args.rate,
            concurrency: args.concurrency.saturating_mul(4),
            per_host: args.per_host,
            headers,
            insecure: args.insecure,
            ca_certs,
            resolver,
            http1_only: args.http1,
            ..ClientConfig::default()
        },
        token,
    })?;
    let shard = args.shard.as_deref().map(parse_shard).transpose()?;
    Ok(Setup { scanner, shard })
}

/// Where URLs come from.
enum Source {
    Args(Vec<String>),
    Stdin,
    File(String),
}

/// Reads URLs on a blocking thread into a bounded channel: memory does not grow with the input.
fn spawn_reader(
    source: Source,
    shard: Option<(u32, u32)>,
) -> anyhow::Result<(
    tokio::sync::mpsc::Receiver<String>,
    std::thread::JoinHandle<anyhow::Result<u64>>,
)> {
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(1024);
    let reader: Box<dyn BufRead + Send> = match &source {
        Source::Args(_) => Box::new(std::io::empty()),
        Source::Stdin => Box::new(std::io::BufReader::new(std::io::stdin())),
        Source::File(path) => Box::new(std::io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("reading URLs from {path}"))?,
        )),
    };
    let handle = std::thread::spawn(move || -> anyhow::Result<u64> {
        let mut sent = 0u64;
        let keep = |u: &str| shard.is_none_or(|(i, n)| shard_of(u, n) == i);
        if let Source::Args(urls) = source {
            for u in urls {
                if keep(&u) && tx.blocking_send(u).is_err() {
                    break;
                }
                sent += 1;
            }
            return Ok(sent);
        }
        for line in reader.lines() {
            let line = line.context("reading URLs")?;
            let u = line.trim();
            if u.is_empty() || u.starts_with('#') {
                continue;
            }
            if keep(u) {
                if tx.blocking_send(u.to_owned()).is_err() {
                    break;
                }
                sent += 1;
            }
        }
        Ok(sent)
    });
    Ok((rx, handle))
}

/// The URLs `--input FILE` holds (as the reader will keep them), or `None` if unreadable.
fn count_urls(path: &str, shard: Option<(u32, u32)>) -> Option<u64> {
    let file = std::fs::File::open(path).ok()?;
    let mut n = 0u64;
    for line in std::io::BufReader::new(file).lines() {
        let line = line.ok()?;
        let u = line.trim();
        if u.is_empty() || u.starts_with('#') {
            continue;
        }
        if shard.is_none_or(|(i, k)| shard_of(u, k) == i) {
            n += 1;
        }
    }
    Some(n)
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitStatus> {
    let setup = setup(&args)?;
    let source = if !args.urls.is_empty() {
        if args.input.is_some() {
            bail!("give URLs as arguments or with --input, not both");
        }
        Source::Args(args.urls.clone())
    } else {
        match args.input.as_deref() {
            Some("-") | None => Source::Stdin,
            Some(path) => Source::File(path.to_owned()),
        }
    };
    let known_total = match &source {
        Source::Args(u) => Some(u.len() as u64),
        // A first pass over the file gives the progress bar its total and ETA.
        Source::File(path) if !args.no_progress && std::io::stderr().is_terminal() => {
            count_urls(path, setup.shard)
        }
        _ => None,
    };
    if matches!(source, Source::Stdin) {
        printer::stdin_notice("URLs, one per line");
    }
    let (rx, reader) = spawn_reader(source, setup.shard)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let outcome = runtime.block_on(scan_all(&args, &setup, rx, known_total))?;
    let read = reader
        .join()
        .map_err(|_| anyhow::anyhow!("the URL reader thread panicked"))??;
    if read == 0 && setup.shard.is_none() {
        bail!("no URLs to scan (give URLs, --input FILE, or URLs on stdin)");
    }
    Ok(outcome)
}

#[derive(Default)]
struct Tally {
    urls: u64,
    untested: u64,
    requests: u64,
    by_severity: [u64; 4],
    failing: bool,
}

/// One listed finding, compact.
struct Listed {
    severity: Severity,
    /// The code shown: the lint rule (`CORS002`) when the check maps to one, else the check.
    code: &'static str,
    name: &'static str,
    check: Check,
    url: String,
    /// `Origin: … → ACAO …` and the reason.
    evidence: String,
    reason: String,
}

/// What the readable summary keeps: compact lines, capped so memory stays bounded.
#[derive(Default)]
struct HumanLog {
    listed: Vec<Listed>,
    info: std::collections::BTreeMap<Check, u64>,
    untested: Vec<(String, String)>,
    dropped: u64,
}

const HUMAN_CAP: usize = 5_000;

async fn scan_all(
    args: &Args,
    setup: &Setup,
    rx: tokio::sync::mpsc::Receiver<String>,
    known_total: Option<u64>,
) -> anyhow::Result<ExitStatus> {
    let started = Instant::now();
    let urls =
        futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|u| (u, rx)) });
    let progress = (!args.no_progress && std::io::stderr().is_terminal()).then(|| {
        let bar = match known_total {
            Some(n) => indicatif::ProgressBar::new(n),
            None => indicatif::ProgressBar::new_spinner(),
        };
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        let style = if known_total.is_some() {
            indicatif::ProgressStyle::with_template("{bar:24} {pos}/{len} URLs, {eta} left {msg}")
        } else {
            indicatif::ProgressStyle::with_template("{spinner} {pos} URLs {msg}")
        };
        if let Ok(s) = style {
            bar.set_style(s);
        }
        bar
    });
    let mut out = std::io::BufWriter::new(printer::stdout());
    if args.format == Format::Sarif {
        out.write_all(output::sarif_start(env!("CARGO_PKG_VERSION")).as_bytes())?;
    }
    let mut tally = Tally::default();
    let mut log = HumanLog::default();
    let mut first_sarif = true;
    let mut stream = std::pin::pin!(setup.scanner.scan_stream(urls, args.concurrency));
    while let Some(report) = stream.next().await {
        tally.urls += 1;
        tally.requests += u64::from(report.requests);
        if !report.tested {
            tally.untested += 1;
        }
        for f in &report.findings {
            tally.by_severity[f.severity as usize] += 1;
            if args
                .fail_on
                .fails(crate::vocab::Level::of_severity(f.severity))
            {
                tally.failing = true;
            }
        }
        match args.format {
            Format::Jsonl => {
                for f in &report.findings {
                    serde_json::to_writer(&mut out, &output::finding_record(f))?;
                    out.write_all(b"\n")?;
                }
                serde_json::to_writer(&mut out, &output::summary_record(&report))?;
                out.write_all(b"\n")?;
            }
            Format::Sarif => {
                for f in &report.findings {
                    if !first_sarif {
                        out.write_all(b",")?;
                    }
                    first_sarif = false;
                    serde_json::to_writer(&mut out, &output::sarif_result(f))?;
                }
            }
            Format::Human => remember(&mut log, &report, args.show_info),
        }
        if let Some(p) = &progress {
            p.inc(1);
            let [_, low, medium, high] = tally.by_severity;
            p.set_message(format!("(high {high}, medium {medium}, low {low})"));
        }
    }
    if let Some(p) = &progress {
        p.finish_and_clear();
    }
    if args.format == Format::Sarif {
        out.write_all(output::SARIF_END.as_bytes())?;
    }
    if args.format == Format::Human {
        render_human(&mut out, &log, &tally, started.elapsed(), setup)?;
    }
    out.flush()?;
    Ok(if tally.failing {
        ExitStatus::Failure
    } else if tally.untested > 0 {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}

fn remember(log: &mut HumanLog, report: &TargetReport, show_info: bool) {
    if !report.tested {
        if log.untested.len() < HUMAN_CAP {
            log.untested.push((
                report.url.clone(),
                report.error.as_deref().unwrap_or("no answer").to_owned(),
            ));
        } else {
            log.dropped += 1;
        }
    }
    for f in &report.findings {
        if f.severity == Severity::Info && !show_info {
            *log.info.entry(f.check).or_default() += 1;
            continue;
        }
        if log.listed.len() >= HUMAN_CAP {
            log.dropped += 1;
            continue;
        }
        log.listed.push(Listed {
            severity: f.severity,
            code: f.rule.unwrap_or_else(|| f.check.id()),
            name: f.rule_name.unwrap_or_else(|| f.check.title()),
            check: f.check,
            url: f.url.clone(),
            evidence: describe(f),
            reason: f.reason.clone(),
        });
    }
}

fn describe(f: &Finding) -> String {
    let origin = f.origin.as_deref().unwrap_or("(none)");
    let acao = if f.evidence.acao.is_empty() {
        "no ACAO".to_owned()
    } else {
        format!("ACAO {}", f.evidence.acao.join(" | "))
    };
    let acac = f
        .evidence
        .acac
        .as_deref()
        .map(|a| format!(", ACAC {a}"))
        .unwrap_or_default();
    let via = f
        .base_origin
        .as_deref()
        .map(|b| format!(" (a look-alike of the trusted {b})"))
        .unwrap_or_default();
    format!(
        "{} Origin: {origin} → {acao}{acac}, status {}{via}",
        f.method, f.evidence.status
    )
}

/// Compare strings as people sort them: runs of digits by their value (`/item/2` before
/// `/item/10`), the rest byte by byte.
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let na = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let nb = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (da, db) = (&a[..na], &b[..nb]);
                let ta = da.iter().skip_while(|c| **c == b'0').count();
                let tb = db.iter().skip_while(|c| **c == b'0').count();
                let ord = ta
                    .cmp(&tb)
                    .then_with(|| da[na - ta..].cmp(&db[nb - tb..]))
                    .then(na.cmp(&nb));
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
                a = &a[na..];
                b = &b[nb..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

fn render_human(
    out: &mut impl Write,
    log: &HumanLog,
    tally: &Tally,
    elapsed: Duration,
    setup: &Setup,
) -> anyhow::Result<()> {
    let mut out = Out::new(out, crate::render::width::stdout_width());
    let [_, low, medium, high] = tally.by_severity;
    // The verdict first.
    let verdict = if high + medium + low == 0 {
        Text::styled("No finding at low or above", Style::new().green().bold())
    } else {
        Text::styled(
            &format!(
                "{} high, {} medium, {} low finding{}",
                high,
                medium,
                low,
                if high + medium + low == 1 { "" } else { "s" }
            ),
            if high > 0 {
                Style::new().red().bold()
            } else {
                Style::new().yellow().bold()
            },
        )
    };
    out.para(
        0,
        &verdict.add(
            &format!(
                " in {} URL{} ({} could not be tested); {} requests in {:.1} s; probe label `{}`",
                tally.urls,
                if tally.urls == 1 { "" } else { "s" },
                tally.untested,
                tally.requests,
                elapsed.as_secs_f64(),
                setup.scanner.token().k
            ),
            Style::new(),
        ),
    )?;
    // Then one group per finding, most severe first: how many URLs, what an attacker can do,
    // the URLs in natural order with their evidence.
    for sev in [
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        let mut rows: Vec<&Listed> = log.listed.iter().filter(|l| l.severity == sev).collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| {
            a.code
                .cmp(b.code)
                .then(a.check.cmp(&b.check))
                .then_with(|| natural_cmp(&a.url, &b.url))
                .then_with(|| a.evidence.cmp(&b.evidence))
        });
        let style = match sev {
            Severity::High => Style::new().red().bold(),
            Severity::Medium => Style::new().yellow().bold(),
            _ => Style::new().bold(),
        };
        let mut i = 0;
        while i < rows.len() {
            let (code, check) = (rows[i].code, rows[i].check);
            let group: Vec<&Listed> = rows[i..]
                .iter()
                .take_while(|l| l.code == code && l.check == check)
                .copied()
                .collect();
            i += group.len();
            let mut urls: Vec<&str> = group.iter().map(|l| l.url.as_str()).collect();
            urls.dedup();
            out.blank()?;
            out.hang(
                0,
                2,
                &Text::styled(sev.as_str(), style)
                    .add(&format!(" {code} ",), Style::new().bold())
                    .add(
                        &format!(
                            "{} URL{}: {} ({})",
                            urls.len(),
                            if urls.len() == 1 { "" } else { "s" },
                            check.title(),
                            group[0].name
                        ),
                        Style::new(),
                    ),
            )?;
            out.item(2, "attacker: ", &Text::plain(check.attack()))?;
            // One reason for the whole group when every URL has the same.
            let shared_reason = group
                .iter()
                .all(|l| l.reason == group[0].reason)
                .then(|| group[0].reason.clone());
            if let Some(reason) = &shared_reason {
                out.item(2, "why: ", &Text::plain(reason))?;
            }
            let mut j = 0;
            while j < group.len() {
                let url = group[j].url.as_str();
                let same: Vec<&Listed> = group[j..]
                    .iter()
                    .take_while(|l| l.url == url)
                    .copied()
                    .collect();
                j += same.len();
                out.item(2, "- ", &Text::plain(url))?;
                for l in same.iter().take(2) {
                    out.item(6, "", &Text::styled(&l.evidence, Style::new().dimmed()))?;
                }
                if same.len() > 2 {
                    out.item(
                        6,
                        "",
                        &Text::styled(
                            &format!(
                                "… and {} more accepted origins for this URL",
                                same.len() - 2
                            ),
                            Style::new().dimmed(),
                        ),
                    )?;
                }
                if shared_reason.is_none() {
                    out.item(6, "", &Text::plain(&same[0].reason))?;
                }
            }
        }
    }
    if !log.info.is_empty() {
        let facts: Vec<String> = log.info.iter().map(|(c, n)| format!("{c} ×{n}")).collect();
        out.blank()?;
        out.item(
            0,
            "info: ",
            &Text::plain(&format!(
                "{} (list them with --show-info or --format jsonl)",
                facts.join(", ")
            )),
        )?;
    }
    if !log.untested.is_empty() {
        out.blank()?;
        out.para(
            0,
            &Text::styled("Could not be tested:", Style::new().bold()),
        )?;
        let mut untested: Vec<&(String, String)> = log.untested.iter().collect();
        untested.sort_by(|a, b| natural_cmp(&a.0, &b.0));
        for (url, why) in untested {
            out.item(2, "- ", &Text::plain(url))?;
            out.item(6, "", &Text::plain(why))?;
        }
    }
    if log.dropped > 0 {
        out.blank()?;
        out.para(
            0,
            &Text::plain(&format!(
                "({} more lines not listed; use --format jsonl for everything)",
                log.dropped
            )),
        )?;
    }
    if high + medium + low > 0 {
        out.blank()?;
        out.hang(
            0,
            2,
            &Text::styled("Fix:", Style::new().bold()).add(
                &format!(
                    " {} `corsfix lint --explain CODE` explains each code.",
                    corsfix_diagnose::fix::scan_advice()
                ),
                Style::new(),
            ),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::natural_cmp;

    #[test]
    fn urls_sort_in_natural_order() {
        let mut v = vec![
            "https://a.test/item/10",
            "https://a.test/item/2",
            "https://a.test/item/02",
            "https://a.test/b",
            "https://a.test/item/1",
        ];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            [
                "https://a.test/b",
                "https://a.test/item/1",
                "https://a.test/item/2",
                "https://a.test/item/02",
                "https://a.test/item/10"
            ]
        );
    }
}
