//! The engine's answer: [`Diagnosis`].

use serde::{Deserialize, Serialize};

use crate::catalog::{Cause, Facts, Likelihood};
use crate::server::ServerGuess;

/// The answer to "why was my request blocked?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// Whether this is a CORS failure at all (false for mixed content, connection refused, CSP, …).
    pub is_cors: bool,
    /// One line: what happened.
    pub headline: String,
    /// What the browser's message (or the model's failed check) means, in plain words.
    pub meaning: String,
    /// The candidate causes, most likely first.
    pub causes: Vec<Cause>,
    /// The questions whose answer would separate the candidates, when the evidence cannot
    /// decide (most useful first). Each answer names the cause it points to.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Problems that do not block this request (security, caching, limits), most severe
    /// first.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// A guess at the server software, when the evidence has headers or bodies.
    #[serde(default)]
    pub server: Option<ServerGuess>,
    /// What the evidence said about the request (what the causes' texts were filled in with).
    #[serde(default)]
    pub facts: Facts,
    /// A command that would confirm it (`corsfix check … --origin …`), when one applies.
    pub confirm_with: Option<String>,
}

impl Diagnosis {
    /// The most likely cause's code.
    pub fn primary_code(&self) -> Option<&str> {
        self.causes.first().map(|c| c.code.as_str())
    }

    /// Whether any cause is more than possible (certain or likely).
    pub fn has_definite_cause(&self) -> bool {
        self.causes
            .iter()
            .any(|c| c.likelihood != Likelihood::Possible)
    }
}

/// A question the user can answer from the browser's DevTools (or their code) that separates
/// the candidate causes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// The question (`What status did the OPTIONS request get in the Network tab?`).
    pub ask: String,
    /// Each possible answer and the cause it points to.
    pub answers: Vec<Answer>,
}

/// One answer to a [`Question`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The answer (`401 or 403`).
    pub answer: String,
    /// The cause code it points to.
    pub code: String,
    /// That cause's summary, as the catalog words it.
    pub means: String,
}

/// How serious a [`Finding`] is, least serious first (so `max()` is the worst).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A fact worth knowing (a possible, latent problem).
    Info,
    /// Worth knowing; nothing is broken for most users.
    Low,
    /// Wrong, or breaks for some users.
    Medium,
    /// Exploitable by other sites.
    High,
}

impl Severity {
    /// `info`, `low`, `medium` or `high`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something the evidence shows that does not block this request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// A stable kebab-case code (`reflects-any-origin-with-credentials`, …).
    pub code: String,
    /// How serious.
    pub severity: Severity,
    /// One or two sentences.
    pub message: String,
}
