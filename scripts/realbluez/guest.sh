#!/bin/sh
# Runs inside the real-BlueZ VM (scripts/realbluez/run.sh boots it): brings up the kernel's Bluetooth
# stack with btvirt's two linked virtual controllers and the real bluetoothd, then runs every scenario
# of the suite in this one boot: esp-prov (central, hci0) against esp-prov-device --ble_adapter hci1.
# Usage: guest.sh BINDIR RESULTDIR [bench PYTHON]. Writes RESULTDIR/results.txt, one line per scenario:
#   scenario NAME rc=N seconds=S
# and RESULTDIR/NAME.log (its output); "stack ready ..." or "stack failed: why" comes first.
# The facts behind each step are /work/shared/REALBLUEZ.md's (cited as RB §n).
BIN=$1
OUT=$2
MODE=${3:-suite}
BENCH_PYTHON=${4:-}
RESULTS=$OUT/results.txt
T0=$(date +%s.%N)
: > "$RESULTS"
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# btmgmt, bounded (it must never hold the suite) and quiet.
mgmt() { timeout 10 btmgmt "$@" < /dev/null > /dev/null 2>&1; }
step() { echo "$(elapsed "$T0") $*" >> "$OUT/progress.log"; }
fail_stack() { echo "stack failed: $*" >> "$RESULTS"; dmesg > "$OUT/dmesg.log" 2>&1; exit 0; }

# Writable places over the read-only host root.
for dir in /run/dbus /var/lib/bluetooth; do mkdir -p "$dir" 2>/dev/null; mount -t tmpfs tmpfs "$dir" || fail_stack "cannot mount tmpfs on $dir"; done

modprobe bluetooth && modprobe hci_vhci || fail_stack "modprobe bluetooth hci_vhci failed (linux-image-amd64 installed?)"
dbus-daemon --system --fork --nopidfile || fail_stack "dbus-daemon --system did not start"

# RB §2: in more than half of the boots one btvirt controller never finishes setup (dmesg: Opcode
# 0x0c03 failed: -110); bluetoothd then lists one adapter. Detect it and restart btvirt (and bluetoothd).
# Waits are bounded by time, not by tries: under a loaded host every command in the guest is slow.
BLUETOOTHD=$(ls /usr/libexec/bluetooth/bluetoothd /usr/lib/bluetooth/bluetoothd 2>/dev/null | head -n1)
adapters() { busctl --system tree org.bluez 2>/dev/null | grep -cE '/org/bluez/hci[01]$'; }
setup_failed() { dmesg | grep -q 'failed: -110'; }
controllers_up() { [ "$(timeout 10 btmgmt --index none info 2>/dev/null | grep -c 'addr ')" -ge 2 ]; }
# wait_for SECONDS COMMAND...: until COMMAND succeeds; false when SECONDS pass first.
wait_for() {
    limit=$1; shift; since=$(now)
    until "$@"; do
        awk -v a="$since" -v b="$(now)" -v l="$limit" 'BEGIN { exit !(b - a > l) }' && return 1
        sleep 0.25
    done
}
either_setup_result() { setup_failed || controllers_up; }
bluetoothd_has_both() { [ "$(adapters)" -ge 2 ]; }
BTVIRT=
for try in 1 2 3 4 5; do
    dmesg -C
    btvirt -l2 > "$OUT/btvirt.log" 2>&1 &
    BTVIRT=$!
    wait_for 60 either_setup_result
    if setup_failed || ! controllers_up; then
        step "btvirt try $try: a controller did not finish setup; restarting btvirt"
    else
        # The peripheral is LE-only, as an ESP32 (RB §2).
        mgmt -i hci1 power off; mgmt -i hci1 bredr off; mgmt -i hci1 le on
        "$BLUETOOTHD" -n -d > "$OUT/bluetoothd.log" 2>&1 &
        BLUETOOTHD_PID=$!
        wait_for 60 bluetoothd_has_both && break
        step "btvirt try $try: bluetoothd lists $(adapters) of 2 adapters; restarting btvirt and bluetoothd"
        kill "$BLUETOOTHD_PID"; wait "$BLUETOOTHD_PID" 2>/dev/null
    fi
    kill "$BTVIRT"; wait "$BTVIRT" 2>/dev/null
    BTVIRT=
    wait_for 20 sh -c '! [ -e /sys/class/bluetooth/hci0 ] && ! [ -e /sys/class/bluetooth/hci1 ]'
done
[ -n "$BTVIRT" ] || fail_stack "btvirt's two controllers never both reached bluetoothd (5 tries)"
mgmt -i hci0 power on; mgmt -i hci1 power on
busctl --system get-property org.bluez /org/bluez/hci1 org.bluez.Adapter1 Powered 2>/dev/null | grep -q true \
    || fail_stack "bluetoothd did not come up with a powered hci1"
echo "stack ready seconds=$(elapsed "$T0") bluez=$("$BLUETOOTHD" --version) kernel=$(uname -r) btvirt_tries=$try" >> "$RESULTS"

