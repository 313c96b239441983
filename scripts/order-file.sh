#!/usr/bin/env bash
# `make order-file`: the functions esp-prov runs in its common runs (--help, a usage error, security
# 1 and 2 provisioning against esp-prov-device), one linker symbol per line, first use first. The
# release link places them side by side (lld --symbol-ordering-file), so a run touches a few MiB of
# contiguous code instead of pages scattered over the whole .text (BENCHMARKS.md, issue 15).
# A stale list costs only locality: symbols it names that no longer exist are ignored.
#
# usage: scripts/order-file.sh RELEASE_BIN_DIR OUTPUT
set -euo pipefail

bin=${1:?usage: scripts/order-file.sh RELEASE_BIN_DIR OUTPUT}
out=${2:?usage: scripts/order-file.sh RELEASE_BIN_DIR OUTPUT}
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
command -v valgrind >/dev/null || {
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind
}

work=$(mktemp -d)
device=""
cleanup() { [ -z "$device" ] || kill "$device" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# valgrind 3.19 cannot read the toolchain's DWARF 5; the symbol table is all it needs.
objcopy --strip-debug "$bin/esp-prov" "$work/esp-prov"
run=0
profile() {
    run=$((run + 1))
    timeout 300 valgrind --tool=callgrind --demangle=no --compress-strings=no --compress-pos=no \
        --callgrind-out-file="$work/run.$run" "$work/esp-prov" "$@" >/dev/null 2>&1 || true
}
# esp-prov-device on an ephemeral port; sets $port.
start_device() {
    coproc DEVICE { exec "$bin/esp-prov-device" --listen 127.0.0.1:0 --network HomeNet:secret123 --no_auto_stop "$@" 2>/dev/null; }
    device=$DEVICE_PID
    read -r -t 30 line <&"${DEVICE[0]}"
    port=${line##*:}
}
stop_device() { kill "$device"; wait "$device" 2>/dev/null || true; device=""; }

profile --help
profile --transport softap --sec_ver x
start_device
profile --transport softap --service_name "127.0.0.1:$port" --sec_ver 2 --sec2_username wifiprov --sec2_pwd abcd1234 \
    --ssid HomeNet --passphrase secret123
stop_device
start_device --sec_ver 1 --pop abcd1234
profile --transport softap --service_name "127.0.0.1:$port" --sec_ver 1 --pop abcd1234 --ssid HomeNet --passphrase secret123
stop_device

# callgrind names every function that ran on an fn= or cfn= line; keep the first mention of each.
sed -n 's/^c\{0,1\}fn=//p' "$work"/run.* | sed "s/'[0-9]*$//" | grep -v -e '^0x' -e '@' -e '^(below main)' | awk '!seen[$0]++' > "$out"
echo "$(wc -l < "$out") functions in $out"
