#!/usr/bin/env bash
# The project's test command (README): every crate's unit, integration and doc tests,
# including the differential tests against real Chromium, Firefox and WebKit.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked "$@"
