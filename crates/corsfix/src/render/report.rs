//! Lay out a [`Report`] (the diagnose crate's view model) for a terminal: the one layout of
//! `check`, `explain` and `har`, which the web renders as HTML from the same model.
//!
//! Order: the verdict; the cause; the question that would separate the candidates; the fix
//! (steps, the exact headers, the generated files or the `corsfix gen` command, what was
//! assumed); findings most severe first; the other candidates; then the evidence (console
//! lines, what was read, the timeline, the server, how to confirm and repeat it). Every
//! sentence comes from the report; this module adds layout and section labels only.

use std::io::{self, Write};

use corsfix_diagnose::report::{ExchangeView, Report, VerdictKind};
use corsfix_diagnose::{Likelihood, Severity};
use owo_colors::Style;

use super::{Out, Text, shell_words};

/// Generated files to show in place of the `corsfix gen` command (`--target`).
pub(crate) struct Files {
    /// `Express + cors 5`.
    pub(crate) target: String,
    /// `(path, contents)`.
    pub(crate) files: Vec<(String, String)>,
    /// Where each file goes, install commands, ordering notes.
    pub(crate) notes: Vec<String>,
}

/// What the command adds to the report's layout.
#[derive(Default)]
pub(crate) struct Options<'a> {
    /// The generated configuration (`--target`), or why there is none.
    pub(crate) generated: Option<Result<&'a Files, &'a str>>,
    /// Show only the answer and the console lines (one entry among many, as in `har`).
    pub(crate) compact: bool,
}

fn verdict_style(kind: VerdictKind) -> (&'static str, Style) {
    match kind {
        VerdictKind::Allowed => ("✓", Style::new().green().bold()),
        VerdictKind::AllowedUnsafe => ("!", Style::new().red().bold()),
        VerdictKind::AllowedNotAsIntended => ("!", Style::new().yellow().bold()),
        VerdictKind::NotCors => ("✗", Style::new().cyan().bold()),
        VerdictKind::NotRecognised => ("?", Style::new().red()),
        _ => ("✗", Style::new().red().bold()),
    }
}

fn likelihood(l: Likelihood) -> (&'static str, Style) {
    match l {
        Likelihood::Certain => ("certain", Style::new().green()),
        Likelihood::Likely => ("likely", Style::new().yellow()),
        Likelihood::Possible => ("possible", Style::new().dimmed()),
    }
}

fn severity(s: Severity) -> Style {
    match s {
        Severity::High => Style::new().red().bold(),
        Severity::Medium => Style::new().yellow().bold(),
        Severity::Low => Style::new().yellow(),
        _ => Style::new().dimmed(),
    }
}

