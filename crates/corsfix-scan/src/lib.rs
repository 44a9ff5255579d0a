//! # corsfix-scan
//!
//! Finds dangerous CORS misconfigurations across many endpoints, fast and without false alarms:
//! the checks C0–C24 of `docs/scan.md`, a tiered probe budget (5 requests for a URL without
//! CORS, the mutation families only where there is a CORS signal), preflight probes so
//! preflight-only CORS is found, and the trusted origins it discovers mutated too.
//!
//! Each finding carries the exact probe (`Origin`, method) and the evidence of *its own*
//! response: probes share nothing but the connection pool.
//!
//! ```no_run
//! # async fn demo() -> Result<(), corsfix_scan::Error> {
//! use corsfix_scan::{ClientConfig, ScanConfig, Scanner, Token};
//! let scanner = Scanner::new(ScanConfig {
//!     client: ClientConfig::default(),
//!     token: Token::random("evil.example"),
//! })?;
//! let report = scanner.scan("https://api.example.com/me").await;
//! for f in &report.findings {
//!     println!("{} {} {:?}", f.severity, f.check, f.origin);
//! }
//! # Ok(()) }
//! ```
//!
//! (The architecture puts the scanner in `corsfix-probe`; it lives in its own crate while that
//! crate is being built, and can move there unchanged.)

mod client;
mod engine;
mod error;
mod finding;
mod http2;
pub mod origins;
pub mod output;
pub mod target;

#[doc(hidden)]
pub use client::read_responses_from;
pub use client::{ClientConfig, ProbeError, Resolver, load_ca_file, parse_header};
pub use engine::{ScanConfig, Scanner, TargetReport};
pub use error::Error;
pub use finding::{Check, Evidence, Finding, Severity};
pub use origins::Token;
pub use target::{Target, shard_of};
