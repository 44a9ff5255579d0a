//! `corsfix simulate [FILE]`: what a browser does with each case (JSON Lines).

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use corsfix_model::{Browser, Case, Simulation};
use owo_colors::OwoColorize;

use super::ExitStatus;
use crate::printer;

/// Arguments of `corsfix simulate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Cases in JSON Lines (one case per line); standard input when absent or `-`
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// Write one result object per case (the documented result format)
    #[arg(long)]
    json: bool,
    /// Which engine's verdict to give; `all` shows the three side by side
    #[arg(long, value_enum, default_value = "chrome", value_name = "BROWSER")]
    browser: BrowserArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum BrowserArg {
    Chrome,
    Firefox,
    Safari,
    All,
}

/// Inputs larger than this are refused rather than read into memory.
const MAX_INPUT: u64 = 256 * 1024 * 1024;

pub(crate) fn run(args: Args) -> anyhow::Result<ExitStatus> {
    let text = read_input(args.file.as_ref())?;
    let cases = parse_cases(&text)?;
    let mut out = printer::stdout();
    let mut any_blocked = false;
    for (line_no, case) in &cases {
        let sim = Simulation::run(case);
        let browsers: &[Browser] = match args.browser {
            BrowserArg::Chrome => &[Browser::Chrome],
            BrowserArg::Firefox => &[Browser::Firefox],
            BrowserArg::Safari => &[Browser::Safari],
            BrowserArg::All => &Browser::ALL,
        };
        if browsers.iter().any(|b| !sim.get(*b).allowed) {
            any_blocked = true;
        }
        if args.json {
            if args.browser == BrowserArg::All {
                let mut obj = serde_json::Map::new();
                obj.insert(
                    "id".into(),
                    case.id.clone().unwrap_or(serde_json::Value::Null),
                );
                for b in Browser::ALL {
                    let mut r = serde_json::to_value(sim.result(None, b))?;
                    if let Some(m) = r.as_object_mut() {
                        m.remove("id");
                        m.insert("lines".into(), serde_json::to_value(lines_of(&sim, b))?);
                    }
                    obj.insert(b.name().into(), r);
                }
                writeln!(out, "{}", serde_json::Value::Object(obj))?;
            } else {
                let r = sim.result(case.id.clone(), browsers[0]);
                writeln!(out, "{}", serde_json::to_string(&r)?)?;
            }
        } else {
            render_case(&mut out, *line_no, case, &sim, browsers)?;
        }
    }
    out.flush()?;
    Ok(if any_blocked {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn lines_of(sim: &Simulation, b: Browser) -> Vec<String> {
    sim.get(b)
        .failure
        .as_ref()
        .map(|f| f.lines.clone())
        .unwrap_or_default()
}

fn read_input(file: Option<&PathBuf>) -> anyhow::Result<String> {
    let mut buf = Vec::new();
    match file {
        Some(p) if p.as_os_str() != "-" => {
            let f =
                std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
            f.take(MAX_INPUT + 1)
                .read_to_end(&mut buf)
                .with_context(|| format!("cannot read {}", p.display()))?;
        }
        _ => {
            std::io::stdin()
                .take(MAX_INPUT + 1)
                .read_to_end(&mut buf)
                .context("cannot read standard input")?;
        }
    }
    if buf.len() as u64 > MAX_INPUT {
        anyhow::bail!(
            "the input is larger than {} MiB; split it into smaller files",
            MAX_INPUT / 1024 / 1024
        );
    }
    String::from_utf8(buf).map_err(|e| {
        anyhow::anyhow!(
            "the input is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Parse every line; report every bad line at once.
pub(crate) fn parse_cases(text: &str) -> anyhow::Result<Vec<(usize, Case)>> {
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("//") {
            continue;
        }
        match serde_json::from_str::<Case>(trimmed) {
            Ok(case) => match validate(&case) {
                Ok(()) => cases.push((i + 1, case)),
                Err(e) => problems.push(format!("line {}: {e}", i + 1)),
            },
            Err(e) => problems.push(format!("line {}: {e}", i + 1)),
        }
        if problems.len() >= 20 {
            problems.push("(stopping after 20 problems)".to_owned());
            break;
        }
    }
    if !problems.is_empty() {
        let n = problems.len();
        let what = if n == 1 {
            "1 problem".to_owned()
        } else {
            format!("{n} problems")
        };
        return Err(
            anyhow::anyhow!("{what} in the cases:\n  {}", problems.join("\n  ")).context(
                printer::Hint("each line is one JSON case; see docs/case-format.md".to_owned()),
            ),
        );
    }
    if cases.is_empty() {
        anyhow::bail!("no cases in the input (expected JSON Lines, one case per line)");
    }
    Ok(cases)
}

fn validate(case: &Case) -> Result<(), String> {
    corsfix_model::Origin::parse(&case.origin).map_err(|e| format!("`origin`: {e}"))?;
    Ok(())
}

fn render_case(
    out: &mut impl Write,
    line_no: usize,
    case: &Case,
    sim: &Simulation,
    browsers: &[Browser],
) -> anyhow::Result<()> {
    let id = case.id.as_ref().map_or_else(
        || format!("line {line_no}"),
        |v| v.as_str().map_or_else(|| v.to_string(), str::to_owned),
    );
    let r = &case.request;
    writeln!(out, "{} {}", "case".bold(), id.bold())?;
    writeln!(
        out,
        "  {} {} from {}",
        r.method.cyan(),
        case.url,
        case.origin
    )?;
    let headers: Vec<String> = r.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    if !headers.is_empty() {
        writeln!(out, "  headers: {}", headers.join("; "))?;
    }
    let chrome = &sim.chrome;
    for step in &chrome.steps {
        let mark = match (step.check, step.passed) {
            (
                "preflight-needed" | "redirect" | "redirect-taint" | "redirect-method" | "method"
                | "forbidden-header" | "redirect-mode",
                _,
            ) => "•".dimmed().to_string(),
            (_, true) => "✓".green().to_string(),
            (_, false) => "✗".red().to_string(),
        };
        writeln!(out, "  {mark} {:<20} {}", step.check, step.detail)?;
    }
    for b in browsers {
        let v = sim.get(*b);
        let label = format!("{:<8}", b.name());
        if v.allowed {
            let status = v.response.as_ref().map_or(0, |r| r.status);
            writeln!(
                out,
                "  {} {} (status {status})",
                label.bold(),
                "allowed".green().bold()
            )?;
        } else if let Some(f) = &v.failure {
            writeln!(
                out,
                "  {} {} {}",
                label.bold(),
                "blocked".red().bold(),
                f.kind_name().red()
            )?;
            for line in &f.lines {
                writeln!(out, "           {}", line.yellow())?;
            }
            if f.lines.is_empty() {
                if let corsfix_model::Reason::Network { detail } = &f.reason {
                    writeln!(out, "           (no CORS message: {detail})")?;
                }
            }
        }
    }
    writeln!(out)?;
    Ok(())
}
