"""8 boards on two hosts through the rack command vs `esp-prov batch` of 8 boards on one host.

The lab is the Python tests' (integrations/labgrid/tests/conftest.py): real coordinator, exporters
and sshd; the boards are esp-prov-device. Medians of --runs alternating runs; wall time only.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

root = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(root / "integrations/labgrid/tests"))
import conftest  # noqa: E402  (the lab the tests build, reused rather than written twice)


def timed(argv, **kwargs):
    start = time.monotonic()
    result = subprocess.run(argv, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL, **kwargs)
    elapsed = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit(f"{argv[0]} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-rack-"))
    processes = conftest.Processes()
    lab = conftest.Lab(work, processes, shared_interface=False)  # every board its own interface, as in batch
    rack_times, batch_times = [], []
    try:
        lab.start_ssh()
        lab.start_coordinator()
        lab.start_exporters()
        (work / "passphrase").write_text(conftest.PASSPHRASE + "\n")
        (work / "sec2").write_text(conftest.SEC2_PASSWORD + "\n")
        rack = [str(Path(sys.executable).parent / "labgrid-esp-prov"), "provision", "--tag", "rack=r1", "--ssid",
                conftest.SSID, "--passphrase_file", str(work / "passphrase"), "--sec_ver", "2", "--sec2_username",
                "wifiprov", "--sec2_pwd_file", str(work / "sec2"), "--jobs", "8", "--report", str(work / "rack.jsonl"),
                "-x", lab.coordinator, "--esp_prov", str(lab.bin["esp-prov"])]
        for _ in range(args.runs):
            lab.start_boards()
            rack_times.append(timed(rack))
            # The same 8 boards, all on one host, in one esp-prov batch.
            lab.start_boards()
            manifest = {"wifi": {"ssid": conftest.SSID, "passphrase_env": "BENCH_PASSPHRASE"},
                        "devices": [{"name": f"{n}-{i}", "transport": "softap", "service_name": f"{conftest.HOSTS[n]}:{p}",
                                     "sec_ver": 2, "username": "wifiprov", "password_env": "BENCH_SEC2"}
                                    for (n, i), p in lab.board_ports.items()]}
            (work / "manifest.json").write_text(json.dumps(manifest))
            env = dict(os.environ, BENCH_PASSPHRASE=conftest.PASSPHRASE, BENCH_SEC2=conftest.SEC2_PASSWORD)
            batch_times.append(timed([str(lab.bin["esp-prov"]), "batch", str(work / "manifest.json"), "--jobs", "8",
                                      "--report", str(work / "batch.jsonl")], env=env))
    finally:
        processes.stop_all()
    r, b = statistics.median(rack_times), statistics.median(batch_times)
    table = "\n".join([
        "| scenario | wall (median of %d) |" % args.runs,
        "|---|---|",
        "| `labgrid-esp-prov provision`: 8 boards on two hosts (reserve, acquire, ssh, release) | %.2f s |" % r,
        "| `esp-prov batch`: the same 8 boards from one host | %.2f s |" % b,
        "| rack command's overhead (coordinator, ssh, one esp-prov per board) | %+.2f s |" % (r - b),
    ])
    print(table)
    if args.markdown:
        text = Path(args.markdown).read_text()
        block = "<!-- bench-rack:begin -->\n" + table + "\n<!-- bench-rack:end -->"
        if "<!-- bench-rack:begin -->" in text:
            text = re.sub(r"<!-- bench-rack:begin -->.*?<!-- bench-rack:end -->", lambda _: block, text, flags=re.S)
        else:
            text += "\n## A lab of many hosts: the rack command\n\n`scripts/bench/rack.sh` (issue 23).\n\n" + block + "\n"
        Path(args.markdown).write_text(text)


if __name__ == "__main__":
    main()
