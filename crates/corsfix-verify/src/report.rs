//! The results: a terminal summary and `docs/verification.md` (target × policy → pass/fail,
//! framework versions, the date).

use std::fmt::Write as _;

use crate::runner::Cell;

/// How a target was verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum How {
    /// Real framework, HTTP probes and (unless disabled) real Chromium.
    Run {
        /// Whether the browser pass ran.
        browser: bool,
    },
    /// A dev-server proxy run for real in front of a backend without CORS (`crate::proxy`).
    Proxy {
        /// Whether the browser pass ran.
        browser: bool,
    },
    /// The real tool's parser or schema.
    Parse(String),
    /// Not verifiable on this machine.
    Unverified(String),
}

/// One target's results.
#[derive(Debug, Clone)]
pub struct TargetReport {
    /// The `--target` name.
    pub name: String,
    /// How.
    pub how: How,
    /// Package → version, as installed.
    pub versions: Vec<(String, String)>,
    /// One cell per policy.
    pub cells: Vec<Cell>,
    /// Rules the target declares it cannot meet: (rule, why).
    pub known: Vec<(String, String)>,
    /// Seconds for the whole target.
    pub seconds: f64,
}

impl TargetReport {
    /// Whether every cell passed (unverified targets count as passed: nothing ran).
    pub fn passed(&self) -> bool {
        self.cells.iter().all(Cell::passed)
    }
}

/// `YYYY-MM-DD HH:MM` UTC from a Unix time (Howard Hinnant's civil-from-days).
pub fn utc_stamp(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        (secs % 3600) / 60
    )
}

fn cell_text(c: &Cell) -> String {
    if c.skipped.is_some() {
        return "n/a (refused: cannot express)".to_owned();
    }
    let with = if c.accepted.is_empty() {
        String::new()
    } else {
        format!("; {} accepted as a known limitation", c.accepted.len())
    };
    match (&c.error, c.findings.len()) {
        (Some(_), _) => "**error**".to_owned(),
        (None, 0) if c.browser_cases > 0 => {
            format!(
                "pass ({} HTTP checks, {} in Chromium{with})",
                c.http_checks, c.browser_cases
            )
        }
        (None, 0) if c.http_checks > 0 => format!("pass ({} HTTP checks{with})", c.http_checks),
        (None, 0) => "pass (parsed)".to_owned(),
        (None, n) => format!(
            "**FAIL** ({n} of {} checks)",
            c.http_checks + c.browser_cases
        ),
    }
}

