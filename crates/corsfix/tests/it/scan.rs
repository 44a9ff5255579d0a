//! `corsfix scan` end to end: loopback servers (host names mapped with --resolve), output
//! formats, exit codes, sharding and bad input. The scanner's own recall / false-positive
//! tests against its 25-behaviour farm live in crates/corsfix-scan/tests.

use std::collections::BTreeSet;

use corsfix_test_support::{Request, Response, TestServer};

use crate::util::{corsfix, json_lines, texts};

fn reflect(req: &Request) -> Response {
    match req.origin() {
        Some(o) => Response::json("{}")
            .header("Access-Control-Allow-Origin", o)
            .header("Access-Control-Allow-Credentials", "true")
            .header("Vary", "Origin"),
        None => Response::json("{}").header("Vary", "Origin"),
    }
}

fn strict(req: &Request) -> Response {
    let allowed = ["http://api.shop.test", "https://app.shop.test"];
    let mut r = Response::json("{}").header("Vary", "Origin");
    if let Some(o) = req.origin().filter(|o| allowed.contains(o)) {
        r = r
            .header("Access-Control-Allow-Origin", o)
            .header("Access-Control-Allow-Credentials", "true");
    }
    r
}

fn preflight_only(req: &Request) -> Response {
    match req.origin() {
        Some(o) if req.is_preflight() => Response::new(204)
            .header("Access-Control-Allow-Origin", o)
            .header("Access-Control-Allow-Credentials", "true")
            .header("Access-Control-Allow-Methods", "GET, PUT"),
        _ => Response::json("{}"),
    }
}

fn resolve(server: &TestServer) -> String {
    format!("*.shop.test:80:127.0.0.1:{}", server.port())
}

#[test]
fn reflection_with_credentials_is_high_and_exits_1() {
    let server = TestServer::start(reflect);
    let out = corsfix()
        .args(["scan", "http://api.shop.test/me?x=1", "--format", "jsonl"])
        .args(["--connect-to", &resolve(&server), "--token", "k3x9q"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let lines = json_lines(&stdout);
    let c1 = lines
        .iter()
        .find(|v| v["type"] == "finding" && v["check"] == "C1")
        .expect("a C1 finding");
    assert_eq!(c1["severity"], "high");
    assert_eq!(c1["origin"], "http://k3x9q.evil.example");
    assert_eq!(c1["method"], "GET");
    assert_eq!(c1["credentials"], true);
    assert_eq!(c1["rule"], "CORS002");
    assert_eq!(c1["evidence"]["acao"][0], "http://k3x9q.evil.example");
    assert_eq!(c1["evidence"]["acac"], "true");
    assert_eq!(c1["url"], "http://api.shop.test/me?x=1");
    let summary = lines.iter().find(|v| v["type"] == "summary").unwrap();
    assert_eq!(summary["tested"], true);
    assert_eq!(summary["max_severity"], "high");
    // The query string was kept and every probe carried its own Origin.
    let reqs = server.requests();
    assert!(reqs.iter().all(|r| r.path == "/me?x=1"), "{reqs:?}");
    assert!(reqs.iter().any(|r| r.origin() == Some("null")));
}

#[test]
fn a_strict_allowlist_is_clean_and_exits_0() {
    let server = TestServer::start(strict);
    let out = corsfix()
        .args(["scan", "http://api.shop.test/me"])
        .args(["--connect-to", &resolve(&server)])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.starts_with("No finding at low or above in 1 URL"),
        "{stdout}"
    );
    // The mutation families ran (a CORS signal was seen), including the trusted origin's; the
    // C11/C12 families did not, since neither the prefix probe nor the `/` canary was accepted.
    let reqs = server.requests();
    assert!(reqs.len() > 40, "{}", reqs.len());
    assert!(reqs.iter().any(|r| {
        r.origin()
            .is_some_and(|o| o.starts_with("http://api.shop.test/."))
    }));
    assert!(!reqs.iter().any(|r| {
        r.origin()
            .is_some_and(|o| o.starts_with("http://api.shop.test_."))
    }));
    assert!(reqs.iter().any(|r| {
        r.origin()
            .is_some_and(|o| o.starts_with("https://app.shop.test."))
    }));
}

#[test]
fn preflight_only_cors_is_found_and_the_summary_is_readable() {
    let server = TestServer::start(preflight_only);
    let out = corsfix()
        .args(["scan", "http://api.shop.test/items", "--token", "k3x9q"])
        .args(["--connect-to", &resolve(&server)])
        .output()
        .unwrap();
    let (stdout, _) = texts(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("high CORS002 1 URL: arbitrary origin allowed by the preflight"),
        "{stdout}"
    );
    assert!(
        stdout.contains("OPTIONS Origin: http://k3x9q.evil.example"),
        "{stdout}"
    );
    assert!(stdout.contains("attacker:"), "{stdout}");
    assert!(stdout.starts_with("1 high, "), "{stdout}");
    // The fix line names a `corsfix gen` command that really runs.
    let cmd = stdout
        .split('`')
        .find(|s| s.starts_with("corsfix gen "))
        .unwrap_or_else(|| panic!("no corsfix gen command in {stdout}"));
    let args: Vec<&str> = cmd
        .split_whitespace()
        .skip(1)
        .map(|a| match a {
            "<framework>" | "TARGET" => "express",
            "ORIGIN" => "https://app.shop.test",
            a => a,
        })
        .collect();
    let gen_out = corsfix().args(&args).output().unwrap();
    assert_eq!(
        gen_out.status.code(),
        Some(0),
        "`{cmd}` failed: {gen_out:?}"
    );
}

#[test]
fn an_unreachable_url_is_reported_as_not_tested_and_exits_2() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    let out = corsfix()
        .args(["scan", "http://down.shop.test/", "--format", "jsonl"])
        .args(["--connect-to", &format!("*.shop.test:80:127.0.0.1:{port}")])
        .args(["--retries", "0", "--timeout", "2"])
        .output()
        .unwrap();
    let (stdout, _) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&stdout);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["type"], "summary");
    assert_eq!(lines[0]["tested"], false);
    assert!(lines[0]["error"].as_str().is_some_and(|e| !e.is_empty()));
}

