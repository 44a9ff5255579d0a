//! `corsfix completions` and `corsfix man`: the output works in the program it is for.

use crate::util::{corsfix, texts};

#[test]
fn bash_completion_is_sourced_by_bash_and_completes_subcommands_and_flags() {
    let out = corsfix().args(["completions", "bash"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("corsfix.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    // Source it, then ask the completion function what follows `corsfix ` and `corsfix lint --`.
    let probe = format!(
        r#"source {path} || exit 3
complete -p corsfix >/dev/null || exit 4
COMP_WORDS=(corsfix ""); COMP_CWORD=1; COMP_LINE="corsfix "; COMP_POINT=${{#COMP_LINE}}
_corsfix corsfix "" corsfix
echo "TOP: ${{COMPREPLY[*]}}"
COMP_WORDS=(corsfix lint --f); COMP_CWORD=2; COMP_LINE="corsfix lint --f"; COMP_POINT=${{#COMP_LINE}}
_corsfix corsfix --f lint
echo "LINT: ${{COMPREPLY[*]}}"
"#,
        path = script.display()
    );
    let bash = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &probe])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&bash);
    assert_eq!(bash.status.code(), Some(0), "{stdout}{stderr}");
    let top = stdout.lines().find(|l| l.starts_with("TOP:")).unwrap();
    for sub in [
        "explain",
        "check",
        "gen",
        "lint",
        "scan",
        "completions",
        "man",
    ] {
        assert!(
            top.split_whitespace().any(|w| w == sub),
            "{sub} missing: {top}"
        );
    }
    let lint = stdout.lines().find(|l| l.starts_with("LINT:")).unwrap();
    assert!(lint.contains("--fail-on"), "{lint}");
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = corsfix().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("corsfix"),
            "{shell}"
        );
    }
    let out = corsfix().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_renders_with_man() {
    let out = corsfix().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        page.starts_with(".ie") || page.contains(".TH corsfix"),
        "{page}"
    );
    if std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: man-db is not installed (scripts/setup-test-env.sh installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corsfix.1");
    std::fs::write(&path, &page).unwrap();
    let man = std::process::Command::new("man")
        .arg("-l")
        .arg(&path)
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .unwrap();
    let (text, stderr) = texts(&man);
    assert_eq!(man.status.code(), Some(0), "{stderr}");
    assert!(text.contains("NAME"), "{text}");
    assert!(text.contains("corsfix"), "{text}");
    assert!(
        text.contains("SUBCOMMANDS") || text.contains("COMMANDS"),
        "{text}"
    );
    assert!(text.contains("explain"), "{text}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn man_out_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = corsfix()
        .args(["man", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", texts(&out));
    for page in ["corsfix.1", "corsfix-check.1", "corsfix-lint.1"] {
        assert!(dir.path().join(page).exists(), "{page}");
    }
}

#[test]
fn gen_out_writes_the_files_and_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "gen",
        "--target",
        "express",
        "--origin",
        "https://app.example.com",
        "--out",
    ];
    let out = corsfix().args(args).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", texts(&out));
    let cors = dir.path().join("cors.js");
    let written = std::fs::read_to_string(&cors).unwrap();
    assert!(written.contains("https://app.example.com"));
    std::fs::write(&cors, "mine").unwrap();
    let out = corsfix().args(args).arg(dir.path()).output().unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("already exist"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&cors).unwrap(), "mine");
    let out = corsfix()
        .args(args)
        .arg(dir.path())
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_ne!(std::fs::read_to_string(&cors).unwrap(), "mine");
}

#[test]
fn lint_explain_shows_a_rule_by_code_or_name_and_lists_them_all() {
    let by_code = corsfix()
        .args(["lint", "--explain", "cors003"])
        .output()
        .unwrap();
    let by_name = corsfix()
        .args(["lint", "--explain", "null-origin-allowed"])
        .output()
        .unwrap();
    assert_eq!(by_code.status.code(), Some(0));
    assert_eq!(by_code.stdout, by_name.stdout);
    let (text, _) = texts(&by_code);
    assert!(
        text.starts_with("CORS003 null-origin-allowed (error)"),
        "{text}"
    );
    assert!(text.contains("Why is this bad?"), "{text}");
    let all = corsfix()
        .args(["lint", "--explain", "all"])
        .output()
        .unwrap();
    assert!(texts(&all).0.contains("CORS021"));
    let none = corsfix()
        .args(["lint", "--explain", "CORS999"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
}

#[test]
fn serve_binds_localhost_by_name() {
    use std::io::{BufRead as _, Read as _};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_corsfix"))
        .args(["serve", "--bind", "localhost", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
    assert!(
        first.starts_with("http://127.0.0.1:") || first.starts_with("http://[::1]:"),
        "{first}{err}"
    );
}

#[cfg(unix)]
#[test]
fn serve_stops_cleanly_on_sigterm() {
    use std::io::BufRead as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_corsfix"))
        .args(["serve", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    assert!(std::net::TcpStream::connect(&addr).is_ok());
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    // It exits by itself, successfully (no connection is open, so at once).
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("corsfix serve did not stop on SIGTERM");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(std::net::TcpStream::connect(&addr).is_err());
}
