#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (address sanitizer on) and runs each for a bounded time
# from seed corpora made of the fixtures, then prints executions, exec/s, corpus growth and
# crashes per target. Exit status 1 if any target crashed (its input is kept under
# .build-fuzz/crashes/; turn it into a regression test in Tests/, then fix the bug).
#
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 60; FUZZ_TARGETS="A B" to pick)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
targets=(${FUZZ_TARGETS:-FuzzProtoVer FuzzQRPayload FuzzHex FuzzHandshake FuzzReplies FuzzDBus FuzzDPPURI FuzzHTTPReply})
scratch="$root/.build-fuzz"
corpus="$scratch/corpus"
crashes="$scratch/crashes"
results="$scratch/results.txt"
mkdir -p "$corpus" "$crashes"

for target in "${targets[@]}"; do
    echo "building $target"
    (cd "$root/Fuzz" && swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
        --product "$target" --scratch-path "$scratch" 2>&1 | grep -E "error|Compiling|complete" | grep -v warning | tail -1)
done
bin=$(cd "$root/Fuzz" && swift build -c debug --scratch-path "$scratch" --show-bin-path)

python3 "$root/scripts/fuzz/seeds.py" "$corpus/seeds" >/dev/null

failed=0
printf '%-14s %10s %8s %8s %8s %s\n' target executions exec/s corpus new crashes | tee "$results"
for target in "${targets[@]}"; do
    mkdir -p "$corpus/$target"
    log="$scratch/$target.log"
    set +e
    # -rss_limit_mb: ASan debug builds are large; the limit still catches runaway allocations.
    FUZZ_SEED_DIR="$corpus/$target" "$bin/$target" "$corpus/$target" "$corpus/seeds/$target" \
        -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=4096 -timeout=10 \
        -artifact_prefix="$crashes/$target-" >"$log" 2>&1
    status=$?
    set -e
    stat() { grep -m1 "stat::$1:" "$log" | awk '{print $2}'; }
    found=$(ls "$crashes" 2>/dev/null | grep -c "^$target-" || true)
    printf '%-14s %10s %8s %8s %8s %s\n' "$target" "$(stat number_of_executed_units)" "$(stat average_exec_per_sec)" \
        "$(ls "$corpus/$target" | wc -l)" "$(stat new_units_added)" "$found" | tee -a "$results"
    if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
        failed=1
        echo "  $target failed (status $status); see $log and $crashes" >&2
        grep -m3 -E "ERROR|Fatal error|panic" "$log" >&2 || true
    fi
done
echo "results: $results"
exit $failed
