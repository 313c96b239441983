"""The `esp_prov` fixture in a pytest-embedded session: the DUT's log is a virtual device's output."""

import os
import subprocess
import sys
import textwrap

from conftest import binaries, free_port

INNER_CONFTEST = '''
import os
import signal

import pytest
from pytest_embedded.log import DuplicateStdoutPopen

PLAY = (
    '"$0" "$@" 2>&1 | while IFS= read -r line; do printf "%s\\\\n" "$line"; case "$line" in "listening on "*) '
    'printf "I (512) wifi_prov_mgr: Provisioning started with service name : %s\\\\n" "${line#listening on }";; esac; done'
)


@pytest.fixture
def virtual_board(msg_queue):
    """esp-prov-device whose output is the DUT's (as a serial port's would be), announcing its service like firmware."""
    argv = ["sh", "-c", PLAY, os.environ["DEVICE"], "--listen", os.environ["DEVICE_ADDRESS"],
            "--network", os.environ["NETWORK"], "--sec2_pwd", "s3cr3t-PW"]
    board = DuplicateStdoutPopen(msg_queue, argv, start_new_session=True)
    yield board
    os.killpg(board.pid, signal.SIGTERM)
    board.wait(timeout=10)
'''

INNER_TEST = '''
import pytest


def test_provisions_the_dut(virtual_board, dut, esp_prov):
    result = esp_prov.provision("LabNet", "a pass 'with' \\"quotes\\"", sec_ver=2, sec2_username="wifiprov",
                                sec2_password="s3cr3t-PW")
    assert result["outcome"] == "provisioned"
    dut.expect("connected to 'LabNet'", timeout=10)
    dut.expect_exact("[esp-prov]", timeout=10)


def test_a_failed_run_fails_the_test_with_its_message(virtual_board, dut, esp_prov):
    esp_prov.provision("LabNet", "a pass 'with' \\"quotes\\"", sec_ver=2, sec2_username="wifiprov",
                       sec2_password="not-the-password")
'''


def test_esp_prov_fixture_in_a_pytest_embedded_session(tmp_path):
    (tmp_path / "conftest.py").write_text(INNER_CONFTEST)
    (tmp_path / "test_inner.py").write_text(INNER_TEST)
    paths = binaries()
    environment = dict(os.environ, DEVICE=str(paths["esp-prov-device"]), NETWORK="LabNet:a pass 'with' \"quotes\"",
                       DEVICE_ADDRESS=f"127.0.0.1:{free_port('127.0.0.1')}")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:labgrid", "-v", f"--rootdir={tmp_path}",
         f"--esp-prov={paths['esp-prov']}", "--esp-prov-transport=httpd", f"--root-logdir={tmp_path / 'logs'}",
         str(tmp_path / "test_inner.py")],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    output = result.stdout + result.stderr
    assert "test_provisions_the_dut PASSED" in output, output
    assert "test_a_failed_run_fails_the_test_with_its_message FAILED" in output, output
    assert "esp-prov: " in output and "(auth, exit 4)" in output, output
    logs = "".join(p.read_text(errors="replace") for p in (tmp_path / "logs").rglob("*.log"))
    assert "[esp-prov]" in logs and '"event": "result"' in logs, logs[-3000:]
    assert "s3cr3t-PW" not in logs and "a pass 'with'" not in logs
