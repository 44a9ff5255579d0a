//! `corsfix har FILE`: judge every cross-origin request recorded in a DevTools HAR export.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use corsfix_diagnose::Evidence;
use corsfix_model::{Browser, Simulation, har};
use owo_colors::Style;

use super::ExitStatus;
use crate::printer;
use crate::render::report;
use crate::render::{Out, Text};

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
        printer::stdin_notice("a HAR file");
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
    let width = crate::render::width::stdout_width();
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
        let mut o = Out::new(&mut out, width);
        o.hang(
            0,
            2,
            &Text::styled(&format!("entry {}:", hc.entry), Style::new().bold())
                .add(&format!(" {}", hc.case.request.method), Style::new().cyan())
                .add(
                    &format!(" {} from {}", hc.case.url, hc.case.origin),
                    Style::new(),
                ),
        )?;
        match &diagnosis {
            Some(d) => {
                let r = corsfix_diagnose::report(&evidence, d);
                report::report(
                    &mut o,
                    &r,
                    &report::Options {
                        generated: None,
                        compact: true,
                    },
                )?;
            }
            None => o.para(0, &Text::styled("✓ allowed", Style::new().green().bold()))?,
        }
        for note in &hc.notes {
            o.item(2, "note: ", &Text::styled(note, Style::new().dimmed()))?;
        }
        o.blank()?;
    }
    if !args.json {
        let mut e = Out::new(printer::stderr(), crate::render::width::stderr_width());
        if cases.is_empty() {
            e.para(0, &Text::plain("no cross-origin requests in this HAR (only requests carrying an Origin or a cross-origin Referer are judged)"))?;
        } else {
            e.para(
                0,
                &Text::plain(&format!(
                    "{} cross-origin requests: {} blocked, {} allowed{}",
                    cases.len(),
                    blocked,
                    allowed,
                    if allowed > 0 && !args.all {
                        " (--all lists them)"
                    } else {
                        ""
                    }
                )),
            )?;
            if blocked > 0 {
                e.hang(
                    0,
                    2,
                    &Text::styled("hint:", Style::new().cyan().bold()).add(
                        " `corsfix explain` reads a console line; `corsfix check URL --origin ORIGIN` probes the server live",
                        Style::new(),
                    ),
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
