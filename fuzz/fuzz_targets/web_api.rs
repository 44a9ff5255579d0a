//! The web API's JSON bodies (`corsfix serve`): any body to any `POST /api/v1/*` route, through
//! the whole router (`tower::ServiceExt::oneshot`, no sockets), answers with a status and a
//! JSON error or result; never a panic (the router turns panics into 500s, which this target
//! counts as a failure) and never a 5xx.
//!
//! Live checks are never sent: `/api/v1/check` is fuzzed with a guard that resolves no name
//! and refuses every address class but public ones, and any request whose target names a
//! public IP literal is skipped, so no packet leaves the process.
//!
//! `scripts/fuzz.sh run web_api`; corpus `fuzz/corpus/web_api/`.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let route = ["simulate", "generate", "explain", "check"][usize::from(pick % 4)];
    if route == "check" && common::may_reach_network(body) {
        return;
    }
    let req = http::Request::builder()
        .method("POST")
        .uri(format!("/api/v1/{route}"))
        .header("host", "corsfix.example")
        .header(
            "content-type",
            if pick & 0x80 == 0 {
                "application/json"
            } else {
                "text/plain"
            },
        )
        .body(axum::body::Body::from(body.to_vec()))
        .expect("a request");
    let status = common::send(req);
    assert!(
        status < 500,
        "{route}: {status} for {:?}",
        String::from_utf8_lossy(body)
    );
});
