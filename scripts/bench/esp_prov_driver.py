#!/usr/bin/env python3
"""esp_prov's main() flow (ESP-IDF tools/esp_prov/esp_prov.py, docs/protocol.md §5.2-5.3), driven by
Espressif's own client code as PyPI's esp-rainmaker-cli ships it (rmaker_tools: the esp_prov
functions in rmaker_prov/prov/prov_util.py over common/security, common/transport, common/prov).

Used by scripts/bench/bench.py as the baseline esp-prov is compared with, against the same
virtual device. Same flags as esp_prov for what the benchmark needs. Like esp_prov, it imports its
modules at start-up (so `--help` costs what esp_prov's does) and polls the Wi-Fi state every
5 seconds (`--poll_interval` only to show how much of its run time that sleep is).
"""
import argparse
import sys
import time

from rmaker_tools.rmaker_prov.prov import prov_util


def wait_wifi_connected(tp, sec, interval):
    """esp_prov's wait_wifi_connected: sleep, poll; 'connecting' keeps polling, 4 other answers give up."""
    retry = 3
    while True:
        time.sleep(interval)
        print("\n==== Wi-Fi connection state  ====")
        state = prov_util.get_wifi_config(tp, sec)
        if state == "connecting":
            continue
        if state == "connected":
            print("==== Provisioning was successful ====")
            return True
        if retry > 0:
            retry -= 1
            print("Waiting to poll status again (status %s, %d tries left)..." % (state, retry))
        else:
            print("---- Provisioning failed! ----")
            return False


def main():
    parser = argparse.ArgumentParser(description="esp_prov's flow over esp-rainmaker-cli's client code")
    parser.add_argument("--transport", required=True)
    parser.add_argument("--service_name", default=None)
    parser.add_argument("--sec_ver", type=int, default=None)
    parser.add_argument("--pop", default="")
    parser.add_argument("--sec2_username", default="")
    parser.add_argument("--sec2_pwd", default="")
    parser.add_argument("--ssid", default="")
    parser.add_argument("--passphrase", default="")
    parser.add_argument("--reprov", action="store_true")
    parser.add_argument("--poll_interval", type=float, default=5.0)
    args = parser.parse_args()

    tp = prov_util.get_transport(args.transport, args.service_name)
    secver = args.sec_ver
    if secver is None:
        # esp_prov: capabilities must be supported; no_sec decides between 0 and 1 (never 2).
        if not prov_util.has_capability(tp):
            raise SystemExit('Security capabilities could not be determined, please specify "--sec_ver" explicitly')
        secver = 0 if prov_util.has_capability(tp, "no_sec") else 1
        print("==== Security Scheme: %d ====" % secver)
    pop, patch = args.pop, 0
    if secver == 1 and prov_util.has_capability(tp, "no_pop"):
        pop = ""
    if secver == 2:
        patch = prov_util.get_sec_patch_ver(tp)
    sec = prov_util.get_security(secver, patch, args.sec2_username, args.sec2_pwd, pop)

    print("\n==== Starting Session ====")
    if not prov_util.establish_session(tp, sec):
        raise SystemExit("Failed to establish session")
    print("==== Session Established ====")
    if args.reprov:
        print("==== Reprovisioning WiFi====")
        prov_util.ctrl_reprov(tp, sec)
        return
    print("\n==== Sending Wi-Fi Credentials to Target ====")
    if not prov_util.send_wifi_config(tp, sec, args.ssid, args.passphrase):
        raise SystemExit("Error in send Wi-Fi config")
    print("==== Wi-Fi Credentials sent successfully ====")
    print("\n==== Applying Wi-Fi Config to Target ====")
    if not prov_util.apply_wifi_config(tp, sec):
        raise SystemExit("Error in apply Wi-Fi config")
    print("==== Apply config sent successfully ====")
    wait_wifi_connected(tp, sec, args.poll_interval)


if __name__ == "__main__":
    sys.exit(main())
