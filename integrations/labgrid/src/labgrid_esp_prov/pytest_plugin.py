"""pytest plugin (entry point pytest11): an `esp_prov` fixture for pytest-embedded tests.

    def test_provisioning(dut, esp_prov):
        result = esp_prov.provision("LabNet", "passphrase", sec_ver=2, sec2_username="wifiprov", sec2_password="...")
        dut.expect("Provisioning successful")

It reads the service name the firmware prints (`Provisioning started with service name : PROV_xxxxxx`)
from the `dut`, runs esp-prov with the driver's command line and stdin, writes esp-prov's events
into the DUT's log, and fails the test with esp-prov's message when it exits non-zero.
"""

import json
import re

import pytest
from labgrid.target import Target

from .driver import EspProvDriver
from .errors import EspProvError
from .resources import EspProvDevice

SERVICE_LINE = re.compile(rb"Provisioning started with service name\s*:\s*(\S+)")
HOST_PORT = re.compile(r"^[\w.\-]+:\d+$|^\[[0-9a-fA-F:]+\]:\d+$")


def pytest_addoption(parser):
    group = parser.getgroup("esp-prov")
    group.addoption("--esp-prov", dest="esp_prov_tool", default="esp-prov", help="esp-prov's path (default: on PATH)")
    group.addoption("--esp-prov-transport", dest="esp_prov_transport", default="ble", choices=("ble", "softap", "httpd"),
                    help="how esp-prov reaches the DUT (default ble)")
    group.addoption("--esp-prov-address", dest="esp_prov_address", default="192.168.4.1:80",
                    help="host:port of a SoftAP DUT whose printed service name is its SSID (default 192.168.4.1:80)")
    group.addoption("--esp-prov-ble-adapter", dest="esp_prov_ble_adapter", default=None, help="BLE adapter (default: the first)")
    group.addoption("--esp-prov-wifi-interface", dest="esp_prov_wifi_interface", default=None,
                    help="the Wi-Fi interface that joined the DUT's SoftAP (runs on it take turns)")
    group.addoption("--esp-prov-service-timeout", dest="esp_prov_service_timeout", type=float, default=60.0,
                    help="seconds to wait for the firmware's service-name line (default 60)")


class EspProvSession:
    """esp-prov for one DUT: `provision`, `reset`, `reprov`, each failing the test on a non-zero exit."""

    def __init__(self, dut, log, options):
        self.dut = dut
        self._log = log
        self._options = options
        self._service_name = None

    @property
    def service_name(self):
        """The name the firmware announced (read from the DUT's output once, then remembered)."""
        if self._service_name is None:
            match = self.dut.expect(SERVICE_LINE, timeout=self._options.esp_prov_service_timeout)
            self._service_name = match.group(1).decode("utf-8", "replace")
        return self._service_name

    def _driver(self):
        transport = self._options.esp_prov_transport
        service = self.service_name
        if transport != "ble" and not HOST_PORT.match(service):
            service = self._options.esp_prov_address  # the printed name is the SoftAP's SSID
        target = Target(f"esp-prov:{service}")
        EspProvDevice(target, "board", transport=transport, service_name=service,
                      ble_adapter=self._options.esp_prov_ble_adapter,
                      wifi_interface=self._options.esp_prov_wifi_interface)
        driver = EspProvDriver(target, "esp-prov")
        driver.tool = self._options.esp_prov_tool
        driver.on_event = lambda event: self._log(f"[esp-prov] {json.dumps(event, sort_keys=True)}\n")
        target.activate(driver)
        return driver

    def _call(self, action):
        try:
            return action(self._driver())
        except EspProvError as error:
            self._log(f"[esp-prov] failed: {error}\n")
            pytest.fail(f"esp-prov: {error.message} ({error.name}, exit {error.exit_code})", pytrace=False)

    def provision(self, ssid, passphrase=None, **options):
        """`EspProvDriver.provision`'s arguments; returns esp-prov's JSON result."""
        return self._call(lambda driver: driver.provision(ssid, passphrase, **options))

    def reset(self, **options):
        return self._call(lambda driver: driver.reset(**options))

    def reprov(self, **options):
        return self._call(lambda driver: driver.reprov(**options))


@pytest.fixture
def esp_prov(request, dut):
    """esp-prov for the test's `dut` (pytest-embedded); events go into the DUT's log."""
    queue = getattr(dut, "_q", None)
    if queue is None:  # several DUTs: pick one with esp_prov's `dut` index yourself
        raise pytest.UsageError("esp_prov needs a single dut (pytest-embedded's dut fixture)")
    return EspProvSession(dut, queue.put, request.config.option)
