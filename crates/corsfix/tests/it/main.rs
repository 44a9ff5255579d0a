//! Integration tests of the `corsfix` binary (one test binary; one module per command).

mod check;
mod explain;
mod r#gen;
mod har;
mod human;
mod lint;
mod mcp;
mod meta;
mod paste_corpus;
mod proxy;
mod pty;
mod scan;
mod simulate;
mod util;
