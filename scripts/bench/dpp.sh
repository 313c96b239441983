#!/usr/bin/env bash
# `make bench`, DPP part (called by scripts/bench.sh): time from command start to DPP-CONF-SENT
# over DPP's TCP transport, `esp-prov dpp configure` against a wpa_cli-driven shell script doing
# the same steps (configurator add, QR code, auth init, wait for DPP-CONF-SENT, clean up). Both
# drive the same real wpa_supplicant pair in a private network namespace (needs root).
# Writes the rows between <!-- bench-dpp:begin --> and <!-- bench-dpp:end --> of BENCHMARKS.md.
#
# usage: scripts/bench/dpp.sh RELEASE_BIN_DIR [MARKDOWN]     (BENCH_RUNS=N runs per side, default 10)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:?usage: scripts/bench/dpp.sh RELEASE_BIN_DIR [MARKDOWN]}
markdown=${2:-}
runs=${BENCH_RUNS:-10}

if [ "${DPP_BENCH_IN_NS:-}" != 1 ]; then
    [ "$(id -u)" = 0 ] || { echo "dpp bench: needs root (network namespace); skipped" >&2; exit 0; }
    exec env DPP_BENCH_IN_NS=1 unshare --net -- "$0" "$@"
fi

work=$(mktemp -d /tmp/dpp-bench-XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

ip link set lo up
ip link add veth0 type veth peer name veth1
ip link set veth0 up; ip link set veth1 up
ip addr add 10.77.0.1/24 dev veth0; ip addr add 10.77.0.2/24 dev veth1
printf 'ctrl_interface=%s/conf\n' "$work" >"$work/conf.conf"
printf 'ctrl_interface=%s/enr\ndpp_config_processing=2\n' "$work" >"$work/enr.conf"
wpa_supplicant -Dnone -iveth0 -c "$work/conf.conf" >"$work/conf.log" 2>&1 & pids+=($!)
wpa_supplicant -Dnone -iveth1 -c "$work/enr.conf" >"$work/enr.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do
    [ -S "$work/conf/veth0" ] && [ -S "$work/enr/veth1" ] && break
    sleep 0.05
done
enr() { wpa_cli -p "$work/enr" -i veth1 "$@"; }
id=$(enr dpp_bootstrap_gen type=qrcode)
uri=$(enr dpp_bootstrap_get_uri "$id")
enr dpp_controller_start role=enrollee >/dev/null
passfile="$work/pass"; printf 'bench-passphrase-1' >"$passfile"

now_ns() { date +%s%N; }

# The same steps by hand, as users do today: one wpa_cli call per command, and an interactive
# wpa_cli (its stdin held open on a fifo) printing the events the script waits for.
wpa_cli_run() {
    local ctl=(wpa_cli -p "$work/conf" -i veth0) events="$work/events.log" cid pid watcher start end
    rm -f "$events" "$work/hold"; mkfifo "$work/hold"
    "${ctl[@]}" <"$work/hold" >"$events" 2>&1 & watcher=$!
    exec 3>"$work/hold"
    for _ in $(seq 200); do grep -q "Interactive mode" "$events" 2>/dev/null && break; sleep 0.005; done
    start=$(now_ns)
    cid=$("${ctl[@]}" dpp_configurator_add)
    pid=$("${ctl[@]}" dpp_qr_code "$uri")
    "${ctl[@]}" dpp_auth_init peer="$pid" configurator="$cid" conf=sta-psk ssid="$(printf lab | xxd -p)" \
        pass="$(xxd -p <"$passfile" | tr -d '\n')" tcp_addr=10.77.0.2 tcp_port=8908 neg_freq=2412 >/dev/null
    for _ in $(seq 2000); do grep -q DPP-CONF-SENT "$events" && break; sleep 0.002; done
    end=$(now_ns)
    "${ctl[@]}" dpp_bootstrap_remove "$pid" >/dev/null; "${ctl[@]}" dpp_configurator_remove "$cid" >/dev/null
    exec 3>&-
    wait "$watcher" 2>/dev/null || true
    grep -q DPP-CONF-SENT "$events" || { echo "wpa_cli run: no DPP-CONF-SENT" >&2; exit 1; }
    echo $(( (end - start) / 1000 ))
}

esp_prov_run() {
    local start end
    start=$(now_ns)
    ESP_PROV_PASSPHRASE=$(cat "$passfile") "$bin/esp-prov" dpp configure --ctrl "$work/conf/veth0" --uri "$uri" \
        --ssid lab --tcp 10.77.0.2 >/dev/null 2>"$work/esp-prov.err" || { cat "$work/esp-prov.err" >&2; exit 1; }
    end=$(now_ns)
    echo $(( (end - start) / 1000 ))
}

esp=(); cli=()
for _ in $(seq "$runs"); do
    esp+=("$(esp_prov_run)")
    cli+=("$(wpa_cli_run)")
done

python3 - "$markdown" "$runs" "${esp[*]}" "${cli[*]}" <<'PY'
import statistics, sys, re
markdown, runs, esp, cli = sys.argv[1], int(sys.argv[2]), [int(x) for x in sys.argv[3].split()], [int(x) for x in sys.argv[4].split()]
e, c = statistics.median(esp) / 1000, statistics.median(cli) / 1000
# esp-prov also asks STATUS and GET_CAPABILITY and cleans up after itself: it may be the slower one.
ratio = "%.1f× faster" % (c / e) if c >= e else "%.1f× slower (esp-prov also checks STATUS, GET_CAPABILITY and cleans up)" % (e / c)
rows = [
    "| scenario | esp-prov dpp configure | wpa_cli script | ratio |",
    "|---|---|---|---|",
    "| start → DPP-CONF-SENT over TCP, wall (median of %d) | %.1f ms | %.1f ms | %s |" % (runs, e, c, ratio),
    "| same, fastest run | %.1f ms | %.1f ms | |" % (min(esp) / 1000, min(cli) / 1000),
]
table = "\n".join(rows)
print(table)
if markdown:
    text = open(markdown).read()
    block = "<!-- bench-dpp:begin -->\n" + table + "\n<!-- bench-dpp:end -->"
    text = re.sub(r"<!-- bench-dpp:begin -->.*?<!-- bench-dpp:end -->", lambda _: block, text, flags=re.S)
    open(markdown, "w").write(text)
PY
