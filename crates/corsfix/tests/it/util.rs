//! Shared helpers for the binary's integration tests.

use std::path::PathBuf;

/// `corsfix` as built by cargo for this test run.
pub(crate) fn corsfix() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_corsfix"));
    cmd.env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .timeout(std::time::Duration::from_secs(120));
    cmd
}

/// A path under the repository's `fixtures/`.
pub(crate) fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(rel)
}

/// The text of a fixture file.
pub(crate) fn read_fixture(rel: &str) -> String {
    let path = fixture(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Parse JSON Lines.
pub(crate) fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Standard output and standard error of a finished command, as text.
pub(crate) fn texts(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Text with its line breaks (and the indentation after them) read as single spaces: prose
/// wraps to the width, and a test looks for a sentence, not for where it was wrapped.
/// A command continued over lines with ` \` reads as the one command it is.
pub(crate) fn flat(text: &str) -> String {
    text.replace(" \\\n", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
