"""`labgrid-esp-prov provision`: every place whose tags match, reserved, acquired, provisioned on
its own exporter's host in parallel, and released on every path (Ctrl-C and SIGTERM included).

The report is esp-prov batch's: one JSON line per place with sorted keys and never a secret, plus
`place` and `exporter`; the exit status is batch's (0 all provisioned, 11 some failed, 2 usage or lab
problem, 130 interrupted).
"""

import argparse
import asyncio
import concurrent.futures
import datetime
import json
import os
import signal
import sys
import threading
import time

import grpc
from labgrid.factory import target_factory
from labgrid.remote.client import start_session
from labgrid.remote.common import Reservation, ReservationState
from labgrid.remote.generated import labgrid_coordinator_pb2
from labgrid.target import Target

from .driver import EspProvDriver, provision_arguments
from .errors import EspProvError
from .resources import EspProvDevice, NetworkEspProvDevice

EXIT_OK, EXIT_USAGE, EXIT_BATCH_FAILED, EXIT_INTERRUPTED = 0, 2, 11, 130
RESOURCE_CLASSES = {"EspProvDevice": EspProvDevice, "NetworkEspProvDevice": NetworkEspProvDevice}


class UsageError(Exception):
    """A flag, tag or lab problem: exit 2 with the message."""


class Interrupted(Exception):
    """SIGINT or SIGTERM arrived."""


