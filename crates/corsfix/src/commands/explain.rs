//! `corsfix explain [TEXT | -]`: read a pasted console error and say what it means, the
//! likely causes ranked, the fix for each, and the command that would confirm it.
//!
//! The reading and the diagnosis come from `corsfix_model::parse`; this module only gathers
//! the input and renders the answer (text, or `--json` as documented in `docs/explain.md`).

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use corsfix_model::diagnosis::{Diagnosis, Likelihood};
use corsfix_model::parse::{self, MAX_INPUT_BYTES, Reading};
use corsfix_model::{Browser, Initiator};
use owo_colors::Style;

use super::ExitStatus;
use crate::printer;
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
    /// Also print the `corsfix gen` command for this framework or server (`express`, `nginx`, …)
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
    let diagnosis = reading.diagnose();
    let mut out = printer::stdout();
    let width = crate::render::width::stdout_width();
    if args.json {
        let value = json(&reading, &diagnosis, args.target.as_deref());
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else if reading.recognized() {
        render(
            &mut Out::new(&mut out, width),
            &reading,
            &diagnosis,
            args.target.as_deref(),
        )?;
    } else {
        render_unrecognized(&mut Out::new(&mut out, width), &reading)?;
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

/// The `--json` object: the reading's fields, then the diagnosis (documented in docs/explain.md).
fn json(r: &Reading, d: &Diagnosis, target: Option<&str>) -> serde_json::Value {
    let mut m = match serde_json::to_value(r) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    m.insert("recognized".into(), r.recognized().into());
    m.insert("is_cors".into(), d.is_cors.into());
    m.insert(
        "causes".into(),
        serde_json::to_value(&d.causes).unwrap_or_default(),
    );
    m.insert(
        "diagnosis".into(),
        serde_json::to_value(d).unwrap_or_default(),
    );
    m.insert(
        "check_command".into(),
        d.confirm_with
            .clone()
            .map_or(serde_json::Value::Null, Into::into),
    );
    m.insert(
        "gen_command".into(),
        match (r.recognized() && d.is_cors, target) {
            (true, Some(t)) => r.gen_command(t).into(),
            _ => serde_json::Value::Null,
        },
    );
    m.insert("browsers".into(), every_browser_json(r));
    serde_json::Value::Object(m)
}

/// What each engine prints for the same failure (`null` when the reading cannot be rebuilt).
fn every_browser_json(r: &Reading) -> serde_json::Value {
    let Some((_, sim)) = r.in_every_browser() else {
        return serde_json::Value::Null;
    };
    let mut m = serde_json::Map::new();
    for b in Browser::ALL {
        let v = sim.get(b);
        m.insert(
            b.name().to_owned(),
            serde_json::json!({
                "allowed": v.allowed,
                "kind": v.failure.as_ref().map(corsfix_model::Failure::kind_name),
                "lines": v.failure.as_ref().map(|f| f.lines.clone()).unwrap_or_default(),
            }),
        );
    }
    serde_json::Value::Object(m)
}

/// The same failure in Chrome, Firefox and Safari, from the model.
fn render_every_browser<W: Write>(out: &mut Out<W>, r: &Reading) -> anyhow::Result<()> {
    let Some((_, sim)) = r.in_every_browser() else {
        return Ok(());
    };
    out.heading("The same failure in every browser")?;
    let allowed: Vec<&str> = Browser::ALL
        .iter()
        .filter(|b| sim.get(**b).allowed)
        .map(|b| browser_name(*b))
        .collect();
    for b in Browser::ALL {
        let v = sim.get(b);
        match v.failure.as_ref().and_then(|f| f.first_line()) {
            Some(line) => {
                out.para(2, &Text::plain(&format!("{}:", browser_name(b))))?;
                out.para(4, &Text::styled(line, Style::new().yellow()))?;
            }
            None if v.allowed => {
                out.para(2, &Text::plain(&format!("{}: allows it", browser_name(b))))?;
            }
            None => {
                out.para(
                    2,
                    &Text::plain(&format!(
                        "{}: fails without a CORS message",
                        browser_name(b)
                    )),
                )?;
            }
        }
    }
    if !allowed.is_empty() {
        out.item(
            2,
            "note: ",
            &Text::plain(&format!(
                "the engines disagree: {} would allow this request",
                allowed.join(" and ")
            )),
        )?;
    }
    out.para(2, &Text::styled("(what each engine prints for the same server answer; a status the message did not give is assumed)", Style::new().dimmed()))?;
    out.blank()?;
    Ok(())
}

fn browser_name(b: Browser) -> &'static str {
    match b {
        Browser::Chrome => "Chrome (or Edge)",
        Browser::Firefox => "Firefox",
        Browser::Safari => "Safari",
    }
}

/// What was read from the text, as `(label, value)` rows.
fn facts(r: &Reading) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    if let Some(b) = r.browser {
        rows.push(("browser", browser_name(b).to_owned()));
    }
    if let Some(k) = r.kind {
        rows.push(("kind", k.name().to_owned()));
    }
    if let Some(u) = &r.redirected_from {
        rows.push(("first url", u.clone()));
    }
    if let Some(u) = &r.url {
        rows.push(("url", u.clone()));
    }
    if let Some(u) = &r.location {
        rows.push(("redirect to", u.clone()));
    }
    if let Some(o) = &r.origin {
        rows.push(("origin", o.clone()));
    }
    if let Some(p) = &r.parameter {
        rows.push(("parameter", format!("{p:?}")));
    }
    if let Some(s) = r.status {
        rows.push((
            "status",
            format!("{s} {}", corsfix_model::diagnosis::status_text(s)),
        ));
    }
    if let Some(m) = &r.method {
        rows.push(("method", m.clone()));
    }
    if let Some(i) = r.initiator {
        rows.push((
            "initiator",
            match i {
                Initiator::Fetch => "fetch()".to_owned(),
                Initiator::XmlHttpRequest => "XMLHttpRequest (axios, jQuery)".to_owned(),
            },
        ));
    }
    if let Some(p) = r.preflight {
        rows.push((
            "failed at",
            if p {
                "the preflight (OPTIONS)"
            } else {
                "the response"
            }
            .to_owned(),
        ));
    }
    if !r.also.is_empty() {
        let also: Vec<&str> = r.also.iter().map(|k| k.name()).collect();
        rows.push(("also in the text", also.join(", ")));
    }
    rows
}

