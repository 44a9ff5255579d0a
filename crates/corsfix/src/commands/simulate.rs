//! `corsfix simulate [FILE]`: what a browser does with each case (JSON Lines).

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use corsfix_model::{Browser, Case, Simulation};
use owo_colors::Style;

use super::ExitStatus;
use crate::printer;
use crate::render::{Out, Text};

/// Arguments of `corsfix simulate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Cases as JSON: one per line (JSON Lines) or pretty-printed one after another; standard
    /// input when absent or `-`
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
    let width = crate::render::width::stdout_width();
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
                let engine = |b: Browser| {
                    let r = sim.result(None, b);
                    EngineResult {
                        allowed: r.allowed,
                        preflight: r.preflight,
                        actual_sent: r.actual_sent,
                        error: r.error,
                        response: r.response,
                        lines: lines_of(&sim, b),
                        warnings: sim.get(b).warnings.clone(),
                    }
                };
                let all = AllResult {
                    id: case.id.as_ref(),
                    chrome: engine(Browser::Chrome),
                    firefox: engine(Browser::Firefox),
                    safari: engine(Browser::Safari),
                };
                writeln!(out, "{}", serde_json::to_string(&all)?)?;
            } else {
                let r = sim.result(case.id.clone(), browsers[0]);
                writeln!(out, "{}", serde_json::to_string(&r)?)?;
            }
        } else {
            let mut o = Out::new(&mut out, width);
            render_case(&mut o, *line_no, case, &sim, browsers)?;
        }
    }
    out.flush()?;
    Ok(if any_blocked {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// One line of `--json --browser all`: the case's `id`, then each engine's result.
#[derive(serde::Serialize)]
struct AllResult<'a> {
    id: Option<&'a serde_json::Value>,
    chrome: EngineResult,
    firefox: EngineResult,
    safari: EngineResult,
}

/// The result format without `id`, plus every console line the engine prints.
#[derive(serde::Serialize)]
struct EngineResult {
    allowed: bool,
    preflight: corsfix_model::PreflightResult,
    actual_sent: bool,
    error: Option<corsfix_model::ErrorResult>,
    response: Option<corsfix_model::ResponseResult>,
    lines: Vec<String>,
    /// Console warnings that do not block (Chromium's mixed-content warning for a
    /// local-network request); absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

fn lines_of(sim: &Simulation, b: Browser) -> Vec<String> {
    sim.get(b).console_lines().to_vec()
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
            printer::stdin_notice("cases (JSON)");
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

/// Parse the cases: JSON Lines (one case per line, the documented format), or any stream of
/// JSON values, such as pretty-printed cases one after another. `#` and `//` comment lines are
/// skipped. Every bad case is reported at once, by line.
pub(crate) fn parse_cases(text: &str) -> anyhow::Result<Vec<(usize, Case)>> {
    let one_per_line = text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || is_comment(t) || t.starts_with('{')
    });
    let (cases, mut problems) = if one_per_line {
        parse_lines(text)
    } else {
        parse_stream(text)
    };
    if problems.len() > 20 {
        problems.truncate(20);
        problems.push("(stopping after 20 problems)".to_owned());
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
                printer::Hint(
                    r#"give JSON cases such as {"origin": "https://app.example", "url": "https://api.example/x", "request": {"method": "PUT"}, "preflight": {"status": 204}}, one per line or pretty-printed one after another"#
                        .to_owned(),
                ),
            ),
        );
    }
    if cases.is_empty() {
        anyhow::bail!(
            "no cases in the input (expected JSON cases, one per line or pretty-printed)"
        );
    }
    Ok(cases)
}

fn is_comment(trimmed: &str) -> bool {
    trimmed.starts_with('#') || trimmed.starts_with("//")
}

fn accept(
    line: usize,
    value: serde_json::Value,
    cases: &mut Vec<(usize, Case)>,
    problems: &mut Vec<String>,
) {
    if !value.is_object() {
        problems.push(format!(
            "line {line}: a case must be a JSON object (`{{\"origin\": …, \"url\": …, \"request\": …}}`)"
        ));
        return;
    }
    match serde_json::from_value::<Case>(value) {
        Ok(case) => match validate(&case) {
            Ok(()) => cases.push((line, case)),
            Err(e) => problems.push(format!("line {line}: {e}")),
        },
        Err(e) => problems.push(format!("line {line}: {}", strip_position(&e))),
    }
}

fn parse_lines(text: &str) -> (Vec<(usize, Case)>, Vec<String>) {
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || is_comment(trimmed) {
            continue;
        }
        match serde_json::from_str::<Case>(trimmed) {
            Ok(case) => match validate(&case) {
                Ok(()) => cases.push((i + 1, case)),
                Err(e) => problems.push(format!("line {}: {e}", i + 1)),
            },
            Err(e) => problems.push(describe_json_error(i + 1, &e)),
        }
        if problems.len() > 20 {
            break;
        }
    }
    (cases, problems)
}

