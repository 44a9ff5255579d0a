//! Every command in a real 80-column terminal (a pty from util-linux `script`): no line of
//! prose is longer than 80 columns. The only lines allowed past 80 are a single unbreakable
//! word (a URL longer than the line) and lines of generated code, which are never wrapped.

use corsfix_test_support::{Request, Response, TestServer};
use unicode_width::UnicodeWidthStr as _;

use crate::human::CHROME_PREFLIGHT;
use crate::util::fixture;

fn script_available() -> bool {
    std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Quote for `sh -c`.
fn sh(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Run `corsfix ARGS` in an 80-column pty (colour on, as a user sees it) and return its lines
/// without ANSI styles.
fn in_pty(args: &[&str], stdin_file: Option<&std::path::Path>) -> Vec<String> {
    let bin = env!("CARGO_BIN_EXE_corsfix");
    let mut line = format!("stty cols 80 rows 50; {}", sh(bin));
    for a in args {
        line.push(' ');
        line.push_str(&sh(a));
    }
    if let Some(f) = stdin_file {
        line.push_str(&format!(" < {}", sh(f.to_str().unwrap())));
    }
    let out = std::process::Command::new("script")
        .current_dir(std::env::temp_dir())
        .args(["-qec", &line, "/dev/null"])
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let ansi = regex_lite(&text);
    // What stays visible: a progress bar redraws its line after `\r`.
    ansi.lines()
        .map(|l| {
            l.trim_end_matches('\r')
                .rsplit('\r')
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

/// Strip CSI sequences (colours) and other escapes.
fn regex_lite(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if ('@'..='~').contains(&d) {
                        break;
                    }
                }
            } else {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn assert_fits(what: &str, lines: &[String], code: &[&str]) {
    assert!(
        lines.iter().any(|l| !l.trim().is_empty()),
        "{what}: no output"
    );
    for l in lines {
        let w = l.width();
        if w <= 80 {
            continue;
        }
        let single_word = !l.trim().contains(' ');
        let is_code = code.iter().any(|c| {
            c.lines().any(|cl| {
                cl.trim_end() == l.trim_end().trim_start_matches(' ')
                    || cl.trim_end() == l.trim_end()
            })
        });
        assert!(
            single_word || is_code,
            "{what}: a line of {w} columns:\n{l}\n\nall:\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn no_prose_line_is_longer_than_80_columns_in_an_80_column_terminal() {
    if !script_available() {
        eprintln!(
            "SKIPPED: util-linux `script` is not installed (scripts/setup-test-env.sh installs it)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.json");
    std::fs::write(&case, crate::human::PREFLIGHT_CASE).unwrap();

    let server = TestServer::start(|req: &Request| match req.origin() {
        Some(o) if !req.is_preflight() => Response::json("{}")
            .header("Access-Control-Allow-Origin", o)
            .header("Access-Control-Allow-Credentials", "true"),
        _ => Response::new(401),
    });
    let url = server.url("/api/items");
    let connect = format!("*.shop.test:80:127.0.0.1:{}", server.port());

    assert_fits(
        "check",
        &in_pty(
            &[
                "check",
                &url,
                "--origin",
                "http://localhost:5173",
                "-X",
                "PUT",
                "-H",
                "Content-Type: application/json",
                "--credentials",
            ],
            None,
        ),
        &[],
    );
    assert_fits(
        "check (works, unsafe)",
        &in_pty(
            &[
                "check",
                &url,
                "--origin",
                "http://localhost:5173",
                "--credentials",
            ],
            None,
        ),
        &[],
    );
    assert_fits(
        "explain",
        &in_pty(&["explain", CHROME_PREFLIGHT], None),
        &[],
    );
    let gen_args = [
        "gen",
        "--target",
        "spring-security",
        "--origin",
        "https://app.example.com",
        "--credentials",
    ];
    let json = std::process::Command::new(env!("CARGO_BIN_EXE_corsfix"))
        .args(gen_args)
        .arg("--json")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let files: Vec<String> = v["generated"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["contents"].as_str().unwrap().to_owned())
        .collect();
    let code: Vec<&str> = files.iter().map(String::as_str).collect();
    assert_fits("gen", &in_pty(&gen_args, None), &code);
    assert_fits("gen --list", &in_pty(&["gen", "--list"], None), &[]);
    // Policy files by a short path, as a user names them (`path:line:col: CODE [severity]
    // name:` is one unbreakable location, which editors parse).
    let short = |from: &str, name: &str| {
        let to = dir.path().join(name);
        std::fs::copy(fixture(from), &to).unwrap();
        to.strip_prefix(std::env::temp_dir())
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    let hostile = short("policy/hostile-rejected.toml", "bad.toml");
    assert_fits("lint (invalid)", &in_pty(&["lint", &hostile], None), &[]);
    let reflected = short(
        "policy/lint/CORS002_reflected-origin-with-credentials.toml",
        "cors.toml",
    );
    assert_fits("lint", &in_pty(&["lint", &reflected], None), &[]);
    assert_fits(
        "lint --explain",
        &in_pty(&["lint", "--explain", "CORS016"], None),
        &[],
    );
    assert_fits(
        "scan",
        &in_pty(
            &[
                "scan",
                "--connect-to",
                &connect,
                "--token",
                "k3x9q",
                "http://api.shop.test/me",
                "http://api.shop.test/items",
            ],
            None,
        ),
        &[],
    );
    assert_fits(
        "simulate",
        &in_pty(
            &["simulate", "--browser", "all", case.to_str().unwrap()],
            None,
        ),
        &[],
    );
    let har = fixture("har/preflight-401.har");
    assert_fits("har", &in_pty(&["har", har.to_str().unwrap()], None), &[]);
}
