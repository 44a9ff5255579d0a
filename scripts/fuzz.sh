#!/usr/bin/env bash
# Fuzz corsfix's parsers of outside input with libFuzzer on STABLE Rust (no nightly, no
# cargo-fuzz needed): the targets are built with SanitizerCoverage through stable `-C` flags
# (what `cargo fuzz build --sanitizer none` passes), linked against the libFuzzer that
# libfuzzer-sys compiles with the system C++ compiler. No AddressSanitizer: safe Rust only
# (`unsafe_code = "forbid"`), debug assertions and overflow checks on.
#
#   scripts/fuzz.sh build                  build every target (fuzz/target/)
#   scripts/fuzz.sh list                   the targets
#   scripts/fuzz.sh run TARGET [SECONDS]   fuzz TARGET for SECONDS (default 600) or MAX_RUNS
#                                          executions (default 1,000,000), whichever comes first
#   scripts/fuzz.sh ci [SECONDS]           every target for SECONDS (default 3) on its corpus
#   scripts/fuzz.sh cmin TARGET            minimise TARGET's corpus in place (a set cover of its edges)
#   scripts/fuzz.sh repro TARGET FILE      run one input (a crash file) and show the panic
#
# Crashes are written to fuzz/artifacts/TARGET/; make each a regression test in the crate
# that owns the parser (docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
triple=$(rustc -vV | sed -n 's/^host: //p')
bin_dir="$root/fuzz/target/$triple/release"
export CARGO_TARGET_DIR="$root/fuzz/target"
# One job on the shared development machine; every core in CI.
if [ "${CI:-}" = true ]; then
    export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-$(nproc)}"
else
    export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
fi

targets() { sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^corsfix-fuzz$'; }

build() {
    # --target keeps these flags off build scripts and proc macros.
    RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cdebug-assertions -Coverflow-checks" \
        cargo build --locked --release --manifest-path fuzz/Cargo.toml --target "$triple" --bins -q
}

# run_one TARGET SECONDS [CORPUS_DIR...]: new inputs go into the first directory (the target's
# corpus when none is given).
run_one() {
    local t=$1 secs=$2; shift 2
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    local dirs=("$@")
    [ ${#dirs[@]} -gt 0 ] || dirs=("fuzz/corpus/$t")
    # Inputs are capped at 64 KiB (the web's body limit); explain reads up to 1 MiB.
    local max_len=65536
    [ "$t" = explain_parse ] && max_len=1048576
    nice -n "${NICE:-10}" "$bin_dir/$t" "${dirs[@]}" \
        -artifact_prefix="fuzz/artifacts/$t/" -max_total_time="$secs" -runs="${MAX_RUNS:-1000000}" -timeout=10 \
        -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1
}

cmd=${1:-}
case "$cmd" in
    build) build ;;
    list) targets ;;
    run) build; run_one "${2:?target}" "${3:-600}" ;;
    ci)
        build
        for t in $(targets); do
            echo "== fuzz $t (${2:-3} s)"
            # The corpus is read but not grown: new inputs go to a temporary directory.
            tmp=$(mktemp -d)
            status=0
            run_one "$t" "${2:-3}" "$tmp" "fuzz/corpus/$t" > "$tmp.log" 2>&1 || status=$?
            grep -E '^(INFO: seed corpus|stat::number_of_executed_units|==[0-9]+==|SUMMARY|thread .* panicked)' "$tmp.log" || true
            if [ "$status" != 0 ]; then
                tail -n 40 "$tmp.log"
                echo "fuzz target $t failed (exit $status); crash input in fuzz/artifacts/$t/"
                rm -rf "$tmp" "$tmp.log"
                exit 1
            fi
            rm -rf "$tmp" "$tmp.log"
        done
        ;;
    cmin)
        build
        t=${2:?target}
        new=$(mktemp -d)
        # The smallest set of inputs that still reaches every edge the corpus reaches (hit
        # counts ignored): what is committed. A run grows the corpus again.
        nice -n "${NICE:-10}" "$bin_dir/$t" -set_cover_merge=1 -use_counters=0 -timeout=10 -rss_limit_mb=2048 \
            "$new" "fuzz/corpus/$t"
        # Inputs that once crashed a target stay (named crash-*), covered or not.
        find "fuzz/corpus/$t" -maxdepth 1 -name 'crash-*' -exec cp {} "$new/" \;
        rm -rf "fuzz/corpus/$t" && mv "$new" "fuzz/corpus/$t"
        ls "fuzz/corpus/$t" | wc -l
        ;;
    repro) build; RUST_BACKTRACE=1 "$bin_dir/${2:?target}" "${3:?file}" ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
esac
