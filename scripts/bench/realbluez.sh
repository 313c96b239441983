#!/bin/bash
# make bench's real-BlueZ row: a full sec2 BLE run on the real stack (the VM of scripts/realbluez/:
# Debian's kernel, btvirt, bluetoothd 5.66), esp-prov against Espressif's esp_prov client code (bleak,
# scripts/bench/esp_prov_driver.py in .build-bench/venv), each against a fresh esp-prov-device
# --ble_adapter hci1. One run each: the VM boot costs more than the runs. Usage: realbluez.sh BINDIR PYTHON MARKDOWN
# Replaces the line starting "| full BLE sec2 run (real bluetoothd" in MARKDOWN (first time: adds it under the fake's row).
set -u
bin=$1 python=$2 markdown=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/bench-results/realbluez
"$root/scripts/realbluez/run.sh" "$bin" "$out" bench "$python" || { echo "real-BlueZ bench: the VM did not run" >&2; exit 0; }
field() { grep "^scenario $1 " "$out/results.txt" | sed -n "s/.* $2=\([^ ]*\).*/\1/p"; }
ours="$(field bench_esp_prov seconds) s (exit $(field bench_esp_prov rc))"
theirs_rc=$(field bench_esp_prov_python rc)
if [ "$theirs_rc" = 0 ]; then
    theirs="$(field bench_esp_prov_python seconds) s"
else
    # The exception that ended it (not the interpreter's shutdown noise after it).
    why=$(grep -E "^[A-Za-z_.]*(Error|Exception): " "$out/bench_esp_prov_python.log" | grep -v "shutting down" | tail -n1 | tr '|' '/' | cut -c1-120)
    theirs="fails after $(field bench_esp_prov_python seconds) s (exit $theirs_rc: $why)"
fi
row="| full BLE sec2 run (real bluetoothd 5.66, btvirt, qemu VM): wall | $ours | $theirs | |"
python3 - "$markdown" "$row" <<'PY'
import sys
path, row = sys.argv[1], sys.argv[2]
lines = open(path).read().split("\n")
if any(l.startswith("| full BLE sec2 run (real bluetoothd") for l in lines):
    lines = [row if l.startswith("| full BLE sec2 run (real bluetoothd") else l for l in lines]
else:  # first time: under the fake bluetoothd's row
    at = next((i + 1 for i, l in enumerate(lines) if l.startswith("| full BLE sec2 run (fake bluetoothd")), len(lines))
    lines.insert(at, row)
open(path, "w").write("\n".join(lines))
PY
echo "$row"
