"""A lab of two hosts on one machine, built from real parts and torn down by PID.

- a `labgrid-coordinator` on 127.0.0.1 (free port);
- two "hosts", 127.0.0.2 and 127.0.0.3: each a real unprivileged-port `sshd` listening on that address
  (its own host key and authorized_keys in a temp dir) and a stock `labgrid-exporter` publishing the
  host's boards as `NetworkEspProvDevice`s with `host: {{ hostname }}`;
- the boards: `esp-prov-device` virtual devices listening on the host's address;
- places `hostA-0` … `hostB-3`, tagged `rack=r1` and `host=A|B`.

ssh never reads ~/.ssh: an `ssh` wrapper first on PATH (labgrid runs plain `ssh`) passes `-F` with
this lab's config (identity, known hosts, ports). The binaries come from `ESP_PROV_BIN_DIR` (the
Makefile sets it from `swift build --show-bin-path`); without them the tests fail saying so.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

HOSTS = {"hostA": "127.0.0.2", "hostB": "127.0.0.3"}
BOARDS_PER_HOST = 4
SSID = "LabNet"
PASSPHRASE = "lab pass \"quoted\" 'single' $HOME `x` \\ end"
SEC2_PASSWORD = "s3cr3t-PW"
TAGS = {"rack": "r1"}


def free_port(address):
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def wait_for_port(address, port, process, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} before listening on {address}:{port}")
        try:
            with socket.create_connection((address, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {address}:{port} within {timeout} s")


class Processes:
    """Every process the lab starts, each in its own process group, stopped by PID (group) at the end."""

    def __init__(self):
        self.running = []

    def start(self, argv, log, **kwargs):
        out = open(log, "ab")
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, **kwargs)
        out.close()
        self.running.append(process)
        return process

    def stop(self, process):
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process in self.running:
            self.running.remove(process)

    def stop_all(self):
        for process in reversed(list(self.running)):
            self.stop(process)


def binaries():
    directory = os.environ.get("ESP_PROV_BIN_DIR")
    if not directory:
        pytest.fail("ESP_PROV_BIN_DIR is not set: run through `make test` (it sets it from `swift build --show-bin-path`)")
    found = {name: Path(directory) / name for name in ("esp-prov", "esp-prov-device")}
    for name, path in found.items():
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} is missing: build esp-prov first (swift build), then run the tests through `make test`")
    return found


def sshd_binary():
    for candidate in ("/usr/sbin/sshd", shutil.which("sshd")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("sshd is missing: install Debian's openssh-server (`make test-deps` does)")


class Lab:
    def __init__(self, root, processes, shared_interface=True):
        self.root = root
        # Boards 0 and 1 of each host share one Wi-Fi interface (the serialisation test needs a pair).
        self.shared_interface = shared_interface
        self.processes = processes
        self.bin = binaries()
        self.coordinator = None
        self.board_ports = {}
        self.boards = {}
        self.sshd_logs = {}

    # ssh -------------------------------------------------------------------------------------------
    def start_ssh(self):
        ssh_dir = self.root / "ssh"
        ssh_dir.mkdir(mode=0o700)
        key = ssh_dir / "id_ed25519"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
        (ssh_dir / "authorized_keys").write_text((ssh_dir / "id_ed25519.pub").read_text())
        host_key = ssh_dir / "host_ed25519"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)], check=True)
        host_public = (ssh_dir / "host_ed25519.pub").read_text().split()[:2]
        if os.geteuid() == 0:
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # sshd's privilege-separation directory
        user = os.environ.get("USER") or subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
        known, client = [], [f"Host *\n  User {user}\n  IdentityFile {key}\n  IdentitiesOnly yes\n"
                             f"  UserKnownHostsFile {ssh_dir / 'known_hosts'}\n  GlobalKnownHostsFile /dev/null\n"
                             "  StrictHostKeyChecking yes\n  BatchMode yes\n"]
        for name, address in HOSTS.items():
            port = free_port(address)
            config = ssh_dir / f"sshd_{name}.conf"
            config.write_text(
                f"ListenAddress {address}:{port}\nHostKey {host_key}\nAuthorizedKeysFile {ssh_dir / 'authorized_keys'}\n"
                "PasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
                "PermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\nPidFile none\nLogLevel VERBOSE\n"
                "MaxStartups 100\nMaxSessions 100\n"
                f"SetEnv PATH={os.environ.get('PATH', '/usr/bin:/bin')}\n")
            log = self.root / f"sshd_{name}.log"
            self.sshd_logs[name] = log
            process = self.processes.start([sshd_binary(), "-D", "-e", "-f", str(config)], log)
            wait_for_port(address, port, process, f"sshd for {name}")
            known.append(f"[{address}]:{port} {' '.join(host_public)}\n")
            client.insert(0, f"Host {address}\n  Port {port}\n")
        (ssh_dir / "known_hosts").write_text("".join(known))
        (ssh_dir / "config").write_text("".join(client))
        wrapper_dir = self.root / "bin"
        wrapper_dir.mkdir()
        wrapper = wrapper_dir / "ssh"
        wrapper.write_text(f"#!/bin/sh\nexec {shutil.which('ssh')} -F {ssh_dir / 'config'} \"$@\"\n")
        wrapper.chmod(0o755)
        os.environ["PATH"] = f"{wrapper_dir}:{os.environ['PATH']}"

    # labgrid ---------------------------------------------------------------------------------------
    def start_coordinator(self):
        port = free_port("127.0.0.1")
        self.coordinator = f"127.0.0.1:{port}"
        os.environ["LG_COORDINATOR"] = self.coordinator
        process = self.processes.start([tool("labgrid-coordinator"), "-l", self.coordinator], self.root / "coordinator.log",
                                       cwd=self.root)
        wait_for_port("127.0.0.1", port, process, "labgrid-coordinator")

    def start_exporters(self):
        for name, address in HOSTS.items():
            lines = []
            for index in range(BOARDS_PER_HOST):
                port = free_port(address)
                self.board_ports[(name, index)] = port
                interface = f"lab{name[-1]}{0 if index < 2 and self.shared_interface else index}"
                lines += [f"board{index}:", "  NetworkEspProvDevice:", "    host: {{ hostname }}", "    transport: httpd",
                          f"    service_name: '{address}:{port}'", f"    wifi_interface: {interface}-{os.getpid()}"]
            config = self.root / f"exporter_{name}.yaml"
            config.write_text("\n".join(lines) + "\n")
            self.processes.start([tool("labgrid-exporter"), "-c", self.coordinator, "--name", name, "--hostname", address,
                                  str(config)], self.root / f"exporter_{name}.log")
        for name in HOSTS:
            for index in range(BOARDS_PER_HOST):
                place = f"{name}-{index}"
                self.client("-p", place, "create")
                self.client("-p", place, "add-match", f"{name}/board{index}/NetworkEspProvDevice")
                self.client("-p", place, "set-tags", *[f"{k}={v}" for k, v in TAGS.items()], f"host={name[-1]}")
        self.wait_for_resources()

    def wait_for_resources(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            listing = self.client("resources", check=False).stdout
            if all(f"{name}/board{i}/NetworkEspProvDevice" in listing for name in HOSTS for i in range(BOARDS_PER_HOST)):
                return
            time.sleep(0.5)
        raise RuntimeError(f"the exporters did not publish every board within {timeout} s:\n{listing}")

    def client(self, *args, check=True):
        result = subprocess.run([tool("labgrid-client"), "-x", self.coordinator, *args], capture_output=True, text=True,
                                timeout=60, stdin=subprocess.DEVNULL)
        if check and result.returncode != 0:
            raise RuntimeError(f"labgrid-client {' '.join(args)} failed: {result.stdout}{result.stderr}")
        return result

    def acquired_places(self):
        listing = self.client("places", "--acquired", check=False).stdout
        return sorted(line.split()[0] for line in listing.splitlines() if line.strip())

    # boards ----------------------------------------------------------------------------------------
    def start_boards(self, extra=(), sec2_password=SEC2_PASSWORD, passphrase=PASSPHRASE):
        """Fresh virtual devices on every board's address (each test gets its own)."""
        self.stop_boards()
        for (name, index), port in self.board_ports.items():
            address = HOSTS[name]
            log = self.root / f"board_{name}_{index}_{time.monotonic_ns()}.log"
            process = self.processes.start(
                [str(self.bin["esp-prov-device"]), "--listen", f"{address}:{port}", "--network", f"{SSID}:{passphrase}",
                 "--sec2_pwd", sec2_password, "--cleanup_delay", "0.2", *extra], log)
            self.boards[(name, index)] = (process, log)
        for (name, index), (process, _) in self.boards.items():
            wait_for_port(HOSTS[name], self.board_ports[(name, index)], process, f"board {name}-{index}")

    def board_log(self, name, index):
        return Path(self.boards[(name, index)][1]).read_text(errors="replace")

    def stop_boards(self):
        for process, _ in self.boards.values():
            self.processes.stop(process)
        self.boards = {}

    def environment(self, place):
        """An environment YAML whose target `main` is `place`, with esp-prov's path under `tools:`."""
        path = self.root / f"env_{place}.yaml"
        path.write_text(
            "targets:\n  main:\n    resources:\n      RemotePlace:\n        name: " + place + "\n"
            "    drivers:\n      EspProvDriver: {}\n"
            f"tools:\n  esp-prov: {self.bin['esp-prov']}\n"
            f"options:\n  coordinator_address: '{self.coordinator}'\n"
            "imports:\n  - labgrid_esp_prov\n")
        return path


def tool(name):
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"{name} is missing next to {sys.executable}: install labgrid into this venv (make test does)")
    return str(path)


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    processes = Processes()
    lab = Lab(tmp_path_factory.mktemp("lab"), processes)
    try:
        lab.start_ssh()
        lab.start_coordinator()
        lab.start_exporters()
        yield lab
    finally:
        processes.stop_all()


@pytest.fixture
def boards(lab):
    lab.start_boards()
    yield lab
    lab.stop_boards()
    leftover = lab.acquired_places()
    for place in leftover:
        lab.client("-p", place, "release", "--kick", check=False)
    assert not leftover, f"places left acquired: {leftover}"
