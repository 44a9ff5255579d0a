//! `corsfix check URL --origin O`: probe a live endpoint exactly as the browser would, and say
//! what is really wrong. The probing and the diagnosis live in `corsfix-probe`; this module
//! parses the flags and renders the report (verdict, timeline, diagnosis, fix).

use std::io::Write;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use corsfix_model::Mode;
use corsfix_probe::ssrf::{Guard, Limits, SystemResolver};
use corsfix_probe::{CheckReport, CheckRequest, Exchange, ProbeOptions, Purpose, Severity};
use owo_colors::Style;

use super::ExitStatus;
use crate::printer;
use crate::render::{Out, Text, shell_word, shell_words};

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
    /// Connect to ADDR for HOST on PORT instead of asking DNS, as curl's --resolve
    /// (`api.example.com:443:127.0.0.1`; HOST may be `*` or `*.example.com`); repeatable
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    resolve: Vec<crate::vocab::ResolveRule>,
    /// Exit with 1 when a finding is at least this severe (a blocked request always exits 1)
    #[arg(long, value_enum, default_value = "high", value_name = "LEVEL")]
    fail_on: crate::vocab::FailOn,
    /// Send only what the browser sends (no extra probes with other origins)
    #[arg(long)]
    no_extra_probes: bool,
}

/// `--resolve` rules for one check: the rules for the URL's port, then the system's DNS.
#[derive(Debug)]
struct CurlResolve {
    rules: Vec<crate::vocab::ResolveRule>,
}

impl corsfix_probe::ssrf::Resolver for CurlResolve {
    fn resolve<'a>(
        &'a self,
        host: &'a str,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = std::io::Result<Vec<IpAddr>>> + Send + 'a>,
    > {
        Box::pin(async move {
            if let Some(rule) = self.rules.iter().find(|r| r.covers(host)) {
                return Ok(rule.addrs.clone());
            }
            SystemResolver.resolve(host).await
        })
    }
}

