//! Embeds the guide's content: every `guide/cases/*.json` (the cases the pages' example
//! messages are computed from) and every `guide/pages/*.md` (the guide's articles), listed
//! into `$OUT_DIR/guide_files.rs` so a file added to either folder is served without a code
//! change.

use std::fmt::Write as _;
use std::path::Path;

fn list(dir: &Path, ext: &str) -> Vec<(String, String)> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| {
            let stem = p
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("guide file names are UTF-8")
                .to_owned();
            (stem, p.display().to_string())
        })
        .collect();
    out.sort();
    out
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("guide");
    let mut code = String::new();
    for (name, dir, ext) in [
        ("CASE_FILES", "cases", "json"),
        ("PAGE_FILES", "pages", "md"),
    ] {
        writeln!(code, "pub(crate) const {name}: &[(&str, &str)] = &[").unwrap();
        for (stem, path) in list(&root.join(dir), ext) {
            writeln!(code, "    ({stem:?}, include_str!({path:?})),").unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("guide_files.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