fn parse_stream(text: &str) -> (Vec<(usize, Case)>, Vec<String>) {
    // Comment lines become blank (same length, so positions keep their line numbers).
    let cleaned: String = text
        .split_inclusive('\n')
        .map(|l| {
            if is_comment(l.trim()) {
                l.chars()
                    .map(|c| if c == '\n' { '\n' } else { ' ' })
                    .collect()
            } else {
                l.to_owned()
            }
        })
        .collect();
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    let line_at = |offset: usize| {
        let rest = &cleaned[offset..];
        let start = offset + (rest.len() - rest.trim_start().len());
        cleaned[..start].matches('\n').count() + 1
    };
    let mut stream = serde_json::Deserializer::from_str(&cleaned).into_iter::<serde_json::Value>();
    loop {
        let line = line_at(stream.byte_offset());
        match stream.next() {
            None => break,
            Some(Ok(value)) => accept(line, value, &mut cases, &mut problems),
            Some(Err(e)) => {
                // A syntax error ends the stream: nothing after it can be placed.
                problems.push(format!(
                    "line {}, column {}: {}",
                    e.line(),
                    e.column(),
                    strip_position(&e)
                ));
                break;
            }
        }
        if problems.len() > 20 {
            break;
        }
    }
    (cases, problems)
}

/// serde_json's message without its own "at line 1 column 17".
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m)
        .to_owned()
}

/// `line 3, column 17: unknown field …` (serde_json's own "at line 1 column 17" dropped).
fn describe_json_error(line_no: usize, e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    if e.column() == 0 {
        format!("line {line_no}: {message}")
    } else {
        format!("line {line_no}, column {}: {message}", e.column())
    }
}

fn validate(case: &Case) -> Result<(), String> {
    case.validate("")
}

/// Whether a step is a decision (what the browser does) rather than a check that can fail.
fn is_decision(check: &str) -> bool {
    matches!(
        check,
        "preflight-needed"
            | "redirect"
            | "redirect-taint"
            | "redirect-method"
            | "method"
            | "forbidden-header"
            | "redirect-mode"
    )
}

/// One case: the verdict in each engine shown, the check that failed, then the evidence (the
/// steps and each engine's console lines).
fn render_case<W: Write>(
    out: &mut Out<W>,
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
    out.hang(
        0,
        2,
        &Text::styled(&format!("case {id}:"), Style::new().bold())
            .add(&format!(" {}", r.method), Style::new().cyan())
            .add(&format!(" {} from {}", case.url, case.origin), Style::new()),
    )?;
    let headers: Vec<String> = r.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    if !headers.is_empty() {
        out.item(2, "headers: ", &Text::plain(&headers.join("; ")))?;
    }
    // 1. The verdict.
    let blocked: Vec<&str> = browsers
        .iter()
        .filter(|b| !sim.get(**b).allowed)
        .map(|b| b.name())
        .collect();
    let allowed: Vec<&str> = browsers
        .iter()
        .filter(|b| sim.get(**b).allowed)
        .map(|b| b.name())
        .collect();
    let mut verdict = Text::new();
    if !blocked.is_empty() {
        verdict = verdict.add(
            &format!("✗ blocked in {}", blocked.join(", ")),
            Style::new().red().bold(),
        );
    }
    if !allowed.is_empty() {
        if !blocked.is_empty() {
            verdict = verdict.add("; ", Style::new());
        }
        verdict = verdict.add(
            &format!("✓ allowed in {}", allowed.join(", ")),
            Style::new().green().bold(),
        );
    }
    out.para(2, &verdict)?;
    // 2. Why: the first engine's failing check.
    let lead = sim.get(browsers.first().copied().unwrap_or(Browser::Chrome));
    if let Some(step) = lead
        .steps
        .iter()
        .find(|s| !s.passed && !is_decision(s.check))
    {
        out.item(
            2,
            "why: ",
            &Text::plain(&format!("{} ({})", step.detail, step.check)),
        )?;
    }
    // 3. The evidence: every step of the first engine shown, then each engine's console.
    for step in &lead.steps {
        let (mark, style) = match (is_decision(step.check), step.passed) {
            (true, _) => ("•", Style::new().dimmed()),
            (false, true) => ("✓", Style::new().green()),
            (false, false) => ("✗", Style::new().red()),
        };
        out.item(
            2,
            &format!("{mark} "),
            &Text::styled(step.check, style).add(&format!(": {}", step.detail), Style::new()),
        )?;
        let _ = style;
    }
    for b in browsers {
        let v = sim.get(*b);
        let label = format!("{:<8} ", b.name());
        for w in &v.warnings {
            out.para(11, &Text::styled(w, Style::new().yellow()))?;
        }
        if v.allowed {
            let status = v.response.as_ref().map_or(0, |r| r.status);
            out.item(
                2,
                &label,
                &Text::styled("allowed", Style::new().green().bold())
                    .add(&format!(" (status {status})"), Style::new()),
            )?;
        } else if let Some(f) = &v.failure {
            out.item(
                2,
                &label,
                &Text::styled("blocked", Style::new().red().bold())
                    .add(&format!(" {}", f.kind_name()), Style::new().red()),
            )?;
            for line in &f.lines {
                out.para(11, &Text::styled(line, Style::new().yellow()))?;
            }
            if f.lines.is_empty()
                && let corsfix_model::Reason::Network { detail } = &f.reason
            {
                out.para(11, &Text::plain(&format!("(no CORS message: {detail})")))?;
            }
        }
    }
    out.blank()?;
    Ok(())
}