/// Lay `r` out.
pub(crate) fn report<W: Write>(out: &mut Out<W>, r: &Report, opts: &Options<'_>) -> io::Result<()> {
    // 1. The verdict.
    let (mark, style) = verdict_style(r.verdict.kind);
    out.hang(
        0,
        2,
        &Text::styled(&format!("{mark} {}", r.verdict.line), style),
    )?;
    if !r.verdict.meaning.is_empty() && !opts.compact {
        out.para(2, &Text::plain(&r.verdict.meaning))?;
    }

    // 2. The cause.
    if let Some(c) = &r.cause {
        out.blank()?;
        let (how, how_style) = likelihood(c.likelihood);
        out.hang(
            0,
            2,
            &Text::styled("Cause:", Style::new().bold())
                .add(&format!(" {}", c.summary), Style::new().bold())
                .add(&format!(" [{}, ", c.code), Style::new().dimmed())
                .add(how, how_style)
                .add("]", Style::new().dimmed()),
        )?;
        if !opts.compact {
            out.para(2, &Text::plain(&c.detail))?;
        }
    }

    // 3. The question that would separate the candidates.
    if let Some(q) = r.question.as_ref().filter(|_| !opts.compact) {
        out.blank()?;
        out.hang(
            0,
            2,
            &Text::styled("To tell the causes apart:", Style::new().bold())
                .add(&format!(" {}", q.ask), Style::new()),
        )?;
        for a in &q.answers {
            out.item(
                2,
                "- ",
                &Text::styled(&a.answer, Style::new().bold())
                    .add(&format!(": {}", a.means), Style::new())
                    .add(&format!(" [{}]", a.code), Style::new().dimmed()),
            )?;
        }
    }

    // 4. The fix.
    if let Some(fix) = &r.fix {
        out.blank()?;
        out.heading("Fix")?;
        for (i, step) in fix.steps.iter().enumerate() {
            out.item(2, &format!("{}. ", i + 1), &Text::plain(step))?;
        }
        if let Some(server) = fix.server.as_ref().filter(|_| !opts.compact) {
            if !server.preflight_headers.is_empty() {
                out.para(
                    2,
                    &Text::plain("The preflight (OPTIONS) answer must carry:"),
                )?;
                for (n, v) in &server.preflight_headers {
                    out.verbatim(4, &format!("{n}: {v}"), Style::new().cyan())?;
                }
            }
            if !server.response_headers.is_empty() {
                out.para(
                    2,
                    &Text::plain("Every response, errors included, must carry:"),
                )?;
                for (n, v) in &server.response_headers {
                    out.verbatim(4, &format!("{n}: {v}"), Style::new().cyan())?;
                }
            }
            match opts.generated {
                Some(Ok(g)) => {
                    out.para(
                        2,
                        &Text::plain("The configuration for ")
                            .add(&g.target, Style::new().bold())
                            .add(":", Style::new()),
                    )?;
                    for (path, contents) in &g.files {
                        out.para(2, &Text::styled(&format!("── {path}"), Style::new().bold()))?;
                        out.verbatim(4, contents, Style::new())?;
                    }
                    for note in &g.notes {
                        out.item(2, "- ", &Text::plain(note))?;
                    }
                }
                Some(Err(why)) => {
                    out.para(2, &Text::styled(why, Style::new().dimmed()))?;
                    out.para(2, &Text::plain("Generate it for your framework:"))?;
                    out.command(4, &shell_words(&server.gen_command), Style::new().cyan())?;
                }
                None => {
                    out.para(2, &Text::plain("Generate it for your framework:"))?;
                    out.command(4, &shell_words(&server.gen_command), Style::new().cyan())?;
                    if server.gen_command.contains("--target TARGET") {
                        out.para(
                            4,
                            &Text::styled(
                                "(TARGET from `corsfix gen --list`; with --target TARGET this command prints the files)",
                                Style::new().dimmed(),
                            ),
                        )?;
                    }
                }
            }
            for a in &server.assumptions {
                out.item(2, "assumed: ", &Text::styled(a, Style::new().dimmed()))?;
            }
            for u in &server.unknowns {
                out.item(2, "find out: ", &Text::plain(u))?;
            }
        }
        if let Some(note) = fix.target_note.as_ref().filter(|_| !opts.compact) {
            out.para(2, &Text::plain(note))?;
        }
    }

    // 5. Findings, most severe first: a high one comes before any merely possible cause.
    // The finding the verdict line already names is not repeated.
    let mut findings: Vec<_> = r
        .findings
        .iter()
        .filter(|f| {
            !(r.verdict.kind == VerdictKind::AllowedUnsafe && r.verdict.line.ends_with(&f.message))
        })
        .collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    if !findings.is_empty() {
        out.blank()?;
        out.heading("Findings")?;
        for f in findings {
            out.item(
                2,
                "- ",
                &Text::styled(f.severity.as_str(), severity(f.severity))
                    .add(&format!(" {}:", f.code), Style::new().bold())
                    .add(&format!(" {}", f.message), Style::new()),
            )?;
        }
    }

    // 6. The other candidates.
    if !r.candidates.is_empty() {
        out.blank()?;
        out.heading("Also possible")?;
        for c in &r.candidates {
            let (how, how_style) = likelihood(c.likelihood);
            out.item(
                2,
                "- ",
                &Text::plain(&c.summary)
                    .add(&format!(" [{}, ", c.code), Style::new().dimmed())
                    .add(how, how_style)
                    .add("]", Style::new().dimmed()),
            )?;
            if !opts.compact {
                out.para(4, &Text::styled(&c.detail, Style::new().dimmed()))?;
                for step in &c.steps {
                    out.item(4, "fix: ", &Text::plain(step))?;
                }
            }
        }
    }

    evidence(out, r, opts)
}

