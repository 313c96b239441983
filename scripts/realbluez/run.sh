#!/bin/bash
# Boots ONE VM with the real kernel Bluetooth stack, btvirt and the real bluetoothd, and runs the
# real-BlueZ scenarios inside it (scripts/realbluez/guest.sh). The host's / is the guest's root,
# read-only over 9p (so the guest runs this checkout's freshly built binaries), RESULTDIR is shared
# writable for the results. Usage: run.sh BINDIR RESULTDIR [bench PYTHON] (bench: make bench's BLE row). Exit 0 when the VM ran the suite
# (RESULTDIR/results.txt says how each scenario went), non-zero with the reason on stderr when it could not.
# Needs (make test-deps): qemu-system-x86, linux-image-amd64, bluez, bluez-test-tools,
# busybox-static, dbus-daemon, python3-venv; virtme-ng from PyPI into .build-realbluez/venv.
set -u
BIN=$(cd "$1" && pwd) || { echo "no binaries directory $1" >&2; exit 2; }
OUT=$(mkdir -p "$2" && cd "$2" && pwd) || { echo "cannot create $2" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VENV=${ESP_PROV_REALBLUEZ_VENV:-$ROOT/.build-realbluez/venv}
rm -f "$OUT"/*.log "$OUT/results.txt"

KERNEL=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n1)
[ -n "$KERNEL" ] || { echo "no kernel under /boot: install linux-image-amd64 (make test-deps)" >&2; exit 3; }
MODULES=/lib/modules/${KERNEL#/boot/vmlinuz-}
[ -e "$MODULES/kernel/drivers/bluetooth/hci_vhci.ko" ] || [ -e "$MODULES/kernel/drivers/bluetooth/hci_vhci.ko.xz" ] \
    || { echo "$KERNEL has no hci_vhci module under $MODULES" >&2; exit 3; }
for tool in qemu-system-x86_64 btvirt btmgmt busctl dbus-daemon; do
    command -v $tool > /dev/null || { echo "$tool not found: run make test-deps" >&2; exit 3; }
done
if [ ! -x "$VENV/bin/vng" ]; then
    python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet --disable-pip-version-check virtme-ng \
        || { echo "cannot install virtme-ng into $VENV (PyPI reachable? python3-venv installed?)" >&2; exit 3; }
fi

# KVM only where the CPU offers VT-x/AMD-V: a nested (PVM) /dev/kvm hangs a stock kernel (REALBLUEZ.md §1).
ACCEL=--disable-kvm
if [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then ACCEL=; fi

# virtme-ng truncates its console file when stdout is a regular file: read it through a pipe.
PATH=$VENV/bin:$PATH timeout --signal=KILL "${ESP_PROV_REALBLUEZ_DEADLINE:-480}" \
    vng --run "$KERNEL" $ACCEL --force-9p --cpus 1 --memory 1G --rwdir "$OUT" \
    --exec "sh $HERE/guest.sh $BIN $OUT ${3:-suite} ${4:-}" 2>&1 | cat > "$OUT/console.log"
status=${PIPESTATUS[0]}
deadline=${ESP_PROV_REALBLUEZ_DEADLINE:-480}
[ "$status" = 137 ] && echo "vm stopped: the suite outlived its ${deadline} s deadline (a loaded host? KVM: $([ -z "$ACCEL" ] && echo on || echo off))" >> "$OUT/results.txt"
if [ ! -s "$OUT/results.txt" ]; then
    echo "the VM produced no results (vng exit $status; KVM: ${ACCEL:-on}); its console:" >&2
    tail -n 30 "$OUT/console.log" >&2
    exit 4
fi
exit 0