/// The answer first: what happened, the causes with their fixes, how to confirm and generate
/// the fix; then the evidence (what was read from the text, every browser's line).
fn render<W: Write>(
    out: &mut Out<W>,
    r: &Reading,
    d: &Diagnosis,
    target: Option<&str>,
) -> anyhow::Result<()> {
    out.heading("What happened")?;
    let style = if d.is_cors {
        Style::new().yellow()
    } else {
        Style::new().cyan()
    };
    out.para(2, &Text::styled(&d.headline, style))?;
    out.blank()?;
    out.para(2, &Text::plain(&d.meaning))?;
    out.blank()?;
    let title = if d.causes.len() == 1 {
        "The cause"
    } else {
        "Likely causes, most likely first"
    };
    out.heading(title)?;
    for (i, c) in d.causes.iter().enumerate() {
        let (how, how_style) = match c.likelihood {
            Likelihood::Certain => ("certain", Style::new().green()),
            Likelihood::Likely => ("likely", Style::new().yellow()),
            Likelihood::Possible => ("possible", Style::new().dimmed()),
        };
        out.item(
            2,
            &format!("{}. ", i + 1),
            &Text::styled(&c.summary, Style::new().bold())
                .add(&format!(" [{}]", c.code), Style::new())
                .add(" (", Style::new())
                .add(how, how_style)
                .add(")", Style::new()),
        )?;
        out.para(5, &Text::plain(&c.detail))?;
        out.para(5, &Text::styled("Fix:", Style::new().green()))?;
        for step in &c.fix {
            out.item(7, "- ", &Text::plain(step))?;
        }
    }
    out.blank()?;
    if let Some(cmd) = &d.confirm_with {
        out.heading("Confirm it against the live server")?;
        out.command(2, &shell_words(cmd), Style::new().cyan())?;
        if r.origin.is_none() {
            out.para(2, &Text::styled("(the text does not name the page's origin: replace <PAGE-ORIGIN>, or pass --origin)", Style::new().dimmed()))?;
        }
        out.blank()?;
    }
    if d.is_cors {
        out.heading("Generate the fix")?;
        match target {
            Some(t) => out.command(2, &shell_words(&r.gen_command(t)), Style::new().cyan())?,
            None => {
                out.command(2, &shell_words(&r.gen_command("NAME")), Style::new().cyan())?;
                out.para(2, &Text::styled("(pick NAME from `corsfix gen --list`, or run explain again with --target NAME)", Style::new().dimmed()))?;
            }
        }
        out.blank()?;
    }
    out.heading("Read from the text")?;
    for (label, value) in facts(r) {
        out.row(2, &format!("{label}:"), 19, &Text::plain(&value))?;
    }
    out.blank()?;
    render_every_browser(out, r)?;
    Ok(())
}

fn render_unrecognized<W: Write>(out: &mut Out<W>, r: &Reading) -> anyhow::Result<()> {
    out.para(
        0,
        &Text::styled(
            "Not recognized: no browser CORS or network error found in the text.",
            Style::new().red(),
        ),
    )?;
    let rows = facts(r);
    if rows.is_empty() {
        out.para(
            2,
            &Text::plain("Nothing in it was recognized (no URL, status or browser wording)."),
        )?;
    } else {
        out.heading("What was recognized")?;
        for (label, value) in rows {
            out.row(2, &format!("{label}:"), 19, &Text::plain(&value))?;
        }
    }
    out.blank()?;
    out.para(0, &Text::plain("Paste the whole red line(s) from the browser console (they start with \"Access to\", \"Cross-Origin Request Blocked\" or \"[Error]\"), or probe the endpoint:"))?;
    out.command(2, &shell_words(&r.check_command()), Style::new().cyan())?;
    Ok(())
}
