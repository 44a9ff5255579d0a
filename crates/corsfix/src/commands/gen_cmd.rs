//! `corsfix gen`: the exact CORS configuration for a framework, server, cloud or dev proxy.
//!
//! Lint findings first, then where the target cannot express the policy exactly, then each
//! file (path and where it goes), the install command, ordering notes, and what it
//! deliberately does not allow.

use std::io::Write;
use std::path::{Path, PathBuf};

use owo_colors::Style;

use corsfix_gen::{GenError, Generated, Options};
use corsfix_policy::{ParsePolicyError, Policy, PolicySpec};
use owo_colors::OwoColorize;

use super::ExitStatus;
use super::lint::{read_policy_text, render_errors, render_findings};
use crate::printer;
use crate::render::table::{Column, Table};
use crate::render::{Out, Text};

/// Arguments of `corsfix gen`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  corsfix gen --target express --origin https://app.example.com --credentials \\\n      --methods GET,POST,PUT --headers Content-Type,Authorization --expose X-Total --max-age 600\n  corsfix gen --target nginx --policy cors.toml\n  corsfix gen --target express@4 --origin 'https://*.example.com'\n  corsfix gen --list"
)]
pub(crate) struct Args {
    /// The target, optionally with a major version: `express`, `express@4`, `nginx`, `spring-security@6`
    #[arg(
        long,
        short = 't',
        value_name = "TARGET",
        required_unless_present = "list"
    )]
    target: Option<String>,
    /// List every target (id, language, library, versions) and exit
    #[arg(long, conflicts_with_all = ["target", "policy"])]
    list: bool,
    /// Read the policy from a TOML or JSON file (`-` for standard input)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["origin", "credentials", "methods", "headers", "expose", "max_age", "path", "private_network"])]
    policy: Option<PathBuf>,
    /// An allowed origin: exact (`https://app.example.com`), `*`, a subdomain pattern
    /// (`https://*.example.com`) or an anchored regex (`^https://…$`); repeatable
    #[arg(long, value_name = "ORIGIN")]
    origin: Vec<String>,
    /// Allow credentials (cookies, HTTP auth): `fetch(url, {credentials: 'include'})`
    #[arg(long)]
    credentials: bool,
    /// Allowed methods, comma-separated (default GET,HEAD,POST,PUT,PATCH,DELETE)
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    methods: Vec<String>,
    /// Allowed request headers, comma-separated, `*` for any (default Content-Type,Authorization)
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    headers: Vec<String>,
    /// Response headers scripts may read, comma-separated
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    expose: Vec<String>,
    /// Preflight cache lifetime in seconds (default 600)
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    max_age: Option<i64>,
    /// Limit CORS to a path scope (`/api/*`); repeatable
    #[arg(long, value_name = "PATH")]
    path: Vec<String>,
    /// Answer Private Network Access preflights
    #[arg(long)]
    private_network: bool,
    /// For dev-server proxies: the backend URL
    #[arg(long, value_name = "URL")]
    upstream: Option<String>,
    /// Print JSON instead of text (see the README, "JSON outputs")
    #[arg(long)]
    json: bool,
    /// Write the files into DIR (their paths are relative to it) instead of printing them
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// With --out: replace files that already exist
    #[arg(long, requires = "out")]
    force: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitStatus> {
    if args.list {
        return list(args.json);
    }
    let Some(target) = args.target.as_deref() else {
        anyhow::bail!("give --target TARGET (see `corsfix gen --list`)");
    };
    // Resolve the target first: a typo is reported before policy problems.
    let (t, v) = match corsfix_gen::resolve(target) {
        Ok(tv) => tv,
        Err(e) => return Err(gen_error(e)),
    };
    let (policy, source, text) = match &args.policy {
        Some(path) => {
            let text = read_policy_text(path)?;
            let parsed = Policy::parse(&text);
            (parsed, path.display().to_string(), text)
        }
        None => {
            if args.origin.is_empty() {
                return Err(
                    anyhow::Error::msg("no allowed origin").context(printer::Hint(
                        "give --origin https://app.example.com (repeatable) or --policy FILE"
                            .into(),
                    )),
                );
            }
            let defaults = corsfix_policy::default_spec(args.origin.clone());
            let or_default = |given: &[String], default: Vec<String>| {
                if given.is_empty() {
                    default
                } else {
                    given.to_vec()
                }
            };
            let spec = PolicySpec {
                credentials: args.credentials,
                methods: or_default(&args.methods, defaults.methods.clone()),
                request_headers: or_default(&args.headers, defaults.request_headers.clone()),
                expose_headers: args.expose.clone(),
                max_age: args.max_age.or(defaults.max_age),
                paths: args.path.clone(),
                private_network: args.private_network,
                ..defaults
            };
            let text = flags_as_toml(&spec);
            (
                spec.build().map_err(ParsePolicyError::Invalid),
                super::lint::FLAGS.to_owned(),
                text,
            )
        }
    };
    let policy = match policy {
        Ok(p) => p,
        Err(ParsePolicyError::Invalid(errs)) => {
            let mut out = printer::stdout();
            if args.json {
                writeln!(out, "{}", serde_json::json!({ "errors": errs.0 }))?;
            } else {
                let mut err = Out::new(printer::stderr(), crate::render::width::stderr_width());
                render_errors(&mut err, &source, &text, &errs.0)?;
                let err = err.raw();
                writeln!(
                    err,
                    "{}: the policy has {} problem{}; nothing was generated",
                    "error".red().bold(),
                    errs.0.len(),
                    if errs.0.len() == 1 { "" } else { "s" }
                )?;
            }
            return Ok(ExitStatus::Error);
        }
        Err(e) => return Err(anyhow::Error::new(e).context(format!("reading policy {source}"))),
    };
    let mut options = Options::default();
    if let Some(u) = &args.upstream {
        options = options.upstream(u.clone());
    }
    match corsfix_gen::generate_for(&policy, t, v, &options) {
        Ok(generated) => {
            let mut out = printer::stdout();
            if let Some(dir) = &args.out {
                write_files(dir, &generated, args.force)?;
            }
            if args.json {
                let v = serde_json::json!({ "policy": policy.to_spec(), "generated": generated });
                writeln!(out, "{v}")?;
            } else {
                let mut o = Out::new(&mut out, crate::render::width::stdout_width());
                render(
                    &mut o,
                    &source,
                    &text,
                    &policy,
                    &generated,
                    args.out.as_deref(),
                )?;
            }
            out.flush()?;
            Ok(ExitStatus::Success)
        }
        Err(GenError::Refused(findings)) => {
            let mut out = printer::stdout();
            if args.json {
                writeln!(out, "{}", serde_json::json!({ "refused": findings }))?;
            } else {
                let mut o = Out::new(&mut out, crate::render::width::stdout_width());
                render_findings(&mut o, &source, Some(&text), Some(&policy), &findings)?;
                Out::new(printer::stderr(), crate::render::width::stderr_width()).hang(
                    0,
                    2,
                    &Text::styled("refused:", Style::new().red().bold()).add(
                        &format!(
                            " corsfix does not generate code for a policy with error findings; fix {} above",
                            if findings.len() == 1 { "it" } else { "them" }
                        ),
                        Style::new(),
                    ),
                )?;
            }
            Ok(ExitStatus::Failure)
        }
        Err(e) => Err(gen_error(e)),
    }
}

