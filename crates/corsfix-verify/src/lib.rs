//! # corsfix-verify
//!
//! The verification harness of issue 4: every `corsfix gen` output is run in the real
//! framework (pinned versions, installed once into `verify/.cache/`), probed over HTTP and
//! checked against [`corsfix_policy::Policy::respond`] and the browser model, then fetched
//! from real headless Chromium, which must agree with the model's prediction. Targets that
//! cannot run here are checked with the real tool's parser or listed as unverified.
//!
//! Not a dependency of any product crate; `publish = false`. Run it with
//! `cargo run -p corsfix-verify -- --all` (writes `docs/verification.md`), `--quick` (CI), or
//! `--target flask`. `cargo run -p corsfix-verify -- scenarios` runs the real servers broken the
//! way developers break CORS (`verify/scenarios/`) through `corsfix check`, `explain` and `har`
//! and applies the fix `check` prints.

pub mod browser;
pub mod check_pass;
pub mod generated;
pub mod http;
pub mod parse;
pub mod policies;
pub mod probe;
pub mod process;
pub mod proxy;
pub mod report;
pub mod runner;
pub mod scenarios;
pub mod stacks;
pub mod targets;
