//! `corsfix-diagnose`'s integration tests: one binary, a module per area.

mod corpus;
mod docs;
mod fix;
mod garbage;
mod hints;
mod probe_runs;
mod ranking;
