//! `corsfix lint POLICY`: check a CORS policy file for dangerous or broken settings, ruff
//! style (`path:line:col: CODE [severity] name: message` then `help:`), or `--json`.

use std::io::{Read, Write};

use owo_colors::Style;
use std::path::PathBuf;

use anyhow::Context as _;
use corsfix_policy::{Diagnostic, ParsePolicyError, Policy, PolicyError, Severity};
use owo_colors::OwoColorize;

use super::ExitStatus;
use crate::printer;
use crate::render::{Out, Text, shell_word};
use crate::vocab::{FailOn, Level};

/// Arguments of `corsfix lint`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The policy file (TOML, or JSON when it starts with `{`); `-` for standard input
    #[arg(value_name = "POLICY", required_unless_present = "explain")]
    policy: Option<PathBuf>,
    /// Print one JSON object (`{"file", "findings", "errors"}`) instead of text
    #[arg(long)]
    json: bool,
    /// Exit with 1 when a finding is at least this severe (a lint error is `high`, a warning
    /// `medium`)
    #[arg(long, value_enum, default_value = "medium", value_name = "LEVEL")]
    fail_on: FailOn,
    /// Show a rule's documentation (`CORS003` or `null-origin-allowed`) and exit; `all` lists
    /// the rules
    #[arg(long, value_name = "CODE", conflicts_with = "policy")]
    explain: Option<String>,
}

/// Policy files larger than this are refused.
const MAX_POLICY: u64 = 1024 * 1024;

/// Read a policy file (or standard input), bounded.
pub(crate) fn read_policy_text(path: &PathBuf) -> anyhow::Result<String> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        printer::stdin_notice("the policy (TOML or JSON)");
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

/// Render findings ruff-style, most severe first: the location, code, severity and name, then
/// the message wrapped below; `help:` and where the rule is documented.
pub(crate) fn render_findings<W: Write>(
    out: &mut Out<W>,
    file: &str,
    text: Option<&str>,
    policy: Option<&Policy>,
    findings: &[Diagnostic],
) -> std::io::Result<()> {
    let entries = policy
        .map(|p| p.origins().display_list())
        .unwrap_or_default();
    let mut sorted: Vec<&Diagnostic> = findings.iter().collect();
    sorted.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.code.cmp(b.code)));
    for d in sorted {
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
        // The location, code, severity and name stay on one line (editors and CI problem
        // matchers read `path:line:col: CODE`); the message wraps after them.
        let head = format!("{at}: {} [{}] {}:", d.code, d.severity.as_str(), d.name);
        let line = Text::new()
            .word(&head, Style::new().bold())
            .add(&format!(" {}", d.message), Style::new());
        out.hang(0, 2, &line)?;
        if let Some(h) = &d.help {
            out.item(2, "help: ", &Text::plain(h))?;
        }
        if let Some(rule) = d.rule() {
            out.item(2, "docs: ", &Text::plain(&rule_link(rule)))?;
        }
    }
    Ok(())
}

/// Where a rule is documented, as printed: the command that shows it, and the web tool's page.
pub(crate) fn rule_link(rule: corsfix_policy::Rule) -> String {
    format!(
        "`corsfix lint --explain {}`, or /rules/{} in `corsfix serve`",
        rule.code(),
        rule.code()
    )
}

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Error => Style::new().red().bold(),
        Severity::Warning => Style::new().yellow().bold(),
        Severity::Info => Style::new().cyan(),
    }
}

/// Render validation errors with their location and what to write instead.
pub(crate) fn render_errors<W: Write>(
    out: &mut Out<W>,
    file: &str,
    text: &str,
    errors: &[PolicyError],
) -> std::io::Result<()> {
    for e in errors {
        let at = position(file, Some(text), Some(&e.field), Some(&e.value));
        let mut line = Text::styled("error:", Style::new().red().bold())
            .word(&format!("{at}:"), Style::new().bold());
        if file != FLAGS {
            line = line.add(&format!(" {}:", e.field), Style::new());
        }
        out.hang(0, 2, &line.add(&format!(" {}", e.message), Style::new()))?;
        if let Some(s) = &e.suggestion {
            let written = match (file == FLAGS, position(file, None, Some(&e.field), Some(s))) {
                (true, flag) => flag,
                (false, _) => s.clone(),
            };
            out.item(2, "help: ", &Text::plain(&format!("write `{written}`")))?;
        }
    }
    Ok(())
}

/// `corsfix lint --explain CODE`: the rule's documentation, like `ruff rule`.
fn explain(code: &str) -> anyhow::Result<ExitStatus> {
    let mut out = Out::new(printer::stdout(), crate::render::width::stdout_width());
    if code == "all" {
        let t = crate::render::table::Table {
            columns: vec![
                crate::render::table::Column {
                    header: "CODE",
                    optional: false,
                },
                crate::render::table::Column {
                    header: "NAME",
                    optional: false,
                },
                crate::render::table::Column {
                    header: "SEVERITY",
                    optional: true,
                },
                crate::render::table::Column {
                    header: "SUMMARY",
                    optional: true,
                },
            ],
            rows: corsfix_policy::Rule::ALL
                .iter()
                .map(|r| {
                    vec![
                        r.code().to_owned(),
                        r.name().to_owned(),
                        r.severity().as_str().to_owned(),
                        r.summary().to_owned(),
                    ]
                })
                .collect(),
        };
        out.table(&t)?;
        out.flush()?;
        return Ok(ExitStatus::Success);
    }
    let Some(rule) = corsfix_policy::Rule::find(code.trim()) else {
        return Err(anyhow::anyhow!("no rule `{code}`").context(printer::Hint(
            "`corsfix lint --explain all` lists the rules (CORS001 to CORS021)".to_owned(),
        )));
    };
    out.item(
        0,
        "",
        &Text::styled(
            &format!("{} {}", rule.code(), rule.name()),
            Style::new().bold(),
        )
        .add(
            &format!(" ({})", rule.severity().as_str()),
            severity_style(rule.severity()),
        ),
    )?;
    out.para(0, &Text::plain(rule.summary()))?;
    out.blank()?;
    crate::render::markdown(&mut out, rule.doc())?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitStatus> {
    if let Some(code) = &args.explain {
        return explain(code);
    }
    let Some(path) = &args.policy else {
        anyhow::bail!("give the policy file to check (`corsfix lint cors.toml`)");
    };
    let text = read_policy_text(path)?;
    let file = path.display().to_string();
    let parsed = Policy::parse(&text);
    let width = crate::render::width::stdout_width();
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
                let mut o = Out::new(&mut out, width);
                render_findings(&mut o, &file, Some(&text), Some(&policy), &findings)?;
                summary(&findings)?;
            }
            out.flush()?;
            let failed = findings
                .iter()
                .any(|d| args.fail_on.fails(Level::of_lint(d.severity)));
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
                let mut err = Out::new(printer::stderr(), width);
                render_errors(&mut err, &file, &text, &errs.0)?;
                err.hang(
                    0,
                    2,
                    &Text::styled("error:", Style::new().red().bold()).add(
                        &format!(
                            " {file} is not a valid policy ({} problem{})",
                            errs.0.len(),
                            if errs.0.len() == 1 { "" } else { "s" }
                        ),
                        Style::new(),
                    ),
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
