//! The scanner's own HTTP/1.1 response reader (`corsfix scan`): any bytes a server sends on a
//! kept-alive connection (status lines, headers, `Content-Length` and chunked framing,
//! trailers, interim 1xx answers, pipelined responses) give evidence or one error message,
//! never a panic, a hang or unbounded memory.
//!
//! `scripts/fuzz.sh run scan_response`; corpus `fuzz/corpus/scan_response/`.

#![no_main]

mod common;

use std::time::Duration;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (evidence, error) = common::RT.with(|rt| {
        rt.block_on(corsfix_scan::read_responses_from(
            data.to_vec(),
            64 * 1024,
            Duration::from_secs(1),
        ))
    });
    assert!(
        evidence.len() <= data.len() / 12 + 1,
        "more responses than bytes allow"
    );
    if let Some(e) = error {
        assert!(!e.is_empty() && !e.contains('\n'), "one line: {e:?}");
    }
});
