//! Generated code is laid out as its ecosystem's formatter leaves it, for every target ×
//! version × fixture policy of the snapshot matrix plus `fixtures/policy/wide.toml` (long lists
//! and values, so that lists break): `rustfmt` (edition 2024, default configuration), `gofmt`,
//! `ruff format` (Black's style) and Prettier (default options, the version pinned in
//! `tests/format/package-lock.json`). The layouts that depend on the policy (lists, long
//! arguments) are computed in `src/layout.rs`; everything else is written in the templates as
//! the formatters print it.
//!
//! A formatter that is not installed is skipped with a message, except under `CI`, where
//! `scripts/setup-test-env.sh` installs them (rustfmt comes with the toolchain, gofmt with Go,
//! ruff from PyPI, Prettier with `npm ci` in `tests/format`). `FORMATTED_ONLY=prettier` runs
//! one formatter; `FORMATTED_KEEP=DIR` keeps the generated files.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use corsfix_gen::{Options, generate_for, targets};
use corsfix_policy::Policy;

const MATRIX: &[&str] = &[
    "single-origin-credentials",
    "several-origins",
    "public",
    "subdomain-pattern",
    "hostile",
    "wide",
];

fn load(name: &str) -> Policy {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/policy")
        .join(format!("{name}.toml"));
    Policy::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A formatter: the languages it owns, the file extension, and how to ask it for the
/// formatted text of a file (stdout), or `None` when it is not installed.
struct Formatter {
    name: &'static str,
    languages: &'static [&'static str],
    ext: &'static str,
    command: fn(&Path) -> Option<Command>,
    /// Optionally, one run over many files (names relative to the working directory) that
    /// names the files it would change (exit status 0 or 1); only those are then run one by
    /// one, for the difference. Another status (a failure) runs every file one by one.
    batch: Option<fn(&[String]) -> Command>,
}

