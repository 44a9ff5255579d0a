//! Integration tests of the `corsfix` binary (one test binary; one module per command).

mod check;
mod explain;
mod har;
mod simulate;
mod util;
