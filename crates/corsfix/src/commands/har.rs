//! `corsfix har FILE`: judge every cross-origin request recorded in a DevTools HAR export, and
//! diagnose each from its recorded exchanges (`corsfix_diagnose`, `Evidence::Har`).

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use corsfix_diagnose::Evidence;
use corsfix_model::{Browser, Simulation, har};
use owo_colors::OwoColorize;

use super::ExitStatus;
use crate::printer;

/// Arguments of `corsfix har`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A HAR file saved from the browser's DevTools (Network panel → "Save all as HAR"); `-` for stdin
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Write one JSON object per cross-origin request (the case, the result, the notes)
    #[arg(long)]
    json: bool,
    /// Also list the requests the browser allowed
    #[arg(long)]
    all: bool,
}

/// HAR files with response bodies get big; past this we refuse rather than exhaust memory.
const MAX_HAR: u64 = 512 * 1024 * 1024;

pub(crate) fn run(args: Args) -> anyhow::Result<ExitStatus> {
    let mut buf = Vec::new();
    if args.file.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_HAR + 1)
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
    } else {
        let f = std::fs::File::open(&args.file)
            .with_context(|| format!("cannot open {}", args.file.display()))?;
        f.take(MAX_HAR + 1)
            .read_to_end(&mut buf)
            .with_context(|| format!("cannot read {}", args.file.display()))?;
    }
    if buf.len() as u64 > MAX_HAR {
        anyhow::bail!(
            "{} is larger than {} MiB; export the HAR without response bodies",
            args.file.display(),
            MAX_HAR / 1024 / 1024
        );
    }
    let text = String::from_utf8_lossy(&buf);
    let cases = har::read(&text)
        .with_context(|| format!("reading {}", args.file.display()))
        .context(printer::Hint(
            "save it from DevTools: Network panel → right-click → \"Save all as HAR with content\""
                .to_owned(),
        ))?;
    let mut out = printer::stdout();
    let mut blocked = 0usize;
    let mut allowed = 0usize;
    for hc in &cases {
        let sim = Simulation::run(&hc.case);
        let v = sim.get(Browser::Chrome);
        if v.allowed {
            allowed += 1;
        } else {
            blocked += 1;
        }
        let evidence = Evidence::Har(hc);
        let diagnosis = (!v.allowed).then(|| corsfix_diagnose::diagnose(&evidence));
        if args.json {
            let obj = serde_json::json!({
                "entry": hc.entry,
                "started": hc.started,
                "method": hc.case.request.method,
                "url": hc.case.url,
                "origin": hc.case.origin,
                "result": sim.result(hc.case.id.clone(), Browser::Chrome),
                "steps": v.steps,
                "diagnosis": diagnosis,
                "fix": diagnosis.as_ref().and_then(|d| corsfix_diagnose::fix(&evidence, d)),
                "notes": hc.notes,
                "case": hc.case,
            });
            writeln!(out, "{obj}")?;
            continue;
        }
        if v.allowed && !args.all {
            continue;
        }
        let mark = if v.allowed {
            "allowed".green().bold().to_string()
        } else {
            "blocked".red().bold().to_string()
        };
        writeln!(
            out,
            "{mark} {} {} (entry {}, from {})",
            hc.case.request.method.cyan(),
            hc.case.url,
            hc.entry,
            hc.case.origin
        )?;
        if let Some(f) = &v.failure {
            if let Some(line) = f.first_line() {
                writeln!(out, "  {}", line.yellow())?;
            }
            if let Some(step) = v.steps.iter().rev().find(|s| !s.passed) {
                writeln!(out, "  why: {}", step.detail)?;
            }
            if let Some(d) = &diagnosis {
                writeln!(out, "  {} {}", "diagnosis:".bold(), d.headline)?;
                for cause in d.causes.iter().take(3) {
                    writeln!(out, "    - [{}] {}", cause.code.cyan(), cause.summary)?;
                    for step in cause.fix.iter().take(2) {
                        writeln!(out, "        fix: {step}")?;
                    }
                }
            }
            for b in [Browser::Firefox, Browser::Safari] {
                if let Some(line) = sim.get(b).failure.as_ref().and_then(|f| f.first_line()) {
                    writeln!(out, "  {}: {}", b.name().dimmed(), line.dimmed())?;
                }
            }
        }
        for note in &hc.notes {
            writeln!(out, "  {} {note}", "note:".dimmed())?;
        }
        writeln!(out)?;
    }
    if !args.json {
        let mut e = printer::stderr();
        if cases.is_empty() {
            writeln!(
                e,
                "no cross-origin requests in this HAR (only requests carrying an Origin or a cross-origin Referer are judged)"
            )?;
        } else {
            writeln!(
                e,
                "{} cross-origin requests: {} blocked, {} allowed{}",
                cases.len(),
                blocked,
                allowed,
                if allowed > 0 && !args.all {
                    " (--all lists them)"
                } else {
                    ""
                }
            )?;
            if blocked > 0 {
                writeln!(
                    e,
                    "{}: `corsfix explain` reads a console line; `corsfix check URL --origin ORIGIN` probes the server live",
                    "hint".cyan().bold()
                )?;
            }
        }
    }
    out.flush()?;
    Ok(if blocked > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
