//! `corsfix lint POLICY`: check a CORS policy file for dangerous or broken settings, ruff
//! style (`path:line:col: CODE [severity] name: message` then `help:`), or `--json`.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use corsfix_policy::{Diagnostic, ParsePolicyError, Policy, PolicyError, Severity};
use owo_colors::OwoColorize;

use super::ExitStatus;
use crate::printer;

/// Arguments of `corsfix lint`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The policy file (TOML, or JSON when it starts with `{`); `-` for standard input
    #[arg(value_name = "POLICY")]
    policy: PathBuf,
    /// Print one JSON object (`{"file", "findings", "errors"}`) instead of text
    #[arg(long)]
    json: bool,
    /// Exit with 1 when a finding is at least this severe
    #[arg(long, value_enum, default_value = "warning", value_name = "SEVERITY")]
    fail_on: FailOn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Info,
    Warning,
    Error,
    Never,
}

/// Policy files larger than this are refused.
const MAX_POLICY: u64 = 1024 * 1024;

/// Read a policy file (or standard input), bounded.
pub(crate) fn read_policy_text(path: &PathBuf) -> anyhow::Result<String> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_POLICY + 1)
            .read_to_string(&mut text)
            .context("reading the policy from standard input")?;
    } else {
        std::fs::File::open(path)
            .with_context(|| format!("reading policy {}", path.display()))?
            .take(MAX_POLICY + 1)
            .read_to_string(&mut text)
            .with_context(|| format!("reading policy {}", path.display()))?;
    }
    anyhow::ensure!(
        text.len() as u64 <= MAX_POLICY,
        "{} is larger than 1 MiB: not a policy file",
        path.display()
    );
    Ok(text)
}

/// The 1-based line and column of a policy field (`origins[2]`, `max_age`) in the file's text:
/// the line holding the offending value when it can be found, else the field's key.
pub(crate) fn locate(text: &str, field: &str, value: Option<&str>) -> (usize, usize) {
    let key = field.split('[').next().unwrap_or(field);
    let mut key_line = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            for quoted in [format!("\"{v}\""), format!("'{v}'")] {
                if let Some(col) = line.find(&quoted) {
                    return (i + 1, col + 1);
                }
            }
        }
        let trimmed = line.trim_start();
        if key_line.is_none()
            && (trimmed.starts_with(key) || trimmed.starts_with(&format!("\"{key}\"")))
        {
            key_line = Some((i + 1, line.len() - trimmed.len() + 1));
        }
    }
    key_line.unwrap_or((1, 1))
}

/// The source name used for a policy given as `corsfix gen` flags.
pub(crate) const FLAGS: &str = "flags";

/// The flag that sets a policy field (`origins[2]` → `--origin`).
fn flag_for(field: &str) -> Option<&'static str> {
    Some(match field.split('[').next().unwrap_or(field) {
        "origins" => "--origin",
        "credentials" => "--credentials",
        "methods" => "--methods",
        "request_headers" => "--headers",
        "expose_headers" => "--expose",
        "max_age" => "--max-age",
        "paths" => "--path",
        "private_network" => "--private-network",
        _ => return None,
    })
}

