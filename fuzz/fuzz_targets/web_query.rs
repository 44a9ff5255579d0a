//! The web pages' paths and query strings (`corsfix serve`): any `GET` target (the page's
//! Fix/Explain/Check forms are all query strings; `/errors/<slug>`, `/fix/<target>`,
//! `/rules/<code>`, assets) through the whole router answers without a panic or a 5xx.
//! Query strings that would start a live check are skipped unless they cannot reach the
//! network (see `web_api`).
//!
//! `scripts/fuzz.sh run web_query`; corpus `fuzz/corpus/web_query/`.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let prefix = [
        "/?", "/errors/", "/fix/", "/rules/", "/assets/", "/api/v1/", "/",
    ][usize::from(pick) % 7];
    let mut target = String::from(prefix);
    // Bytes a URI may carry as they are; everything else percent-encoded.
    for &b in rest.iter().take(4096) {
        if b.is_ascii_graphic() && b != b'#' {
            target.push(char::from(b));
        } else {
            target.push_str(&format!("%{b:02X}"));
        }
    }
    if common::may_reach_network(target.as_bytes()) {
        return;
    }
    let Ok(req) = http::Request::builder()
        .method(if pick & 0x80 == 0 { "GET" } else { "HEAD" })
        .uri(&target)
        .header("host", "corsfix.example")
        .body(axum::body::Body::empty())
    else {
        return;
    };
    let status = common::send(req);
    assert!(status < 500 || status == 503, "{target}: {status}");
});
