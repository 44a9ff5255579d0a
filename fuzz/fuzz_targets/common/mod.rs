//! Shared by the fuzz targets: run the diagnosis and every renderer's input on evidence.
#![allow(dead_code)]

use corsfix_diagnose::{Evidence, diagnose, fix, report};

/// Diagnose `evidence`, build the report view model and the fix, and serialise the report as
/// the JSON API and `--json` do: any evidence must give an answer, never a panic.
pub fn diagnose_and_report(evidence: &Evidence<'_>) {
    let d = diagnose(evidence);
    let r = report(evidence, &d);
    let json = serde_json::to_string(&r).expect("a report serialises");
    assert!(!json.is_empty());
    let _ = fix(evidence, &d);
}

/// Text of at most `max` bytes, lossily decoded (the CLI and the web read text the same way).
pub fn text(data: &[u8], max: usize) -> String {
    String::from_utf8_lossy(&data[..data.len().min(max)]).into_owned()
}

thread_local! {
    /// One single-threaded runtime per fuzzing thread (timers on, no I/O driver needed).
    pub static RT: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
}

/// A parsed policy (or its errors): lint it, turn it back into a spec and a policy again (the
/// round trip must hold), and generate the target `pick` selects.
pub fn policy_end_to_end(
    parsed: Result<corsfix_policy::Policy, corsfix_policy::ParsePolicyError>,
    pick: u8,
) {
    let policy = match parsed {
        Ok(p) => p,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let _ = corsfix_policy::lint(&policy);
    let again = policy
        .to_spec()
        .build()
        .expect("a policy's own spec builds");
    assert_eq!(again.to_spec(), policy.to_spec(), "spec round trip");
    let targets = corsfix_gen::targets();
    let target = &targets[usize::from(pick) % targets.len()];
    match corsfix_gen::generate(&policy, target.id, &corsfix_gen::Options::default()) {
        Ok(g) => {
            serde_json::to_string(&g).expect("generated files serialise");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// The router of a public server (the stricter mode) whose live checks cannot leave the
/// process: no name resolves, and private addresses are refused by the mode.
fn app() -> axum::Router {
    let guard = corsfix_probe::ssrf::Guard::public_only().with_resolver(std::sync::Arc::new(
        corsfix_probe::ssrf::StaticResolver::new(),
    ));
    corsfix_web::app(corsfix_web::AppState::new(corsfix_web::ProbeMode::Public).with_guard(guard))
}

thread_local! {
    static APP: axum::Router = app();
}

/// Send `req` through the router; the response status (the body is read to the end).
pub fn send(req: http::Request<axum::body::Body>) -> u16 {
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;
    let router = APP.with(Clone::clone);
    RT.with(|rt| {
        rt.block_on(async move {
            let resp = router.oneshot(req).await.expect("the router is infallible");
            let status = resp.status().as_u16();
            let _ = resp.into_body().collect().await;
            status
        })
    })
}

/// Whether a request could make the server contact something outside this process: it
/// mentions a check and, once percent-decoded (twice, to be safe), contains anything that
/// could be a public IP address literal (digits with dots or colons, hex, brackets) — the
/// guard refuses every name (no resolver) and every non-public address already.
pub fn may_reach_network(raw: &[u8]) -> bool {
    let once = percent_decode(raw);
    let twice = percent_decode(&once);
    let lower: Vec<u8> = twice.to_ascii_lowercase();
    let mentions_check = lower.windows(5).any(|w| w == b"check");
    if !mentions_check {
        return false;
    }
    // An IP literal needs a digit (decimal, octal, hex `0x`, JSON `\u` escapes) or `[`; a
    // non-ASCII character could map to a digit (fullwidth digits): be conservative.
    lower
        .iter()
        .any(|b| b.is_ascii_digit() || *b == b'[' || !b.is_ascii())
}

fn percent_decode(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b == b'%' && i + 2 < raw.len() {
            let hex = std::str::from_utf8(&raw[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b == b'+' { b' ' } else { b });
        i += 1;
    }
    out
}
