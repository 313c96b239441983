#!/usr/bin/env bash
# Provisions the built-in virtual device over HTTP with security 2, end to end, as a user would.
set -euo pipefail
bin="${1:?usage: demo.sh BIN_DIR}"
work=$(mktemp -d)
"$bin/esp-prov-device" --listen 127.0.0.1:0 --network HomeNet:secret123 >"$work/device.out" 2>"$work/device.err" &
device=$!
trap 'kill $device 2>/dev/null || true; rm -rf "$work"' EXIT

port=""
for _ in $(seq 1 100); do
  line=$(head -n 1 "$work/device.out" 2>/dev/null || true)
  if [ -n "$line" ]; then port=${line##*:}; break; fi
  sleep 0.1
done
[ -n "$port" ] || { echo "the virtual device did not start:"; cat "$work/device.err"; exit 1; }

echo "Virtual ESP32 (IDF v5.5 example firmware: SoftAP, security 2, wifiprov / abcd1234) on 127.0.0.1:$port"
echo "It can join 'HomeNet' (passphrase secret123). Secrets go through the environment, not argv:"
echo
echo "\$ ESP_PROV_SEC2_PWD=*** ESP_PROV_PASSPHRASE=*** esp-prov --transport softap --service_name 127.0.0.1:$port \\"
echo "    --sec2_username wifiprov --ssid HomeNet --custom_data hello"
status=0
ESP_PROV_SEC2_PWD=abcd1234 ESP_PROV_PASSPHRASE=secret123 \
  "$bin/esp-prov" --transport softap --service_name "127.0.0.1:$port" \
  --sec2_username wifiprov --ssid HomeNet --custom_data hello </dev/null || status=$?
echo
echo "esp-prov exited with status $status (0 = provisioned; the README lists every code)"
exit "$status"