def parse(argv):
    parser = argparse.ArgumentParser(prog="labgrid-esp-prov", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("provision", help="provision every board of the places whose tags match")
    run.add_argument("--tag", action="append", required=True, metavar="KEY=VALUE",
                     help="a tag every place must have (repeatable)")
    run.add_argument("--ssid", required=True)
    run.add_argument("--passphrase_file", "--passphrase-file", required=True,
                     help="file holding the Wi-Fi passphrase (- for stdin); one trailing newline is dropped")
    run.add_argument("--sec_ver", "--sec-ver", type=int, choices=(0, 1, 2), help="security scheme (default: what each board says)")
    run.add_argument("--pop_file", "--pop-file", help="file holding the security 1 PoP (- for stdin)")
    run.add_argument("--sec2_username", "--sec2-username", help="security 2 username")
    run.add_argument("--sec2_pwd_file", "--sec2-pwd-file", help="file holding the security 2 password (- for stdin)")
    run.add_argument("--jobs", "-j", type=int, default=4, help="places provisioned at the same time (default 4)")
    run.add_argument("--report", help="where the JSON-lines report goes (default stdout)")
    run.add_argument("--coordinator", "-x", default=os.environ.get("LG_COORDINATOR", "127.0.0.1:20408"),
                     help="labgrid coordinator HOST[:PORT] (default $LG_COORDINATOR or 127.0.0.1:20408)")
    run.add_argument("--esp_prov", "--esp-prov", default="esp-prov",
                     help="esp-prov's path on the exporters (default: esp-prov on their PATH)")
    run.add_argument("--device_timeout", "--device-timeout", type=float, default=180.0,
                     help="seconds one board may take (esp-prov --deadline; default 180)")
    run.add_argument("--reserve_timeout", "--reserve-timeout", type=float, default=60.0,
                     help="seconds to wait for the reservation to be allocated (default 60)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    args.tags = {}
    for pair in args.tag:
        key, sep, value = pair.partition("=")
        if not sep or not key or not value:
            parser.error(f"--tag {pair!r}: must be KEY=VALUE")
        args.tags[key] = value
    return args


def read_secret(flag, path):
    """A secret file's one line (one trailing newline dropped); `-` is stdin, read once."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    except OSError as error:
        raise UsageError(f"{flag} {path}: cannot read the file ({error.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{flag} {path}: not UTF-8 text") from None
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    if "\n" in text or "\r" in text:
        raise UsageError(f"{flag} {path}: a secret is one line")
    return text


def timestamp(seconds):
    moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class signals_held:
    """Holds SIGINT and SIGTERM back (they arrive when it ends), so an acquire is always recorded
    and a release always completes."""

    def __enter__(self):
        self.previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})

    def __exit__(self, *exc):
        signal.pthread_sigmask(signal.SIG_SETMASK, self.previous)


class Lab:
    """The coordinator session: reservation, acquired places, and their release on every path."""

    def __init__(self, address):
        try:
            self.session = start_session(address)
        except Exception as error:  # grpc and connection errors alike: the coordinator is not there
            raise UsageError(f"cannot reach the labgrid coordinator at {address}: {error}") from None
        self.loop = self.session.loop
        self.acquired = []
        self.tokens = []

    def call(self, coroutine):
        return self.loop.run_until_complete(coroutine)

    def matching_places(self, tags):
        return sorted(name for name, place in self.session.places.items()
                      if all(place.tags.get(k) == v for k, v in tags.items()))

    def reserve(self, tags, names, limit):
        """One reservation per place (the coordinator allocates one place per reservation), each
        filtered on the tags and the place's name, as `labgrid-client reserve --wait` makes them;
        returns the places allocated within `limit` seconds."""
        for name in names:
            request = labgrid_coordinator_pb2.CreateReservationRequest(
                filters={"main": labgrid_coordinator_pb2.Reservation.Filter(filter=dict(tags, name=name))}, prio=0.0)
            response = self.call(self.session.stub.CreateReservation(request))
            self.tokens.append(Reservation.from_pb2(response.reservation).token)
        end = time.monotonic() + limit
        allocated, waiting = [], list(self.tokens)
        while waiting:
            for token in list(waiting):
                poll = labgrid_coordinator_pb2.PollReservationRequest(token=token)
                reservation = Reservation.from_pb2(self.call(self.session.stub.PollReservation(poll)).reservation)
                if reservation.state is ReservationState.waiting:
                    continue
                waiting.remove(token)
                if reservation.state not in (ReservationState.allocated, ReservationState.acquired):
                    raise UsageError(f"reservation {token} ended {reservation.state.name}")
                for value in reservation.allocations.values():
                    allocated += value if isinstance(value, list) else [value]
            if waiting:
                if time.monotonic() > end:
                    raise UsageError(f"{len(waiting)} of {len(names)} places tagged {tags} were not allocated within "
                                     f"{limit:g} s (reserved by someone else?)")
                self.call(asyncio.sleep(0.5))
        return sorted(allocated)

    def acquire(self, name):
        with signals_held():
            self.acquired.append(name)
            request = labgrid_coordinator_pb2.AcquirePlaceRequest(placename=name)
            try:
                self.call(self.session.stub.AcquirePlace(request))
            except Exception as error:
                self.acquired.remove(name)
                raise UsageError(f"cannot acquire place {name}: {getattr(error, 'details', lambda: error)()}") from None
            self.call(self.session.sync_with_coordinator())

    def board(self, name, tool):
        """The place's esp-prov resource and a driver bound to it."""
        place = self.session.places[name]
        for (resource_name, cls), entry in self.session.get_target_resources(place).items():
            if cls in RESOURCE_CLASSES:
                target = Target(name)
                resource = target_factory.make_resource(target, cls, resource_name, entry.args)
                resource.extra = entry.extra
                driver = EspProvDriver(target, "esp-prov")
                driver.tool = tool
                target.activate(driver)
                # labgrid's ssh connection manager is not thread-safe: open the host's shared
                # connection here, before the parallel runs use it.
                _ = resource.command_prefix
                exporter = place.acquired_resources[0][0] if place.acquired_resources else None
                return resource, driver, exporter
        raise UsageError(f"place {name} has no EspProvDevice or NetworkEspProvDevice resource")

    def release_all(self):
        """Releases every acquired place and cancels the reservation; tries each, whatever failed before."""
        with signals_held():
            self._release_all()

    def _release_all(self):
        for name in list(self.acquired):
            try:
                self.call(self.session.stub.ReleasePlace(labgrid_coordinator_pb2.ReleasePlaceRequest(placename=name)))
                self.acquired.remove(name)
            except Exception as error:
                print(f"labgrid-esp-prov: could not release place {name}: {error}", file=sys.stderr)
        for token in self.tokens:
            try:
                self.call(self.session.stub.CancelReservation(labgrid_coordinator_pb2.CancelReservationRequest(token=token)))
            except Exception:
                pass  # a reservation whose places are released expires on its own
        self.tokens = []
        try:
            self.call(self.session.stop())
            self.call(self.session.close())
        except Exception:
            pass


def read_secrets(args):
    """The passphrase and credentials from their files; at most one of them may be stdin."""
    files = [(flag, path) for flag, path in (("--passphrase_file", args.passphrase_file), ("--pop_file", args.pop_file),
                                             ("--sec2_pwd_file", args.sec2_pwd_file)) if path is not None]
    if sum(1 for _, path in files if path == "-") > 1:
        raise UsageError("only one secret file can be - (stdin)")
    return {flag: read_secret(flag, path) for flag, path in files}


def provision_one(index, name, board, args, secrets):
    resource, driver, exporter = board
    started = time.time()
    record = {"index": index, "name": name, "place": name, "exporter": exporter,
              "service": resource.service_name, "transport": resource.transport, "attempts": 1}
    try:
        arguments, lines = provision_arguments(
            args.ssid, secrets["--passphrase_file"], sec_ver=args.sec_ver, pop=secrets.get("--pop_file"),
            sec2_username=args.sec2_username, sec2_password=secrets.get("--sec2_pwd_file"))
        result = driver.run(arguments, lines, timeout=args.device_timeout)
        connection = result.get("connection") or {}
        record.update(outcome="provisioned", exit_code=0)
        if connection.get("ip"):
            record["ip"] = connection["ip"]
    except EspProvError as error:
        record.update(outcome="failed", exit_code=error.exit_code, error=error.name, message=error.message)
    except Exception as error:  # ssh missing, a broken exporter: this place fails, the others go on
        record.update(outcome="failed", exit_code=1, error="internal", message=f"{type(error).__name__}: {error}")
    finished = time.time()
    record.update(started_at=timestamp(started), finished_at=timestamp(finished), seconds=round(finished - started, 3))
    return record


def run(args):
    secrets = read_secrets(args)
    output = open(args.report, "w", encoding="utf-8") if args.report else sys.stdout
    lock = threading.Lock()

    def write(record):
        with lock:
            output.write(json.dumps(record, sort_keys=True) + "\n")
            output.flush()

    lab = Lab(args.coordinator)
    boards = {}
    written = set()
    records = []
    try:
        names = lab.matching_places(args.tags)
        if not names:
            raise UsageError(f"no place has the tags {args.tags}")
        names = lab.reserve(args.tags, names, args.reserve_timeout)
        for name in names:
            lab.acquire(name)
            boards[name] = lab.board(name, args.esp_prov)
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = {pool.submit(provision_one, i, name, boards[name], args, secrets): name
                       for i, name in enumerate(names)}
            pending = set(futures)
            try:
                while pending:
                    done, pending = concurrent.futures.wait(pending, timeout=0.2)
                    for future in done:
                        record = future.result()
                        records.append(record)
                        written.add(record["name"])
                        write(record)
            except Interrupted:
                for future in pending:
                    future.cancel()
                for name in names:
                    if name not in written:
                        boards[name][1].hang_up()
                raise
    except Interrupted:
        for index, name in enumerate(boards):
            if name in written:
                continue
            resource, driver, exporter = boards[name]
            write({"index": index, "name": name, "place": name, "exporter": exporter, "service": resource.service_name,
                   "transport": resource.transport, "attempts": 1 if driver._process else 0, "outcome": "failed",
                   "exit_code": EXIT_INTERRUPTED, "error": "interrupted",
                   "message": "interrupted: run esp-prov on this board again to see its state"})
        print("labgrid-esp-prov: interrupted; every place was released", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        lab.release_all()
        if output is not sys.stdout:
            output.close()
    failed = [r for r in records if r["outcome"] != "provisioned"]
    print(f"labgrid-esp-prov: {len(records) - len(failed)} of {len(records)} places provisioned", file=sys.stderr)
    return EXIT_BATCH_FAILED if failed else EXIT_OK


def main(argv=None):
    args = parse(argv)

    def interrupt(signum, frame):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Interrupted()

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    try:
        code = run(args)
    except UsageError as error:
        print(f"labgrid-esp-prov: error: {error}", file=sys.stderr)
        code = EXIT_USAGE
    except grpc.RpcError as error:  # the coordinator refused or went away; every place was released
        print(f"labgrid-esp-prov: error: the coordinator said: {error.details()}", file=sys.stderr)
        code = EXIT_USAGE
    sys.exit(code)


if __name__ == "__main__":
    main()
