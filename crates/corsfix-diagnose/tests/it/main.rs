//! `corsfix-diagnose`'s integration tests: one binary, a module per area.

mod corpus;
mod docs;
mod garbage;
mod probe_runs;
