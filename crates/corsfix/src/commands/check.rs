//! `corsfix check URL --origin O`: probe a live endpoint exactly as the browser would, and say
//! what is really wrong. The probing lives in `corsfix-probe`, the diagnosis, the fix and the
//! report in `corsfix-diagnose`; this module parses the flags and lays the report out
//! (`crate::render::report`).

use std::io::Write;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use corsfix_diagnose::Evidence;
use corsfix_model::Mode;
use corsfix_probe::ssrf::{Guard, Limits, SystemResolver};
use corsfix_probe::{CheckRequest, ProbeOptions};

use super::ExitStatus;
use crate::printer;
use crate::render::Out;
use crate::render::report;

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
    /// A JSON body, as curl's --json: like --data, and sends `Content-Type: application/json`
    /// and `Accept: application/json` unless -H sets them
    #[arg(long = "json-body", value_name = "BODY", conflicts_with = "data")]
    json_body: Option<String>,
    /// Where the page is served from, for Local Network Access: `public`, `local` (the LAN) or
    /// `loopback` (this machine). Default: guessed from the origin's host
    #[arg(long, value_name = "SPACE", value_parser = parse_space)]
    page_space: Option<corsfix_model::AddressSpace>,
    /// Where the server is, for Local Network Access (default: from the addresses its name
    /// resolves to)
    #[arg(long, value_name = "SPACE", value_parser = parse_space)]
    target_space: Option<corsfix_model::AddressSpace>,
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

/// The largest `--data @file` / `--json-body @file` read.
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
    if args.json_body.is_some() {
        for (name, value) in [
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
        ] {
            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                headers.push((name.to_owned(), value.to_owned()));
            }
        }
    }
    let body = match args.data.as_deref().or(args.json_body.as_deref()) {
        None => None,
        Some(d) => Some(match d.strip_prefix('@') {
            Some(path) => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("@{path}: cannot read the body's file"))?;
                if bytes.len() > MAX_DATA_BYTES {
                    anyhow::bail!(
                        "@{path}: the body's file is larger than {} MiB",
                        MAX_DATA_BYTES / 1024 / 1024
                    );
                }
                String::from_utf8(bytes)
                    .map_err(|_| anyhow::anyhow!("@{path}: the body's file is not text (UTF-8)"))?
            }
            None => d.to_owned(),
        }),
    };
    let origin = crate::vocab::page_origin(&args.origin)?;
    let request = CheckRequest {
        url: args.url.clone(),
        origin: origin.clone(),
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
        page_space: args
            .page_space
            .or_else(|| corsfix_diagnose::heuristics::page_address_space(&origin)),
        target_space: args.target_space,
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
    let probe = rt
        .block_on(corsfix_probe::check(&request, &opts))
        .context("the check could not run")?;
    let evidence = Evidence::Probe(&probe.run);
    let diagnosis = corsfix_diagnose::diagnose(&evidence);
    let report = corsfix_diagnose::report(&evidence, &diagnosis);
    let generated = args
        .target
        .as_deref()
        .map(|t| super::fixgen::generate(&report, t));
    let mut out = printer::stdout();
    if args.json {
        let mut value =
            corsfix_diagnose::document::check(serde_json::to_value(&probe)?, &diagnosis, &report);
        if let (Some(obj), Some(g)) = (value.as_object_mut(), &generated) {
            obj.insert("generated".into(), super::fixgen::to_json(g));
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        let mut o = Out::new(&mut out, crate::render::width::stdout_width());
        let generated = generated
            .as_ref()
            .map(|g| g.as_ref().map_err(String::as_str));
        report::report(
            &mut o,
            &report,
            &report::Options {
                generated,
                compact: false,
            },
        )?;
    }
    out.flush()?;
    let finding_fails = report.findings.iter().any(|f| {
        args.fail_on
            .fails(crate::vocab::Level::of_severity(f.severity))
    });
    Ok(if report.passed && !finding_fails {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// An address space named on the command line.
fn parse_space(s: &str) -> Result<corsfix_model::AddressSpace, String> {
    match s.to_ascii_lowercase().as_str() {
        "public" => Ok(corsfix_model::AddressSpace::Public),
        "local" | "private" => Ok(corsfix_model::AddressSpace::Local),
        "loopback" | "localhost" => Ok(corsfix_model::AddressSpace::Loopback),
        _ => Err(format!(
            "`{s}` is not an address space: say public, local (the LAN) or loopback (this machine)"
        )),
    }
}
