#!/usr/bin/env bash
# `corsfix serve` at saturation, on loopback only, bounded in time (docs/reliability.md).
#
#   scripts/serve-load.sh            60 s per endpoint (DURATION=60s CONNECTIONS=64 THREADS=2)
#
# Builds the release server (the web crate's `serve` example: the router and server loop of
# `corsfix serve`), starts it on 127.0.0.1, warms every endpoint up, notes the resident memory,
# then holds each endpoint at saturation with wrk and prints requests/s, p50, p99 and errors,
# and the resident memory after each. Then 1,000 idle/slow-drip connections and the time a new
# client waits (scripts/slow-clients.py). The load average is printed at the start and end:
# figures taken on a loaded machine are not the server's speed.
set -euo pipefail
cd "$(dirname "$0")/.."
d=${DURATION:-60s}; c=${CONNECTIONS:-64}; t=${THREADS:-2}
bench=tests/web-e2e/bench
CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1} cargo build --release -q -p corsfix-web --example serve
bin=${CARGO_TARGET_DIR:-target}/release/examples/serve
port=${PORT:-18181}
"$bin" serve --bind 127.0.0.1 --port "$port" > /dev/null 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 50); do curl -fsS -o /dev/null "$base/" 2>/dev/null && break; sleep 0.2; done
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
asset=$(curl -fsS "$base/" | grep -o '/assets/style.css?v=[0-9a-f]*' | head -1)
slug=$(curl -fsS "$base/errors" | grep -o 'href="/errors/[a-z0-9-]*"' | head -1 | sed 's#href="/errors/##; s#"##')
echo "load at start: $(uptime | sed 's/.*load average: //')"
endpoints=(
    "GET /|$base/|"
    "GET /fix/express|$base/fix/express|"
    "GET /errors/$slug|$base/errors/$slug|"
    "POST /api/v1/generate|$base/api/v1/generate|$bench/generate.lua"
    "POST /api/v1/explain|$base/api/v1/explain|$bench/explain.lua"
    "GET $asset|$base$asset|"
)
wrk_args() { local url=$1 script=$2; if [ -n "$script" ]; then echo "-s $script $url"; else echo "$url"; fi; }
for e in "${endpoints[@]}"; do
    IFS='|' read -r _ url script <<< "$e"
    # shellcheck disable=SC2046
    wrk -d 5s -c "$c" -t "$t" $(wrk_args "$url" "$script") > /dev/null
done
warm=$(rss)
echo "RSS after warm-up: $warm KiB"
printf '| endpoint | req/s | p50 | p99 | errors | RSS after (KiB) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n'
for e in "${endpoints[@]}"; do
    IFS='|' read -r name url script <<< "$e"
    # shellcheck disable=SC2046
    out=$(wrk --latency -d "$d" -c "$c" -t "$t" $(wrk_args "$url" "$script"))
    rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
    p50=$(awk '$1=="50%" {print $2}' <<< "$out")
    p99=$(awk '$1=="99%" {print $2}' <<< "$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<< "$out"); non2xx=${non2xx:-0}
    sock=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' <<< "$out"); sock=${sock:-0}
    printf '| `%s` | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$((non2xx + sock))" "$(rss)"
done
end=$(rss)
echo "RSS: after warm-up $warm KiB, at the end $end KiB (ratio $(awk "BEGIN {printf \"%.2f\", $end/$warm}"))"
python3 scripts/slow-clients.py 127.0.0.1 "$port" 1000 / 15
echo "load at end: $(uptime | sed 's/.*load average: //')"
kill -TERM $pid; wait $pid 2>/dev/null || true
trap - EXIT
