"""EspProvDriver through a labgrid place: esp-prov runs on the exporter's host over ssh."""

import os
import threading
import time

import pytest
from labgrid import Environment

from conftest import PASSPHRASE, SEC2_PASSWORD, SSID
from labgrid_esp_prov import EspProvError
from labgrid_esp_prov.driver import provision_arguments


@pytest.fixture
def place(boards):
    """Acquires hostA-0 for the test and releases it on every path."""
    boards.client("-p", "hostA-0", "acquire")
    try:
        yield "hostA-0"
    finally:
        boards.client("-p", "hostA-0", "release", check=False)


def driver_for(lab, place):
    target = Environment(str(lab.environment(place))).get_target("main")
    return target.get_driver("EspProvDriver")


def test_driver_provisions_a_board_through_a_place_over_ssh(boards, place):
    log_before = boards.sshd_logs["hostA"].read_text()
    result = driver_for(boards, place).provision(SSID, PASSPHRASE, sec_ver=2, sec2_username="wifiprov",
                                                 sec2_password=SEC2_PASSWORD)
    assert result["ok"] and result["outcome"] == "provisioned", result
    assert result["connection"]["ssid"] == SSID
    device_log = boards.board_log("hostA", 0)
    assert f"Wi-Fi credentials applied, connecting to '{SSID}'" in device_log, device_log
    # The device joins only with the exact passphrase: spaces, quotes, $ and backslashes arrived intact.
    assert f"connected to '{SSID}'" in device_log, device_log
    sshd_log = boards.sshd_logs["hostA"].read_text()[len(log_before):]
    assert "Accepted publickey" in sshd_log, sshd_log
    for secret in (PASSPHRASE, SEC2_PASSWORD):
        assert secret not in sshd_log and secret not in device_log


def test_wrong_credentials_raise_esp_prov_error_with_exit_4(boards, place):
    with pytest.raises(EspProvError) as caught:
        driver_for(boards, place).provision(SSID, PASSPHRASE, sec_ver=2, sec2_username="wifiprov",
                                            sec2_password="not-the-password")
    assert caught.value.exit_code == 4, caught.value
    assert caught.value.name == "auth", caught.value
    assert caught.value.message


def command_lines():
    """Every process's command line on this machine (the exporters are this machine too)."""
    lines = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    lines[int(entry)] = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                pass
    return lines


def test_no_secret_is_on_any_command_line_while_it_runs(lab, place):
    lab.start_boards(extra=("--connect_delay", "3"))
    driver = driver_for(lab, place)
    outcome = {}
    run = threading.Thread(target=lambda: outcome.setdefault(
        "result", driver.provision(SSID, PASSPHRASE, sec_ver=2, sec2_username="wifiprov", sec2_password=SEC2_PASSWORD)))
    run.start()
    seen_remote, leaks = False, []
    boards = {process.pid for process, _ in lab.boards.values()}  # the virtual devices are given their network on argv
    while run.is_alive():
        for pid, line in command_lines().items():
            if pid in boards:
                continue
            if "--end_with_stdin" in line and "--service_name" in line and not line.startswith("ssh"):
                seen_remote = True  # esp-prov itself, started by sshd on the "exporter host"
            for secret in (PASSPHRASE, SEC2_PASSWORD, "s3cr3t"):
                if secret in line:
                    leaks.append((pid, line))
        time.sleep(0.05)
    run.join()
    assert outcome.get("result", {}).get("ok"), outcome
    assert seen_remote, "esp-prov's own process was never seen while the run lasted"
    assert not leaks, leaks


def test_two_runs_on_one_wifi_interface_are_serialised(lab):
    """hostA-0 and hostA-1 share a Wi-Fi interface (conftest): their runs never overlap."""
    lab.start_boards(extra=("--connect_delay", "2"))
    for place in ("hostA-0", "hostA-1"):
        lab.client("-p", place, "acquire")
    try:
        windows, errors = {}, []
        drivers = {place: driver_for(lab, place) for place in ("hostA-0", "hostA-1")}

        def provision(place):
            driver = drivers[place]
            events = []
            driver.on_event = lambda event: events.append((time.monotonic(), event.get("event")))
            try:
                # `run`, not the `provision` step: labgrid's step log is one stack per process and is
                # not safe across threads (the rack command does the same); two CI jobs would be two
                # processes, each with its own log.
                driver.run(*provision_arguments(SSID, PASSPHRASE, sec_ver=2, sec2_username="wifiprov",
                                                sec2_password=SEC2_PASSWORD))
            except Exception as error:  # reported below, with the other thread's outcome
                errors.append((place, error))
            windows[place] = (events[0][0], events[-1][0]) if events else None

        threads = [threading.Thread(target=provision, args=(p,)) for p in ("hostA-0", "hostA-1")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, errors
        (a_start, a_end), (b_start, b_end) = windows["hostA-0"], windows["hostA-1"]
        assert a_end <= b_start or b_end <= a_start, f"runs overlapped: {windows}"
    finally:
        for place in ("hostA-0", "hostA-1"):
            lab.client("-p", place, "release", check=False)


def test_a_wrong_passphrase_is_exit_5_and_reset_undoes_the_attempt(boards, place):
    driver = driver_for(boards, place)
    with pytest.raises(EspProvError) as caught:
        driver.provision(SSID, "not the passphrase", sec_ver=2, sec2_username="wifiprov", sec2_password=SEC2_PASSWORD)
    assert (caught.value.exit_code, caught.value.name) == (5, "wifi_auth"), caught.value
    result = driver.reset(sec_ver=2, sec2_username="wifiprov", sec2_password=SEC2_PASSWORD)
    assert result["ok"], result
    # After the reset the board takes the right credentials.
    result = driver.provision(SSID, PASSPHRASE, sec_ver=2, sec2_username="wifiprov", sec2_password=SEC2_PASSWORD)
    assert result["outcome"] == "provisioned", result
