//! Integration tests of the `corsfix` binary (one test binary; one module per command).

mod check;
mod explain;
mod r#gen;
mod har;
mod lint;
mod paste_corpus;
mod scan;
mod simulate;
mod util;
