#![allow(clippy::all, clippy::pedantic, clippy::nursery)]
// dev only (not committed): fast corpus measurement through the library.
use corsfix_diagnose::{Evidence, diagnose};
use std::collections::BTreeMap;

fn field(src: &str, key: &str) -> Option<String> {
    let mut lines = src.lines();
    while let Some(line) = lines.next() {
        let Some((k, rest)) = line.split_once('=') else {
            continue;
        };
        if k.trim() != key {
            continue;
        }
        let rest = rest.trim();
        if let Some(after) = rest.strip_prefix("'''") {
            let mut text = String::new();
            if let Some(end) = after.find("'''") {
                return Some(after[..end].to_string());
            }
            if !after.is_empty() {
                text.push_str(after);
                text.push('\n');
            }
            for next in lines.by_ref() {
                if let Some(end) = next.find("'''") {
                    text.push_str(&next[..end]);
                    break;
                }
                text.push_str(next);
                text.push('\n');
            }
            return Some(text);
        }
        return Some(
            rest.trim_matches(|c| c == '"' || c == '[' || c == ']')
                .replace("\\\"", "\"")
                .to_string(),
        );
    }
    None
}

fn main() {
    let filter = std::env::args().nth(1);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/paste-corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let (mut n, mut rec_n, mut first_n) = (0, 0, 0);
    let mut groups: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for p in files {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(&p).unwrap();
        let text = field(&src, "text").unwrap();
        let cause = field(&src, "cause").unwrap();
        let category = field(&src, "category").unwrap();
        let also: Vec<String> = field(&src, "also")
            .unwrap()
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let r = corsfix_model::parse::parse_bytes(text.as_bytes()).unwrap();
        let d = diagnose(&Evidence::Text(&r));
        let codes: Vec<&str> = d.causes.iter().map(|c| c.code.as_str()).collect();
        let rec = r.recognized() && (category != "lookalike" || !d.is_cors);
        let first = codes
            .first()
            .is_some_and(|c| *c == cause || also.iter().any(|a| a == c));
        n += 1;
        rec_n += rec as usize;
        first_n += first as usize;
        for g in ["browser", "wording", "category", "language"] {
            let e = groups
                .entry(format!("{g}={}", field(&src, g).unwrap()))
                .or_default();
            e.0 += 1;
            e.1 += rec as usize;
            e.2 += first as usize;
        }
        let show = match &filter {
            Some(f) if f == "all" => true,
            Some(f) => name.contains(f.as_str()),
            None => !(rec && first),
        };
        if show {
            println!(
                "{name} | truth {category} {cause} {also:?} | rec={} cors={} kind={:?} wording={:?} res={:?} st={:?} pf={:?} miss={:?} | {}",
                r.recognized(),
                d.is_cors,
                r.kind.map(|k| k.name()),
                r.wording,
                r.resource,
                r.status,
                r.preflight,
                r.missing.iter().map(|m| m.name()).collect::<Vec<_>>(),
                d.causes
                    .iter()
                    .map(|c| format!("{}:{:?}", c.code, c.likelihood))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            if filter.as_deref().is_some_and(|f| f != "all") {
                println!("----\n{text}----\n{r:#?}");
            }
        }
    }
    println!(
        "TOTAL recognised {rec_n}/{n} = {:.1} %  first {first_n}/{n} = {:.1} %",
        rec_n as f64 * 100.0 / n as f64,
        first_n as f64 * 100.0 / n as f64
    );
    if filter.is_none() {
        for (k, (n, r, f)) in groups {
            println!(
                "{k}: {n} rec {:.0} first {:.0}",
                r as f64 * 100.0 / n as f64,
                f as f64 * 100.0 / n as f64
            );
        }
    }
}
