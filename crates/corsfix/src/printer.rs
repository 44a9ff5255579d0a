//! The one owner of terminal output (uv's `Printer`, xh's buffer): data goes to stdout,
//! everything else to stderr; colour only on a terminal and never with `NO_COLOR`
//! (anstream strips it).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{self, Write};

use owo_colors::OwoColorize;

/// Standard output, with colour stripped when it is not a terminal or `NO_COLOR` is set.
pub(crate) fn stdout() -> anstream::AutoStream<io::Stdout> {
    anstream::AutoStream::auto(io::stdout())
}

/// Standard error, likewise.
pub(crate) fn stderr() -> anstream::AutoStream<io::Stderr> {
    anstream::AutoStream::auto(io::stderr())
}

/// Print an error and the causes below it, uv style: `error: …`, `  caused by: …`, then the
/// `hint: …` line when the outermost context is a [`Hint`].
pub(crate) fn error(err: &anyhow::Error) {
    let mut e = stderr();
    let hint = err.downcast_ref::<Hint>();
    let mut messages = err.chain().skip(usize::from(hint.is_some()));
    if let Some(first) = messages.next() {
        let _ = writeln!(e, "{}: {first}", "error".red().bold());
    }
    for cause in messages {
        let _ = writeln!(e, "  {}: {cause}", "caused by".red());
    }
    if let Some(hint) = hint {
        let _ = writeln!(e, "\n{}: {}", "hint".cyan().bold(), hint.0);
    }
}

/// A `hint:` line for an error: attach it as the outermost context (`err.context(Hint(..))`).
#[derive(Debug)]
pub(crate) struct Hint(pub(crate) String);

impl std::fmt::Display for Hint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Hint {}

/// A closed pipe (`corsfix … | head`) is not an error (ripgrep).
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