fn installed(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn prettier() -> Option<PathBuf> {
    let p = repo().join("tests/format/node_modules/prettier/bin/prettier.cjs");
    p.exists().then_some(p)
}

const FORMATTERS: &[Formatter] = &[
    Formatter {
        name: "rustfmt",
        languages: &["rust"],
        ext: "rs",
        command: |f| {
            installed("rustfmt", "--version").then(|| {
                let mut c = Command::new("rustfmt");
                c.args(["--edition", "2024", "--emit", "stdout", "--quiet"])
                    .arg(f);
                c
            })
        },
        batch: Some(|files| {
            let mut c = Command::new("rustfmt");
            c.args(["--edition", "2024", "--check"]).args(files);
            c
        }),
    },
    Formatter {
        name: "gofmt",
        languages: &["go"],
        ext: "go",
        command: |f| {
            installed("gofmt", "-h").then(|| {
                let mut c = Command::new("gofmt");
                c.arg(f);
                c
            })
        },
        batch: Some(|files| {
            let mut c = Command::new("gofmt");
            c.arg("-l").args(files);
            c
        }),
    },
    Formatter {
        name: "ruff format",
        languages: &["python"],
        ext: "py",
        command: |f| {
            installed("ruff", "--version").then(|| {
                let mut c = Command::new("ruff");
                c.args(["format", "--quiet", "--no-cache", "--isolated", "-"])
                    .stdin(std::fs::File::open(f).unwrap());
                c
            })
        },
        batch: Some(|files| {
            let mut c = Command::new("ruff");
            c.args(["format", "--check", "--no-cache", "--isolated"])
                .args(files);
            c
        }),
    },
    Formatter {
        name: "prettier",
        languages: &["javascript", "typescript"],
        ext: "js",
        command: |f| {
            prettier().map(|p| {
                let mut c = Command::new("node");
                c.arg(p).arg("--no-config").arg(f);
                c
            })
        },
        // One node process for all files (one per file takes minutes).
        batch: Some(|files| {
            let mut c = Command::new("node");
            c.arg(prettier().unwrap())
                .args(["--no-config", "--list-different"])
                .args(files);
            c
        }),
    },
];

#[test]
fn generated_code_is_formatted_as_its_formatter_leaves_it() {
    // `FORMATTED_KEEP=DIR` keeps the generated files there (to run the formatters by hand).
    let keep = std::env::var_os("FORMATTED_KEEP").map(PathBuf::from);
    let dir = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("corsfix-gen-fmt-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir).unwrap();
    let ci = std::env::var_os("CI").is_some();
    let mut failures = Vec::new();
    let mut checked = 0;
    // `FORMATTED_ONLY=rustfmt` runs one formatter.
    let only = std::env::var("FORMATTED_ONLY").ok();
    for fmt in FORMATTERS
        .iter()
        .filter(|f| only.as_deref().is_none_or(|o| o == f.name))
    {
        let probe = dir.join(format!("probe.{}", fmt.ext));
        std::fs::write(&probe, "").unwrap();
        if (fmt.command)(&probe).is_none() {
            assert!(
                !ci,
                "{} is not installed (scripts/setup-test-env.sh)",
                fmt.name
            );
            eprintln!("skipped {}: not installed", fmt.name);
            continue;
        }
        // (file name in `dir`, what it is, its contents)
        let mut files: Vec<(String, String, String)> = Vec::new();
        for policy_name in MATRIX {
            let policy = load(policy_name);
            for t in targets() {
                for v in t.versions {
                    let Ok(g) = generate_for(&policy, t, v, &Options::default()) else {
                        continue;
                    };
                    for f in g
                        .files
                        .iter()
                        .filter(|f| fmt.languages.contains(&f.language))
                    {
                        let ext = if f.language == "typescript" {
                            "ts"
                        } else {
                            fmt.ext
                        };
                        let mut name = format!(
                            "{}-{}-{policy_name}-{}",
                            t.id,
                            v.major,
                            f.path.replace(['/', '\\', '[', ']'], "_")
                        );
                        if !name.ends_with(&format!(".{ext}")) {
                            name = format!("{name}.{ext}");
                        }
                        std::fs::write(dir.join(&name), &f.contents).unwrap();
                        let label = format!("{}@{} ({policy_name}) {}", t.id, v.major, f.path);
                        files.push((name, label, f.contents.clone()));
                    }
                }
            }
        }
        checked += files.len();
        // The batch run's list of files it would change, or every file without one.
        let suspects: Option<std::collections::BTreeSet<String>> = fmt.batch.and_then(|b| {
            let names: Vec<String> = files.iter().map(|(n, _, _)| n.clone()).collect();
            let out = b(&names).current_dir(&dir).output().unwrap();
            let said = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            // A file counts as named when its name appears anywhere in the output (a name
            // inside another only costs a run of its own).
            (out.status.code().is_some_and(|c| c <= 1)).then(|| {
                names
                    .iter()
                    .filter(|n| said.contains(n.as_str()))
                    .cloned()
                    .collect()
            })
        });
        for (name, label, contents) in &files {
            if suspects.as_ref().is_some_and(|s| !s.contains(name)) {
                continue;
            }
            let out = (fmt.command)(&dir.join(name)).unwrap().output().unwrap();
            let formatted = String::from_utf8_lossy(&out.stdout);
            if !out.status.success() {
                failures.push(format!(
                    "{} {label}: {} failed: {}",
                    fmt.name,
                    fmt.name,
                    String::from_utf8_lossy(&out.stderr)
                ));
            } else if formatted != *contents {
                failures.push(format!(
                    "{} would change {label}:\n{}",
                    fmt.name,
                    diff(contents, &formatted)
                ));
            }
        }
    }
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    eprintln!("formatted: {checked} files checked");
    assert!(
        failures.is_empty(),
        "{} generated files are not formatted:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The first differing lines, for the failure message.
fn diff(have: &str, want: &str) -> String {
    let h: Vec<&str> = have.lines().collect();
    let w: Vec<&str> = want.lines().collect();
    let first = h
        .iter()
        .zip(&w)
        .position(|(a, b)| a != b)
        .unwrap_or(h.len().min(w.len()));
    let mut s = String::new();
    for i in first..(first + 4) {
        if let Some(l) = h.get(i) {
            s.push_str(&format!("  - {l}\n"));
        }
    }
    for i in first..(first + 4) {
        if let Some(l) = w.get(i) {
            s.push_str(&format!("  + {l}\n"));
        }
    }
    s
}