fn escape_md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The Markdown document.
pub fn markdown(
    reports: &[TargetReport],
    policies: &[(String, String)],
    tools: &[(String, String)],
    when: &str,
    command: &str,
    total_seconds: f64,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Verification: every generated fix, run for real\n");
    let _ = writeln!(
        s,
        "Written by the harness (`{command}`, crates/corsfix-verify) on {when}, in {:.0} s. Do not edit by hand.\n",
        total_seconds
    );
    let _ = writeln!(
        s,
        "Each runnable target's `corsfix gen` output is laid into a minimal app (a route answering 200, one answering 500 — an unhandled error where the framework turns crashes into 500s —, one behind bearer-token authentication), started on 127.0.0.1 and probed over HTTP from allowed, disallowed, `null` and look-alike origins (`https://app.example.com.evil.test`, `https://evilapp.example.com`, `http://app.example.com`, …). Every answer is checked against `Policy::respond` and the protocol rules (one `Access-Control-Allow-Origin`, `Vary: Origin`, CORS headers on the 500 and the 401, preflight not blocked by auth, max-age) and fed to the browser model, which must allow exactly the allowed origins. Then real headless Chromium fetches each app from pages on those origins (PUT, credentials when the policy allows them, a custom header, reading an exposed header) and must report exactly the `CorsError` the model predicts.\n"
    );
    if reports.iter().any(|r| matches!(r.how, How::Proxy { .. })) {
        let _ = writeln!(
            s,
            "Dev-server proxies (how: \"dev server proxy\") add no CORS headers: their config makes `/api` same-origin by proxying it to the backend. Each one runs the real dev server with the generated config in front of a backend that has no CORS at all (the same routes). Over HTTP, every route asked through the dev server must give the backend's answer (status, `X-Total-Count`) and the browser model must allow each of those same-origin fetches and block the same preflighted `PUT` sent straight to the backend. In Chromium, a page served by the dev server itself fetches every route through the proxy (PUT with a custom header, reading the status and `X-Total-Count`) and must succeed, and the same `PUT` from that page straight to the backend's origin must be blocked with the `CorsError` the model predicts (proving the proxy is what fixes it). The policy does not change a proxy config; each policy's column is a separate generated config, dev server and backend.\n"
        );
    }
    let _ = writeln!(s, "## Tools\n");
    for (k, v) in tools {
        let _ = writeln!(s, "- {k}: {v}");
    }
    let _ = writeln!(s, "\n## Policies\n");
    for (k, v) in policies {
        let _ = writeln!(s, "- `{k}`: {v}");
    }
    let _ = writeln!(s, "\n## Results\n");
    let _ = write!(s, "| target | how | versions |");
    for (p, _) in policies {
        let _ = write!(s, " {p} |");
    }
    let _ = write!(s, "\n|---|---|---|");
    for _ in policies {
        let _ = write!(s, "---|");
    }
    s.push('\n');
    for r in reports {
        let how = match &r.how {
            How::Run { browser: true } => "framework + HTTP + Chromium".to_owned(),
            How::Run { browser: false } => "framework + HTTP".to_owned(),
            How::Proxy { browser: true } => {
                "dev server proxy + backend without CORS + HTTP + Chromium".to_owned()
            }
            How::Proxy { browser: false } => {
                "dev server proxy + backend without CORS + HTTP".to_owned()
            }
            How::Parse(p) => format!("parser: {p}"),
            How::Unverified(_) => "unverified".to_owned(),
        };
        let versions = r
            .versions
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(s, "| `{}` | {how} | {} |", r.name, escape_md(&versions));
        for (p, _) in policies {
            let text = match (&r.how, r.cells.iter().find(|c| &c.policy == p)) {
                (How::Unverified(_), _) => "—".to_owned(),
                (_, Some(c)) => cell_text(c),
                (_, None) => "not run".to_owned(),
            };
            let _ = write!(s, " {text} |");
        }
        s.push('\n');
    }
    let unverified: Vec<_> = reports
        .iter()
        .filter_map(|r| match &r.how {
            How::Unverified(why) => Some((r.name.as_str(), why.as_str())),
            _ => None,
        })
        .collect();
    if !unverified.is_empty() {
        let _ = writeln!(s, "\n## Not verifiable on this machine\n");
        for (n, why) in unverified {
            let _ = writeln!(s, "- `{n}`: {why}");
        }
    }
    let refused: Vec<_> = reports
        .iter()
        .flat_map(|r| r.cells.iter().map(move |c| (r, c)))
        .filter_map(|(r, c)| c.skipped.as_ref().map(|why| (r, c, why)))
        .collect();
    if !refused.is_empty() {
        let _ = writeln!(s, "\n## Refused by the generator (not applicable)\n");
        for (r, c, why) in refused {
            let _ = writeln!(s, "- `{}` × `{}`: {}", r.name, c.policy, escape_md(why));
        }
    }
    let accepted: Vec<_> = reports
        .iter()
        .filter(|r| r.cells.iter().any(|c| !c.accepted.is_empty()))
        .collect();
    if !accepted.is_empty() {
        let _ = writeln!(
            s,
            "\n## Known limitations (accepted, stated in the generated output)\n"
        );
        for r in accepted {
            for (rule, why) in &r.known {
                let _ = writeln!(s, "- `{}`, rule `{rule}`: {}", r.name, escape_md(why));
            }
            for c in r.cells.iter().filter(|c| !c.accepted.is_empty()) {
                let mut seen: Vec<String> = c
                    .accepted
                    .iter()
                    .map(|f| format!("`{}` from `{}`", f.scenario, f.origin))
                    .collect();
                seen.dedup();
                let _ = writeln!(s, "  - `{}`: {}", c.policy, seen.join(", "));
            }
        }
    }
    let failing: Vec<_> = reports
        .iter()
        .flat_map(|r| r.cells.iter().map(move |c| (r, c)))
        .filter(|(_, c)| !c.passed())
        .collect();
    let _ = writeln!(s, "\n## Failures\n");
    if failing.is_empty() {
        let _ = writeln!(s, "None.");
    }
    for (r, c) in failing {
        let _ = writeln!(s, "### `{}` × `{}`\n", r.name, c.policy);
        if let Some(e) = &c.error {
            let _ = writeln!(s, "```text\n{}\n```\n", e.trim());
        }
        for f in c.findings.iter().take(25) {
            let _ = writeln!(
                s,
                "- `{}` — {} from `{}`: {}",
                f.rule,
                f.scenario,
                f.origin,
                escape_md(&f.detail)
            );
        }
        if c.findings.len() > 25 {
            let _ = writeln!(s, "- … and {} more", c.findings.len() - 25);
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(utc_stamp(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_stamp(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_stamp(1_795_000_000), "2026-11-18 11:06 UTC");
    }

    #[test]
    fn a_failing_cell_is_listed_with_its_findings() {
        let cell = Cell {
            policy: "public".into(),
            error: None,
            http_checks: 10,
            browser_cases: 2,
            skipped: None,
            accepted: Vec::new(),
            findings: vec![crate::probe::Finding {
                rule: "vary-origin",
                scenario: "put-items".into(),
                origin: "https://evil.test".into(),
                detail: "no Vary | here".into(),
            }],
            seconds: 1.0,
        };
        let r = TargetReport {
            name: "express".into(),
            how: How::Run { browser: true },
            versions: vec![("express".into(), "5.3.0".into())],
            cells: vec![cell],
            known: Vec::new(),
            seconds: 1.0,
        };
        let md = markdown(
            &[r],
            &[("public".into(), "`*`".into())],
            &[],
            "today",
            "x",
            1.0,
        );
        assert!(md.contains("| `express` | framework + HTTP + Chromium | express 5.3.0 | **FAIL** (1 of 12 checks) |"), "{md}");
        assert!(md.contains("no Vary \\| here"));
    }

    #[test]
    fn an_accepted_limitation_passes_the_cell_and_is_listed_with_its_reason() {
        let finding = crate::probe::Finding {
            rule: "vary-origin-preflight",
            scenario: "put-items".into(),
            origin: "https://app.example.com".into(),
            detail: "no Vary".into(),
        };
        let cell = Cell {
            policy: "public".into(),
            error: None,
            http_checks: 10,
            browser_cases: 2,
            skipped: None,
            accepted: vec![finding.clone(), finding],
            findings: Vec::new(),
            seconds: 1.0,
        };
        assert!(cell.passed());
        let r = TargetReport {
            name: "traefik".into(),
            how: How::Run { browser: true },
            versions: Vec::new(),
            cells: vec![cell],
            known: vec![("vary-origin-preflight".into(), "cannot add it".into())],
            seconds: 1.0,
        };
        let md = markdown(
            &[r],
            &[("public".into(), "`*`".into())],
            &[],
            "today",
            "x",
            1.0,
        );
        assert!(
            md.contains("pass (10 HTTP checks, 2 in Chromium; 2 accepted as a known limitation)"),
            "{md}"
        );
        assert!(
            md.contains("- `traefik`, rule `vary-origin-preflight`: cannot add it"),
            "{md}"
        );
        assert!(
            md.contains("  - `public`: `put-items` from `https://app.example.com`\n"),
            "{md}"
        );
        assert!(md.contains("## Failures\n\nNone."), "{md}");
    }
}
