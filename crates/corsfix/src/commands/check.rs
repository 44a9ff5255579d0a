//! `corsfix check URL --origin O`: probe a live endpoint exactly as the browser would, and say
//! what is really wrong. The probing lives in `corsfix-probe`, the diagnosis, the fix and the
//! report in `corsfix-diagnose`; this module parses the flags and renders the report (verdict,
//! timeline, diagnosis, fix).

use std::io::Write;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use corsfix_diagnose::report::Report;
use corsfix_diagnose::{Diagnosis, Evidence, Fix, Severity};
use corsfix_model::Mode;
use corsfix_probe::ssrf::{Guard, Limits, StaticResolver, SystemResolver};
use corsfix_probe::{CheckReport, CheckRequest, Exchange, ProbeOptions, Purpose};
use owo_colors::OwoColorize;

use super::ExitStatus;
use crate::printer;

/// Arguments of `corsfix check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The API URL the page fetches (with its scheme: `https://api.example.com/items`)
    #[arg(value_name = "URL")]
    url: String,
    /// The page's origin (`https://app.example.com`, `http://localhost:5173`, or `null`)
    #[arg(long, value_name = "ORIGIN")]
    origin: String,
    /// The method the script uses
    #[arg(long, short = 'X', default_value = "GET", value_name = "METHOD")]
    method: String,
    /// A header the script sets, `Name: value` (repeatable)
    #[arg(long = "header", short = 'H', value_name = "HEADER")]
    headers: Vec<String>,
    /// The request carries credentials (fetch `credentials: 'include'`, XHR `withCredentials`)
    #[arg(long)]
    credentials: bool,
    /// A response header the script reads, checked against Access-Control-Expose-Headers
    /// (repeatable)
    #[arg(long = "read-header", value_name = "NAME")]
    read_headers: Vec<String>,
    /// The script uses `mode: 'no-cors'`
    #[arg(long)]
    no_cors: bool,
    /// The body the script sends, as curl's --data: `-d '{"name":"x"}'`, or `-d @file.json`
    /// to read it from a file; set its Content-Type with -H as the script does (without one it
    /// goes as text/plain, as fetch() sends a string)
    #[arg(long = "data", short = 'd', value_name = "BODY")]
    data: Option<String>,
    /// Generate the fix for this framework or server (`express`, `nginx`, `django`, …)
    #[arg(long, value_name = "TARGET")]
    target: Option<String>,
    /// Write the report as JSON (schema in docs/check.md)
    #[arg(long)]
    json: bool,
    /// Seconds to wait for each response
    #[arg(long, default_value = "10", value_name = "SECS")]
    timeout: f64,
    /// Accept any TLS certificate (self-signed, expired, wrong name)
    #[arg(long)]
    insecure: bool,
    /// Resolve HOST to ADDR instead of asking DNS, like curl's --resolve (repeatable)
    #[arg(long, value_name = "HOST:ADDR")]
    resolve: Vec<String>,
    /// Send only what the browser sends (no extra probes with other origins)
    #[arg(long)]
    no_extra_probes: bool,
}

fn parse_resolve(items: &[String]) -> anyhow::Result<StaticResolver> {
    let mut r = StaticResolver::new().with_fallback(Arc::new(SystemResolver));
    for item in items {
        let (host, addr) = item
            .split_once(':')
            .with_context(|| format!("--resolve `{item}`: expected HOST:ADDR"))?;
        let addr = addr.trim_start_matches('[').trim_end_matches(']');
        let ip: IpAddr = addr
            .parse()
            .with_context(|| format!("--resolve `{item}`: `{addr}` is not an IP address"))?;
        if host.is_empty() {
            anyhow::bail!("--resolve `{item}`: the host name is empty");
        }
        r.insert(host, &[ip]);
    }
    Ok(r)
}

/// The largest `--data @file` read.
const MAX_DATA_BYTES: usize = 10 * 1024 * 1024;

