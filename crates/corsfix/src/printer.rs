//! The one owner of terminal output (uv's `Printer`, xh's buffer): data goes to stdout,
//! everything else to stderr; colour only on a terminal and never with `NO_COLOR`
//! (anstream strips it).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{self, Write};

/// Standard output, with colour stripped when it is not a terminal or `NO_COLOR` is set.
pub(crate) fn stdout() -> anstream::AutoStream<io::Stdout> {
    anstream::AutoStream::auto(io::stdout())
}

/// Standard error, likewise.
pub(crate) fn stderr() -> anstream::AutoStream<io::Stderr> {
    anstream::AutoStream::auto(io::stderr())
}

/// Print an error and the causes below it, uv style: `error: …`, `  caused by: …`, then the
/// `  help: …` line when the outermost context is a [`Hint`] (the same shape as `lint`'s
/// findings and a policy's problems, so one mistake reads the same in every command).
pub(crate) fn error(err: &anyhow::Error) {
    use crate::render::{Out, Text};
    use owo_colors::Style;
    let mut e = Out::new(stderr(), crate::render::width::stderr_width());
    let hint = err.downcast_ref::<Hint>();
    let mut messages = err.chain().skip(usize::from(hint.is_some()));
    if let Some(first) = messages.next() {
        let text = Text::styled("error:", Style::new().red().bold())
            .add(&format!(" {first}"), Style::new());
        let _ = e.hang(0, 2, &text);
    }
    for cause in messages {
        let text =
            Text::styled("caused by:", Style::new().red()).add(&format!(" {cause}"), Style::new());
        let _ = e.hang(2, 2, &text);
    }
    if let Some(hint) = hint {
        let text =
            Text::styled("help:", Style::new().cyan()).add(&format!(" {}", hint.0), Style::new());
        let _ = e.hang(2, 2, &text);
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

/// Say on standard error that a command waits for standard input, when that is a terminal
/// (otherwise a command that reads stdin would seem to hang).
pub(crate) fn stdin_notice(what: &str) {
    use std::io::IsTerminal as _;
    if std::io::stdin().is_terminal() {
        let _ = writeln!(
            stderr(),
            "Reading {what} from standard input; end with Ctrl-D (Ctrl-Z then Enter on Windows)."
        );
    }
}
