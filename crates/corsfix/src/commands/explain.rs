//! `corsfix explain [TEXT | -]`: read a pasted console error and say what it means, the
//! likely causes ranked, the fix for each, and the command that would confirm it.
//!
//! The reading comes from `corsfix_model::parse`, the diagnosis and the report from
//! `corsfix_diagnose`; this module gathers the input and lays the report out
//! (`crate::render::report`), or writes `--json` as documented in `docs/explain.md`.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use corsfix_diagnose::commands::check_command;
use corsfix_diagnose::report::VerdictKind;
use corsfix_diagnose::{Diagnosis, Evidence};
use corsfix_model::parse::{self, MAX_INPUT_BYTES, Reading};
use owo_colors::Style;

use super::ExitStatus;
use crate::printer;
use crate::render::report;
use crate::render::{Out, Text, shell_words};

/// Arguments of `corsfix explain`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The console text (quote it); several words are joined with spaces. Standard input
    /// when absent or `-`
    #[arg(value_name = "TEXT")]
    text: Vec<String>,
    /// Read the console text from a file instead
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    file: Option<PathBuf>,
    /// The page's origin, when the text does not print it (Firefox never does)
    #[arg(long, value_name = "ORIGIN")]
    origin: Option<String>,
    /// Print the fix as this framework's or server's files (`express`, `nginx`, …; see
    /// `corsfix gen --list`), built from what the error shows, and what had to be assumed
    #[arg(long, value_name = "NAME")]
    target: Option<String>,
    /// Write the reading and the diagnosis as one JSON object (see docs/explain.md)
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitStatus> {
    let bytes = read_input(&args)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(anyhow::anyhow!("there is no text to explain").context(printer::Hint(
            "paste the console lines as an argument (`corsfix explain \"Access to fetch at …\"`) or pipe them in (`pbpaste | corsfix explain`)".to_owned(),
        )));
    }
    let mut reading = parse::parse_bytes(&bytes)?;
    if let Some(o) = &args.origin {
        let origin = crate::vocab::page_origin(o)?;
        if reading.origin.is_none() {
            reading.origin = Some(origin);
        }
    }
    if let Some(t) = &args.target
        && (t.trim().is_empty() || t.chars().any(char::is_control))
    {
        anyhow::bail!("--target needs a framework or server name, like `express` or `nginx`");
    }
    if let Some(t) = &args.target {
        corsfix_gen::resolve(t).map_err(|e| {
            anyhow::Error::new(e).context(printer::Hint(
                "`corsfix gen --list` shows every target".to_owned(),
            ))
        })?;
    }
    let diagnosis = corsfix_diagnose::diagnose(&Evidence::Text(&reading));
    let mut out = printer::stdout();
    let width = crate::render::width::stdout_width();
    if args.json {
        let value = json(&reading, &diagnosis, args.target.as_deref());
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        let report = corsfix_diagnose::report(&Evidence::Text(&reading), &diagnosis);
        let generated = args
            .target
            .as_deref()
            .filter(|_| reading.recognized() && diagnosis.is_cors)
            .map(|t| super::fixgen::generate(&report, t));
        let mut o = Out::new(&mut out, width);
        report::report(
            &mut o,
            &report,
            &report::Options {
                generated: generated
                    .as_ref()
                    .map(|g| g.as_ref().map_err(String::as_str)),
                compact: false,
            },
        )?;
        if report.verdict.kind == VerdictKind::NotRecognised {
            o.blank()?;
            o.para(0, &Text::plain("Paste the whole red line(s) from the browser console (they start with \"Access to\", \"Cross-Origin Request Blocked\" or \"[Error]\"), or probe the endpoint:"))?;
            o.command(
                2,
                &shell_words(&check_command(&reading)),
                Style::new().cyan(),
            )?;
        }
    }
    out.flush()?;
    Ok(if reading.recognized() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

fn read_input(args: &Args) -> anyhow::Result<Vec<u8>> {
    let limit = MAX_INPUT_BYTES as u64 + 1;
    let mut buf = Vec::new();
    if let Some(path) = &args.file {
        let f =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        f.take(limit)
            .read_to_end(&mut buf)
            .with_context(|| format!("cannot read {}", path.display()))?;
    } else if args.text.is_empty() || args.text == ["-"] {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            let mut e = printer::stderr();
            let _ = writeln!(
                e,
                "Paste the console text, then press Ctrl-D (Ctrl-Z and Enter on Windows):"
            );
        }
        stdin
            .lock()
            .take(limit)
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
    } else {
        buf = args.text.join(" ").into_bytes();
    }
    if buf.len() > MAX_INPUT_BYTES {
        return Err(anyhow::anyhow!(
            "the text is larger than {} KiB; paste only the console lines about the failing request",
            MAX_INPUT_BYTES / 1024
        ));
    }
    Ok(buf)
}

/// The `--json` object (documented in docs/explain.md; built by corsfix-diagnose, as the MCP
/// tool's answer is).
fn json(r: &Reading, d: &Diagnosis, target: Option<&str>) -> serde_json::Value {
    corsfix_diagnose::document::explain(r, d, target)
}
