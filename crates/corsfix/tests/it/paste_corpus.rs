//! The paste corpus (`fixtures/paste-corpus/`): console errors that real developers pasted into
//! public issue threads, each stored with the cause the thread established (written down before
//! corsfix was ever run on it). What `corsfix explain --json` answers for every entry is
//! measured (in process, checked against the command itself on a sample): how often the text is
//! recognised and how often the real cause is ranked first; the test prints the misses and
//! asserts the thresholds of issue #13 (recognised ≥ 95 %, cause first ≥ 85 %).
//!
//! `cargo test -p corsfix --test it paste_corpus -- --nocapture` prints the figures by group
//! and every miss.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use crate::util::corsfix;

/// Issue #13: share of entries whose text corsfix recognises.
const RECOGNISED_MIN: f64 = 0.95;
/// Issue #13: share of entries whose real cause corsfix ranks first.
const CAUSE_FIRST_MIN: f64 = 0.85;

/// One corpus entry (`fixtures/paste-corpus/<nnn>-<slug>.toml`).
#[derive(Debug, Default)]
struct Entry {
    file: String,
    source: String,
    browser: String,
    year: u32,
    wording: String,
    language: String,
    category: String,
    text: String,
    cause: String,
    also: Vec<String>,
    established_by: String,
}

/// What `corsfix explain --json` answered for one entry.
#[derive(Debug)]
struct Answer {
    recognized: bool,
    is_cors: Option<bool>,
    kind: Option<String>,
    first: Option<String>,
    codes: Vec<String>,
}

/// `fixtures/paste-corpus` (the corpus the reader and the ranking were built against) or
/// `fixtures/paste-holdout` (held out: gathered separately, never read by the team).
fn corpus_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../fixtures/{name}"))
}

/// Reads the small TOML subset the corpus uses: `key = "string"`, `key = 123`,
/// `key = ["a", "b"]` and `key = '''` … `'''` (a literal string over several lines; the newline
/// right after the opening quotes is dropped, as TOML does).
fn parse_entry(file: &str, src: &str) -> Entry {
    let mut fields: BTreeMap<String, Value> = BTreeMap::new();
    let mut lines = src.lines();
    while let Some(line) = lines.next() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (key, rest) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("{file}: not `key = value`: {line}"));
        let key = key.trim().to_string();
        let rest = rest.trim();
        let value = if let Some(after) = rest.strip_prefix("'''") {
            let mut text = String::new();
            if let Some(end) = after.find("'''") {
                text.push_str(&after[..end]);
            } else {
                if !after.is_empty() {
                    text.push_str(after);
                    text.push('\n');
                }
                loop {
                    let next = lines
                        .next()
                        .unwrap_or_else(|| panic!("{file}: unclosed ''' in {key}"));
                    if let Some(end) = next.find("'''") {
                        text.push_str(&next[..end]);
                        break;
                    }
                    text.push_str(next);
                    text.push('\n');
                }
            }
            Value::String(text)
        } else if rest.starts_with('"') {
            Value::String(parse_basic_string(file, rest))
        } else if rest.starts_with('[') {
            let inner = rest
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim()
                .to_string();
            let items = if inner.is_empty() {
                Vec::new()
            } else {
                inner
                    .split(',')
                    .map(|s| Value::String(parse_basic_string(file, s.trim())))
                    .collect()
            };
            Value::Array(items)
        } else {
            Value::from(
                rest.parse::<u64>()
                    .unwrap_or_else(|e| panic!("{file}: {key} = {rest}: {e}")),
            )
        };
        fields.insert(key, value);
    }
    let s = |k: &str| -> String {
        fields
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{file}: missing string `{k}`"))
            .to_string()
    };
    Entry {
        file: file.to_string(),
        source: s("source"),
        browser: s("browser"),
        year: fields
            .get("year")
            .and_then(Value::as_u64)
            .unwrap_or_else(|| panic!("{file}: missing `year`"))
            .try_into()
            .expect("year fits"),
        wording: s("wording"),
        language: s("language"),
        category: s("category"),
        text: s("text"),
        cause: s("cause"),
        also: fields
            .get("also")
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{file}: missing `also`"))
            .iter()
            .map(|v| v.as_str().expect("string").to_string())
            .collect(),
        established_by: s("established_by"),
    }
}

