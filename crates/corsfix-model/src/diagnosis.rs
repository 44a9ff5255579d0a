//! What went wrong, in plain words: the type that `explain`, `check` (and later `har`) all
//! answer with, and that the CLI, the JSON API and the web page all render.
//!
//! A [`Diagnosis`] names the real cause (many "CORS errors" are something else: a 500 without
//! CORS headers, auth on OPTIONS, a redirect, mixed content), ranks the candidates when the
//! evidence cannot decide, and says what to change.

use serde::{Deserialize, Serialize};

/// How sure the diagnosis is about a cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Likelihood {
    /// The evidence proves it (a live probe saw it).
    Certain,
    /// The most probable reading of the evidence.
    Likely,
    /// Possible; the evidence cannot rule it out.
    Possible,
}

/// One candidate cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cause {
    /// A stable kebab-case code (`auth-before-cors`, `options-not-routed`, …), documented in
    /// `docs/diagnosis.md`. Codes are never reused.
    pub code: String,
    /// One line.
    pub summary: String,
    /// Why this is the cause and how it arises, a short paragraph.
    pub detail: String,
    /// How sure we are.
    pub likelihood: Likelihood,
    /// What to change on the server (or the client), step by step.
    pub fix: Vec<String>,
}

/// The answer to "why was my request blocked?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// Whether this is a CORS failure at all (false for mixed content, connection refused, CSP, …).
    pub is_cors: bool,
    /// One line: what happened.
    pub headline: String,
    /// What the browser's message means, in plain words.
    pub meaning: String,
    /// The candidate causes, most likely first.
    pub causes: Vec<Cause>,
    /// A command that would confirm it (`corsfix check … --origin …`), when one applies.
    pub confirm_with: Option<String>,
}

impl Diagnosis {
    /// The most likely cause's code.
    pub fn primary_code(&self) -> Option<&str> {
        self.causes.first().map(|c| c.code.as_str())
    }
}
