//! `corsfix gen`.

use crate::util::{corsfix, fixture, texts};

#[test]
fn gen_express_from_flags_prints_findings_files_install_notes_and_limits() {
    let out = corsfix()
        .args([
            "gen",
            "--target",
            "express",
            "--origin",
            "https://app.example.com",
            "--origin",
            "https://admin.example.com",
            "--credentials",
            "--methods",
            "GET,POST,PUT",
            "--headers",
            "Content-Type,Authorization",
            "--expose",
            "X-Total",
            "--max-age",
            "600",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let at = |s: &str| {
        stdout
            .find(s)
            .unwrap_or_else(|| panic!("missing {s:?} in\n{stdout}"))
    };
    // findings first, then the file, install, wiring notes, what is not allowed
    assert!(at("CORS016") < at("── cors.js"));
    assert!(at("── cors.js") < at("Install"));
    assert!(at("Install") < at("Order and wiring"));
    assert!(at("Order and wiring") < at("Deliberately not allowed"));
    assert!(stdout.contains("\"https://admin.example.com\""));
    assert!(stdout.contains("credentials: true,"));
    assert!(stdout.contains("methods: [\"GET\", \"POST\", \"PUT\"],"));
    assert!(stdout.contains("maxAge: 600,"));
    assert!(stdout.contains("npm install express@5 cors"));
}

#[test]
fn gen_accepts_a_version_and_a_policy_file() {
    let out = corsfix()
        .args(["gen", "--target", "express@4", "--policy"])
        .arg(fixture("policy/several-origins.toml"))
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("npm install express@4 cors"));
    assert!(stdout.contains(r#"app.use(["/api"], corsMiddleware);"#));
}

#[test]
fn gen_json_carries_every_file() {
    let out = corsfix()
        .args(["gen", "--target", "nginx", "--json", "--policy"])
        .arg(fixture("policy/subdomain-pattern.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["generated"]["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert!(
        files[0]["contents"]
            .as_str()
            .unwrap()
            .contains(r#""~^https://([a-z0-9-]+\.)+example\.com$" $http_origin;"#)
    );
    assert_eq!(v["generated"]["target"], "nginx");
}

#[test]
fn gen_list_shows_every_target_with_versions() {
    let out = corsfix()
        .args(["gen", "--list", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let targets = v.as_array().unwrap();
    assert_eq!(targets.len(), 53);
    let express = targets.iter().find(|t| t["id"] == "express").unwrap();
    assert_eq!(express["versions"][1]["major"], "4");
    let text = corsfix().args(["gen", "--list"]).output().unwrap();
    let (stdout, _) = texts(&text);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("spring-security") && l.contains("7,6"))
    );
}

#[test]
fn unknown_target_suggests_the_nearest_names() {
    let out = corsfix()
        .args([
            "gen",
            "--target",
            "expres",
            "--origin",
            "https://a.example.com",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("unknown target `expres`"), "{stderr}");
    assert!(stderr.contains("did you mean `express`"), "{stderr}");
}

#[test]
fn every_bad_flag_is_reported_at_once_and_nothing_is_generated() {
    let out = corsfix()
        .args([
            "gen",
            "--target",
            "nginx",
            "--origin",
            "app.example.com",
            "--origin",
            "https://x.example.com/",
            "--max-age",
            "-4",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("help: write `--origin https://app.example.com`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: write `--origin https://x.example.com`"),
        "{stderr}"
    );
    // Each problem is placed at the flag that caused it, not at a line of a file.
    assert!(
        stderr.contains("error: --origin app.example.com: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: --origin https://x.example.com/: "),
        "{stderr}"
    );
    assert!(stderr.contains("error: --max-age -4: "), "{stderr}");
    assert!(!stderr.contains("flags:"), "{stderr}");
    assert!(stderr.contains("3 problems"), "{stderr}");
}

#[test]
fn dangerous_policy_is_refused_with_exit_1() {
    let out = corsfix()
        .args([
            "gen",
            "--target",
            "express",
            "--origin",
            "*",
            "--credentials",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("CORS001"), "{stdout}");
    assert!(stdout.starts_with("--origin '*': CORS001"), "{stdout}");
    assert!(stderr.contains("refused"), "{stderr}");
    assert!(!stdout.contains("cors.js"));
}

#[test]
fn a_hostile_flag_value_is_shown_quoted_with_control_characters_escaped() {
    let out = corsfix()
        .args([
            "gen",
            "--target",
            "express",
            "--origin",
            "https://a.example/\u{1b}[2J'x",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(
        crate::util::flat(&stderr)
            .contains("error: --origin 'https://a.example/\\u{1b}[2J'\\''x': "),
        "{stderr:?}"
    );
}

#[test]
fn missing_origin_is_a_usage_error() {
    let out = corsfix()
        .args(["gen", "--target", "express"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("--origin"), "{stderr}");
}
