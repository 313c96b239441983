"""EspProvDriver: runs `esp-prov --json` where the board is (the exporter's host, over labgrid's ssh)."""

import json
import subprocess
import threading

import attr
from labgrid.driver.common import Driver
from labgrid.factory import target_factory
from labgrid.step import step

from .errors import EspProvError
from .resources import EspProvDevice, NetworkEspProvDevice

# The whole run's limit when `timeout` is not given: esp-prov's own Wi-Fi wait (60 s) plus the session.
DEFAULT_DEADLINE = 120.0
# How long past esp-prov's own deadline the driver waits before it hangs up on the session.
GRACE = 30.0


@target_factory.reg_driver
@attr.s(eq=False)
class EspProvDriver(Driver):
    """Provisions the bound board with esp-prov, on the host the board is attached to.

    The command goes through the resource's `wrap_command` (labgrid's ssh `command_prefix` for a
    `NetworkEspProvDevice`), every argument quoted. Secrets never reach a command line: each is one
    line of esp-prov's stdin (`--*_file -` with `--end_with_stdin`), and stdin stays open for the
    run, so when the ssh session goes away esp-prov stops and frees the adapter. esp-prov's path is
    the environment's `tools: esp-prov:` (default: `esp-prov` on the exporter's PATH).
    """

    bindings = {"device": {EspProvDevice, NetworkEspProvDevice}}

    def __attrs_post_init__(self):
        super().__attrs_post_init__()
        self.tool = self.target.env.config.get_tool("esp-prov") if self.target.env else "esp-prov"
        # Called with each JSON event esp-prov prints (the pytest-embedded fixture logs them).
        self.on_event = None
        self._process = None

    def on_activate(self):
        pass

    def on_deactivate(self):
        pass

    @Driver.check_active
    @step(args=["ssid"])
    def provision(self, ssid, passphrase=None, *, sec_ver=None, pop=None, sec2_username=None,
                  sec2_password=None, custom_data=None, timeout=None):
        """Joins the board to `ssid`; returns esp-prov's JSON `result` object (dict). Raises
        EspProvError on any failure, with esp-prov's exit code, error name and message."""
        return self.run(*provision_arguments(ssid, passphrase, sec_ver=sec_ver, pop=pop, sec2_username=sec2_username,
                                             sec2_password=sec2_password, custom_data=custom_data), timeout)

    @Driver.check_active
    @step()
    def reset(self, *, sec_ver=None, pop=None, sec2_username=None, sec2_password=None, timeout=None):
        """Resets the board's provisioning state (`esp-prov --reset`, e.g. after a failed attempt);
        the session needs the board's credentials as `provision` does."""
        args, secrets = credential_arguments(sec_ver, pop, sec2_username, sec2_password)
        return self.run(["--reset"] + args, secrets, timeout)

    @Driver.check_active
    @step()
    def reprov(self, *, sec_ver=None, pop=None, sec2_username=None, sec2_password=None, timeout=None):
        """Returns a provisioned board to provisioning (`esp-prov --reprov`)."""
        args, secrets = credential_arguments(sec_ver, pop, sec2_username, sec2_password)
        return self.run(["--reprov"] + args, secrets, timeout)

    def hang_up(self):
        """Ends the current run from another thread (Ctrl-C of a rack run): closing its stdin makes
        esp-prov stop as interrupted (exit 130) and free the adapter; the run then raises EspProvError."""
        process = self._process
        if process is not None:
            _hang_up(process)

    def command(self, args, timeout=None):
        """The argv that runs esp-prov with `args` for this board (through ssh for a network resource)."""
        device = self.device
        base = [self.tool, "--json", "--no_prompt", "--end_with_stdin",
                "--deadline", _seconds(timeout or DEFAULT_DEADLINE),
                "--transport", device.transport, "--service_name", device.service_name]
        if device.ble_adapter:
            base += ["--ble_adapter", device.ble_adapter]
        if device.wifi_interface:
            base += ["--wifi_interface", device.wifi_interface]
        return device.wrap_command(base + args)

    def run(self, args, secrets, timeout=None):
        """Runs esp-prov with `args`, writing `secrets` as its stdin lines; returns its JSON result.
        Not a labgrid step: labgrid's step log is one stack per process, so code that runs many
        boards in threads (the rack command) calls this instead of `provision`."""
        for secret in secrets:
            if "\n" in secret or "\r" in secret:
                raise ValueError("a secret cannot contain a line break (esp-prov reads each as one line)")
        deadline = float(timeout or DEFAULT_DEADLINE)
        argv = self.command(args, timeout=deadline)
        self.logger.debug("running %s", " ".join(argv))
        process = self._process = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        stderr = []
        reader = threading.Thread(target=lambda: stderr.append(process.stderr.read()), daemon=True)
        reader.start()
        # Closing stdin ends the run (esp-prov --end_with_stdin), so the watchdog only has to hang up.
        watchdog = threading.Timer(deadline + GRACE, lambda: _hang_up(process))
        watchdog.start()
        result = None
        try:
            process.stdin.write("".join(s + "\n" for s in secrets).encode())
            process.stdin.flush()
            for raw in process.stdout:
                event = _event(raw)
                if event is None:
                    continue
                self.logger.info("esp-prov: %s", json.dumps(event, sort_keys=True))
                if self.on_event:
                    self.on_event(event)
                if event.get("event") == "result":
                    result = event
            code = process.wait()
        finally:
            watchdog.cancel()
            _hang_up(process)
            process.wait()
        reader.join(timeout=5)
        if result is None:
            tail = b"".join(stderr).decode(errors="replace").strip()[-500:]
            raise EspProvError(code if code else 1, "internal",
                               f"esp-prov printed no result (exit {code}): {tail or 'nothing on stderr'}")
        if code != 0 or not result.get("ok", False):
            raise EspProvError(int(result.get("exit_code", code)), str(result.get("error")),
                               str(result.get("message")))
        return result


def provision_arguments(ssid, passphrase=None, *, sec_ver=None, pop=None, sec2_username=None, sec2_password=None,
                        custom_data=None):
    """esp-prov's arguments and stdin lines for `provision`: secrets only as `--*_file -`, one line
    each in esp-prov's order (README, --end_with_stdin): PoP, sec2 password, passphrase."""
    args, secrets = credential_arguments(sec_ver, pop, sec2_username, sec2_password)
    args = ["--ssid", ssid] + args
    if custom_data is not None:
        args += ["--custom_data", custom_data]
    if passphrase is not None:
        args += ["--passphrase_file", "-"]
        secrets.append(passphrase)
    return args, secrets


def credential_arguments(sec_ver=None, pop=None, sec2_username=None, sec2_password=None):
    """The session's security flags, and its secrets as stdin lines (PoP, then sec2 password)."""
    args, secrets = [], []
    if sec_ver is not None:
        args += ["--sec_ver", str(int(sec_ver))]
    if sec2_username is not None:
        args += ["--sec2_username", sec2_username]
    for flag, secret in (("--pop_file", pop), ("--sec2_pwd_file", sec2_password)):
        if secret is not None:
            args += [flag, "-"]
            secrets.append(secret)
    return args, secrets


def _event(raw):
    """One JSON line of esp-prov's stdout as a dict, or None for anything else (the stream is untrusted)."""
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _hang_up(process):
    """Closes our end of stdin (the session) and, if the command is still there, terminates it."""
    try:
        process.stdin.close()
    except (OSError, ValueError):
        pass
    if process.poll() is None:
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.terminate()


def _seconds(value):
    value = float(value)
    return str(int(value)) if value == int(value) else str(value)
