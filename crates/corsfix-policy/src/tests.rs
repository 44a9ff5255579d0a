use corsfix_model::{Browser, Case, Credentials, RequestSpec, ResponseSpec, simulate};
use proptest::prelude::*;

use super::*;

fn spec(origins: &[&str]) -> PolicySpec {
    PolicySpec {
        origins: origins.iter().map(|s| (*s).to_owned()).collect(),
        ..PolicySpec::default()
    }
}

#[test]
fn every_origin_problem_is_reported_at_once_with_a_suggestion() {
    let errs = spec(&[
        "app.example.com",
        "https://app.example.com/",
        "https://app.example.com/path",
        "https://*example.com",
        "https://*.com",
        "ftp://files.example.com",
        "https://a\nb.example.com",
        "^https://a\"b$",
    ])
    .build()
    .unwrap_err();
    let fields: Vec<_> = errs.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "origins[0]",
            "origins[1]",
            "origins[2]",
            "origins[3]",
            "origins[4]",
            "origins[5]",
            "origins[6]",
            "origins[7]"
        ]
    );
    let sugg: Vec<_> = errs.0.iter().map(|e| e.suggestion.as_deref()).collect();
    assert_eq!(sugg[0], Some("https://app.example.com"));
    assert_eq!(sugg[1], Some("https://app.example.com"));
    assert_eq!(sugg[2], Some("https://app.example.com"));
    assert_eq!(sugg[3], Some("https://*.example.com"));
    assert_eq!(sugg[6], Some("https://ab.example.com"));
}

#[test]
fn localhost_without_scheme_suggests_http() {
    let errs = spec(&["localhost:5173"]).build().unwrap_err();
    assert_eq!(
        errs.0[0].suggestion.as_deref(),
        Some("http://localhost:5173")
    );
}

#[test]
fn other_fields_are_validated_too() {
    let mut s = spec(&["https://app.example.com"]);
    s.methods = vec!["GET".into(), "CONNECT".into(), "P UT".into()];
    s.request_headers = vec!["Cookie".into(), "X-Ok".into(), "X-A, X-B".into()];
    s.max_age = Some(-1);
    s.paths = vec!["api".into(), "/api/*".into()];
    let errs = s.build().unwrap_err();
    let fields: Vec<_> = errs.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "methods[1]",
            "methods[2]",
            "request_headers[0]",
            "request_headers[2]",
            "max_age",
            "paths[0]"
        ]
    );
}

#[test]
fn origins_are_normalized_like_browsers_serialize_them() {
    let p = spec(&["HTTPS://App.Example.COM:443", "http://localhost:3000"])
        .build()
        .unwrap();
    assert_eq!(
        p.origins().exact,
        ["https://app.example.com", "http://localhost:3000"]
    );
}

#[test]
fn toml_and_json_give_the_same_policy() {
    let t = Policy::parse_toml(
        "origins = [\"https://a.example.com\"]\ncredentials = true\nexpose = [\"X-Total\"]\nmax_age = 600\n",
    )
    .unwrap();
    let j = Policy::parse_json(
        r#"{"origins":["https://a.example.com"],"credentials":true,"expose_headers":["X-Total"],"max_age":600}"#,
    )
    .unwrap();
    assert_eq!(t.to_spec(), j.to_spec());
    assert!(matches!(
        Policy::parse_toml("origin = [\"x\"]"),
        Err(ParsePolicyError::Toml(_))
    ));
}

#[test]
fn list_of_origins_echoes_only_the_matched_one_with_vary() {
    let p = spec(&["https://a.example.com", "https://b.example.com"])
        .build()
        .unwrap();
    let a = p.respond(&Request::actual("https://b.example.com", "GET"));
    assert_eq!(
        a.get("access-control-allow-origin"),
        Some("https://b.example.com")
    );
    assert_eq!(a.get("vary"), Some("Origin"));
    let denied = p.respond(&Request::actual("https://c.example.com", "GET"));
    assert_eq!(denied.get("access-control-allow-origin"), None);
    assert_eq!(denied.get("vary"), Some("Origin"));
}

#[test]
fn public_wildcard_sends_star_without_vary() {
    let p = spec(&["*"]).build().unwrap();
    let a = p.respond(&Request::actual("https://any.example", "GET"));
    assert_eq!(a.get("access-control-allow-origin"), Some("*"));
    assert_eq!(a.get("vary"), None);
}

