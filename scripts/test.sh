#!/usr/bin/env bash
# The project's test command (README): every crate's unit, integration and doc tests
# (including the differential tests against real Chromium, Firefox and WebKit, and the quick
# subset of the framework verification), then the web tool's end-to-end test in real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked "$@"

# The framework verification's quick subset: generated configs for express, flask, go net/http,
# nginx, laravel and the Vite dev-server proxy run in the real frameworks and are judged over
# HTTP and in real Chromium (`cargo run -p corsfix-verify -- --all` runs the full matrix).
cargo run --locked -q -p corsfix-verify -- --quick

# The real-server scenarios' quick subset (verify/scenarios/): framework servers broken the way
# developers break CORS, diagnosed by the built `corsfix check`, fetched from real Chromium (its
# console read back by `explain`, its HAR by `har`), then fixed with the policy check printed.
# `cargo run -p corsfix-verify -- scenarios` runs all 62 (about 9 minutes on 2 cores); the
# figures are in docs/diagnosis.md.
cargo run --locked -q -p corsfix-verify -- scenarios --quick

# Every fuzz target for a few seconds on its corpus (libFuzzer on stable Rust; builds the
# instrumented targets into fuzz/target/ first; docs/reliability.md).
scripts/fuzz.sh ci 3

# `cargo test` built the binary the end-to-end test drives.
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
shots="$(mktemp -d)"
(cd tests/web-e2e && CORSFIX_BIN="$target_dir/debug/corsfix" SCREENSHOTS="$shots" npm test)
rm -rf "$shots"