#[test]
fn sarif_is_one_valid_document_with_rules_and_results() {
    let server = TestServer::start(reflect);
    let out = corsfix()
        .args(["scan", "http://api.shop.test/a", "http://api.shop.test/b"])
        .args(["--format", "sarif", "--connect-to", &resolve(&server)])
        .output()
        .unwrap();
    let (stdout, _) = texts(&out);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 25);
    let results = run["results"].as_array().unwrap();
    let c1: Vec<_> = results.iter().filter(|r| r["ruleId"] == "C1").collect();
    assert_eq!(c1.len(), 2);
    assert_eq!(c1[0]["level"], "error");
    assert!(
        c1[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("http://api.shop.test/")
    );
}

#[test]
fn shards_split_the_input_and_concatenate_to_the_whole() {
    let server = TestServer::start(reflect);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("urls.txt");
    let urls: Vec<String> = (0..16)
        .map(|i| format!("http://api.shop.test/item/{i}"))
        .collect();
    std::fs::write(&input, format!("# a comment\n\n{}\n", urls.join("\n"))).unwrap();
    let mut seen = Vec::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let out = corsfix()
            .args([
                "scan",
                "--input",
                input.to_str().unwrap(),
                "--format",
                "jsonl",
            ])
            .args(["--shard", shard, "--connect-to", &resolve(&server)])
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
        let mine: Vec<String> = json_lines(&stdout)
            .into_iter()
            .filter(|v| v["type"] == "summary")
            .map(|v| v["url"].as_str().unwrap().to_owned())
            .collect();
        seen.push(mine);
    }
    let all: Vec<&String> = seen.iter().flatten().collect();
    assert_eq!(all.len(), urls.len(), "every URL in exactly one shard");
    let set: BTreeSet<&String> = all.into_iter().collect();
    assert_eq!(set.len(), urls.len());
    assert!(
        seen.iter().filter(|s| !s.is_empty()).count() >= 2,
        "{seen:?}"
    );
}

#[test]
fn urls_on_stdin_custom_headers_and_fail_on() {
    let server = TestServer::start(|req: &Request| {
        Response::json("{}")
            .header("Access-Control-Allow-Origin", "*")
            .header("Access-Control-Allow-Credentials", "true")
            .header("X-Seen-Cookie", req.header("cookie").unwrap_or(""))
    });
    // Wildcard with credentials is low: below the default threshold (medium) → 0 …
    let out = corsfix()
        .args([
            "scan",
            "--connect-to",
            &resolve(&server),
            "-H",
            "Cookie: session=abc",
        ])
        .write_stdin("http://api.shop.test/x\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", texts(&out));
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.header("cookie") == Some("session=abc"))
    );
    // … and at --fail-on low → 1.
    let out = corsfix()
        .args([
            "scan",
            "--connect-to",
            &resolve(&server),
            "--fail-on",
            "low",
        ])
        .args(["--input", "-"])
        .write_stdin("http://api.shop.test/x\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        texts(&out)
            .0
            .contains("CORS001 1 URL: wildcard origin with credentials")
    );
}

#[test]
fn bad_input_is_a_clear_error_with_exit_2() {
    for (args, needle) in [
        (vec!["scan", "http://a.test/", "--shard", "3/2"], "shard"),
        (vec!["scan", "http://a.test/", "-H", "no colon"], "header"),
        (
            vec!["scan", "http://a.test/", "--fail-on", "severe"],
            "fail-on",
        ),
        (vec!["scan", "http://a.test/", "--resolve", "x"], "resolve"),
        (vec!["scan", "http://a.test/", "--token", "9bad!"], "token"),
        (vec!["scan", "http://a.test/", "--timeout", "0"], "timeout"),
        (vec!["scan", "--input", "/nonexistent/urls.txt"], "urls.txt"),
        (
            vec!["scan", "--ca-cert", "/nonexistent.pem", "http://a.test/"],
            "CA",
        ),
    ] {
        let out = corsfix().args(&args).output().unwrap();
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // Nothing to scan.
    let out = corsfix().args(["scan"]).write_stdin("").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(texts(&out).1.contains("no URLs"));
    // A line that is not a URL is reported for that line, not a crash.
    let out = corsfix()
        .args(["scan", "--format", "jsonl"])
        .write_stdin("not a url\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&texts(&out).0);
    assert_eq!(lines[0]["tested"], false);
    assert!(lines[0]["error"].as_str().unwrap().contains("invalid URL"));
}

#[test]
fn redirects_are_reported_not_followed() {
    let server = TestServer::start(|_req: &Request| {
        Response::new(302).header("Location", "http://other.shop.test/login")
    });
    let out = corsfix()
        .args(["scan", "http://api.shop.test/me", "--format", "jsonl"])
        .args(["--connect-to", &resolve(&server)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&texts(&out).0);
    let summary = lines.iter().find(|v| v["type"] == "summary").unwrap();
    assert_eq!(summary["status"], 302);
    assert_eq!(summary["redirect"], "http://other.shop.test/login");
    // Only the given URL was requested (5 probes), never the redirect target.
    let reqs = server.requests();
    assert_eq!(reqs.len(), 5);
    assert!(reqs.iter().all(|r| r.path == "/me"));
}