/// Flags shown as the equivalent policy file, so locations in messages make sense.
fn flags_as_toml(spec: &PolicySpec) -> String {
    let list = |v: &[String]| {
        v.iter()
            .map(|s| format!("\"{}\"", s.escape_debug()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut s = format!("origins = [{}]\n", list(&spec.origins));
    s.push_str(&format!("methods = [{}]\n", list(&spec.methods)));
    s.push_str(&format!(
        "request_headers = [{}]\n",
        list(&spec.request_headers)
    ));
    s.push_str(&format!(
        "expose_headers = [{}]\n",
        list(&spec.expose_headers)
    ));
    if let Some(m) = spec.max_age {
        s.push_str(&format!("max_age = {m}\n"));
    }
    s.push_str(&format!("paths = [{}]\n", list(&spec.paths)));
    s
}

fn gen_error(e: GenError) -> anyhow::Error {
    match &e {
        GenError::UnknownTarget { given, suggestions } => {
            let hint = if suggestions.is_empty() {
                "run `corsfix gen --list` to see every target".to_owned()
            } else {
                format!(
                    "did you mean {}? (`corsfix gen --list` shows every target)",
                    suggestions
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            anyhow::Error::msg(format!("unknown target `{given}`")).context(printer::Hint(hint))
        }
        _ => anyhow::Error::new(e),
    }
}

fn list(json: bool) -> anyhow::Result<ExitStatus> {
    let mut out = printer::stdout();
    if json {
        writeln!(out, "{}", serde_json::to_string(corsfix_gen::targets())?)?;
    } else {
        let table = Table {
            columns: vec![
                Column {
                    header: "TARGET",
                    optional: false,
                },
                Column {
                    header: "VERSIONS",
                    optional: false,
                },
                Column {
                    header: "LANGUAGE",
                    optional: true,
                },
                Column {
                    header: "NAME",
                    optional: false,
                },
                Column {
                    header: "LIBRARY",
                    optional: true,
                },
            ],
            rows: corsfix_gen::targets()
                .iter()
                .map(|t| {
                    let versions: Vec<&str> = t.versions.iter().map(|v| v.major).collect();
                    vec![
                        t.id.to_owned(),
                        versions.join(","),
                        t.language.to_owned(),
                        t.name.to_owned(),
                        t.library.to_owned(),
                    ]
                })
                .collect(),
        };
        let mut o = Out::new(&mut out, crate::render::width::stdout_width());
        o.table(&table)?;
        let mut e = Out::new(printer::stderr(), crate::render::width::stderr_width());
        e.para(
            0,
            &Text::plain(&format!(
                "{} targets; pick a version with `--target ID@MAJOR` (the first is the default)",
                corsfix_gen::targets().len()
            )),
        )?;
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// `--out DIR`: write every file under DIR, refusing to replace one without `--force` (and
/// then refusing before anything is written).
fn write_files(dir: &Path, g: &Generated, force: bool) -> anyhow::Result<()> {
    let mut targets = Vec::new();
    for f in &g.files {
        let rel = Path::new(&f.path);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            anyhow::bail!("refusing to write `{}` outside {}", f.path, dir.display());
        }
        targets.push((dir.join(rel), f));
    }
    let existing: Vec<String> = targets
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !existing.is_empty() && !force {
        return Err(anyhow::anyhow!(
            "{} already exist{}: {}",
            if existing.len() == 1 {
                "a file"
            } else {
                "files"
            },
            if existing.len() == 1 { "s" } else { "" },
            existing.join(", ")
        )
        .context(printer::Hint(
            "nothing was written; pass --force to replace them".to_owned(),
        )));
    }
    for (path, f) in &targets {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
        }
        let mut contents = f.contents.clone();
        if !contents.ends_with('\n') {
            contents.push('\n');
        }
        std::fs::write(path, contents)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

fn render<W: Write>(
    out: &mut Out<W>,
    source: &str,
    text: &str,
    policy: &Policy,
    g: &Generated,
    written_to: Option<&Path>,
) -> std::io::Result<()> {
    out.item(
        0,
        "",
        &Text::styled(&format!("corsfix gen: {}", g.name), Style::new().bold()).add(
            &format!(" (v{}: {})", g.version, g.packages),
            Style::new().dimmed(),
        ),
    )?;
    if !g.findings.is_empty() {
        out.blank()?;
        out.heading("Lint")?;
        render_findings(out, source, Some(text), Some(policy), &g.findings)?;
    }
    if !g.limitations.is_empty() {
        out.blank()?;
        out.heading("What this target cannot express exactly")?;
        for l in &g.limitations {
            out.item(2, "- ", &Text::plain(l))?;
        }
    }
    for f in &g.files {
        out.blank()?;
        let title = match written_to {
            Some(dir) => format!("── wrote {}", dir.join(&f.path).display()),
            None => format!("── {}", f.path),
        };
        out.para(0, &Text::styled(&title, Style::new().cyan().bold()))?;
        out.item(3, "where: ", &Text::plain(&f.placement))?;
        if written_to.is_none() {
            out.blank()?;
            out.verbatim(0, &f.contents, Style::new())?;
        }
    }
    if !g.install.is_empty() {
        out.blank()?;
        out.heading("Install")?;
        for i in &g.install {
            if i.contains(": ") {
                // Not a shell command (`Maven: group:artifact, …`): prose.
                out.item(2, "- ", &Text::plain(i))?;
            } else {
                out.command(
                    2,
                    &crate::render::shell_words(&format!("$ {i}")),
                    Style::new(),
                )?;
            }
        }
    }
    if !g.notes.is_empty() {
        out.blank()?;
        out.heading("Order and wiring")?;
        for n in &g.notes {
            out.item(2, "- ", &Text::plain(n))?;
        }
    }
    if !g.not_allowed.is_empty() {
        out.blank()?;
        out.heading("Deliberately not allowed")?;
        for n in &g.not_allowed {
            out.item(2, "- ", &Text::plain(n))?;
        }
    }
    Ok(())
}