/// A TOML basic string `"…"` with `\"` and `\\` escapes.
fn parse_basic_string(file: &str, raw: &str) -> String {
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or_else(|| panic!("{file}: not a quoted string: {raw}"));
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('n') => out.push('\n'),
                other => panic!("{file}: unsupported escape \\{other:?}"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn load_corpus() -> Vec<Entry> {
    load("paste-corpus")
}

fn load(name: &str) -> Vec<Entry> {
    let dir = corpus_dir(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let src = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{name}: {e}"));
            parse_entry(&name, &src)
        })
        .collect()
}

fn explain(entry: &Entry) -> Answer {
    let out = corsfix()
        .args(["explain", "--json"])
        .write_stdin(entry.text.clone())
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", entry.file));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{}: exit {:?}, not JSON ({e}):\n{stdout}\n{}",
            entry.file,
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let codes: Vec<String> = v["causes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Answer {
        recognized: v["recognized"].as_bool().unwrap_or(false),
        is_cors: v["is_cors"].as_bool(),
        kind: v["kind"].as_str().map(str::to_string),
        first: codes.first().cloned(),
        codes,
    }
}

/// Recognised: the text was read. For a look-alike it must also be read as not CORS.
fn recognised(entry: &Entry, answer: &Answer) -> bool {
    if entry.category == "lookalike" {
        answer.recognized && answer.is_cors == Some(false)
    } else {
        answer.recognized
    }
}

/// Causes labelled `new:<name>` when the corpus was written, before the catalog had a code for
/// them, and the code that names the same cause now. Each pair follows the two descriptions (the
/// corpus README's "Causes without a code" and the code's row in docs/diagnosis.md); the labels
/// themselves stay as committed. Causes still without a code are not listed.
const NAMED_SINCE: &[(&str, &str)] = &[
    ("new:origin-not-in-allow-list", "origin-not-in-allow-list"),
    ("new:forbidden-request-header", "not-cors-forbidden-header"),
    ("new:cross-frame-access", "not-cors-cross-frame"),
    ("new:fetch-not-supported", "not-cors-fetch-unsupported"),
    ("new:http-error-not-cors", "not-cors-http-error"),
    ("new:safe-browsing-block", "not-cors-safe-browsing"),
    ("new:storage-access-blocked", "not-cors-storage-blocked"),
    ("new:x-frame-options", "not-cors-frame-options"),
    (
        "new:postmessage-target-origin",
        "not-cors-postmessage-origin",
    ),
    ("new:coop-popup-access", "not-cors-opener-policy"),
    ("new:local-file-from-web-page", "not-cors-local-resource"),
    ("new:mime-type-not-executable", "not-cors-mime-type"),
    ("new:redirect-without-cors", "redirect-target-without-cors"),
    ("new:permission-not-allowed", "not-cors-permission"),
    // Third holdout's README: "`SharedArrayBuffer is not defined` … the page is not
    // cross-origin isolated; serve it with COOP same-origin and COEP require-corp. Not CORS";
    // the code's row: the page is not cross-origin isolated, so `SharedArrayBuffer` is missing.
    (
        "new:not-cross-origin-isolated",
        "not-cors-cross-origin-isolation",
    ),
    // The first corpus's README: "The request URL is simply wrong (a mistyped path,
    // `undefined` in the URL); the server answers 404/405 without CORS headers", the third's:
    // "(the wrong host for the API, a `//` path from a trailing slash…)"; the code's row: the
    // request URL itself is wrong (`//`, `undefined`), answered without CORS headers.
    ("new:wrong-request-url", "wrong-request-url"),
    // Third holdout's README: "WebGL refuses a cross-origin tile image (`The cross-origin
    // image at … may not be loaded`) because the library loaded it without `crossOrigin`";
    // `static-asset-cors` has said since before that corpus (catalog detail and fix, and the
    // first corpus labels its tainted-canvas threads with it): "An image loaded without
    // `crossorigin` does load, but taints the canvas" — set `crossOrigin = 'anonymous'`.
    ("new:missing-crossorigin-attribute", "static-asset-cors"),
];

/// A label as a catalog code: itself, or the code a `new:` cause has been given since.
fn as_code(label: &str) -> &str {
    NAMED_SINCE
        .iter()
        .find(|(new, _)| *new == label)
        .map_or(label, |(_, code)| code)
}

/// The real cause (or one the thread left equally possible) is ranked first.
fn cause_first(entry: &Entry, answer: &Answer) -> bool {
    answer
        .first
        .as_deref()
        .is_some_and(|c| c == as_code(&entry.cause) || entry.also.iter().any(|a| as_code(a) == c))
}

/// Why an entry missed, in the words BASELINE.md groups them by.
fn reason(entry: &Entry, answer: &Answer) -> &'static str {
    if !answer.recognized {
        return match entry.wording.as_str() {
            "old" => "not recognised: old wording",
            "localized" => "not recognised: localized wording",
            _ if entry.category == "lookalike" => "not recognised: look-alike not known",
            _ => "not recognised: current wording (fragment, noise or unknown message)",
        };
    }
    if entry.category == "lookalike" && answer.is_cors != Some(false) {
        return "look-alike read as CORS";
    }
    if entry.category == "cors" && answer.is_cors == Some(false) {
        return "CORS failure read as not CORS";
    }
    let cause = as_code(&entry.cause);
    if cause.starts_with("new:")
        && !entry
            .also
            .iter()
            .any(|a| answer.codes.iter().any(|c| c == as_code(a)))
    {
        return "cause has no code yet";
    }
    if answer
        .codes
        .iter()
        .any(|c| c == cause || entry.also.iter().any(|a| as_code(a) == c))
    {
        return "right cause listed, ranked lower";
    }
    "right cause not listed"
}

