//! How wide the output may be.
//!
//! The decision (documented in the README, "Output"):
//! 1. `COLUMNS`, when set to a number, wins: the shell sets it in interactive sessions when
//!    exported, and it is how a script or a test asks for a width.
//! 2. Otherwise, when standard output is a terminal, the terminal's width.
//! 3. Otherwise (a pipe or a file) 80 columns, the width of the terminal most people read
//!    pasted output in, and of code review tools.
//!
//! The result is clamped to 40..=100: prose longer than 100 columns is hard to read however
//! wide the terminal is (xh and uv cap help text the same way), and below 40 nothing fits.

use std::io::IsTerminal;

/// The widest line prose is wrapped to, however wide the terminal.
pub(crate) const MAX: usize = 100;
/// The narrowest width honoured.
pub(crate) const MIN: usize = 40;
/// The width when nothing says otherwise (standard output is not a terminal).
pub(crate) const DEFAULT: usize = 80;

/// The width prose on standard output is wrapped to.
pub(crate) fn stdout_width() -> usize {
    decide(
        crate::config::columns(),
        std::io::stdout()
            .is_terminal()
            .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
            .flatten(),
    )
}

/// The width messages on standard error are wrapped to (the same rules, for standard error).
pub(crate) fn stderr_width() -> usize {
    decide(
        crate::config::columns(),
        std::io::stderr()
            .is_terminal()
            .then(|| {
                terminal_size::terminal_size_of(std::io::stderr()).map(|(w, _)| usize::from(w.0))
            })
            .flatten(),
    )
}

/// The width from `COLUMNS` (as text) and the terminal's width, if standard output is one.
pub(crate) fn decide(columns: Option<String>, terminal: Option<usize>) -> usize {
    let from_env = columns.and_then(|c| c.trim().parse::<usize>().ok().filter(|n| *n > 0));
    from_env.or(terminal).unwrap_or(DEFAULT).clamp(MIN, MAX)
}

#[cfg(test)]
mod tests {
    use super::decide;

    #[test]
    fn columns_wins_then_the_terminal_then_80_and_the_result_is_clamped() {
        assert_eq!(decide(Some("72".into()), Some(200)), 72);
        assert_eq!(decide(Some("250".into()), None), 100);
        assert_eq!(decide(Some("10".into()), None), 40);
        assert_eq!(decide(Some("wide".into()), Some(90)), 90);
        assert_eq!(decide(None, Some(132)), 100);
        assert_eq!(decide(None, None), 80);
        assert_eq!(decide(Some(String::new()), None), 80);
    }
}