#[test]
fn reflected_headers_vary_on_the_request_headers() {
    let mut s = spec(&["https://a.example.com"]);
    s.request_headers = vec!["*".into()];
    let p = s.build().unwrap();
    let a = p.respond(&Request::preflight(
        "https://a.example.com",
        "POST",
        "authorization,content-type",
    ));
    assert_eq!(
        a.get("access-control-allow-headers"),
        Some("authorization,content-type")
    );
    assert_eq!(
        a.get("vary"),
        Some("Origin, Access-Control-Request-Headers")
    );
}

#[test]
fn out_of_scope_paths_get_no_cors_headers() {
    let mut s = spec(&["https://a.example.com"]);
    s.paths = vec!["/api/*".into()];
    let p = s.build().unwrap();
    let mut r = Request::actual("https://a.example.com", "GET");
    r.path = "/admin".into();
    assert!(p.respond(&r).headers.is_empty());
    r.path = "/api/items".into();
    assert!(!p.respond(&r).headers.is_empty());
}

fn codes(p: &Policy) -> Vec<&'static str> {
    lint(p).iter().map(|d| d.code).collect()
}

#[test]
fn lint_rules_fire_on_their_patterns() {
    let mut s = spec(&["*"]);
    s.credentials = true;
    assert!(codes(&s.build().unwrap()).contains(&"CORS001"));
    let mut s = spec(&["^https://.*$"]);
    s.credentials = true;
    let c = codes(&s.build().unwrap());
    assert!(c.contains(&"CORS002") && !c.contains(&"CORS006"), "{c:?}");
    assert!(codes(&spec(&["^https://.*$"]).build().unwrap()).contains(&"CORS013"));
    assert!(codes(&spec(&["https://a.example.com", "null"]).build().unwrap()).contains(&"CORS003"));
    let c = codes(&spec(&["/https://app\\.example\\.com/"]).build().unwrap());
    assert_eq!(c, ["CORS005"]);
    assert_eq!(
        codes(&spec(&["^https://app\\.example\\.com$"]).build().unwrap()),
        Vec::<&str>::new()
    );
    assert_eq!(
        codes(&spec(&["http://localhost:5173"]).build().unwrap()),
        ["CORS015"]
    );
}

#[test]
fn response_lint_catches_missing_vary_and_duplicates() {
    let req = Request::actual("https://a.example.com", "GET");
    let h = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    };
    let d = lint_response(
        &req,
        200,
        &h(&[
            ("Access-Control-Allow-Origin", "https://a.example.com"),
            ("Access-Control-Allow-Origin", "https://a.example.com"),
        ]),
        None,
    );
    let c: Vec<_> = d.iter().map(|d| d.code).collect();
    assert_eq!(c, ["CORS009", "CORS010"]);
    let ok = lint_response(
        &req,
        200,
        &h(&[
            ("Access-Control-Allow-Origin", "https://a.example.com"),
            ("Vary", "Accept-Encoding, Origin"),
        ]),
        None,
    );
    assert!(ok.is_empty());
}