/// The rules that apply to `url` (curl applies a rule only to its port; a check follows
/// redirects on the same host, so those use the same rules).
fn resolver_for(url: &str, rules: &[crate::vocab::ResolveRule]) -> CurlResolve {
    let port = url::Url::parse(url)
        .ok()
        .and_then(|u| u.port_or_known_default());
    CurlResolve {
        rules: rules
            .iter()
            .filter(|r| Some(r.port) == port)
            .cloned()
            .collect(),
    }
}

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
    let origin = crate::vocab::page_origin(&args.origin)?;
    let request = CheckRequest {
        url: args.url.clone(),
        origin,
        method: args.method.clone(),
        headers,
        credentials: args.credentials,
        read_headers: args.read_headers.clone(),
        mode: if args.no_cors {
            Mode::NoCors
        } else {
            Mode::Cors
        },
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
        guard: Guard::allow_all().with_resolver(Arc::new(resolver_for(&args.url, &args.resolve))),
        extra_probes: !args.no_extra_probes,
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let report = rt
        .block_on(corsfix_probe::check(&request, &opts))
        .context("the check could not run")?;
    let generated = args.target.as_deref().map(|t| generate(&report, t));
    let mut out = printer::stdout();
    if args.json {
        let mut value = serde_json::to_value(&report)?;
        if let Some(obj) = value.as_object_mut() {
            obj.insert("schema".into(), serde_json::json!("corsfix-check/1"));
            if let Some(g) = &generated {
                obj.insert("generated".into(), g.to_json());
            }
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        let mut o = Out::new(&mut out, crate::render::width::stdout_width());
        render(&mut o, &report, generated.as_ref(), args.target.as_deref())?;
    }
    out.flush()?;
    let finding_fails = report.warnings.iter().any(|w| {
        args.fail_on
            .fails(crate::vocab::Level::of_probe(w.severity))
    });
    Ok(if report.passed && !finding_fails {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
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
fn generate(report: &CheckReport, target: &str) -> Generated {
    let fix = &report.fix;
    let mut methods: Vec<String> = vec!["GET".into(), "HEAD".into(), "POST".into()];
    for m in &fix.methods {
        if !methods.contains(m) {
            methods.push(m.clone());
        }
    }
    let spec = corsfix_policy::PolicySpec {
        origins: vec![fix.origin.clone()],
        credentials: fix.credentials,
        methods,
        request_headers: fix.headers.clone(),
        expose_headers: fix.expose.clone(),
        max_age: Some(600),
        ..corsfix_policy::PolicySpec::default()
    };
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

/// The `corsfix gen` command that produces the fix, as shell words.
fn gen_command(report: &CheckReport, target: Option<&str>) -> Vec<String> {
    let fix = &report.fix;
    let target = target
        .map(str::to_owned)
        .or_else(|| report.server.as_ref().and_then(|s| s.target.clone()))
        .unwrap_or_else(|| "<your-framework>".to_owned());
    let word = |s: &str| {
        if s.starts_with('<') && s.ends_with('>') && !s.contains('\'') {
            s.to_owned()
        } else {
            shell_word(s)
        }
    };
    let mut cmd: Vec<String> = vec![
        "corsfix".into(),
        "gen".into(),
        "--target".into(),
        word(&target),
        "--origin".into(),
        word(&fix.origin),
    ];
    if !fix.methods.is_empty() {
        cmd.extend(["--methods".into(), word(&fix.methods.join(","))]);
    }
    if !fix.headers.is_empty() {
        cmd.extend(["--headers".into(), word(&fix.headers.join(","))]);
    }
    if fix.credentials {
        cmd.push("--credentials".into());
    }
    if !fix.expose.is_empty() {
        cmd.extend(["--expose".into(), word(&fix.expose.join(","))]);
    }
    cmd
}

fn status_text(status: u16) -> &'static str {
    corsfix_model::diagnosis::status_text(status)
}

fn render_exchange<W: Write>(
    out: &mut Out<W>,
    n: usize,
    e: &Exchange,
    origin: &str,
) -> anyhow::Result<()> {
    let (status, status_style) = match (e.status, &e.error) {
        (Some(s), _) => (
            format!("{s} {}", status_text(s)),
            if (200..300).contains(&s) {
                Style::new().green()
            } else if (300..400).contains(&s) {
                Style::new().yellow()
            } else {
                Style::new().red()
            },
        ),
        (None, Some(err)) => (err.kind.chrome_code().to_owned(), Style::new().red()),
        (None, None) => ("no response".to_owned(), Style::new().red()),
    };
    let label = match e.purpose {
        Purpose::Preflight => "preflight",
        Purpose::Actual if e.hop == 0 => "request",
        Purpose::Actual => "redirected",
        _ => "probe",
    };
    out.item(
        2,
        &format!("{n:>2}. "),
        &Text::styled(label, Style::new().dimmed())
            .add(&format!(" {}", e.method), Style::new().cyan().bold())
            .add(&format!(" {}", e.url), Style::new())
            .add(" → ", Style::new())
            .add(&status, status_style)
            .add(&format!(" ({} ms)", e.elapsed_ms), Style::new().dimmed()),
    )?;
    // Header lines are evidence: printed whole, never wrapped.
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
            out.verbatim(6, &format!("→ {name}: {value}"), Style::new().dimmed())?;
        }
    }
    if let Some(err) = &e.error {
        out.item(6, "✗ ", &Text::plain(&err.message))?;
        return Ok(());
    }
    let cors = e.cors_headers();
    if cors.iter().all(|(n, _)| !n.starts_with("access-control-")) {
        out.verbatim(6, "← (no Access-Control-* headers)", Style::new().red())?;
    }
    for (name, value) in cors {
        let good = name == "access-control-allow-origin" && (value == origin || value == "*");
        let style = if good {
            Style::new().green()
        } else if name.starts_with("access-control-") {
            Style::new()
        } else {
            Style::new().dimmed()
        };
        out.verbatim(6, &format!("← {name}: {value}"), style)?;
    }
    Ok(())
}

/// The report, answer first: the verdict; the cause; the fix; findings most severe first
/// (before any merely possible cause); then the evidence (console lines, timeline, server).
#[allow(clippy::too_many_lines)]
fn render<W: Write>(
    out: &mut Out<W>,
    r: &CheckReport,
    generated: Option<&Generated>,
    target: Option<&str>,
) -> anyhow::Result<()> {
    let req = &r.request;
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
    out.hang(
        0,
        2,
        &Text::styled("Checked", Style::new().bold())
            .add(&format!(" {what} from {}", req.origin), Style::new()),
    )?;
    out.blank()?;

    let mut warnings: Vec<&corsfix_probe::Warning> = r.warnings.iter().collect();
    warnings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.code.cmp(&b.code)));
    let high = warnings.iter().find(|w| w.severity == Severity::High);

    // 1. The verdict.
    if r.passed && high.is_some() {
        out.para(
            0,
            &Text::styled("! Works, but unsafe", Style::new().red().bold()),
        )?;
        out.para(2, &Text::plain("Chrome, Firefox and Safari let the page read the response, and so can pages you did not mean to allow:"))?;
    } else if r.passed {
        out.para(0, &Text::styled("✓ Allowed", Style::new().green().bold()))?;
        out.para(
            2,
            &Text::plain(&format!(
                "Chrome, Firefox and Safari let the page read the response{}.",
                r.verdict
                    .response
                    .as_ref()
                    .map(|x| format!(" (status {}, type {})", x.status, x.kind))
                    .unwrap_or_default()
            )),
        )?;
    } else if r.verdict.allowed {
        out.para(
            0,
            &Text::styled(
                "! Allowed by CORS, but it does not work as intended",
                Style::new().yellow().bold(),
            ),
        )?;
    } else {
        let blocked: Vec<&str> = [
            ("Chrome", &r.browsers.chrome),
            ("Firefox", &r.browsers.firefox),
            ("Safari", &r.browsers.safari),
        ]
        .iter()
        .filter(|(_, v)| !v.allowed)
        .map(|(n, _)| *n)
        .collect();
        out.para(
            0,
            &Text::styled(
                &format!("✗ Blocked in {}", and_list(&blocked)),
                Style::new().red().bold(),
            ),
        )?;
    }

    // 2. The cause.
    let d = &r.diagnosis;
    let (certain, possible): (Vec<_>, Vec<_>) = d
        .causes
        .iter()
        .partition(|c| c.likelihood != corsfix_probe::Likelihood::Possible);
    let primary = certain.first().copied().or_else(|| {
        if r.passed {
            None
        } else {
            possible.first().copied()
        }
    });
    if let Some(primary) = primary {
        out.blank()?;
        out.hang(
            0,
            2,
            &Text::styled("Cause:", Style::new().bold())
                .add(&format!(" {}", primary.summary), Style::new().bold())
                .add(
                    &format!(" [{}, {}]", primary.code, likelihood(primary.likelihood)),
                    Style::new().dimmed(),
                ),
        )?;
        if !d.is_cors
            && !primary
                .summary
                .to_ascii_lowercase()
                .starts_with("not a cors problem")
        {
            out.para(
                2,
                &Text::styled("This is not a CORS problem.", Style::new().bold()),
            )?;
        }
        out.para(2, &Text::plain(&primary.detail))?;
        if !d.meaning.is_empty() {
            out.para(2, &Text::styled(&d.meaning, Style::new().dimmed()))?;
        }
    }

    // 3. Security findings, most severe first (a high one is never below a possible cause).
    if !warnings.is_empty() {
        out.blank()?;
        out.heading("Findings")?;
        for w in &warnings {
            let level = crate::vocab::Level::of_probe(w.severity);
            let style = match w.severity {
                Severity::High => Style::new().red().bold(),
                Severity::Medium => Style::new().yellow(),
                Severity::Low => Style::new().dimmed(),
            };
            out.item(
                2,
                "- ",
                &Text::styled(level.as_str(), style)
                    .add(&format!(" {}:", w.code), Style::new().bold())
                    .add(&format!(" {}", w.message), Style::new()),
            )?;
        }
    }

    // 4. The fix.
    if let Some(primary) = primary {
        out.blank()?;
        out.heading("Fix")?;
        for (i, step) in primary.fix.iter().enumerate() {
            out.item(2, &format!("{}. ", i + 1), &Text::plain(step))?;
        }
        if d.is_cors {
            match generated {
                Some(Generated::Files {
                    target,
                    files,
                    notes,
                }) => {
                    out.blank()?;
                    out.para(
                        2,
                        &Text::plain("The configuration for ")
                            .add(target, Style::new().bold())
                            .add(":", Style::new()),
                    )?;
                    for (path, contents) in files {
                        out.para(2, &Text::styled(&format!("── {path}"), Style::new().bold()))?;
                        out.verbatim(4, contents, Style::new())?;
                    }
                    for note in notes {
                        out.item(2, "- ", &Text::plain(note))?;
                    }
                }
                Some(Generated::Unavailable(why)) => {
                    out.para(2, &Text::styled(why, Style::new().dimmed()))?;
                    out.command(2, &gen_command(r, target), Style::new().cyan())?;
                }
                None => {
                    out.blank()?;
                    out.para(
                        2,
                        &Text::plain("Generate the configuration for your server:"),
                    )?;
                    out.command(4, &gen_command(r, target), Style::new().cyan())?;
                }
            }
        }
    }

    if primary.is_none() && high.is_some() {
        out.blank()?;
        out.heading("Fix")?;
        out.para(
            2,
            &Text::plain("Allow the page's origin by name instead, and nothing else:"),
        )?;
        out.command(4, &gen_command(r, target), Style::new().cyan())?;
    }

    // 5. What else it could be.
    let others: Vec<_> = d
        .causes
        .iter()
        .filter(|c| primary.is_none_or(|p| p.code != c.code))
        .collect();
    if !others.is_empty() {
        out.blank()?;
        out.heading("Also possible")?;
        for c in others {
            out.item(
                2,
                "- ",
                &Text::plain(&c.summary).add(
                    &format!(" [{}, {}]", c.code, likelihood(c.likelihood)),
                    Style::new().dimmed(),
                ),
            )?;
        }
    }

    // 6. The evidence: what each browser printed, then the exchanges.
    let consoles: Vec<(&str, &corsfix_probe::BrowserVerdict)> = [
        ("Chrome", &r.browsers.chrome),
        ("Firefox", &r.browsers.firefox),
        ("Safari", &r.browsers.safari),
    ]
    .into_iter()
    .filter(|(_, v)| !v.allowed)
    .collect();
    if !consoles.is_empty() {
        out.blank()?;
        out.heading("What the console shows")?;
        for (name, v) in consoles {
            out.para(2, &Text::styled(&format!("{name}:"), Style::new().bold()))?;
            for line in &v.lines {
                out.para(4, &Text::styled(line, Style::new().yellow()))?;
            }
            if v.lines.is_empty() {
                out.para(
                    4,
                    &Text::styled(
                        &format!(
                            "blocked ({}), no console line",
                            v.kind.as_deref().unwrap_or("error")
                        ),
                        Style::new().dimmed(),
                    ),
                )?;
            }
        }
    }
    out.blank()?;
    out.heading("Timeline")?;
    let mut n = 0;
    for e in &r.exchanges {
        n += 1;
        render_exchange(out, n, e, &req.origin)?;
    }
    if r.verdict.preflight.sent
        && !r.verdict.allowed
        && !r.exchanges.iter().any(|e| e.purpose == Purpose::Actual)
    {
        out.item(
            2,
            &format!("{:>2}. ", n + 1),
            &Text::styled("request", Style::new().dimmed())
                .add(&format!(" {}", req.method), Style::new().cyan().bold())
                .add(&format!(" {}", req.url), Style::new())
                .add(
                    " not sent: the browser stops after the failed preflight",
                    Style::new().dimmed(),
                ),
        )?;
    }
    if r.exchanges.is_empty() {
        out.para(2, &Text::styled("nothing was sent", Style::new().dimmed()))?;
    }
    if !r.extra.is_empty() {
        out.para(
            2,
            &Text::styled(
                "Extra probes (not sent by the browser):",
                Style::new().dimmed(),
            ),
        )?;
        for e in &r.extra {
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
            out.item(
                4,
                "- ",
                &Text::styled(
                    &format!("{} Origin: {sent_origin} → {status}, {acao}", e.method),
                    Style::new().dimmed(),
                ),
            )?;
        }
    }
    if let Some(s) = r.server.as_ref().filter(|s| s.name.starts_with("unknown")) {
        out.blank()?;
        out.hang(
            0,
            2,
            &Text::styled("Server:", Style::new().bold())
                .add(" not recognized ", Style::new())
                .add(
                    &format!("({})", s.evidence.join("; ")),
                    Style::new().dimmed(),
                ),
        )?;
    } else if let Some(s) = &r.server {
        out.blank()?;
        out.hang(
            0,
            2,
            &Text::styled("Server:", Style::new().bold())
                .add(&format!(" probably {} ", s.name), Style::new())
                .add(
                    &format!("(a guess from {})", s.evidence.join("; ")),
                    Style::new().dimmed(),
                ),
        )?;
    }
    if !r.exchanges.is_empty() && r.network_error.is_none() {
        out.blank()?;
        out.para(0, &Text::styled("Repeat it:", Style::new().dimmed()))?;
        out.command(2, &shell_words(&r.curl), Style::new().dimmed())?;
    }
    Ok(())
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn likelihood(l: corsfix_probe::Likelihood) -> &'static str {
    match l {
        corsfix_probe::Likelihood::Certain => "certain",
        corsfix_probe::Likelihood::Likely => "likely",
        corsfix_probe::Likelihood::Possible => "possible",
    }
}
