//! Rust frameworks: axum + tower-http, actix-web + actix-cors, Rocket + rocket_cors, warp.

use super::Target;

/// This group's targets, in report order.
pub(crate) fn targets() -> Vec<Target> {
    Vec::new()
}
