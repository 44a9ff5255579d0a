//! corsfix-gen integration tests: the snapshot matrix (every target × version × fixture
//! policy), template coverage, hostile input, and the generated code's meaning.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use corsfix_gen::{GenError, Options, generate_for, targets};
use corsfix_policy::Policy;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/policy")
}

/// The fixture policies of the snapshot matrix.
const MATRIX: &[&str] = &[
    "single-origin-credentials",
    "several-origins",
    "public",
    "subdomain-pattern",
    "hostile",
];

fn load(name: &str) -> Policy {
    let text = std::fs::read_to_string(fixtures().join(format!("{name}.toml"))).unwrap();
    Policy::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// One combined document per (policy, target, version), cargo-dist style.
fn render(result: &Result<corsfix_gen::Generated, GenError>) -> String {
    let mut s = String::new();
    match result {
        Err(e) => {
            writeln!(s, "error: {e}").unwrap();
        }
        Ok(g) => {
            writeln!(s, "target: {} {} ({})", g.target, g.version, g.packages).unwrap();
            for d in &g.findings {
                writeln!(s, "finding: {} {} {}", d.code, d.name, d.message).unwrap();
            }
            for l in &g.limitations {
                writeln!(s, "limitation: {l}").unwrap();
            }
            for i in &g.install {
                writeln!(s, "install: {i}").unwrap();
            }
            for f in &g.files {
                writeln!(
                    s,
                    "\n===== {} ({}) =====\n# {}\n{}",
                    f.path, f.language, f.placement, f.contents
                )
                .unwrap();
            }
            for n in &g.notes {
                writeln!(s, "note: {n}").unwrap();
            }
            for n in &g.not_allowed {
                writeln!(s, "not allowed: {n}").unwrap();
            }
        }
    }
    s
}

#[test]
fn snapshot_matrix() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots");
    settings.bind(|| {
        for policy_name in MATRIX {
            let policy = load(policy_name);
            for t in targets() {
                for v in t.versions {
                    let out = generate_for(&policy, t, v, &Options::default());
                    if let Err(GenError::Template { template, message }) = &out {
                        panic!(
                            "{policy_name} × {}@{}: {template}: {message}",
                            t.id, v.major
                        );
                    }
                    let name = format!("{}@{}__{policy_name}", t.id, v.major.replace('.', "_"));
                    insta::assert_snapshot!(name, render(&out));
                }
            }
        }
    });
}

#[test]
fn every_target_has_templates_and_every_template_is_used() {
    let all: BTreeSet<&str> = corsfix_gen::template_names().collect();
    let mut used = BTreeSet::new();
    for t in targets() {
        let dir_has = all.iter().any(|n| n.starts_with(&format!("{}/", t.id)));
        assert!(dir_has, "{} has no templates/{}/ folder", t.id, t.id);
        for v in t.versions {
            let mut any_file = false;
            for p in MATRIX {
                let policy = load(p);
                for tmpl in corsfix_gen::templates_of(t, v, &policy) {
                    assert!(
                        all.contains(tmpl),
                        "{} refers to missing template {tmpl}",
                        t.id
                    );
                    used.insert(tmpl);
                    any_file = true;
                }
            }
            assert!(any_file, "{}@{} generates no file", t.id, v.major);
        }
    }
    let unused: Vec<_> = all.difference(&used).collect();
    assert!(unused.is_empty(), "templates never used: {unused:?}");
}

#[test]
fn there_are_53_targets_with_unique_ids_and_aliases() {
    let mut names = BTreeSet::new();
    for t in targets() {
        assert!(names.insert(t.id), "duplicate {}", t.id);
        for a in t.aliases {
            assert!(names.insert(a), "duplicate alias {a}");
        }
        assert!(!t.versions.is_empty());
    }
    assert_eq!(targets().len(), 53);
}

#[test]
fn hostile_rejected_fixture_never_reaches_a_template() {
    let text = std::fs::read_to_string(fixtures().join("hostile-rejected.toml")).unwrap();
    match Policy::parse(&text) {
        Err(corsfix_policy::ParsePolicyError::Invalid(errs)) => {
            let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
            // every hostile entry is reported, not just the first
            for f in [
                "origins[0]",
                "origins[1]",
                "origins[2]",
                "origins[3]",
                "origins[4]",
                "origins[5]",
                "origins[6]",
                "request_headers[0]",
                "request_headers[1]",
                "request_headers[2]",
                "request_headers[3]",
                "request_headers[4]",
                "request_headers[5]",
                "expose_headers[0]",
                "paths[0]",
                "paths[1]",
            ] {
                assert!(fields.contains(&f), "{f} not reported: {fields:?}");
            }
        }
        other => panic!("hostile-rejected must be refused: {other:?}"),
    }
}