/// A value as it would be typed in a POSIX shell: bare when it is plainly safe, otherwise in
/// single quotes, with control characters shown escaped so a hostile value cannot move the
/// cursor or hide text in the terminal.
fn shell_word(v: &str) -> String {
    let plain = !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/,@+=%".contains(c));
    if plain {
        return v.to_owned();
    }
    let mut out = String::from("'");
    for c in v.chars() {
        match c {
            '\'' => out.push_str("'\\''"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Where a problem is, as printed before it: `file:line:col` for a policy file, the flag and
/// its value (`--origin 'https://a.com/'`) for a policy given as flags.
fn position(file: &str, text: Option<&str>, field: Option<&str>, value: Option<&str>) -> String {
    if file == FLAGS {
        return match field.and_then(flag_for) {
            Some(flag) => match value.filter(|v| !v.is_empty()) {
                Some(v) if !flag.ends_with("credentials") && flag != "--private-network" => {
                    format!("{flag} {}", shell_word(v))
                }
                _ => flag.to_owned(),
            },
            None => "the flags".to_owned(),
        };
    }
    let (line, col) = match (text, field) {
        (Some(t), Some(field)) => locate(t, field, value),
        _ => (1, 1),
    };
    format!("{file}:{line}:{col}")
}

fn severity_label(s: Severity) -> String {
    match s {
        Severity::Error => "error".red().bold().to_string(),
        Severity::Warning => "warning".yellow().bold().to_string(),
        Severity::Info => "info".cyan().to_string(),
    }
}

/// Render findings ruff-style.
pub(crate) fn render_findings(
    out: &mut impl Write,
    file: &str,
    text: Option<&str>,
    policy: Option<&Policy>,
    findings: &[Diagnostic],
) -> std::io::Result<()> {
    let entries = policy
        .map(|p| p.origins().display_list())
        .unwrap_or_default();
    for d in findings {
        let value = d
            .location
            .as_deref()
            .and_then(|l| l.strip_prefix("origins["))
            .and_then(|l| l.strip_suffix(']'))
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| entries.get(i))
            .or_else(|| {
                // A finding on the whole list names its only entry, when there is one.
                (d.location.as_deref() == Some("origins") && entries.len() == 1)
                    .then(|| &entries[0])
            })
            .map(String::as_str);
        let at = position(file, text, d.location.as_deref(), value);
        writeln!(
            out,
            "{}: {} [{}] {}: {}",
            at.bold(),
            d.code.bold(),
            severity_label(d.severity),
            d.name,
            d.message
        )?;
        if let Some(h) = &d.help {
            writeln!(out, "  {}: {h}", "help".cyan())?;
        }
        if let Some(rule) = d.rule() {
            writeln!(
                out,
                "  {}: docs/rules.md#{}-{}",
                "docs".dimmed(),
                rule.code().to_ascii_lowercase(),
                rule.name()
            )?;
        }
    }
    Ok(())
}

/// Render validation errors with their location and what to write instead.
pub(crate) fn render_errors(
    out: &mut impl Write,
    file: &str,
    text: &str,
    errors: &[PolicyError],
) -> std::io::Result<()> {
    for e in errors {
        let at = position(file, Some(text), Some(&e.field), Some(&e.value));
        if file == FLAGS {
            writeln!(
                out,
                "{}: {}: {}",
                at.bold(),
                "invalid".red().bold(),
                e.message
            )?;
        } else {
            writeln!(
                out,
                "{}: {}: {}: {}",
                at.bold(),
                "invalid".red().bold(),
                e.field,
                e.message
            )?;
        }
        if let Some(s) = &e.suggestion {
            writeln!(out, "  {}: write `{s}`", "help".cyan())?;
        }
    }
    Ok(())
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitStatus> {
    let text = read_policy_text(&args.policy)?;
    let file = args.policy.display().to_string();
    let parsed = Policy::parse(&text);
    let mut out = printer::stdout();
    match parsed {
        Ok(policy) => {
            let findings = corsfix_policy::lint(&policy);
            if args.json {
                let v = serde_json::json!({
                    "file": file,
                    "policy": policy.to_spec(),
                    "findings": findings,
                    "errors": [],
                });
                writeln!(out, "{v}")?;
            } else {
                render_findings(&mut out, &file, Some(&text), Some(&policy), &findings)?;
                summary(&findings)?;
            }
            out.flush()?;
            let threshold = match args.fail_on {
                FailOn::Info => Some(Severity::Info),
                FailOn::Warning => Some(Severity::Warning),
                FailOn::Error => Some(Severity::Error),
                FailOn::Never => None,
            };
            let failed = threshold.is_some_and(|t| findings.iter().any(|d| d.severity >= t));
            Ok(if failed {
                ExitStatus::Failure
            } else {
                ExitStatus::Success
            })
        }
        Err(ParsePolicyError::Invalid(errs)) => {
            if args.json {
                let v = serde_json::json!({ "file": file, "findings": [], "errors": errs.0 });
                writeln!(out, "{v}")?;
            } else {
                let mut err = printer::stderr();
                render_errors(&mut err, &file, &text, &errs.0)?;
                writeln!(
                    err,
                    "{}: {file} is not a valid policy ({} problem{})",
                    "error".red().bold(),
                    errs.0.len(),
                    if errs.0.len() == 1 { "" } else { "s" }
                )?;
            }
            Ok(ExitStatus::Error)
        }
        Err(e) => Err(anyhow::Error::new(e).context(format!("reading policy {file}"))),
    }
}

fn summary(findings: &[Diagnostic]) -> std::io::Result<()> {
    let mut err = printer::stderr();
    if findings.is_empty() {
        writeln!(err, "{}", "No findings.".green())?;
    } else {
        let count = |s| findings.iter().filter(|d| d.severity == s).count();
        writeln!(
            err,
            "Found {} finding{} ({} error, {} warning, {} info).",
            findings.len(),
            if findings.len() == 1 { "" } else { "s" },
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        )?;
    }
    Ok(())
}
