//! # corsfix-difftest
//!
//! The differential test of `corsfix-model` against real browsers: a seeded generator of
//! cross-origin cases ([`generate`]), a raw loopback server that replays each case exactly as
//! written and records what it received ([`server`]), drivers for headless Chromium (DevTools
//! protocol), Firefox (WebDriver BiDi) and WebKitGTK's MiniBrowser ([`engines`]), and the
//! field-by-field comparison with the model ([`compare`]).
//!
//! The tests in `tests/` run it: `cargo test -p corsfix-difftest`. With `CI=true` a missing
//! browser fails the test; otherwise it is skipped with a loud message.

pub mod compare;
pub mod engines;
pub mod generate;
pub mod lna;
pub mod server;

pub use compare::{Disagreement, PageResult};
pub use engines::{Engine, EngineError, EngineRun};
pub use generate::{Ports, Profile, generate};
pub use server::{Replay, Seen};