pub(crate) fn run(args: Args) -> anyhow::Result<ExitStatus> {
    let mut headers = Vec::new();
    for h in &args.headers {
        headers.push(corsfix_probe::parse_header_line(h).map_err(|e| {
            anyhow::Error::new(e).context(printer::Hint(
                "write headers as curl does: -H 'Content-Type: application/json'".to_owned(),
            ))
        })?);
    }
    if !(args.timeout.is_finite() && args.timeout > 0.0 && args.timeout <= 600.0) {
        anyhow::bail!("--timeout must be a number of seconds between 0 and 600");
    }
    for name in &args.read_headers {
        if !corsfix_model::method::is_token(name) {
            anyhow::bail!("--read-header `{name}` is not a header name");
        }
    }
    let body = match args.data.as_deref() {
        None => None,
        Some(d) => Some(match d.strip_prefix('@') {
            Some(path) => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("--data @{path}: cannot read the file"))?;
                if bytes.len() > MAX_DATA_BYTES {
                    anyhow::bail!(
                        "--data @{path}: the file is larger than {} MiB",
                        MAX_DATA_BYTES / 1024 / 1024
                    );
                }
                String::from_utf8(bytes)
                    .map_err(|_| anyhow::anyhow!("--data @{path}: the file is not text (UTF-8)"))?
            }
            None => d.to_owned(),
        }),
    };
    let request = CheckRequest {
        url: args.url.clone(),
        origin: args.origin.clone(),
        method: args.method.clone(),
        headers,
        credentials: args.credentials,
        read_headers: args.read_headers.clone(),
        mode: if args.no_cors {
            Mode::NoCors
        } else {
            Mode::Cors
        },
        body,
    };
    // Bad input is reported before anything is sent.
    corsfix_probe::validate(&request).map_err(|e| {
        let hint = match &e {
            corsfix_probe::CheckError::InvalidOrigin { .. } => {
                "the origin is what the browser's address bar shows up to the host and port, e.g. https://app.example.com"
            }
            corsfix_probe::CheckError::InvalidUrl { .. } => {
                "give the full API URL, e.g. https://api.example.com/items"
            }
            _ => "see `corsfix check --help`",
        };
        anyhow::Error::new(e).context(printer::Hint(hint.to_owned()))
    })?;
    if let Some(t) = args.target.as_deref() {
        corsfix_gen::resolve(t).map_err(|e| {
            anyhow::Error::new(e).context(printer::Hint(
                "`corsfix gen --list` shows every target".to_owned(),
            ))
        })?;
    }
    let timeout = Duration::from_secs_f64(args.timeout);
    let opts = ProbeOptions {
        limits: Limits {
            timeout,
            total_timeout: timeout * 6,
            ..Limits::default()
        },
        insecure: args.insecure,
        guard: Guard::allow_all().with_resolver(Arc::new(parse_resolve(&args.resolve)?)),
        extra_probes: !args.no_extra_probes,
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let probe = rt
        .block_on(corsfix_probe::check(&request, &opts))
        .context("the check could not run")?;
    let evidence = Evidence::Probe(&probe.run);
    let diagnosis = corsfix_diagnose::diagnose(&evidence);
    let report = corsfix_diagnose::report(&evidence, &diagnosis);
    let checked = Checked {
        probe: &probe,
        diagnosis: &diagnosis,
        report: &report,
    };
    let generated = args.target.as_deref().map(|t| generate(&checked, t));
    let mut out = printer::stdout();
    if args.json {
        let mut value = serde_json::to_value(&probe)?;
        if let Some(obj) = value.as_object_mut() {
            obj.insert("schema".into(), serde_json::json!("corsfix-check/1"));
            obj.insert("diagnosis".into(), serde_json::to_value(&diagnosis)?);
            obj.insert(
                "warnings".into(),
                serde_json::to_value(&diagnosis.findings)?,
            );
            obj.insert("server".into(), serde_json::to_value(&diagnosis.server)?);
            obj.insert(
                "fix".into(),
                serde_json::to_value(report.fix.as_ref().and_then(|f| f.server.as_ref()))?,
            );
            obj.insert(
                "curl".into(),
                serde_json::to_value(report.evidence.repeat.clone().unwrap_or_default())?,
            );
            obj.insert("passed".into(), serde_json::json!(report.passed));
            obj.insert("report".into(), serde_json::to_value(&report)?);
            if let Some(g) = &generated {
                obj.insert("generated".into(), g.to_json());
            }
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        render(
            &mut out,
            &checked,
            generated.as_ref(),
            args.target.as_deref(),
        )?;
    }
    out.flush()?;
    Ok(if report.passed {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// What the check found: the probe's evidence and verdict, the diagnosis and its report.
struct Checked<'a> {
    probe: &'a CheckReport,
    diagnosis: &'a Diagnosis,
    report: &'a Report,
}

impl Checked<'_> {
    fn server_fix(&self) -> Option<&Fix> {
        self.report.fix.as_ref().and_then(|f| f.server.as_ref())
    }
}

/// The `--target` output: generated files, or why there are none.
enum Generated {
    Files {
        target: String,
        files: Vec<(String, String)>,
        notes: Vec<String>,
    },
    Unavailable(String),
}

impl Generated {
    fn to_json(&self) -> serde_json::Value {
        match self {
            Self::Files {
                target,
                files,
                notes,
            } => serde_json::json!({
                "target": target,
                "files": files.iter().map(|(p, c)| serde_json::json!({"path": p, "contents": c})).collect::<Vec<_>>(),
                "notes": notes,
            }),
            Self::Unavailable(why) => serde_json::json!({ "error": why }),
        }
    }
}

/// The policy a correct server needs for this request, generated for `target`.
fn generate(c: &Checked<'_>, target: &str) -> Generated {
    let Some(fix) = c.server_fix() else {
        return Generated::Unavailable(
            "no server configuration fixes this: the cause is not in the server's CORS policy"
                .to_owned(),
        );
    };
    let spec = fix.policy.clone();
    let policy = match spec.build() {
        Ok(p) => p,
        Err(e) => return Generated::Unavailable(format!("no configuration can be generated: {e}")),
    };
    match corsfix_gen::generate(&policy, target, &corsfix_gen::Options::default()) {
        Ok(g) => {
            let mut notes: Vec<String> = g
                .files
                .iter()
                .map(|f| format!("{}: {}", f.path, f.placement))
                .collect();
            notes.extend(g.install.iter().map(|c| format!("install: {c}")));
            notes.extend(g.notes.iter().cloned());
            Generated::Files {
                target: format!("{} {}", g.name, g.version),
                files: g
                    .files
                    .iter()
                    .map(|f| (f.path.clone(), f.contents.clone()))
                    .collect(),
                notes,
            }
        }
        Err(e) => Generated::Unavailable(e.to_string()),
    }
}

/// The `corsfix gen` command that produces the fix.
fn gen_command(c: &Checked<'_>, target: Option<&str>) -> String {
    let Some(fix) = c.server_fix() else {
        return String::new();
    };
    let target = target
        .map(str::to_owned)
        .or_else(|| c.diagnosis.server.as_ref().and_then(|s| s.target.clone()))
        .unwrap_or_else(|| "<your-framework>".to_owned());
    corsfix_diagnose::fix::gen_command(&fix.policy, Some(&target))
}

/// Wrap text at `width` columns, each line prefixed with `indent`.
fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.len() + 1 + word.chars().count() > width {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

const WIDTH: usize = 100;

fn status_text(status: u16) -> &'static str {
    corsfix_diagnose::status_text(status)
}

fn render_exchange(
    out: &mut impl Write,
    n: usize,
    e: &Exchange,
    origin: &str,
) -> anyhow::Result<()> {
    let status = match (e.status, &e.error) {
        (Some(s), _) => {
            let t = format!("{s} {}", status_text(s));
            if (200..300).contains(&s) {
                t.green().to_string()
            } else if (300..400).contains(&s) {
                t.yellow().to_string()
            } else {
                t.red().to_string()
            }
        }
        (None, Some(err)) => format!("{}", err.kind.chrome_code().red()),
        (None, None) => "no response".red().to_string(),
    };
    let label = match e.purpose {
        Purpose::Preflight => "preflight",
        Purpose::Actual if e.hop == 0 => "request",
        Purpose::Actual => "redirected",
        _ => "probe",
    };
    writeln!(
        out,
        "  {:>2}. {:<10} {} {}  {}  {}",
        n,
        label.dimmed(),
        e.method.cyan().bold(),
        e.url,
        status,
        format!("{} ms", e.elapsed_ms).dimmed()
    )?;
    for (name, value) in &e.request_headers {
        let shown = name.starts_with("Access-Control-Request-")
            || name == "Origin"
            || (e.purpose == Purpose::Actual
                && !matches!(
                    name.as_str(),
                    "Accept"
                        | "Sec-Fetch-Mode"
                        | "Sec-Fetch-Site"
                        | "Sec-Fetch-Dest"
                        | "Referer"
                        | "User-Agent"
                ));
        if shown {
            writeln!(out, "        {} {name}: {value}", "→".dimmed())?;
        }
    }
    if let Some(err) = &e.error {
        writeln!(out, "        {} {}", "✗".red(), err.message)?;
        return Ok(());
    }
    let cors = e.cors_headers();
    if cors.iter().all(|(n, _)| !n.starts_with("access-control-")) {
        writeln!(
            out,
            "        {} {}",
            "←".dimmed(),
            "(no Access-Control-* headers)".red()
        )?;
    }
    for (name, value) in cors {
        let line = format!("{name}: {value}");
        let good = name == "access-control-allow-origin" && (value == origin || value == "*");
        let line = if good {
            line.green().to_string()
        } else if name.starts_with("access-control-") {
            line.to_string()
        } else {
            line.dimmed().to_string()
        };
        writeln!(out, "        {} {line}", "←".dimmed())?;
    }
    Ok(())
}

#[allow(clippy::too_many_lines)]
fn render(
    out: &mut impl Write,
    c: &Checked<'_>,
    generated: Option<&Generated>,
    target: Option<&str>,
) -> anyhow::Result<()> {
    let r = c.probe;
    let d = c.diagnosis;
    let req = &r.run.request;
    let mut what = format!("{} {}", req.method, req.url);
    if !req.headers.is_empty() {
        let names: Vec<&str> = req.headers.iter().map(|(n, _)| n.as_str()).collect();
        what.push_str(&format!(" with {}", names.join(", ")));
    }
    if req.credentials {
        what.push_str(", credentials included");
    }
    if req.mode == Mode::NoCors {
        what.push_str(", mode no-cors");
    }
    writeln!(out, "{} {what}", "Checking".bold())?;
    writeln!(out, "{} {}", "    from".bold(), req.origin)?;
    writeln!(out)?;

    // 1. The verdict.
    if c.report.passed {
        writeln!(out, "{} {}", "✓".green().bold(), "Allowed".green().bold())?;
        if !d.causes.is_empty() {
            writeln!(out, "  (one thing to check below)")?;
        }
        writeln!(
            out,
            "  Chrome, Firefox and Safari let the page read the response{}.",
            r.verdict
                .response
                .as_ref()
                .map(|x| format!(" (status {}, type {})", x.status, x.kind))
                .unwrap_or_default()
        )?;
    } else if r.verdict.allowed {
        writeln!(
            out,
            "{} {}",
            "!".yellow().bold(),
            "Allowed by CORS, but it does not work as intended"
                .yellow()
                .bold()
        )?;
    } else {
        writeln!(out, "{} {}", "✗".red().bold(), "Blocked".red().bold())?;
        for (name, v) in [
            ("Chrome", &r.browsers.chrome),
            ("Firefox", &r.browsers.firefox),
            ("Safari", &r.browsers.safari),
        ] {
            if v.allowed {
                writeln!(out, "  {:<8}{}", name.bold(), "allowed".green())?;
                continue;
            }
            let mut first = true;
            for line in &v.lines {
                let label = if first { name } else { "" };
                first = false;
                let text = wrap(line, "          ", WIDTH);
                let text = text.trim_start();
                write!(out, "  {:<8}{}", label.bold(), text.yellow())?;
            }
            if v.lines.is_empty() {
                writeln!(
                    out,
                    "  {:<8}{}",
                    name.bold(),
                    format!(
                        "blocked ({}), no console line",
                        v.kind.as_deref().unwrap_or("error")
                    )
                    .dimmed()
                )?;
            }
        }
    }
    writeln!(out)?;

    // 2. The timeline.
    writeln!(out, "{}", "Timeline".bold().underline())?;
    let mut n = 0;
    for e in &r.run.exchanges {
        n += 1;
        render_exchange(out, n, e, &req.origin)?;
    }
    if r.verdict.preflight.sent
        && !r.verdict.allowed
        && !r.run.exchanges.iter().any(|e| e.purpose == Purpose::Actual)
    {
        writeln!(
            out,
            "  {:>2}. {:<10} {} {}  {}",
            n + 1,
            "request".dimmed(),
            req.method.cyan().bold(),
            req.url,
            "not sent: the browser stops after the failed preflight".dimmed()
        )?;
    }
    if r.run.exchanges.is_empty() {
        writeln!(out, "  {}", "nothing was sent".dimmed())?;
    }
    if !r.run.extra.is_empty() {
        writeln!(
            out,
            "  {}",
            "extra probes (not sent by the browser):".dimmed()
        )?;
        for e in &r.run.extra {
            let sent_origin = e
                .request_headers
                .iter()
                .find(|(n, _)| n == "Origin")
                .map_or("(no Origin)", |(_, v)| v.as_str());
            let acao = e.header("access-control-allow-origin").map_or_else(
                || "no Access-Control-Allow-Origin".to_owned(),
                |v| format!("Access-Control-Allow-Origin: {v}"),
            );
            let status = e
                .status
                .map_or_else(|| "no response".to_owned(), |s| s.to_string());
            writeln!(
                out,
                "      {} {:<30} {} {}",
                e.method.dimmed(),
                sent_origin,
                status.dimmed(),
                acao.dimmed()
            )?;
        }
    }
    writeln!(out)?;

    // 3. The diagnosis.
    if let Some(primary) = d.causes.first() {
        writeln!(
            out,
            "{}  {} {}",
            "Diagnosis".bold().underline(),
            primary.code.magenta().bold(),
            format!("({})", likelihood(primary.likelihood)).dimmed()
        )?;
        if !d.is_cors
            && !primary
                .summary
                .to_ascii_lowercase()
                .starts_with("not a cors problem")
        {
            writeln!(out, "  {}", "This is not a CORS problem.".bold())?;
        }
        writeln!(out, "  {}", primary.summary.bold())?;
        write!(out, "{}", wrap(&primary.detail, "  ", WIDTH))?;
        if !d.meaning.is_empty() {
            write!(out, "{}", wrap(&d.meaning, "  ", WIDTH).dimmed())?;
        }
        for other in d.causes.iter().skip(1) {
            writeln!(
                out,
                "  {} {} {}: {}",
                "also".dimmed(),
                other.code.magenta(),
                format!("({})", likelihood(other.likelihood)).dimmed(),
                other.summary
            )?;
        }
        writeln!(out)?;
    }

    // 4. The fix.
    if !d.causes.is_empty() {
        writeln!(out, "{}", "Fix".bold().underline())?;
        let mut i = 0;
        for cause in d.causes.iter().take(1) {
            for step in &cause.fix {
                i += 1;
                let text = wrap(step, "     ", WIDTH);
                write!(out, "  {i}. {}", text.trim_start())?;
            }
        }
        if d.is_cors {
            match generated {
                Some(Generated::Files {
                    target,
                    files,
                    notes,
                }) => {
                    writeln!(out, "\n  The configuration for {}:", target.bold())?;
                    for (path, contents) in files {
                        writeln!(out, "  {} {}", "──".dimmed(), path.bold())?;
                        for line in contents.lines() {
                            writeln!(out, "    {line}")?;
                        }
                    }
                    for note in notes {
                        write!(out, "{}", wrap(note, "  ", WIDTH))?;
                    }
                }
                Some(Generated::Unavailable(why)) => {
                    writeln!(out, "  {}", why.dimmed())?;
                    writeln!(out, "  {}", gen_command(c, target).cyan())?;
                }
                None => {
                    writeln!(out, "\n  Generate the configuration for your server:")?;
                    writeln!(out, "    {}", gen_command(c, target).cyan())?;
                }
            }
        }
        writeln!(out)?;
    }
    if let Some(s) = d.server.as_ref().filter(|s| !s.is_known()) {
        writeln!(
            out,
            "{} not recognized {}",
            "Server:".bold(),
            format!("({})", s.evidence.join("; ")).dimmed()
        )?;
    } else if let Some(s) = &d.server {
        writeln!(
            out,
            "{} probably {} {}",
            "Server:".bold(),
            s.name,
            format!("(a guess from {})", s.evidence.join("; ")).dimmed()
        )?;
    }

    // Warnings.
    if !d.findings.is_empty() {
        writeln!(out, "{}", "Warnings".bold().underline())?;
        for w in &d.findings {
            let sev = match w.severity {
                Severity::High => "high".red().bold().to_string(),
                Severity::Medium => "medium".yellow().to_string(),
                Severity::Low => "low".dimmed().to_string(),
                Severity::Info => "info".dimmed().to_string(),
            };
            writeln!(out, "  {} {} ({sev})", "!".yellow(), w.code.bold())?;
            write!(out, "{}", wrap(&w.message, "    ", WIDTH))?;
        }
        writeln!(out)?;
    }
    if let Some(curl) = &c.report.evidence.repeat {
        writeln!(out, "{} {}", "Repeat it:".dimmed(), curl.dimmed())?;
    }
    Ok(())
}

fn likelihood(l: corsfix_diagnose::Likelihood) -> &'static str {
    match l {
        corsfix_diagnose::Likelihood::Certain => "certain",
        corsfix_diagnose::Likelihood::Likely => "likely",
        corsfix_diagnose::Likelihood::Possible => "possible",
    }
}