/// Strings from the hostile fixture must come out escaped: raw control characters never
/// appear, and every file stays ASCII.
#[test]
fn hostile_output_is_ascii_and_contains_no_raw_control_characters() {
    let policy = load("hostile");
    for t in targets() {
        for v in t.versions {
            if let Ok(g) = generate_for(&policy, t, v, &Options::default()) {
                for f in &g.files {
                    assert!(
                        f.contents
                            .chars()
                            .all(|c| c == '\n' || c == '\t' || (' '..='~').contains(&c)),
                        "{}@{} {}: non-ASCII or control character",
                        t.id,
                        v.major,
                        f.path
                    );
                }
            }
        }
    }
}

/// Policies with error-level findings are refused, with the findings.
#[test]
fn dangerous_policies_are_refused() {
    let policy = Policy::parse_toml("origins = [\"*\"]\ncredentials = true").unwrap();
    match corsfix_gen::generate(&policy, "express", &Options::default()) {
        Err(GenError::Refused(d)) => assert_eq!(d[0].code, "CORS001"),
        other => panic!("{other:?}"),
    }
}

/// Targets that cannot express a pattern say so instead of silently dropping it.
#[test]
fn limitations_are_reported() {
    let policy = load("subdomain-pattern");
    let g = corsfix_gen::generate(&policy, "warp", &Options::default()).unwrap();
    assert!(
        g.limitations
            .iter()
            .any(|l| l.contains("https://*.example.com")),
        "{:?}",
        g.limitations
    );
    let several = load("several-origins");
    let g = corsfix_gen::generate(&several, "netlify", &Options::default()).unwrap();
    assert!(
        g.limitations
            .iter()
            .any(|l| l.contains("only `https://app.example.com` is allowed")),
        "{:?}",
        g.limitations
    );
}

/// Run the generated JavaScript escaping through a real engine when Node.js is present:
/// the string literals must evaluate back to the policy's exact values.
#[test]
fn node_reads_back_the_hostile_strings() {
    let Ok(out) = std::process::Command::new("node").arg("--version").output() else {
        eprintln!("skipped: node not installed");
        return;
    };
    if !out.status.success() {
        eprintln!("skipped: node not usable");
        return;
    }
    let policy = load("hostile");
    let g = corsfix_gen::generate(&policy, "express", &Options::default()).unwrap();
    let src = &g.files[0].contents;
    let dir = std::env::temp_dir().join(format!("corsfix-gen-node-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("node_modules/cors")).unwrap();
    // A stand-in `cors` module that hands back its options, so the generated file is evaluated
    // exactly as written.
    std::fs::write(
        dir.join("node_modules/cors/index.js"),
        "module.exports = (o) => o;",
    )
    .unwrap();
    std::fs::write(dir.join("cors.js"), src).unwrap();
    let script = "const o = require('./cors.js'); console.log(JSON.stringify({origin: o.origin.map(String), methods: o.methods, allowedHeaders: o.allowedHeaders, exposedHeaders: o.exposedHeaders}));";
    let run = std::process::Command::new("node")
        .arg("-e")
        .arg(script)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["methods"], serde_json::json!(policy.methods()));
    assert_eq!(
        v["allowedHeaders"],
        serde_json::json!(policy.request_headers())
    );
    assert_eq!(
        v["exposedHeaders"],
        serde_json::json!(policy.expose_headers())
    );
    let origins: Vec<String> = serde_json::from_value(v["origin"].clone()).unwrap();
    assert_eq!(origins[0], "https://xn--bcher-kva.example");
    assert_eq!(
        origins[2],
        format!(
            "/{}/",
            policy.origins().patterns[0].regex.replace('/', "\\/")
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Python's parser reads back the hostile strings of the Flask output.
#[test]
fn python_reads_back_the_hostile_strings() {
    let Ok(out) = std::process::Command::new("python3")
        .arg("--version")
        .output()
    else {
        eprintln!("skipped: python3 not installed");
        return;
    };
    if !out.status.success() {
        return;
    }
    let policy = load("hostile");
    let g = corsfix_gen::generate(&policy, "django", &Options::default()).unwrap();
    let src = format!(
        "INSTALLED_APPS = []\nMIDDLEWARE = []\n{}\nimport json\nprint(json.dumps({{'h': CORS_ALLOW_HEADERS, 'e': CORS_EXPOSE_HEADERS, 'r': CORS_ALLOWED_ORIGIN_REGEXES, 'm': CORS_ALLOW_METHODS}}))",
        g.files[0].contents
    );
    let run = std::process::Command::new("python3")
        .arg("-c")
        .arg(&src)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["h"], serde_json::json!(policy.request_headers()));
    assert_eq!(v["e"], serde_json::json!(policy.expose_headers()));
    assert_eq!(v["m"], serde_json::json!(policy.methods()));
    assert_eq!(
        v["r"][0],
        serde_json::json!(policy.origins().patterns[0].regex)
    );
}

#[test]
fn targets_doc_is_current() {
    let want = corsfix_gen::targets_markdown();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/targets.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/targets.md is stale: run `UPDATE_DOCS=1 cargo test -p corsfix-gen --test it targets_doc`"
    );
}

// ---- the generated node:http code, run for real on 127.0.0.1 and compared with Policy::respond ----

fn raw_request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, Vec<(String, String)>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf);
    let head = text.split("\r\n\r\n").next().unwrap();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    // Repeated header lines are one list-valued header (`Vary: Origin` + `Vary: X`).
    let mut hs: Vec<(String, String)> = Vec::new();
    for (n, v) in lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .filter(|(n, _)| n.starts_with("access-control-") || n == "vary")
    {
        match hs.iter_mut().find(|(k, _)| *k == n) {
            Some((_, prev)) => {
                prev.push_str(", ");
                prev.push_str(&v);
            }
            None => hs.push((n, v)),
        }
    }
    (status, hs)
}

