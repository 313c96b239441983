#!/usr/bin/env bash
# `make bench` row (issue 23): 8 boards on two hosts through `labgrid-esp-prov provision` (a real
# coordinator, two exporters and two sshd on 127.0.0.2/.3, as the Python tests build them) against
# `esp-prov batch` of 8 boards on one host. Writes between <!-- bench-rack:begin/end --> of BENCHMARKS.md.
#
# usage: scripts/bench/rack.sh RELEASE_BIN_DIR [BENCHMARKS.md]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:?usage: scripts/bench/rack.sh RELEASE_BIN_DIR [BENCHMARKS.md]}
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
missing=""
[ -x /usr/sbin/sshd ] || missing="$missing openssh-server"
command -v ssh >/dev/null || missing="$missing openssh-client"
python3 -c 'import ensurepip' 2>/dev/null || missing="$missing python3-venv"
if [ -n "$missing" ]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi
"$root/scripts/labgrid-venv.sh" "$root/.venv-labgrid"
ESP_PROV_BIN_DIR="$bin" "$root/.venv-labgrid/bin/python" "$root/scripts/bench/rack.py" --runs "${BENCH_RUNS:-5}" \
    --markdown "${2:-$root/BENCHMARKS.md}"