ESPPROV=$BIN/esp-prov
DEVICE_PID=
device_gone() { ! kill -0 $DEVICE_PID 2>/dev/null; }
advertising_or_dead() { grep -q '^advertising ' "$log.out" || device_gone; }
# start_device LOGNAME ARGS...: esp-prov-device on hci1; returns once it advertises.
start_device() {
    log=$OUT/$1.device.log; step "device $1"; shift
    "$BIN/esp-prov-device" --ble_adapter hci1 --ble_name PROV_REAL01 "$@" > "$log.out" 2> "$log" &
    DEVICE_PID=$!
    wait_for 90 advertising_or_dead
    grep -q '^advertising ' "$log.out" && return 0
    echo "device did not start advertising" >> "$log"
    return 1
}
stop_device() {
    [ -n "$DEVICE_PID" ] || return 0
    kill -TERM $DEVICE_PID 2>/dev/null
    wait_for 15 device_gone
    kill -KILL $DEVICE_PID 2>/dev/null
    wait $DEVICE_PID 2>/dev/null
    DEVICE_PID=
}
# run NAME STDIN ARGS...: one esp-prov run on hci0, its exit status and wall time recorded.
run() {
    name=$1; input=$2; shift 2
    step "run $name"
    start=$(now)
    printf "$input" | "$ESPPROV" --transport ble --ble_adapter "${ADAPTER:-hci0}" "$@" > "$OUT/$name.log" 2>&1
    rc=$?
    echo "scenario $name rc=$rc seconds=$(elapsed "$start")" >> "$RESULTS"
}
DEVICE_OK="--service_name PROV_REAL01"

# make bench's row (scripts/bench/realbluez.sh): one full sec2 run of each client against a fresh
# device, esp-prov and Espressif's esp_prov client code (bleak; scripts/bench/esp_prov_driver.py).
if [ "$MODE" = bench ]; then
    WIFI="--sec_ver 2 --sec2_username wifiprov --sec2_pwd abcd1234 --ssid HomeNet --passphrase secret123"
    start_device bench_esp_prov --cleanup_delay 0.5
    run bench_esp_prov '' $DEVICE_OK $WIFI
    stop_device
    start_device bench_esp_prov_python --cleanup_delay 0.5
    step "run bench_esp_prov_python"
    start=$(now)
    "$BENCH_PYTHON" "$(dirname "$0")/../bench/esp_prov_driver.py" --transport ble --service_name PROV_REAL01 $WIFI \
        > "$OUT/bench_esp_prov_python.log" 2>&1 < /dev/null
    echo "scenario bench_esp_prov_python rc=$? seconds=$(elapsed "$start")" >> "$RESULTS"
    stop_device
    echo "suite done seconds=$(elapsed "$T0")" >> "$RESULTS"
    exit 0
fi

# 1. Security 2, AP chosen from the device's scan, every answer piped (username, password, AP, passphrase).
start_device sec2_scan --exit_after_stop --cleanup_delay 0.5
run sec2_scan 'wifiprov\nabcd1234\n1\nsecret123\n' $DEVICE_OK --sec_ver 2
# The device stops advertising and exits once provisioning ends (--exit_after_stop).
wait_for 20 device_gone
if kill -0 $DEVICE_PID 2>/dev/null; then echo "scenario device_stops rc=1 seconds=0" >> "$RESULTS"
else echo "scenario device_stops rc=0 seconds=0" >> "$RESULTS"; fi
stop_device

# 2. One device for: a failed join (wrong Wi-Fi password: exit 5), --reset (exit 0), then a run with a
# custom endpoint (its own characteristic and 0x2901 name; the reply is printed) over the GATT objects
# and UUIDs the central's bluetoothd cached from the earlier connections (RB §3.6-7).
start_device sec2_cached --custom_endpoint lab-data --wifi_conn_attempts 1 --attempt_interval 0.2 --connect_delay 0.5
run join_failure '' $DEVICE_OK --sec2_username wifiprov --sec2_pwd abcd1234 --ssid HomeNet --passphrase wrong-password
run reset '' $DEVICE_OK --sec2_username wifiprov --sec2_pwd abcd1234 --reset
run sec2_cached '' $DEVICE_OK --sec2_username wifiprov --sec2_pwd abcd1234 --custom_endpoint lab-data --custom_data hello-real-bluez --ssid HomeNet --passphrase secret123
stop_device

# 3. Security 1: a wrong PoP first (exit 4), then PoP, AP number and passphrase piped.
start_device sec1 --sec_ver 1 --pop abcd1234
run wrong_pop '' $DEVICE_OK --sec_ver 1 --pop wrong-pop --ssid HomeNet --passphrase secret123
run sec1_scan 'abcd1234\n1\nsecret123\n' $DEVICE_OK --sec_ver 1
stop_device

# 7. The device disappears mid-session: while esp-prov waits for the Wi-Fi outcome the device's
# process is killed and its controller powered off (the radio is gone), so the link drops.
start_device vanish --connect_delay 60
( wait_for 90 grep -q "credentials applied" "$OUT/vanish.device.log"
  kill -KILL $DEVICE_PID; mgmt -i hci1 power off ) &
WATCHER=$!
run vanish '' $DEVICE_OK --sec2_username wifiprov --sec2_pwd abcd1234 --ssid HomeNet --passphrase secret123 --timeout 30 -v
wait $WATCHER; wait $DEVICE_PID 2>/dev/null; DEVICE_PID=
mgmt -i hci1 power on

# 8. Nobody advertising (the central still remembers PROV_REAL01): a bounded error, never BlueZ's 41 s (RB §3.3).
run not_advertising '' $DEVICE_OK --sec2_username wifiprov --sec2_pwd abcd1234 --ssid HomeNet --passphrase secret123 --timeout 10 --scan_timeout 3

# 9. --ble_adapter selection: an adapter that does not exist is named with the ones that do.
ADAPTER=hci7 run no_such_adapter '' $DEVICE_OK --sec2_username wifiprov --sec2_pwd abcd1234 --ssid HomeNet --passphrase secret123

# 10. doctor, on a machine that has Bluetooth.
start=$(now); "$ESPPROV" doctor --transport ble --json > "$OUT/doctor.log" 2>&1; echo "scenario doctor rc=$? seconds=$(elapsed "$start")" >> "$RESULTS"

echo "suite done seconds=$(elapsed "$T0")" >> "$RESULTS"
kill $BTVIRT 2>/dev/null
