//! The one place the binary reads its environment (besides clap's `env` attributes and
//! anstream's `NO_COLOR` / `CLICOLOR_FORCE`).

/// `COLUMNS`, as set by the shell, a script or a test.
pub(crate) fn columns() -> Option<String> {
    std::env::var("COLUMNS").ok()
}