fn evidence<W: Write>(out: &mut Out<W>, r: &Report, opts: &Options<'_>) -> io::Result<()> {
    let e = &r.evidence;
    // How to confirm a reading comes first among the evidence: it is the next thing to do.
    if let Some(cmd) = &e.confirm {
        out.blank()?;
        out.heading("Confirm it against the live server")?;
        out.command(2, &shell_words(cmd), Style::new().cyan())?;
    }
    let consoles: Vec<_> = e
        .console
        .iter()
        .filter(|c| !c.allowed || !c.lines.is_empty())
        .collect();
    if !consoles.is_empty() {
        out.blank()?;
        out.heading("What the console shows")?;
        for c in consoles {
            if c.allowed {
                out.para(2, &Text::plain(&format!("{}: allows it", c.name)))?;
                continue;
            }
            out.para(
                2,
                &Text::styled(&format!("{}:", c.name), Style::new().bold()),
            )?;
            for line in &c.lines {
                out.para(4, &Text::styled(line, Style::new().yellow()))?;
            }
            if c.lines.is_empty() {
                out.para(
                    4,
                    &Text::styled(
                        &format!(
                            "blocked ({}), no console line",
                            c.kind.as_deref().unwrap_or("error")
                        ),
                        Style::new().dimmed(),
                    ),
                )?;
            }
        }
    }
    if opts.compact {
        return Ok(());
    }
    if !e.read.is_empty() {
        out.blank()?;
        out.heading("Read from the text")?;
        for row in &e.read {
            out.row(2, &format!("{}:", row.label), 19, &Text::plain(&row.value))?;
        }
    }
    if !e.timeline.is_empty() || e.request.is_some() {
        out.blank()?;
        out.heading("Timeline")?;
        if let Some(req) = &e.request {
            out.item(
                2,
                "",
                &Text::styled(
                    &format!("{} from {}", req.line, req.origin),
                    Style::new().dimmed(),
                ),
            )?;
        }
        for (i, x) in e.timeline.iter().enumerate() {
            exchange(out, i + 1, x)?;
        }
        if e.timeline.is_empty() {
            out.para(2, &Text::styled("nothing was sent", Style::new().dimmed()))?;
        }
        if let Some(req) = &e.request {
            let sent_actual = e.timeline.iter().any(|x| x.label != "preflight");
            if !sent_actual && !e.timeline.is_empty() && r.verdict.kind == VerdictKind::Blocked {
                out.item(
                    2,
                    &format!("{:>2}. ", e.timeline.len() + 1),
                    &Text::styled("request", Style::new().dimmed())
                        .add(&format!(" {}", req.method), Style::new().cyan().bold())
                        .add(&format!(" {}", req.url), Style::new())
                        .add(
                            " not sent: the browser stops after the failed preflight",
                            Style::new().dimmed(),
                        ),
                )?;
            }
        }
    }
    if !e.probes.is_empty() {
        out.para(
            2,
            &Text::styled(
                "Extra probes (not sent by the browser):",
                Style::new().dimmed(),
            ),
        )?;
        for x in &e.probes {
            let origin = x
                .request_headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("origin"))
                .map_or("(no Origin)", |(_, v)| v.as_str());
            let acao = x
                .response_headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("access-control-allow-origin"))
                .map_or_else(
                    || "no Access-Control-Allow-Origin".to_owned(),
                    |(_, v)| format!("Access-Control-Allow-Origin: {v}"),
                );
            out.item(
                4,
                "- ",
                &Text::styled(
                    &format!("{} Origin: {origin} → {}, {acao}", x.method, x.status_line),
                    Style::new().dimmed(),
                ),
            )?;
        }
    }
    if let Some(s) = &e.server {
        out.blank()?;
        let text = if s.is_known() {
            Text::styled("Server:", Style::new().bold())
                .add(&format!(" probably {} ", s.name), Style::new())
                .add(
                    &format!("(a guess from {})", s.evidence.join("; ")),
                    Style::new().dimmed(),
                )
        } else {
            Text::styled("Server:", Style::new().bold())
                .add(" not recognized ", Style::new())
                .add(
                    &format!("({})", s.evidence.join("; ")),
                    Style::new().dimmed(),
                )
        };
        out.hang(0, 2, &text)?;
    }
    for note in &e.notes {
        out.item(0, "note: ", &Text::styled(note, Style::new().dimmed()))?;
    }
    if let Some(curl) = &e.repeat {
        out.blank()?;
        out.para(0, &Text::styled("Repeat it:", Style::new().dimmed()))?;
        out.command(2, &shell_words(curl), Style::new().dimmed())?;
    }
    Ok(())
}

fn exchange<W: Write>(out: &mut Out<W>, n: usize, x: &ExchangeView) -> io::Result<()> {
    let status_style = match x.status {
        Some(s) if (200..300).contains(&s) => Style::new().green(),
        Some(s) if (300..400).contains(&s) => Style::new().yellow(),
        _ => Style::new().red(),
    };
    let mut line = Text::styled(&x.label, Style::new().dimmed())
        .add(&format!(" {}", x.method), Style::new().cyan().bold())
        .add(&format!(" {}", x.url), Style::new())
        .add(" → ", Style::new())
        .add(&x.status_line, status_style);
    if let Some(ms) = x.elapsed_ms {
        line = line.add(&format!(" ({ms} ms)"), Style::new().dimmed());
    }
    out.item(2, &format!("{n:>2}. "), &line)?;
    // Header lines are evidence: printed whole, never wrapped.
    for (name, value) in &x.request_headers {
        out.verbatim(6, &format!("→ {name}: {value}"), Style::new().dimmed())?;
    }
    if let Some(err) = &x.error {
        out.item(6, "✗ ", &Text::plain(err))?;
        return Ok(());
    }
    if x.no_cors_headers {
        out.verbatim(6, "← (no Access-Control-* headers)", Style::new().red())?;
    }
    for (name, value) in &x.response_headers {
        let style = if name.starts_with("access-control-") {
            Style::new()
        } else {
            Style::new().dimmed()
        };
        out.verbatim(6, &format!("← {name}: {value}"), style)?;
    }
    if let Some(body) = x.body.as_ref().filter(|b| !b.trim().is_empty()) {
        let first: String = body
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(70)
            .collect();
        out.item(6, "body: ", &Text::styled(&first, Style::new().dimmed()))?;
    }
    Ok(())
}