struct Tally {
    n: usize,
    recognised: usize,
    first: usize,
}

impl Tally {
    fn add(&mut self, rec: bool, first: bool) {
        self.n += 1;
        self.recognised += usize::from(rec);
        self.first += usize::from(first);
    }
}

fn pct(k: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        k as f64 * 100.0 / n as f64
    }
}

/// What `explain --json` answers, computed in process: the same two calls the command makes
/// (`parse_bytes`, then `corsfix_diagnose::diagnose`), so the whole corpus takes milliseconds.
/// [`the_command_answers_as_the_library_does`] holds the command to it.
fn explain_in_process(entry: &Entry) -> Answer {
    let reading = corsfix_model::parse::parse_bytes(entry.text.as_bytes())
        .unwrap_or_else(|e| panic!("{}: {e}", entry.file));
    let d = corsfix_diagnose::diagnose(&corsfix_diagnose::Evidence::Text(&reading));
    let codes: Vec<String> = d.causes.iter().map(|c| c.code.clone()).collect();
    Answer {
        recognized: reading.recognized(),
        is_cors: Some(d.is_cors),
        kind: reading.kind.map(|k| k.name().to_owned()),
        first: codes.first().cloned(),
        codes,
    }
}

/// `corsfix explain --json` itself answers as the in-process measure does (every 8th entry,
/// so every kind of input passes through the command now and then).
#[test]
fn the_command_answers_as_the_library_does() {
    let corpus = load_corpus();
    let mut problems = Vec::new();
    for entry in corpus.iter().step_by(8) {
        let (cli, lib) = (explain(entry), explain_in_process(entry));
        let same = cli.recognized == lib.recognized
            && cli.is_cors == lib.is_cors
            && cli.kind == lib.kind
            && cli.codes == lib.codes;
        if !same {
            problems.push(format!("{}: command {cli:?}, library {lib:?}", entry.file));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn paste_corpus_is_recognised_and_the_real_cause_ranked_first() {
    let corpus = load_corpus();
    assert!(
        corpus.len() >= 200,
        "the corpus has {} entries",
        corpus.len()
    );
    let (rec_share, first_share) = measure("paste corpus", &corpus, true);
    assert!(
        rec_share >= RECOGNISED_MIN && first_share >= CAUSE_FIRST_MIN,
        "recognised {:.1} % (want ≥ {:.0} %), cause first {:.1} % (want ≥ {:.0} %)",
        rec_share * 100.0,
        RECOGNISED_MIN * 100.0,
        first_share * 100.0,
        CAUSE_FIRST_MIN * 100.0
    );
}

/// The held-out corpus (`fixtures/paste-holdout/`, 155 entries gathered by a separate search
/// and never read by whoever built the reader and the ranking). Its first run (docs/diagnosis.md,
/// "Measured on held-out pastes") missed the floors written before it (recognised ≥ 90 %, cause
/// first ≥ 70 %) on recognition. Since then the odd-numbered entries (the dev half) may be
/// studied to improve the reader and the ranking by whole families of messages, each from its
/// source; the even-numbered half stays unread: only its figures are printed, never its misses.
/// The floors below are each half's figures after the families the dev half showed were added
/// (docs/diagnosis.md, "Measured on held-out pastes"), rounded down to the percent: the dev
/// half is no longer held out, the unread half still is.
#[test]
fn paste_holdout_is_recognised_and_the_real_cause_ranked_first() {
    held_out(
        "paste-holdout",
        150,
        Floors {
            dev: (0.94, 0.89),
            unread: (0.89, 0.80),
        },
    );
}

/// A held-out corpus's floors, each half's (recognised, cause first) shares.
struct Floors {
    dev: (f64, f64),
    unread: (f64, f64),
}

/// Loads the held-out corpus `dir` (at least `min_entries`, every entry well formed), splits
/// it by number (odd: the dev half, whose misses are printed; even: the unread half, figures
/// only), prints both halves and the whole, and fails when a half is below its floors.
fn held_out(dir: &str, min_entries: usize, floors: Floors) {
    let corpus = load(dir);
    assert!(
        corpus.len() >= min_entries,
        "{dir} has {} entries",
        corpus.len()
    );
    for e in &corpus {
        well_formed(e);
    }
    let (dev, unread): (Vec<Entry>, Vec<Entry>) = corpus
        .into_iter()
        .partition(|e| e.file[..3].parse::<u32>().expect("nnn- file name") % 2 == 1);
    let (rec_dev, first_dev) = measure(&format!("{dir}, dev half (odd entries)"), &dev, true);
    let (rec_unread, first_unread) = measure(
        &format!("{dir}, unread half (even entries)"),
        &unread,
        false,
    );
    // The whole corpus's shares, from the halves' counts (no second run of explain).
    let (n_dev, n_unread) = (dev.len() as f64, unread.len() as f64);
    let all = |d: f64, u: f64| (d * n_dev + u * n_unread) / (n_dev + n_unread) * 100.0;
    println!(
        "\n{dir} all {:.1} % / {:.1} %, dev {:.1} % / {:.1} %, unread {:.1} % / {:.1} % (recognised / cause first)",
        all(rec_dev, rec_unread),
        all(first_dev, first_unread),
        rec_dev * 100.0,
        first_dev * 100.0,
        rec_unread * 100.0,
        first_unread * 100.0
    );
    let pct = |x: f64| x * 100.0;
    assert!(
        rec_dev >= floors.dev.0
            && first_dev >= floors.dev.1
            && rec_unread >= floors.unread.0
            && first_unread >= floors.unread.1,
        "{dir} below its floors (dev {:.0} / {:.0} %, unread {:.0} / {:.0} %): recognised {:.1} % / {:.1} %, cause first {:.1} % / {:.1} %",
        pct(floors.dev.0),
        pct(floors.dev.1),
        pct(floors.unread.0),
        pct(floors.unread.1),
        pct(rec_dev),
        pct(rec_unread),
        pct(first_dev),
        pct(first_unread)
    );
}

/// Measures explain on a corpus; prints the figures by group and every miss; returns the
/// shares recognised and cause first.
fn measure(label: &str, corpus: &[Entry], show_misses: bool) -> (f64, f64) {
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    let mut total = Tally {
        n: 0,
        recognised: 0,
        first: 0,
    };
    let mut misses: Vec<(String, String, String, String)> = Vec::new();
    let mut reasons: BTreeMap<&'static str, usize> = BTreeMap::new();

    for entry in corpus {
        let answer = explain_in_process(entry);
        let rec = recognised(entry, &answer);
        let first = cause_first(entry, &answer);
        total.add(rec, first);
        for key in [
            format!("category={}", entry.category),
            format!("wording={}", entry.wording),
            format!("browser={}", entry.browser),
            format!("established_by={}", entry.established_by),
            format!("language={}", entry.language),
            format!(
                "era={}",
                if entry.year < 2019 {
                    "before 2019"
                } else {
                    "2019 and later"
                }
            ),
        ] {
            groups
                .entry(key)
                .or_insert(Tally {
                    n: 0,
                    recognised: 0,
                    first: 0,
                })
                .add(rec, first);
        }
        if !(rec && first) {
            let why = reason(entry, &answer);
            *reasons.entry(why).or_default() += 1;
            misses.push((
                entry.file.trim_end_matches(".toml").to_string(),
                format!("{} {}", entry.category, entry.cause),
                format!(
                    "rec={} kind={} first={}",
                    answer.recognized,
                    answer.kind.as_deref().unwrap_or("-"),
                    answer.first.as_deref().unwrap_or("-")
                ),
                why.to_string(),
            ));
        }
    }

    println!("\n{label}: {} entries", total.n);
    println!(
        "recognised: {}/{} = {:.1} %   cause first: {}/{} = {:.1} %",
        total.recognised,
        total.n,
        pct(total.recognised, total.n),
        total.first,
        total.n,
        pct(total.first, total.n)
    );
    println!("\n| group | n | recognised | cause first |\n| --- | --- | --- | --- |");
    for (k, t) in &groups {
        println!(
            "| {k} | {} | {:.0} % | {:.0} % |",
            t.n,
            pct(t.recognised, t.n),
            pct(t.first, t.n)
        );
    }
    if !show_misses {
        return (
            total.recognised as f64 / total.n as f64,
            total.first as f64 / total.n as f64,
        );
    }
    println!("\nmisses by reason:");
    for (why, n) in &reasons {
        println!("  {n:>4}  {why}");
    }
    println!("\n| entry | truth | corsfix | reason |\n| --- | --- | --- | --- |");
    for (file, truth, got, why) in &misses {
        println!("| {file} | {truth} | {got} | {why} |");
    }

    (
        total.recognised as f64 / total.n as f64,
        total.first as f64 / total.n as f64,
    )
}

/// Always runs: every entry parses and carries a well-formed label.
#[test]
fn paste_corpus_entries_are_well_formed() {
    let corpus = load_corpus();
    assert!(
        corpus.len() >= 200,
        "the corpus has {} entries",
        corpus.len()
    );
    for e in &corpus {
        well_formed(e);
    }
}

/// One entry carries a well-formed label (both corpora use the same fields).
fn well_formed(e: &Entry) {
    assert!(e.source.starts_with("https://"), "{}: source", e.file);
    assert!(
        ["chrome", "edge", "firefox", "safari", "unknown"].contains(&e.browser.as_str()),
        "{}: browser {}",
        e.file,
        e.browser
    );
    assert!(
        (2008..=2030).contains(&e.year),
        "{}: year {}",
        e.file,
        e.year
    );
    assert!(
        ["current", "old", "localized"].contains(&e.wording.as_str()),
        "{}: wording",
        e.file
    );
    assert!(!e.language.is_empty(), "{}: language", e.file);
    assert!(
        ["cors", "lookalike"].contains(&e.category.as_str()),
        "{}: category",
        e.file
    );
    assert!(!e.text.trim().is_empty(), "{}: text", e.file);
    assert!(!e.cause.is_empty(), "{}: cause", e.file);
    assert!(
        ["thread", "message"].contains(&e.established_by.as_str()),
        "{}: established_by",
        e.file
    );
}

/// The third held-out corpus (`fixtures/paste-holdout3/`, 124 entries gathered by a separate
/// search on other products and phrasings, labelled and committed before corsfix ran on them).
/// Its first run is written down in docs/diagnosis.md ("Measured on a third held-out corpus").
/// As with the second, the odd-numbered entries (the dev half) may be studied to improve the
/// reader and the ranking by families (its misses are printed); the even-numbered half stays
/// unread (figures only, never its misses).
#[test]
fn paste_holdout3_is_recognised_and_the_real_cause_ranked_first() {
    // Each half's figures after the families its dev half showed were added (docs/diagnosis.md,
    // "Measured on a third held-out corpus", the "now" row), rounded down to the percent: a
    // change that loses ground on either half fails here. (First run: dev 85 / 65 %, unread
    // 88 / 72 %.)
    held_out(
        "paste-holdout3",
        120,
        Floors {
            dev: (1.0, 0.88),
            unread: (0.91, 0.75),
        },
    );
}
