//! # corsfix-diagnose
//!
//! Why the browser blocked a cross-origin request, and what would have let it through: one
//! engine over every kind of [`Evidence`] (pasted console text, a live probe, a HAR entry, a
//! simulated case), one [catalog](catalog) of causes, one [`Diagnosis → Policy`](fix) step, and
//! the [report view models](report) that every renderer (the terminal, the web page, `--json`)
//! lays out. Pure: no I/O, no async.
//!
//! ```
//! use corsfix_diagnose::{Evidence, diagnose};
//!
//! let text = "Access to fetch at 'https://api.example.com/items' from origin 'http://localhost:3000' \
//! has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n\
//! GET https://api.example.com/items net::ERR_FAILED 500 (Internal Server Error)";
//! let reading = corsfix_model::parse::parse(text).unwrap();
//! let diagnosis = diagnose(&Evidence::Text(&reading));
//! assert_eq!(diagnosis.primary_code(), Some("error-response-without-cors"));
//! ```
//!
//! The model (`corsfix-model`) says *what* the browser does; this crate says *why*, in words.
//! Every sentence a user reads about a cause comes from here.

pub mod catalog;
pub mod commands;
mod diagnosis;
pub mod document;
mod engine;
pub mod evidence;
pub mod fix;
pub mod heuristics;
pub mod report;
pub mod server;

pub use catalog::{Cause, CauseCode, Facts, Likelihood, status_text};
pub use diagnosis::{Answer, Diagnosis, Finding, Question, Severity};
pub use evidence::Evidence;
pub use fix::{Fix, fix};
pub use report::{Report, report};
pub use server::ServerGuess;

/// Diagnose one piece of evidence: the causes ranked, the questions that would separate them,
/// the findings that do not block, the server guess.
pub fn diagnose(evidence: &Evidence<'_>) -> Diagnosis {
    engine::diagnose(evidence)
}