struct Child(std::process::Child);
impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn generated_node_http_code_answers_exactly_like_policy_respond() {
    use std::io::BufRead;
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: node not installed");
        return;
    }
    for name in ["subdomain-pattern", "several-origins", "public", "hostile"] {
        let policy = load(name);
        let g = corsfix_gen::generate(&policy, "node-http", &Options::default()).unwrap();
        let dir =
            std::env::temp_dir().join(format!("corsfix-node-http-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("cors.js"), &g.files[0].contents).unwrap();
        let server = "const http = require('http'); const { withCors } = require('./cors.js');\
            const s = http.createServer(withCors((req, res) => { res.statusCode = req.url.includes('fail') ? 500 : 200; res.end('ok'); }));\
            s.listen(0, '127.0.0.1', () => console.log(s.address().port));";
        let mut child = Child(
            std::process::Command::new("node")
                .arg("-e")
                .arg(server)
                .current_dir(&dir)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap(),
        );
        let mut line = String::new();
        std::io::BufReader::new(child.0.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port: u16 = line.trim().parse().unwrap();
        compare_with_respond(&policy, name, port);
        drop(child);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Send preflights and requests (allowed, disallowed, patterned, out of scope, erroring) and
/// compare every CORS header and preflight status with `Policy::respond`.
fn compare_with_respond(policy: &Policy, name: &str, port: u16) {
    let origins = [
        "https://example.com",
        "https://a.b.example.com",
        "https://pr-12.preview.example.net",
        "https://app.example.com",
        "http://localhost:5173",
        "https://evil-example.com",
        "https://example.com.evil.net",
        "null",
        "https://xn--bcher-kva.example",
        "https://a.x.example.com",
    ];
    for origin in origins {
        for path in ["/api/items", "/api/fail", "/other"] {
            // preflight
            let mut req =
                corsfix_policy::Request::preflight(origin, "PUT", "content-type,authorization");
            req.path = path.to_owned();
            let (status, got) = raw_request(
                port,
                "OPTIONS",
                path,
                &[
                    ("Origin", origin),
                    ("Access-Control-Request-Method", "PUT"),
                    (
                        "Access-Control-Request-Headers",
                        "content-type,authorization",
                    ),
                ],
            );
            let want = policy.respond(&req);
            let mut want_h: Vec<(String, String)> = want.headers.clone();
            let mut got_h = got.clone();
            want_h.sort();
            got_h.sort();
            if want.status.is_some() || !want_h.is_empty() {
                assert_eq!(
                    Some(status),
                    want.status.or(Some(200)),
                    "{name} {origin} {path} preflight status"
                );
            }
            assert_eq!(got_h, want_h, "{name} {origin} {path} preflight headers");
            // actual request (errors included)
            let mut req = corsfix_policy::Request::actual(origin, "GET");
            req.path = path.to_owned();
            let (_, got) = raw_request(port, "GET", path, &[("Origin", origin)]);
            let mut want_h = policy.respond(&req).headers;
            let mut got_h = got;
            want_h.sort();
            got_h.sort();
            assert_eq!(got_h, want_h, "{name} {origin} {path} actual headers");
        }
    }
}

#[test]
fn generated_plain_php_code_answers_exactly_like_policy_respond() {
    if std::process::Command::new("php")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: php not installed");
        return;
    }
    for name in ["subdomain-pattern", "several-origins", "public", "hostile"] {
        let policy = load(name);
        let g = corsfix_gen::generate(&policy, "php", &Options::default()).unwrap();
        let dir = std::env::temp_dir().join(format!("corsfix-php-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("cors.php"), &g.files[0].contents).unwrap();
        std::fs::write(
            dir.join("router.php"),
            "<?php\nrequire __DIR__ . '/cors.php';\nif (str_contains($_SERVER['REQUEST_URI'], 'fail')) { http_response_code(500); }\necho 'ok';\n",
        )
        .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let _child = Child(
            std::process::Command::new("php")
                .args(["-S", &format!("127.0.0.1:{port}"), "router.php"])
                .current_dir(&dir)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap(),
        );
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "php -S did not start");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        compare_with_respond(&policy, name, port);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Run the generated Flask app (flask-cors) through Flask's test client and let the model of
/// Chrome judge its answers: an allowed (origin, method, headers) must pass, anything else with
/// a foreign origin must be blocked. A semantic check: flask-cors formats headers its own way.
#[test]
fn generated_flask_app_passes_the_browser_model_exactly_when_the_policy_allows() {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import flask, flask_cors"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 with flask and flask-cors not installed");
        return;
    }
    let script = r#"
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("generated_app", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
c = m.app.test_client()
out = []
for r in json.load(sys.stdin):
    resp = c.open(r["path"], method=r["method"], headers=r["headers"])
    out.append({"status": resp.status_code, "headers": [[k, v] for k, v in resp.headers.items()]})
print(json.dumps(out))
"#;
    for name in [
        "single-origin-credentials",
        "subdomain-pattern",
        "several-origins",
        "public",
        "hostile",
    ] {
        let policy = load(name);
        let g = corsfix_gen::generate(&policy, "flask", &Options::default()).unwrap();
        let dir = std::env::temp_dir().join(format!("corsfix-flask-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let app = dir.join("app.py");
        std::fs::write(&app, &g.files[0].contents).unwrap();
        let origins = [
            "https://app.example.com",
            "https://example.com",
            "https://a.b.example.com",
            "http://localhost:5173",
            "https://evil-example.com",
            "https://example.com.evil.net",
            "https://xn--bcher-kva.example",
            "null",
        ];
        let methods = ["GET", "PUT"];
        let mut requests = Vec::new();
        let mut cases = Vec::new();
        for origin in origins {
            for method in methods {
                let headers: Vec<(String, String)> = if method == "PUT" {
                    vec![("Content-Type".into(), "application/json".into())]
                } else {
                    vec![]
                };
                let unsafe_names = corsfix_model::headers::cors_unsafe_request_header_names(
                    &headers,
                    corsfix_model::Browser::Chrome,
                );
                let mut pre = vec![
                    ("Origin".to_owned(), origin.to_owned()),
                    (
                        "Access-Control-Request-Method".to_owned(),
                        method.to_owned(),
                    ),
                ];
                if !unsafe_names.is_empty() {
                    pre.push((
                        "Access-Control-Request-Headers".to_owned(),
                        unsafe_names.join(","),
                    ));
                }
                requests.push(
                    serde_json::json!({"path": "/api/health", "method": "OPTIONS", "headers": pre}),
                );
                let mut act = headers.clone();
                act.push(("Origin".to_owned(), origin.to_owned()));
                requests.push(
                    serde_json::json!({"path": "/api/health", "method": method, "headers": act}),
                );
                cases.push((origin, method, headers));
            }
        }
        let mut child = std::process::Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&app)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(serde_json::to_string(&requests).unwrap().as_bytes())
                .unwrap();
        }
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let answers: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        let spec = |a: &serde_json::Value| corsfix_model::ResponseSpec {
            status: u16::try_from(a["status"].as_u64().unwrap()).unwrap(),
            headers: serde_json::from_value(a["headers"].clone()).unwrap(),
            next: None,
        };
        for (i, (origin, method, headers)) in cases.iter().enumerate() {
            let case = corsfix_model::Case {
                address_space: None,
                lna_permission: None,
                id: None,
                origin: (*origin).to_owned(),
                url: "https://api.example.net/api/health".into(),
                request: corsfix_model::RequestSpec {
                    target_address_space: None,
                    method: (*method).to_owned(),
                    headers: headers.clone(),
                    credentials: if policy.credentials() {
                        corsfix_model::Credentials::Include
                    } else {
                        corsfix_model::Credentials::Omit
                    },
                    mode: corsfix_model::Mode::Cors,
                    read_headers: vec![],
                    redirect: corsfix_model::RedirectMode::Follow,
                    body: None,
                    initiator: corsfix_model::Initiator::default(),
                },
                preflight: Some(spec(&answers[2 * i])),
                actual: Some(spec(&answers[2 * i + 1])),
            };
            let verdict = corsfix_model::simulate(&case, corsfix_model::Browser::Chrome);
            let should = policy.origins().allows(origin)
                && policy.allows_method(method)
                && corsfix_model::headers::cors_unsafe_request_header_names(
                    headers,
                    corsfix_model::Browser::Chrome,
                )
                .iter()
                .all(|h| policy.allows_header(h));
            assert_eq!(
                verdict.allowed,
                should,
                "{name}: {origin} {method}: {:?}\npreflight {:?}\nactual {:?}",
                verdict.failure,
                answers[2 * i],
                answers[2 * i + 1]
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn generated_go_net_http_code_answers_exactly_like_policy_respond() {
    use std::io::BufRead;
    if std::process::Command::new("go")
        .arg("version")
        .output()
        .is_err()
    {
        eprintln!("skipped: go not installed");
        return;
    }
    for name in ["subdomain-pattern", "public", "hostile"] {
        let policy = load(name);
        let g = corsfix_gen::generate(&policy, "go-net-http", &Options::default()).unwrap();
        let dir = std::env::temp_dir().join(format!("corsfix-go-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("cors.go"), &g.files[0].contents).unwrap();
        std::fs::write(dir.join("go.mod"), "module corsfixtest\n\ngo 1.19\n").unwrap();
        std::fs::write(
            dir.join("main.go"),
            "package main\n\nimport (\n\t\"fmt\"\n\t\"net\"\n\t\"net/http\"\n\t\"strings\"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc(\"/\", func(w http.ResponseWriter, r *http.Request) {\n\t\tif strings.Contains(r.URL.Path, \"fail\") {\n\t\t\thttp.Error(w, \"boom\", 500)\n\t\t\treturn\n\t\t}\n\t\tfmt.Fprint(w, \"ok\")\n\t})\n\tl, err := net.Listen(\"tcp\", \"127.0.0.1:0\")\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tfmt.Println(l.Addr().(*net.TCPAddr).Port)\n\tpanic(http.Serve(l, CORS(mux)))\n}\n",
        )
        .unwrap();
        let build = std::process::Command::new("go")
            .args(["build", "-o", "server", "."])
            .current_dir(&dir)
            .env("GOFLAGS", "-mod=mod")
            .env("GOPROXY", "off")
            .output()
            .unwrap();
        assert!(
            build.status.success(),
            "{name}: go build failed:\n{}",
            String::from_utf8_lossy(&build.stderr)
        );
        let mut child = Child(
            std::process::Command::new(dir.join("server"))
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap(),
        );
        let mut line = String::new();
        std::io::BufReader::new(child.0.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port: u16 = line.trim().parse().unwrap();
        compare_with_respond(&policy, name, port);
        drop(child);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Issue #20's rows about the /fix pages: no page says Private Network Access preflights go
/// unanswered (PNA is gone from Chrome; Local Network Access is a user permission); Django
/// does not ask for `SameSite=None` cookies; ASP.NET Core names what really stops a preflight
/// behind IIS.
#[test]
fn fix_pages_state_what_is_true_in_todays_browsers() {
    for fixture in MATRIX {
        let policy = load(fixture);
        for t in targets() {
            let Some(v) = t.versions.last() else { continue };
            let Ok(g) = generate_for(&policy, t, v, &Options::default()) else {
                continue;
            };
            for line in g.notes.iter().chain(&g.limitations).chain(&g.not_allowed) {
                assert!(
                    !line.contains("Private Network Access preflights are not answered")
                        && !line.contains("cannot answer Private Network Access preflights"),
                    "{fixture} {}: {line}",
                    t.id
                );
            }
            if t.id == "django" {
                let all = g.notes.join("\n");
                assert!(
                    !all.contains("also need `SESSION_COOKIE_SAMESITE = \"None\"`"),
                    "{all}"
                );
                if policy.credentials() {
                    assert!(all.contains("same-site"), "{all}");
                }
            }
            if t.id == "aspnetcore" {
                let all = g.notes.join("\n");
                assert!(
                    !all.contains("the WebDAV module (it intercepts OPTIONS)"),
                    "{all}"
                );
                assert!(all.contains("OPTIONSVerbHandler") && all.contains("IIS CORS Module"));
            }
        }
    }
}
