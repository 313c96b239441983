#!/usr/bin/env bash
# The peak RSS a statically linked Swift program holds before doing any provisioning work (issue 15):
# four small programs in scripts/bench/floor/, built like esp-prov's release build (-O, static Swift
# runtime and Foundation, PIE, lld and DT_RELR: the Makefile passes its link flags in
# FLOOR_LINK_FLAGS), each run BENCH_RUNS times through the rusage spawner. It shows what part of
# esp-prov's peak RSS no tuning of esp-prov's own code can take away.
#
# usage: scripts/bench/rss-floor.sh MARKDOWN_FILE   (needs .build-bench/rusage, built by scripts/bench.sh)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
markdown=${1:?usage: scripts/bench/rss-floor.sh MARKDOWN_FILE}
work="$root/.build-bench/floor"
runs=${BENCH_RUNS:-10}
mkdir -p "$work"

median_rss() {
    for _ in $(seq "$runs"); do
        "$root/.build-bench/rusage" "$work/usage" "$@" >/dev/null
        awk '{ print $3 }' "$work/usage"
    done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1024 }'
}

rows=""
for program in runtime essentials foundation crypto; do
    # shellcheck disable=SC2086 # FLOOR_LINK_FLAGS is a list of flags
    swiftc -O -static-stdlib ${FLOOR_LINK_FLAGS:-} "$root/scripts/bench/floor/$program.swift" -o "$work/$program" 2>"$work/$program.log" || {
        cat "$work/$program.log" >&2; exit 1; }
    rows+="| \`$program.swift\` | $(sed -n 's|^// ||p' "$root/scripts/bench/floor/$program.swift" | head -n 1) | $(median_rss "$work/$program") MiB |"$'\n'
done

table="| program | what it holds | peak RSS (median of $runs) |
|---|---|---|
$rows
Measured on $(uname -sr), $(nproc) CPUs, $(date -u +%Y-%m-%d)."
python3 - "$markdown" "$table" <<'PY'
import re, sys
path, table = sys.argv[1], sys.argv[2]
text = open(path).read()
# The block may be empty (the two markers on consecutive lines) or hold an earlier table.
text = re.sub(r"(<!-- bench-floor:begin -->\n).*?(<!-- bench-floor:end -->)", lambda m: m.group(1) + table + "\n" + m.group(2), text, flags=re.S)
open(path, "w").write(text)
PY
echo "$table"
