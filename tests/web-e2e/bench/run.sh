#!/usr/bin/env bash
# Benchmark a running `corsfix serve` with wrk: the JSON API, the main page, a static asset.
# usage: bench/run.sh http://127.0.0.1:8080   (DURATION=10s CONNECTIONS=32 THREADS=2)
set -euo pipefail
base=${1:?usage: run.sh BASE_URL}
here=$(cd "$(dirname "$0")" && pwd)
d=${DURATION:-10s}; c=${CONNECTIONS:-32}; t=${THREADS:-2}
asset=$(curl -fsS "$base/" | grep -o '/assets/style.css?v=[0-9a-f]*' | head -1)
run() { echo "== $1"; shift; wrk --latency -d "$d" -c "$c" -t "$t" "$@" | grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|Socket errors'; }
run "POST /api/v1/generate" -s "$here/generate.lua" "$base/api/v1/generate"
run "GET / (Fix mode, server-rendered with the preview)" "$base/"
run "GET $asset" "$base$asset"
