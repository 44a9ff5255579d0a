//! Integration tests of the `corsfix` binary (one test binary; one module per command).

mod check;
mod explain;
mod r#gen;
mod har;
mod lint;
mod proxy;
mod scan;
mod simulate;
mod util;
