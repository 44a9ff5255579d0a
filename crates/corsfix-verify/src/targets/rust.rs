//! Rust frameworks: axum + tower-http, actix-web + actix-cors, Rocket + rocket_cors, warp.
//!
//! Each app's pinned Cargo.toml and Cargo.lock are in `verify/stacks/rust/<app>/`, its sources
//! in `verify/apps/<app>/src/`; the generated file is `src/cors.rs`. Every build shares
//! `verify/.cache/rust/target` (the frameworks are compiled there once, at install), and the
//! binary is copied out at once, since every app's is `target/debug/app`.

use super::{Target, run, runnable};
use crate::stacks::Stack::Rust;

/// Build the app (offline, with its lock) and copy its binary into the app directory, while
/// the build lock is held. Every policy's app has the same package id to Cargo (a path package
/// is hashed relative to its workspace root), and all four are laid out before the first build:
/// without the `touch`, the later builds would find the sources older than the first build's
/// fingerprint and reuse its binary.
const BUILD: &[&str] = &[
    "sh",
    "-c",
    "touch src/*.rs && cargo build --frozen -j 2 && cp \"$CARGO_TARGET_DIR/debug/app\" app.bin",
];
const START: &[&str] = &["{dir}/app.bin"];

/// This group's targets, in report order.
pub(crate) fn targets() -> Vec<Target> {
    let r =
        |name, app, versions| runnable(name, run(Rust, app, START, versions).build(BUILD), false);
    vec![
        r("axum", "axum", &["axum", "tower-http", "tokio", "rustc"]),
        r("actix", "actix", &["actix-web", "actix-cors", "rustc"]),
        r("rocket", "rocket", &["rocket", "rocket_cors", "rustc"]),
        r("warp", "warp", &["warp@0.4", "tokio", "rustc"]),
        // The `warp` skeleton, built against warp 0.3 (verify/stacks/rust/warp03).
        runnable(
            "warp@0.3",
            run(Rust, "warp03", START, &["warp@0.3", "tokio", "rustc"])
                .base(&["warp"])
                .build(BUILD),
            false,
        ),
    ]
}
