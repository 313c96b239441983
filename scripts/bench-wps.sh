#!/usr/bin/env bash
# `make bench`, WPS rows: time from command start to WPS-SUCCESS on the enrollee side, over wired
# EAPOL (hostapd driver=wired, wpa_supplicant -Dwired, a veth pair in `unshare --net`, fresh
# daemons per run because hostapd deauthenticates the station ~5 s after a run). Compared:
#   esp-prov   `esp-prov wps pbc --ctrl <sta socket>` (exits on WPS-SUCCESS with the network id)
#   wpa_cli    a script doing the same by hand: `wpa_cli -a <hook>` listening, `wpa_cli wps_pbc`,
#              wait until the hook saw WPS-SUCCESS
# hostapd's window is opened with hostapd_cli before each timed run. Needs root.
# Writes the table between the wps-bench markers of BENCHMARKS.md.
#
# usage: scripts/bench-wps.sh RELEASE_BIN_DIR     (BENCH_WPS_RUNS=N, default 7)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:?usage: scripts/bench-wps.sh RELEASE_BIN_DIR}
runs=${BENCH_WPS_RUNS:-7}
if [ "$(id -u)" != 0 ]; then echo "bench-wps: needs root (network namespaces); skipped" >&2; exit 0; fi
for tool in hostapd wpa_supplicant hostapd_cli wpa_cli unshare; do
    command -v $tool >/dev/null || { echo "bench-wps: $tool missing (apt-get install hostapd wpasupplicant)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/bench-wps-XXXXXX)
trap 'rm -rf "$work"' EXIT

# One timed run inside a fresh namespace; prints the milliseconds from command start to WPS-SUCCESS.
cat > "$work/run.sh" <<'RUN'
set -eu
mode=$1; bin=$2; dir=$3
ip link add veth0 type veth peer name veth1; ip link set veth0 up; ip link set veth1 up
cat > "$dir/ap.conf" <<CONF
interface=veth0
driver=wired
ctrl_interface=$dir/ap
ieee8021x=1
eap_server=1
eapol_version=2
wps_state=2
ssid=bench-wps
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=bench-passphrase
CONF
printf 'ctrl_interface=%s/sta\nap_scan=0\n' "$dir" > "$dir/sta.conf"
hostapd "$dir/ap.conf" > "$dir/ap.log" 2>&1 & ap=$!
wpa_supplicant -Dwired -iveth1 -c "$dir/sta.conf" > "$dir/sta.log" 2>&1 & sta=$!
trap 'kill $ap $sta 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 100); do
    hostapd_cli -p "$dir/ap" -i veth0 ping >/dev/null 2>&1 && wpa_cli -p "$dir/sta" -i veth1 ping >/dev/null 2>&1 && break
    sleep 0.05
done
hostapd_cli -p "$dir/ap" -i veth0 wps_pbc >/dev/null
start=$(date +%s%N)
if [ "$mode" = esp-prov ]; then
    "$bin/esp-prov" wps pbc --ctrl "$dir/sta/veth1" --timeout 20 >/dev/null 2>&1
else
    rm -f "$dir/events"
    printf '#!/bin/sh\necho "$2" >> %s/events\n' "$dir" > "$dir/hook"; chmod +x "$dir/hook"
    wpa_cli -p "$dir/sta" -i veth1 -a "$dir/hook" >/dev/null 2>&1 & hook=$!
    for _ in $(seq 2000); do [ -S "$(ls -d /tmp/wpa_ctrl_${hook}-* 2>/dev/null | head -1)" ] && break; sleep 0.005; done
    wpa_cli -p "$dir/sta" -i veth1 wps_pbc >/dev/null
    for _ in $(seq 4000); do grep -q WPS-SUCCESS "$dir/events" 2>/dev/null && break; sleep 0.005; done
    kill $hook
fi
end=$(date +%s%N)
echo $(( (end - start) / 1000000 ))
RUN

declare -A times
for mode in esp-prov wpa_cli; do
    times[$mode]=""
    for i in $(seq "$runs"); do
        d="$work/$mode-$i"; mkdir -p "$d"
        ms=$(unshare --net bash "$work/run.sh" "$mode" "$bin" "$d")
        times[$mode]="${times[$mode]} $ms"
    done
done

stats() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {printf "%d | %d | %d", a[int((NR+1)/2)], a[1], a[NR]}'; }
table="| enrollee, push button, wired EAPOL ($runs runs, fresh daemons each) | median ms | min ms | max ms |
|---|---|---|---|
| \`esp-prov wps pbc\` | $(echo "${times[esp-prov]}" | stats) |
| \`wpa_cli -a hook\` + \`wpa_cli wps_pbc\`, wait for WPS-SUCCESS | $(echo "${times[wpa_cli]}" | stats) |"
echo "$table"

python3 - "$root/BENCHMARKS.md" "$table" "$(uname -srm), $(nproc) CPUs, $(date -u +%Y-%m-%d)" <<'PY'
import sys, re
path, table, machine = sys.argv[1:]
text = open(path).read()
block = "<!-- wps-bench -->\n" + table + "\n\nMeasured on " + machine + ".\n<!-- /wps-bench -->"
text = re.sub(r"<!-- wps-bench -->.*?<!-- /wps-bench -->", lambda m: block, text, flags=re.S)
open(path, "w").write(text)
PY
