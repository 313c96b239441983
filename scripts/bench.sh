#!/usr/bin/env bash
# `make bench`: esp-prov (release build) against Espressif's esp_prov client code, side by side.
# Installs what it needs: hyperfine and python3-venv (apt), esp-rainmaker-cli in a venv kept in
# .build-bench/venv (pip, reused by later runs). Writes bench-results/ and the table in BENCHMARKS.md.
#
# usage: scripts/bench.sh RELEASE_BIN_DIR     (BENCH_RUNS=N for more or fewer runs per scenario)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:?usage: scripts/bench.sh RELEASE_BIN_DIR}
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
venv="$root/.build-bench/venv"

for tool in esp-prov esp-prov-device; do
    [ -x "$bin/$tool" ] || { echo "missing $bin/$tool: build with 'swift build -c release' first" >&2; exit 2; }
done

missing=""
command -v hyperfine >/dev/null || missing="$missing hyperfine"
python3 -c 'import ensurepip' 2>/dev/null || missing="$missing python3-venv"
if [ -n "$missing" ]; then
    echo "Installing:$missing"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi

if ! "$venv/bin/python" -c 'import rmaker_tools.rmaker_prov.prov.prov_util' 2>/dev/null; then
    echo "Creating $venv with esp-rainmaker-cli (Espressif's esp_prov client code)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check esp-rainmaker-cli
fi

# The spawner each run is measured through (why: scripts/bench/rusage.c); the toolchain's clang builds it.
mkdir -p "$root/.build-bench"
"${CC:-clang}" -O2 -o "$root/.build-bench/rusage" "$root/scripts/bench/rusage.c"

cd "$root"
python3 scripts/bench/bench.py --bin "$bin" --python "$venv/bin/python" --runs "${BENCH_RUNS:-10}" \
    --out bench-results --markdown BENCHMARKS.md

# DPP over TCP against real wpa_supplicant (its own script: scripts/bench/dpp.sh).
"$root/scripts/bench/dpp.sh" "$bin" BENCHMARKS.md
# What a static Swift program holds before any work of its own (scripts/bench/rss-floor.sh).
"$root/scripts/bench/rss-floor.sh" BENCHMARKS.md
# A full sec2 BLE run on the real BlueZ in a VM, both clients (scripts/bench/realbluez.sh).
"$root/scripts/bench/realbluez.sh" "$bin" "$venv/bin/python" BENCHMARKS.md
# WPS rows (scripts/bench-wps.sh): its own table in BENCHMARKS.md, WPS section.
"$root/scripts/bench-wps.sh" "$bin"
# The rack command across two hosts vs one batch (scripts/bench/rack.sh, issue 23).
"$root/scripts/bench/rack.sh" "$bin" BENCHMARKS.md
