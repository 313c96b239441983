"""`labgrid-esp-prov provision`: a rack of 8 boards on two hosts in one command."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import BOARDS_PER_HOST, HOSTS, PASSPHRASE, SEC2_PASSWORD, SSID


def rack(lab, tmp_path, *extra):
    (tmp_path / "passphrase").write_text(PASSPHRASE + "\n")
    (tmp_path / "sec2").write_text(SEC2_PASSWORD + "\n")
    report = tmp_path / "report.jsonl"
    argv = [str(Path(sys.executable).parent / "labgrid-esp-prov"), "provision", "--tag", "rack=r1", "--ssid", SSID,
            "--passphrase_file", str(tmp_path / "passphrase"), "--sec_ver", "2", "--sec2_username", "wifiprov",
            "--sec2_pwd_file", str(tmp_path / "sec2"), "--jobs", "8", "--report", str(report), "-x", lab.coordinator,
            "--esp_prov", str(lab.bin["esp-prov"]), *extra]
    return argv, report


def records(report):
    return [json.loads(line) for line in report.read_text().splitlines() if line.strip()]


def test_rack_command_provisions_eight_boards_on_two_hosts(boards, tmp_path):
    argv, report = rack(boards, tmp_path)
    result = subprocess.run(argv, capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = records(report)
    assert len(lines) == len(HOSTS) * BOARDS_PER_HOST, lines
    assert {line["exporter"] for line in lines} == set(HOSTS), lines
    assert {line["place"] for line in lines} == {f"{h}-{i}" for h in HOSTS for i in range(BOARDS_PER_HOST)}
    for line in lines:
        assert line["outcome"] == "provisioned" and line["exit_code"] == 0, line
        assert {"attempts", "index", "name", "service", "transport", "started_at", "finished_at", "seconds"} <= set(line)
    for (name, index) in boards.boards:
        assert f"connected to '{SSID}'" in boards.board_log(name, index)
    text = report.read_text() + result.stdout + result.stderr
    assert PASSPHRASE not in text and SEC2_PASSWORD not in text
    assert boards.acquired_places() == []


def test_a_failing_board_fails_the_rack_with_batch_failed(lab, tmp_path):
    lab.start_boards(sec2_password="another-password")
    argv, report = rack(lab, tmp_path)
    result = subprocess.run(argv, capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL)
    assert result.returncode == 11, result.stdout + result.stderr
    lines = records(report)
    assert len(lines) == 8 and all(line["error"] == "auth" and line["exit_code"] == 4 for line in lines), lines
    assert lab.acquired_places() == []


def test_ctrl_c_releases_every_place(lab, tmp_path):
    lab.start_boards(extra=("--connect_delay", "60"))
    argv, report = rack(lab, tmp_path)
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            applied = sum("Wi-Fi credentials applied" in lab.board_log(n, i) for (n, i) in lab.boards)
            # Boards 0 and 1 of each host share a Wi-Fi interface: one of them waits for the other's turn.
            if applied == len(lab.boards) - len(HOSTS):
                break
            assert process.poll() is None, process.communicate()
            time.sleep(0.2)
        assert len(lab.acquired_places()) == 8
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, stdout + stderr
    lines = records(report)
    assert len(lines) == 8 and all(line["error"] == "interrupted" and line["exit_code"] == 130 for line in lines), lines
    assert lab.acquired_places() == []
    # The runs on the exporters ended with their sessions: none still holds a board or an adapter.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any("--end_with_stdin" in line for line in _command_lines()):
        time.sleep(0.2)
    assert not any("--end_with_stdin" in line for line in _command_lines())


def _command_lines():
    lines = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    lines.append(f.read().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                pass
    return lines