#[test]
fn rules_doc_is_current() {
    let want = rules_markdown();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test -p corsfix-policy rules_doc`"
    );
}

#[test]
fn every_rule_has_ruff_sections_and_a_unique_code() {
    let mut seen = std::collections::HashSet::new();
    for r in Rule::ALL {
        assert!(seen.insert(r.code()), "{} reused", r.code());
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## References",
        ] {
            assert!(r.doc().contains(section), "{} lacks {section}", r.code());
        }
        assert_eq!(Rule::find(r.name()), Some(*r));
    }
}

// ---- the model as the oracle ----

const POOL: &[&str] = &[
    "https://app.example.com",
    "https://admin.example.com",
    "http://localhost:5173",
    "https://x.sub.example.org",
];
const OTHERS: &[&str] = &[
    "https://evil.example.net",
    "https://example.org",
    "https://app.example.com.evil.net",
    "null",
];
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH"];
const HEADERS: &[(&str, &str)] = &[
    ("Content-Type", "application/json"),
    ("Authorization", "Bearer t"),
    ("X-Api-Key", "k"),
    ("X-Requested-With", "x"),
];

fn policy_strategy() -> impl Strategy<Value = PolicySpec> {
    (
        prop::sample::subsequence(vec![0usize, 1, 2], 1..=3),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::sample::subsequence(METHODS.to_vec(), 0..=5),
        prop::sample::subsequence(vec![0usize, 1, 2, 3], 0..=4),
        any::<bool>(),
        prop::option::of(0i64..10000),
    )
        .prop_map(
            |(oi, pattern, any_origin, creds, methods, hi, headers_any, max_age)| {
                let mut origins: Vec<String> = oi.iter().map(|i| POOL[*i].to_owned()).collect();
                if pattern {
                    origins.push("https://*.example.org".into());
                }
                let any_origin = any_origin && !creds;
                if any_origin {
                    origins = vec!["*".into()];
                }
                let mut request_headers: Vec<String> =
                    hi.iter().map(|i| HEADERS[*i].0.to_owned()).collect();
                if headers_any {
                    request_headers.push("*".into());
                }
                PolicySpec {
                    origins,
                    credentials: creds,
                    methods: methods.iter().map(|m| (*m).to_owned()).collect(),
                    request_headers,
                    expose_headers: vec!["X-Total".into()],
                    max_age,
                    paths: vec![],
                    private_network: false,
                }
            },
        )
}

fn case_for(policy: &Policy, origin: &str, method: &str, headers: &[(String, String)]) -> Case {
    let unsafe_names =
        corsfix_model::headers::cors_unsafe_request_header_names(headers, Browser::Chrome);
    let pre = Request::preflight(origin, method, &unsafe_names.join(","));
    let act = Request::actual(origin, method);
    let mut actual_headers = policy.respond(&act).headers;
    actual_headers.push(("X-Total".into(), "7".into()));
    Case {
        address_space: None,
        lna_permission: None,
        id: None,
        origin: origin.to_owned(),
        url: "https://api.example.net/items".into(),
        request: RequestSpec {
            target_address_space: None,
            method: method.to_owned(),
            headers: headers.to_vec(),
            credentials: if policy.credentials() {
                Credentials::Include
            } else {
                Credentials::Omit
            },
            mode: corsfix_model::Mode::Cors,
            read_headers: vec!["X-Total".into()],
            redirect: corsfix_model::RedirectMode::Follow,
            body: None,
            initiator: corsfix_model::Initiator::default(),
        },
        preflight: Some(ResponseSpec {
            status: policy.respond(&pre).status.unwrap_or(200),
            headers: policy.respond(&pre).headers,
            next: None,
        }),
        actual: Some(ResponseSpec {
            status: 200,
            headers: actual_headers,
            next: None,
        }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// forall policies p, origins o, methods m, headers h:
    /// Chrome allows the request with p.respond's answers iff p allows (o, m, h).
    #[test]
    fn respond_passes_the_browser_exactly_when_the_policy_allows(
        spec in policy_strategy(),
        origin_idx in 0usize..8,
        method in prop::sample::select(METHODS.to_vec()),
        hidx in prop::sample::subsequence(vec![0usize, 1, 2, 3], 0..=4),
    ) {
        let policy = spec.build().expect("generated policies are valid");
        let origin = if origin_idx < 4 { POOL[origin_idx] } else { OTHERS[origin_idx - 4] };
        let headers: Vec<(String, String)> = hidx
            .iter()
            .map(|i| (HEADERS[*i].0.to_owned(), HEADERS[*i].1.to_owned()))
            .collect();
        let case = case_for(&policy, origin, method, &headers);
        let verdict = simulate(&case, Browser::Chrome);
        let origin_ok = policy.origins().allows(origin);
        let method_ok = policy.allows_method(method);
        let headers_ok = corsfix_model::headers::cors_unsafe_request_header_names(&headers, Browser::Chrome)
            .iter()
            .all(|h| policy.allows_header(h));
        if origin_ok && method_ok && headers_ok {
            prop_assert!(verdict.allowed, "should pass: {:?}", verdict.failure);
            let read = verdict.response.as_ref().and_then(|r| r.readable_headers.get("X-Total").cloned().flatten());
            prop_assert_eq!(read.as_deref(), Some("7"));
        } else if !origin_ok {
            prop_assert!(!verdict.allowed, "foreign origin {} passed", origin);
        }
        if origin_ok {
            prop_assert!(lint(&policy).iter().all(|d| d.severity != Severity::Error));
        }
    }
}

// ---- rule fixtures: fixtures/policy/lint/CORSxxx_*.toml and responses/CORSxxx_*.json ----

fn fixture_dir(sub: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/policy")
        .join(sub)
}

fn sorted_files(sub: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(fixture_dir(sub))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn render(d: &[Diagnostic]) -> String {
    d.iter()
        .map(|d| {
            format!(
                "{} [{}] {} @ {}: {}\n  help: {}\n",
                d.code,
                d.severity.as_str(),
                d.name,
                d.location.as_deref().unwrap_or("-"),
                d.message,
                d.help.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

#[derive(serde::Deserialize)]
struct Exchange {
    request: Request,
    status: u16,
    headers: Vec<(String, String)>,
    #[serde(default)]
    intended: Option<String>,
}

#[test]
fn every_rule_fixture_fires_its_rule_and_nothing_unexpected() {
    let mut snapshot = String::new();
    let mut covered = std::collections::BTreeSet::new();
    for path in sorted_files("lint") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let policy = Policy::parse(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let found = lint(&policy);
        if let Some(code) = name.split('_').next().filter(|c| c.starts_with("CORS")) {
            assert!(
                found.iter().any(|d| d.code == code),
                "{name} does not trigger {code}: {found:?}"
            );
            covered.insert(code.to_owned());
        } else {
            assert!(
                found.iter().all(|d| d.severity == Severity::Info),
                "{name} should be clean: {found:?}"
            );
        }
        snapshot.push_str(&format!("--- lint/{name}\n{}", render(&found)));
    }
    for path in sorted_files("responses") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let ex: Exchange = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let intended = ex.intended.map(|t| Policy::parse_toml(&t).unwrap());
        let found = lint_response(&ex.request, ex.status, &ex.headers, intended.as_ref());
        let code = name.split('_').next().unwrap();
        assert!(
            found.iter().any(|d| d.code == code),
            "{name} does not trigger {code}: {found:?}"
        );
        covered.insert(code.to_owned());
        snapshot.push_str(&format!("--- responses/{name}\n{}", render(&found)));
    }
    for r in Rule::ALL {
        assert!(covered.contains(r.code()), "{} has no fixture", r.code());
    }
    insta::assert_snapshot!("rule_fixtures", snapshot);
}

#[test]
fn forbidden_request_headers_are_refused_and_user_agent_is_not() {
    let mut s = spec(&["https://app.example.com"]);
    s.request_headers = [
        "Cookie",
        "Sec-Fetch-Mode",
        "Proxy-Authorization",
        "Access-Control-Request-Private-Network",
        "X-Api-Key",
        "User-Agent",
    ]
    .iter()
    .map(|h| (*h).to_owned())
    .collect();
    let errs = s.build().unwrap_err();
    let refused: Vec<&str> = errs.0.iter().map(|e| e.value.as_str()).collect();
    assert_eq!(
        refused,
        [
            "Cookie",
            "Sec-Fetch-Mode",
            "Proxy-Authorization",
            "Access-Control-Request-Private-Network"
        ]
    );
    assert!(
        errs.0
            .iter()
            .all(|e| e.message.contains("forbidden request header"))
    );
}

#[test]
fn expose_any_with_credentials_lists_the_headers_the_response_carries() {
    let policy = PolicySpec {
        credentials: true,
        expose_headers: vec!["X-Listed".into(), "*".into()],
        ..spec(&["https://a.example.com"])
    }
    .build()
    .unwrap();
    let req = Request::actual("https://a.example.com", "GET");
    let sent = [
        "Content-Type",
        "X-Request-Id",
        "set-cookie",
        "x-listed",
        "ETag",
        "Access-Control-Allow-Origin",
    ];
    let a = policy.respond_exposing(&req, &sent);
    assert_eq!(
        a.get("access-control-expose-headers"),
        Some("X-Listed, X-Request-Id, ETag")
    );
    // What the browser makes of it: every header sent is readable except Set-Cookie.
    for name in ["Content-Type", "X-Request-Id", "ETag", "X-Listed"] {
        assert!(corsfix_model::headers::is_exposed(
            name,
            a.get("access-control-expose-headers"),
            true
        ));
    }
    // Without credentials `*` stays.
    let public = PolicySpec {
        expose_headers: vec!["*".into()],
        ..spec(&["https://a.example.com"])
    }
    .build()
    .unwrap();
    assert_eq!(
        public
            .respond_exposing(&req, &sent)
            .get("access-control-expose-headers"),
        Some("*")
    );
    // `respond` is `respond_exposing` with nothing sent.
    assert_eq!(policy.respond(&req), policy.respond_exposing(&req, &[]));
}
