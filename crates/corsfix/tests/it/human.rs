//! The human output of every command, under insta snapshots, at 80 columns without colour
//! (`COLUMNS=80`, `NO_COLOR=1`). Timings, ports and temporary paths are filtered out.
//! Review a change with `cargo insta review` (or `INSTA_UPDATE=always` then `git diff`).

use corsfix_test_support::{Request, Response, TestServer};

use crate::util::{corsfix, fixture};

/// Exit code, standard output and standard error of `corsfix ARGS` at 80 columns.
fn run(args: &[&str], stdin: Option<&str>) -> String {
    let mut cmd = corsfix();
    cmd.env("COLUMNS", "80").args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_owned());
    }
    let out = cmd.output().unwrap();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            filters => vec![
                (r"\d+ ms\b", "[ms] ms"),
                (r"in \d+\.\d s\b", "in [time] s"),
                (r"127\.0\.0\.1:\d+", "127.0.0.1:[port]"),
                (r"(?:/[\w.-]+)+/fixtures/", "[fixtures]/"),
                (r"(?m)^(\s*)curl -.*", "${1}curl [command]"),
                (r"[0-9a-f]{8}\.corsfix-\w+", "[label]"),
            ],
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!($name, $value);
        });
    };
}

pub(crate) const PREFLIGHT_CASE: &str = r#"{"origin":"https://app.example.com","url":"https://api.example.com/items","request":{"method":"PUT","headers":{"Content-Type":"application/json"},"credentials":"include"},"preflight":{"status":401}}"#;

#[test]
fn simulate_human() {
    snapshot!(
        "simulate",
        run(&["simulate", "--browser", "all"], Some(PREFLIGHT_CASE))
    );
}

#[test]
fn simulate_reads_pretty_printed_cases() {
    let pretty = serde_json::to_string_pretty(
        &serde_json::from_str::<serde_json::Value>(PREFLIGHT_CASE).unwrap(),
    )
    .unwrap();
    let two = format!("{pretty}\n// the same case again\n{pretty}\n");
    let out = run(&["simulate"], Some(&two));
    let second = pretty.lines().count() + 2;
    assert!(out.contains("case line 1:"), "{out}");
    assert!(out.contains(&format!("case line {second}:")), "{out}");
}

pub(crate) const CHROME_PREFLIGHT: &str = "Access to fetch at 'https://api.example.com/items' from origin 'http://localhost:5173' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.";

#[test]
fn explain_human() {
    snapshot!("explain", run(&["explain", CHROME_PREFLIGHT], None));
}

#[test]
fn har_human() {
    let har = fixture("har/preflight-401.har");
    snapshot!("har", run(&["har", har.to_str().unwrap()], None));
}

#[test]
fn gen_human() {
    snapshot!(
        "gen",
        run(
            &[
                "gen",
                "--target",
                "express",
                "--origin",
                "https://app.example.com",
                "--credentials"
            ],
            None
        )
    );
}

#[test]
fn gen_list_fits_80_columns() {
    snapshot!("gen-list", run(&["gen", "--list"], None));
}

#[test]
fn lint_human() {
    let p = fixture("policy/lint/CORS003_null-origin-allowed.toml");
    snapshot!("lint", run(&["lint", p.to_str().unwrap()], None));
}

#[test]
fn lint_explain_human() {
    snapshot!("lint-explain", run(&["lint", "--explain", "CORS002"], None));
}

fn reflect_with_credentials(req: &Request) -> Response {
    match req.origin() {
        Some(o) => Response::json("{}")
            .header("Access-Control-Allow-Origin", o)
            .header("Access-Control-Allow-Credentials", "true")
            .header("Vary", "Origin"),
        None => Response::json("{}"),
    }
}

fn preflight_401(req: &Request) -> Response {
    if req.is_preflight() {
        Response::new(401).header("WWW-Authenticate", "Bearer")
    } else {
        Response::json("{}")
    }
}

#[test]
fn check_human_blocked() {
    let server = TestServer::start(preflight_401);
    let url = server.url("/items");
    snapshot!(
        "check-blocked",
        run(
            &[
                "check",
                &url,
                "--origin",
                "http://localhost:5173",
                "-X",
                "PUT",
                "-H",
                "Content-Type: application/json"
            ],
            None
        )
    );
}

#[test]
fn check_says_works_but_unsafe_at_the_top() {
    let server = TestServer::start(reflect_with_credentials);
    let url = server.url("/me");
    let out = run(
        &[
            "check",
            &url,
            "--origin",
            "http://localhost:5173",
            "--credentials",
        ],
        None,
    );
    snapshot!("check-unsafe", out.clone());
    let stdout = out.split("--- stdout\n").nth(1).unwrap();
    let verdict = stdout
        .lines()
        .find(|l| !l.is_empty() && !l.starts_with("Checked") && !l.starts_with("  "))
        .unwrap();
    assert!(verdict.starts_with("! Works, but unsafe:"), "{stdout}");
    // No merely possible note comes before the high-severity finding.
    let high = stdout.find("high ").expect("a high finding");
    if let Some(possible) = stdout.find("possible]") {
        assert!(high < possible, "{stdout}");
    }
    // A high finding fails by default; --fail-on never keeps exit 0 for a request that works.
    assert!(out.starts_with("exit: 1"), "{out}");
    let out = run(
        &[
            "check",
            &url,
            "--origin",
            "http://localhost:5173",
            "--credentials",
            "--fail-on",
            "never",
        ],
        None,
    );
    assert!(out.starts_with("exit: 0"), "{out}");
}

#[test]
fn scan_human_groups_by_finding_in_natural_order() {
    let server = TestServer::start(reflect_with_credentials);
    let connect = format!("*.shop.test:80:127.0.0.1:{}", server.port());
    let urls: Vec<String> = [10, 2, 1]
        .iter()
        .map(|n| format!("http://api.shop.test/item/{n}"))
        .collect();
    let mut args = vec!["scan", "--connect-to", &connect, "--token", "k3x9q"];
    args.extend(urls.iter().map(String::as_str));
    let out = run(&args, None);
    snapshot!("scan", out.clone());
    let i1 = out.find("/item/1\n").unwrap();
    let i2 = out.find("/item/2\n").unwrap();
    let i10 = out.find("/item/10\n").unwrap();
    assert!(i1 < i2 && i2 < i10, "{out}");
    assert!(out.contains("3 URLs: arbitrary origin reflected"), "{out}");
}

#[test]
fn the_same_origin_mistake_gets_the_same_message_in_every_command() {
    let messages: Vec<String> = [
        vec![
            "check",
            "http://127.0.0.1:9/x",
            "--origin",
            "https://app.example.com/",
        ],
        vec![
            "gen",
            "--target",
            "express",
            "--origin",
            "https://app.example.com/",
        ],
        vec![
            "explain",
            "--origin",
            "https://app.example.com/",
            CHROME_PREFLIGHT,
        ],
    ]
    .iter()
    .map(|args| {
        let out = corsfix().env("COLUMNS", "100").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let all = crate::util::flat(&String::from_utf8_lossy(&out.stderr));
        all.split(" error: the policy")
            .next()
            .unwrap_or_default()
            .to_owned()
    })
    .collect();
    assert!(messages[0].contains("ends with a slash"), "{}", messages[0]);
    assert!(
        messages[0].contains("help: write `--origin https://app.example.com`"),
        "{}",
        messages[0]
    );
    assert_eq!(messages[0], messages[1]);
    assert_eq!(messages[0], messages[2]);
}
