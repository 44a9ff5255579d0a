use corsfix_difftest::{Replay, engines};
use corsfix_model::{Case, Credentials, Initiator, Mode, RedirectMode, RequestSpec, ResponseSpec};
use rand::{Rng, SeedableRng, seq::SliceRandom};
use std::time::Duration;

#[test]
#[ignore]
fn probe() {
    let server = Replay::start().unwrap();
    let p = server.ports();
    let pool = [
        "x-trace",
        "x-custom-header",
        "x-requested-with",
        "authorization",
        "cache-control",
        "x-api-key",
        "content-type",
        "range",
        "if-none-match",
        "accept-language",
        "content-language",
        "x-b",
        "x-zz",
        "pragma",
        "x-request-id",
        "accept",
    ];
    let vals = |n: &str| {
        match n {
            "content-type" => "application/json",
            "range" => "bytes=-5",
            "accept-language" => "en_US",
            "content-language" => "en@x",
            "accept" => "a\"b",
            _ => "v",
        }
        .to_owned()
    };
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let mut cases = Vec::new();
    for i in 0..400 {
        let k = rng.random_range(2..=6);
        let mut names: Vec<&str> = pool.to_vec();
        names.shuffle(&mut rng);
        names.truncate(k);
        let headers = names.iter().map(|n| (n.to_string(), vals(n))).collect();
        let body = rng.random_bool(0.5).then(|| "x=1".to_owned());
        cases.push(Case {
            id: Some(serde_json::json!(format!("p-{i}"))),
            origin: p.page_origin(),
            url: format!("http://127.0.0.1:{}/c/p-{i}/1", p.api),
            request: RequestSpec {
                method: "PUT".into(),
                headers,
                credentials: Credentials::Omit,
                mode: Mode::Cors,
                read_headers: vec![],
                redirect: RedirectMode::Follow,
                body,
                initiator: if rng.random_bool(0.2) {
                    Initiator::XmlHttpRequest
                } else {
                    Initiator::Fetch
                },
            },
            preflight: Some(ResponseSpec {
                status: 204,
                headers: vec![
                    ("Access-Control-Allow-Origin".into(), "*".into()),
                    ("Access-Control-Allow-Methods".into(), "PUT".into()),
                ],
                next: None,
            }),
            actual: None,
        });
    }
    let run = engines::run(
        engines::Engine::Chromium,
        &cases,
        &server,
        Duration::from_secs(100),
    )
    .unwrap();
    let mut out = String::new();
    for c in &cases {
        let id = corsfix_difftest::server::case_id(c);
        let line = run
            .lines
            .get(&id)
            .and_then(|l| l.first().cloned())
            .unwrap_or_default();
        out.push_str(&serde_json::json!({"headers": c.request.headers, "body": c.request.body.is_some(), "xhr": c.request.initiator == Initiator::XmlHttpRequest, "line": line, "acrh": server.seen(&id).first().and_then(|s| s.acrh.clone())}).to_string());
        out.push('\n');
    }
    std::fs::write("/tmp/hx/probe.jsonl", out).unwrap();
}
