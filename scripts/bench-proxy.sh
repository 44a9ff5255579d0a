#!/usr/bin/env bash
# corsfix proxy against going direct, with wrk on loopback, in the same run: the upstream is
# crates/corsfix-proxy/examples/bench_upstream.rs (200 + a small JSON body, no CORS), the proxy
# is the release `corsfix proxy` binary logging one JSON line per request (to /dev/null).
# Every request carries `Origin`, so the proxy answers CORS and judges the upstream's answer
# with the model on each one, as it does for a browser.
#
# Rounds alternate direct, floor and proxied runs (other load on the machine drifts); the
# summary gives the median round. The floor is crates/corsfix-proxy/examples/
# bench_bare_forwarder.rs: hyper / hyper-util forwarding and nothing else, what any proxy on
# this stack costs. Figures belong in docs/benchmarks.md.
#
#   scripts/bench-proxy.sh [SECONDS=10] [CONNECTIONS=32] [DELAY_MS=0] [ROUNDS=3]
#
# DELAY_MS is the upstream's service time: 0 is the worst case for the proxy (its own work is
# all there is); a real API answers in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-32}
delay=${3:-0}
rounds=${4:-3}
up_port=${BENCH_UPSTREAM_PORT:-18081}
proxy_port=${BENCH_PROXY_PORT:-18787}
bare_port=${BENCH_BARE_PORT:-18799}
origin=http://localhost:5173

command -v wrk >/dev/null || { echo "bench-proxy: wrk is missing (apt-get install wrk)" >&2; exit 2; }
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
# One invocation: building the two packages apart would resolve features twice.
cargo build --release -q -p corsfix --bin corsfix -p corsfix-proxy --example bench_upstream \
  --example bench_bare_forwarder

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

target/release/examples/bench_upstream "$up_port" --delay-ms "$delay" &
pids+=($!)
target/release/corsfix proxy "http://127.0.0.1:$up_port" --origin "$origin" \
  --port "$proxy_port" --json >/dev/null 2>/tmp/bench-proxy.stderr &
pids+=($!)
target/release/examples/bench_bare_forwarder "$bare_port" "$up_port" &
pids+=($!)
for _ in $(seq 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$proxy_port/" -H "Origin: $origin" && break
  sleep 0.1
done

up_pid=${pids[0]}
proxy_pid=${pids[1]}
bare_pid=${pids[2]}
# CPU time (user + system, clock ticks) a process has used.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# A percentile of wrk's latency distribution (`--latency`) in milliseconds.
ms() { awk -v p="$1" '$1==p {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}'; }

# wrk's "Requests/sec", its median and 99th percentile latency in ms, and the CPU microseconds
# per request the upstream and the proxy (or the floor) spent during the run.
run() {
  local out u0 p0 u1 p1 middle=${2:-$proxy_pid}
  u0=$(ticks "$up_pid"); p0=$(ticks "$middle")
  out=$(wrk -t1 -c"$conns" -d"${secs}s" --latency -H "Origin: $origin" "$1")
  u1=$(ticks "$up_pid"); p1=$(ticks "$middle")
  local rps p50 p99 n
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(ms 50% <<<"$out")
  p99=$(ms 99% <<<"$out")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$rps $p50 $p99 $(( (u1 - u0) * 1000000 / hz / n )) $(( (p1 - p0) * 1000000 / hz / n ))"
}

direct="http://127.0.0.1:$up_port/items"
proxied="http://127.0.0.1:$proxy_port/items"
bare="http://127.0.0.1:$bare_port/items"
echo "warming up"
wrk -t1 -c"$conns" -d2s "$direct" >/dev/null
wrk -t1 -c"$conns" -d2s -H "Origin: $origin" "$proxied" >/dev/null
wrk -t1 -c"$conns" -d2s "$bare" >/dev/null

echo "wrk -t1 -c$conns -d${secs}s --latency -H 'Origin: $origin', upstream delay ${delay} ms, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %11s %7s %7s %11s %7s %11s %7s %7s %7s %9s %9s %14s\n' round direct_rps p50_ms p99_ms floor_rps p99_ms proxied_rps p50_ms p99_ms ratio added_p50 added_p99 'cpu us up|fl|px'
results=()
for r in $(seq "$rounds"); do
  read -r d_rps d_p50 d_p99 d_up _ < <(run "$direct")
  read -r f_rps _ f_p99 _ f_cpu < <(run "$bare" "$bare_pid")
  read -r p_rps p_p50 p_p99 _ p_px < <(run "$proxied")
  ratio=$(awk -v a="$p_rps" -v b="$d_rps" 'BEGIN {printf "%.1f%%", 100*a/b}')
  added50=$(awk -v a="$p_p50" -v b="$d_p50" 'BEGIN {printf "%.2f", a-b}')
  added=$(awk -v a="$p_p99" -v b="$d_p99" 'BEGIN {printf "%.2f", a-b}')
  printf '%-6s %11s %7s %7s %11s %7s %11s %7s %7s %7s %9s %9s %14s\n' "$r" "$d_rps" "$d_p50" "$d_p99" "$f_rps" "$f_p99" "$p_rps" "$p_p50" "$p_p99" "$ratio" "$added50" "$added" "$d_up|$f_cpu|$p_px"
  results+=("$(awk -v a="$p_rps" -v b="$d_rps" 'BEGIN {printf "%.4f", a/b}') $d_rps $d_p99 $p_rps $p_p99 $f_rps $d_p50 $p_p50")
done
printf '%s\n' "${results[@]}" | sort -n | awk -v n="$rounds" 'NR == int((n + 1) / 2) {
  printf "median round: direct %s req/s (p50 %s ms, p99 %s ms), floor %s req/s, through the proxy %s req/s (p50 %s ms, p99 %s ms): %.1f %% of direct, p50 %+.2f ms, p99 %+.2f ms\n", $2, $7, $3, $6, $4, $8, $5, 100 * $1, $8 - $7, $5 - $3
}'
echo "proxy log lines: $(grep -c . /tmp/bench-proxy.stderr || true) on stderr (banner only expected)"
