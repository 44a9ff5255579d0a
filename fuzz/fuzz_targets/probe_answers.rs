//! What `corsfix check` does with a server's answers: the user's `-H` lines and URL/origin
//! validation, then a probe run whose status lines, header lists and bodies are anything a
//! hostile server can send (invalid UTF-8 decoded lossily as the probe does, repeated and odd
//! headers, any status), judged by the model and diagnosed. The bytes on the wire are parsed
//! by hyper (fuzzed upstream); the framing and limits around it are covered by
//! `crates/corsfix-probe/tests/hostile.rs`.
//!
//! `scripts/fuzz.sh run probe_answers`; corpus `fuzz/corpus/probe_answers/`.

#![no_main]

mod common;

use arbitrary::Arbitrary;
use corsfix_diagnose::Evidence;
use corsfix_model::exchange::{CheckedRequest, Exchange, ProbeRun, Purpose};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Answer {
    preflight: bool,
    status: u16,
    headers: Vec<(Vec<u8>, Vec<u8>)>,
    body: Vec<u8>,
    hop: u8,
    /// Which probe asked (the extra probes: other origins, variants, another path).
    purpose: u8,
}

#[derive(Debug, Arbitrary)]
struct Input {
    url: String,
    origin: String,
    method: String,
    header_lines: Vec<String>,
    credentials: bool,
    /// `check --data`: the request's own body.
    body: Option<String>,
    answers: Vec<Answer>,
    extra: Vec<Answer>,
}

const EXTRA_PURPOSES: [Purpose; 7] = [
    Purpose::OtherOrigin,
    Purpose::NullOrigin,
    Purpose::NoOrigin,
    Purpose::OriginVariant,
    Purpose::MethodVariant,
    Purpose::HeaderVariant,
    Purpose::OtherPath,
];

fn exchange(a: &Answer, method: &str, url: &str, extra: bool) -> Exchange {
    let body = String::from_utf8_lossy(&a.body);
    Exchange {
        purpose: if extra {
            EXTRA_PURPOSES[usize::from(a.purpose) % EXTRA_PURPOSES.len()]
        } else if a.preflight {
            Purpose::Preflight
        } else {
            Purpose::Actual
        },
        hop: u32::from(a.hop % 4),
        method: if a.preflight {
            "OPTIONS".into()
        } else {
            method.into()
        },
        url: url.to_owned(),
        request_headers: Vec::new(),
        status: Some(a.status),
        response_headers: a
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    String::from_utf8_lossy(n).to_ascii_lowercase(),
                    String::from_utf8_lossy(v).into_owned(),
                )
            })
            .collect(),
        http_version: Some("HTTP/1.1".into()),
        remote_addr: None,
        elapsed_ms: 1,
        body_bytes: a.body.len(),
        body_truncated: false,
        body: Some(corsfix_model::exchange::body_snippet(&body)),
        error: None,
    }
}

fuzz_target!(|input: Input| {
    let mut headers = Vec::new();
    for line in input.header_lines.iter().take(8) {
        if let Ok(h) = corsfix_probe::parse_header_line(line) {
            headers.push(h);
        }
    }
    let mut req = corsfix_probe::CheckRequest::new(input.url.clone(), input.origin.clone());
    req.method = input.method.clone();
    req.headers = headers.clone();
    req.body = input.body.clone();
    let _ = corsfix_probe::validate(&req);

    let url = if input.url.is_empty() {
        "https://api.example.com/x"
    } else {
        &input.url
    };
    let origin = if input.origin.is_empty() {
        "https://app.example.com"
    } else {
        &input.origin
    };
    let exchanges: Vec<Exchange> = input
        .answers
        .iter()
        .take(6)
        .map(|a| exchange(a, &input.method, url, false))
        .collect();
    let extra: Vec<Exchange> = input
        .extra
        .iter()
        .take(4)
        .map(|a| exchange(a, &input.method, url, true))
        .collect();
    // The recorded answers as the probe records them: a case whose first preflight and
    // request answers are the first of each kind.
    let spec_of = |e: &Exchange| corsfix_model::case::ResponseSpec {
        status: e.status.unwrap_or(200),
        headers: e.response_headers.clone(),
        next: None,
    };
    let case = corsfix_model::case::Case {
        id: None,
        origin: origin.to_owned(),
        url: url.to_owned(),
        request: corsfix_model::case::RequestSpec {
            method: input.method.clone(),
            headers: headers.clone(),
            credentials: if input.credentials {
                corsfix_model::case::Credentials::Include
            } else {
                corsfix_model::case::Credentials::default()
            },
            mode: corsfix_model::case::Mode::default(),
            read_headers: Vec::new(),
            redirect: corsfix_model::case::RedirectMode::default(),
            body: input.body.clone(),
            initiator: corsfix_model::error::Initiator::default(),
            target_address_space: None,
        },
        preflight: exchanges
            .iter()
            .find(|e| e.purpose == Purpose::Preflight)
            .map(spec_of),
        actual: exchanges
            .iter()
            .find(|e| e.purpose == Purpose::Actual)
            .map(spec_of),
        address_space: None,
        lna_permission: None,
    };
    let _ = corsfix_model::Simulation::run(&case);
    let run = ProbeRun {
        request: CheckedRequest {
            url: url.to_owned(),
            origin: origin.to_owned(),
            method: input.method.clone(),
            headers: headers.clone(),
            dropped_headers: Vec::new(),
            credentials: input.credentials,
            read_headers: Vec::new(),
            mode: corsfix_model::case::Mode::default(),
            body_bytes: input.body.as_ref().map(String::len),
        },
        exchanges,
        extra,
        network_error: None,
        mixed_content: None,
        address_spaces: Vec::new(),
        case: Some(case),
    };
    common::diagnose_and_report(&Evidence::Probe(&run));
});
