//! How fast `corsfix explain` reads console text: every pasted text of the corpus
//! (`fixtures/explain/`), one typical Chrome block, and a 1 MiB block (the input limit).
//!
//! `cargo bench -p corsfix-model --bench explain`; figures go to `docs/benchmarks.md`.

use std::sync::LazyLock;

use corsfix_model::parse::{MAX_INPUT_BYTES, parse};
use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};

fn main() {
    divan::main();
}

static CORPUS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/explain");
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| std::fs::read_to_string(p).expect("fixture text"))
        .collect();
    texts.sort();
    assert!(texts.len() >= 30);
    texts
});

const CHROME_BLOCK: &str = "Access to fetch at 'https://api.example.com/v1/items' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n\
api.js:14  POST https://api.example.com/v1/items net::ERR_FAILED 500 (Internal Server Error)\n\
Uncaught (in promise) TypeError: Failed to fetch\n    at createItem (api.js:14:9)\n";

/// A console log of 1 MiB: unrelated lines, with the CORS block at the end.
static MEGABYTE: LazyLock<String> = LazyLock::new(|| {
    let noise = "12:00:01.123 [HMR] connected; rendering <App/> at http://localhost:3000/src/App.jsx:40:5\n";
    let mut s = noise.repeat((MAX_INPUT_BYTES - CHROME_BLOCK.len()) / noise.len());
    s.push_str(CHROME_BLOCK);
    s
});

/// Parse every corpus text (the diagnosis is benchmarked in `corsfix-diagnose`).
#[divan::bench]
fn corpus_parse(bencher: Bencher<'_, '_>) {
    let texts = &*CORPUS;
    bencher.counter(ItemsCount::new(texts.len())).bench(|| {
        for t in texts {
            divan::black_box(parse(divan::black_box(t)).expect("under the limit"));
        }
    });
}

/// One typical Chrome block: parse only.
#[divan::bench]
fn chrome_block_parse() -> corsfix_model::parse::Reading {
    parse(divan::black_box(CHROME_BLOCK)).expect("under the limit")
}

/// The largest input accepted.
#[divan::bench(sample_count = 20)]
fn one_mebibyte_log(bencher: Bencher<'_, '_>) {
    let text = &*MEGABYTE;
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| parse(divan::black_box(text)).expect("under the limit"));
}
