//! `corsfix explain [TEXT | -]`: read a pasted console error and say what it means, the
//! likely causes ranked, the fix for each, and the command that would confirm it.
//!
//! The reading comes from `corsfix_model::parse`, the diagnosis and the report from
//! `corsfix_diagnose`; this module only gathers the input and renders the answer (text, or
//! `--json` as documented in `docs/explain.md`).

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use corsfix_diagnose::commands::{check_command, gen_command};
use corsfix_diagnose::{Diagnosis, Evidence, Likelihood};
use corsfix_model::parse::{self, MAX_INPUT_BYTES, Reading};
use corsfix_model::{Browser, Initiator, Origin};
use owo_colors::OwoColorize;

use super::ExitStatus;
use crate::printer;

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
        let origin = Origin::parse(o).context("--origin is not a page origin")?;
        if reading.origin.is_none() {
            reading.origin = Some(origin.as_str().to_owned());
        }
    }
    if let Some(t) = &args.target
        && (t.trim().is_empty() || t.chars().any(char::is_control))
    {
        anyhow::bail!("--target needs a framework or server name, like `express` or `nginx`");
    }
    let diagnosis = corsfix_diagnose::diagnose(&Evidence::Text(&reading));
    let mut out = printer::stdout();
    if args.json {
        let value = json(&reading, &diagnosis, args.target.as_deref());
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else if reading.recognized() {
        render(&mut out, &reading, &diagnosis, args.target.as_deref())?;
    } else {
        render_unrecognized(&mut out, &reading)?;
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
            (true, Some(t)) => gen_command(r, t).into(),
            _ => serde_json::Value::Null,
        },
    );
    m.insert("browsers".into(), every_browser_json(r));
    m.insert(
        "report".into(),
        serde_json::to_value(corsfix_diagnose::report(&Evidence::Text(r), d)).unwrap_or_default(),
    );
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
fn render_every_browser(out: &mut impl Write, r: &Reading) -> anyhow::Result<()> {
    let Some((_, sim)) = r.in_every_browser() else {
        return Ok(());
    };
    writeln!(out, "{}", "The same failure in every browser".bold())?;
    let allowed: Vec<&str> = Browser::ALL
        .iter()
        .filter(|b| sim.get(**b).allowed)
        .map(|b| browser_name(*b))
        .collect();
    for b in Browser::ALL {
        let v = sim.get(b);
        match v.failure.as_ref().and_then(|f| f.first_line()) {
            Some(line) => {
                writeln!(out, "  {}:", browser_name(b))?;
                for l in wrap(line, 86) {
                    writeln!(out, "    {}", l.yellow())?;
                }
            }
            None if v.allowed => writeln!(out, "  {}: allows it", browser_name(b))?,
            None => writeln!(out, "  {}: fails without a CORS message", browser_name(b))?,
        }
    }
    if !allowed.is_empty() {
        writeln!(
            out,
            "  {} the engines disagree: {} would allow this request",
            "note:".yellow(),
            allowed.join(" and ")
        )?;
    }
    writeln!(out, "  {}", "(what each engine prints for the same server answer; a status the message did not give is assumed)".dimmed())?;
    writeln!(out)?;
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
            format!("{s} {}", corsfix_diagnose::status_text(s)),
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

fn render(
    out: &mut impl Write,
    r: &Reading,
    d: &Diagnosis,
    target: Option<&str>,
) -> anyhow::Result<()> {
    writeln!(out, "{}", "What happened".bold())?;
    for line in wrap(&d.headline, 92) {
        let line = if d.is_cors {
            line.yellow().to_string()
        } else {
            line.cyan().to_string()
        };
        writeln!(out, "  {line}")?;
    }
    writeln!(out)?;
    for line in wrap(&d.meaning, 92) {
        writeln!(out, "  {line}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", "Read from the text".bold())?;
    for (label, value) in facts(r) {
        writeln!(out, "  {:<18} {value}", format!("{label}:").dimmed())?;
    }
    writeln!(out)?;
    let title = if d.causes.len() == 1 {
        "The cause"
    } else {
        "Likely causes, most likely first"
    };
    writeln!(out, "{}", title.bold())?;
    for (i, c) in d.causes.iter().enumerate() {
        let how = match c.likelihood {
            Likelihood::Certain => "certain".green().to_string(),
            Likelihood::Likely => "likely".yellow().to_string(),
            Likelihood::Possible => "possible".dimmed().to_string(),
        };
        writeln!(
            out,
            "  {}. {} [{}] ({how})",
            i + 1,
            c.summary.bold(),
            c.code
        )?;
        for line in wrap(&c.detail, 86) {
            writeln!(out, "     {line}")?;
        }
        writeln!(out, "     {}", "Fix:".green())?;
        for step in &c.fix {
            let mut first = true;
            for line in wrap(step, 82) {
                writeln!(out, "       {} {line}", if first { "-" } else { " " })?;
                first = false;
            }
        }
    }
    writeln!(out)?;
    render_every_browser(out, r)?;
    if let Some(cmd) = &d.confirm_with {
        writeln!(out, "{}", "Confirm it against the live server".bold())?;
        writeln!(out, "  {}", cmd.cyan())?;
        if r.origin.is_none() {
            writeln!(
                out,
                "  {}",
                "(the text does not name the page's origin: replace <PAGE-ORIGIN>, or pass --origin)"
                    .dimmed()
            )?;
        }
        writeln!(out)?;
    }
    if d.is_cors {
        writeln!(out, "{}", "Generate the fix".bold())?;
        match target {
            Some(t) => writeln!(out, "  {}", gen_command(r, t).cyan())?,
            None => {
                writeln!(out, "  {}", gen_command(r, "NAME").cyan())?;
                writeln!(
                    out,
                    "  {}",
                    "(pick NAME from `corsfix gen --list`, or run explain again with --target NAME)"
                        .dimmed()
                )?;
            }
        }
    }
    Ok(())
}

fn render_unrecognized(out: &mut impl Write, r: &Reading) -> anyhow::Result<()> {
    writeln!(
        out,
        "{}",
        "Not recognized: no browser CORS or network error found in the text.".red()
    )?;
    let rows = facts(r);
    if rows.is_empty() {
        writeln!(
            out,
            "  Nothing in it was recognized (no URL, status or browser wording)."
        )?;
    } else {
        writeln!(out, "{}", "What was recognized".bold())?;
        for (label, value) in rows {
            writeln!(out, "  {:<18} {value}", format!("{label}:").dimmed())?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "Paste the whole red line(s) from the browser console (they start with \"Access to\", \"Cross-Origin Request Blocked\" or \"[Error]\"), or probe the endpoint:"
    )?;
    writeln!(out, "  {}", check_command(r).cyan())?;
    Ok(())
}

/// Greedy word wrap (no hyphenation; a word longer than `width` gets its own line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_keeps_every_word() {
        let text = "one two three four five six seven eight nine ten";
        let lines = wrap(text, 10);
        assert!(lines.iter().all(|l| l.chars().count() <= 10));
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrap("", 10), Vec::<String>::new());
        assert_eq!(wrap("averyveryverylongword", 5), ["averyveryverylongword"]);
    }
}
