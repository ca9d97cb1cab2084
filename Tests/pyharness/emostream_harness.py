"""How every Python suite (Tests/compat, gateway, deploy, e2e, browser) runs EmoStream's executables.

The suites start the same binaries the same way, so finding a binary, choosing ports, waiting for readiness,
stopping and reading a topic back each live here once; a suite keeps only what is its own.

- Binaries come from EMOSTREAM_BIN_DIR (default .build/debug under the repository root); suites build nothing,
  and a missing binary fails the test instead of skipping it.
- Ports are the OS's choice: `--port 0`, read back from `--port-file` or the gateway's `Gateway listening`
  line. `emostream up` cannot do that, so it gets a `--port-offset` that puts every port it binds on a free one.
- Every process writes stdout and stderr to one log file that survives restarts (each life begins with a
  `===== start #N:` line), so a failing test can show what the process said in every life.
- Whoever starts a process stops it (SIGTERM, then SIGKILL), whatever happened.

The services read `EMOSTREAM_<FLAG>` from the environment, so `EMOSTREAM_LOG_LEVEL=debug` raises the log
level of everything a suite starts. EMOSTREAM_TEST_START_TIMEOUT (seconds, default 60) bounds each wait for a
service to become ready, for slow machines.

It is also a pytest plugin (`addopts = -p emostream_harness` in a suite's pytest.ini): the `processes`
fixture, and the hook that puts their logs into a failed test's report.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Self, TypeVar

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = float(os.environ.get("EMOSTREAM_TEST_START_TIMEOUT", "60"))
STOP_TIMEOUT_S = 15.0
#: `up` starts its services one after another in dependency order, and stops them the same way.
UP_START_TIMEOUT_S = 2 * START_TIMEOUT_S
UP_STOP_TIMEOUT_S = 30.0
REPORT_LINES = 80

T = TypeVar("T")


class ProcessStartError(RuntimeError):
    """A process exited, or never said it was ready."""


# -- binaries -----------------------------------------------------------------------------------------------

def bin_dir(*required: str) -> Path:
    """EMOSTREAM_BIN_DIR (relative to the repository root), else .build/debug; fails the test when one of the
    `required` executables is not there."""
    configured = Path(os.environ.get("EMOSTREAM_BIN_DIR", ".build/debug"))
    directory = configured if configured.is_absolute() else REPO_ROOT / configured
    missing = [name for name in required if not os.access(directory / name, os.X_OK)]
    if missing:
        pytest.fail(f"{', '.join(missing)} not found in {directory}: build first (`swift build`) or set"
                    " EMOSTREAM_BIN_DIR", pytrace=False)
    return directory


def binary(name: str) -> str:
    """The path of one executable, as an argv element."""
    return str(bin_dir(name) / name)


# -- ports --------------------------------------------------------------------------------------------------

def free_port() -> int:
    """A loopback port nobody holds right now, for a flag that cannot take 0 (e.g. `--metrics-port`)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _port_is_free(port: int) -> bool:
    """Whether `port` can be bound on every interface now (services that bind 0.0.0.0 need exactly that)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def _ephemeral_port_floor() -> int:
    """The lowest port the kernel hands out as a client's source port.

    Listening ports must stay below it: a health probe dialling a port nobody listens on yet can otherwise be
    given that same port as its source and connect to itself (TCP simultaneous open), and outgoing connections
    of other programs could take a port between our check and the service's bind.
    """
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _up_ports(offset: int, clusters: int, subscribers: int) -> list[int]:
    """Every port `emostream up --port-offset <offset>` binds (DESIGN.md's topology): gateway 5000 (its metrics
    on the same port), aggregator metrics 15001, broker 9092, publishers 7000+c, subscribers
    6000+subscribers·c+s, and the metrics port of each of the last three kinds (its own port + 10 000)."""
    own = ([9092] + [7000 + c for c in range(clusters)]
           + [6000 + subscribers * c + s for c in range(clusters) for s in range(subscribers)])
    return [port + offset for port in [5000, 15_001] + own + [port + 10_000 for port in own]]


def free_port_offset(clusters: int, subscribers: int) -> int:
    """A random `--port-offset` that puts every port of `up_ports` on a free port below the ephemeral range."""
    ports = _up_ports(0, clusters, subscribers)
    ceiling = _ephemeral_port_floor() - max(ports)
    for _ in range(200):
        offset = random.randrange(1000, ceiling)
        if all(_port_is_free(port + offset) for port in ports):
            return offset
    raise ProcessStartError(f"no port offset below {ceiling} with all of emostream up's {len(ports)} ports free")


# -- processes ----------------------------------------------------------------------------------------------

def stop_process(process: subprocess.Popen, timeout: float = STOP_TIMEOUT_S) -> int | None:
    """SIGTERM, then SIGKILL if it does not exit within `timeout`; its exit status, None if it had to be killed."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return None
    return process.returncode


class ServiceProcess:
    """One long-running executable, started any number of times, with stdout and stderr in `log_path`.

    `env` adds variables to the inherited environment.
    """

    def __init__(self, name: str, argv: Sequence[str], log_path: Path, *, env: Mapping[str, str] | None = None,
                 cwd: Path | None = None):
        self.name = name
        self.argv = list(argv)
        self.log_path = log_path
        self.env = dict(env or {})
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        #: The port it said it listens on, once a wait read it.
        self.port: int | None = None
        #: How long the last terminate() took, when SIGTERM was enough.
        self.exit_seconds: float | None = None

    def start(self) -> Self:
        if self.is_alive():
            raise RuntimeError(f"{self.name} is already running")
        self.starts += 1
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== start #{self.starts}: {' '.join(self.argv)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                self.argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.cwd,
                env={**os.environ, **self.env},
            )
        return self

    # -- readiness

    def wait_until(self, probe: Callable[[], T | None], what: str, timeout: float = START_TIMEOUT_S) -> T:
        """Polls `probe` until it returns something other than None, and returns that; fails as soon as the
        process exits, or when `timeout` runs out."""
        deadline = time.monotonic() + timeout
        while True:
            found = probe()
            if found is not None:
                return found
            if not self.is_alive():
                status = self.process.returncode if self.process else "-"
                raise ProcessStartError(f"{self.name} exited ({status}) before {what}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise ProcessStartError(f"{self.name}: no {what} within {timeout:.0f}s:\n{self.log_tail()}")
            time.sleep(0.05)

    def wait_for_port_file(self, path: Path, timeout: float = START_TIMEOUT_S) -> int:
        """The port the process wrote to its `--port-file`, which it does once it listens."""
        def written_port() -> int | None:
            text = path.read_text() if path.exists() else ""
            return int(text) if text.endswith("\n") and text.strip().isdigit() else None

        self.port = self.wait_until(written_port, f"port in {path}", timeout)
        return self.port

    def wait_for_log(self, pattern: str, timeout: float = START_TIMEOUT_S) -> re.Match[str]:
        """The first match of `pattern` in what this life of the process logged."""
        compiled = re.compile(pattern)
        return self.wait_until(lambda: compiled.search(self.log_since_last_start()), f"log line {pattern!r}", timeout)

    # -- stopping

    def terminate(self, timeout: float = STOP_TIMEOUT_S) -> int | None:
        """SIGTERM, then SIGKILL after `timeout`: the exit status, None if it had to be killed (then the log
        says so)."""
        if self.process is None:
            return None
        running = self.is_alive()
        began = time.monotonic()
        status = stop_process(self.process, timeout)
        if running and status is None:
            with open(self.log_path, "a") as log:  # so the log tells why it ends mid-sentence
                log.write(f"===== test harness: ignored SIGTERM for {timeout:.0f}s; sent SIGKILL\n")
        elif running:
            self.exit_seconds = time.monotonic() - began
        return status

    def stop(self) -> int | None:
        """What teardown calls: terminate(). (`emostream up` also ends what it left behind.)"""
        return self.terminate()

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or an OOM kill."""
        if self.is_alive():
            self.process.kill()
            self.process.wait()

    # -- inspection

    @property
    def pid(self) -> int:
        assert self.process is not None, f"{self.name} has not started"
        return self.process.pid

    def is_alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def address(self) -> str:
        """`127.0.0.1:<port>` of a service that has started and named its port."""
        if self.port is None:
            raise RuntimeError(f"{self.name} has not started")
        return f"127.0.0.1:{self.port}"

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_since_last_start(self) -> str:
        text = self.log_text()
        index = text.rfind(f"===== start #{self.starts}:")
        return text[index:] if index >= 0 else text

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def report_sections(self) -> list[tuple[str, str]]:
        """(title, log tail) for a failed test's report."""
        if self.process is None:
            state = "not started"
        else:
            state = "running" if self.is_alive() else f"exited {self.process.returncode}"
        return [(f"{self.name} log ({state}, {self.log_path})", self.log_tail(REPORT_LINES))]


class Broker(ServiceProcess):
    """emostream-broker on 127.0.0.1 with its data in `<work_dir>/data` and its log in `<work_dir>/broker.log`."""

    def __init__(self, work_dir: Path, *args: str):
        super().__init__("broker", [], work_dir / "broker.log", cwd=work_dir)
        self.work_dir = work_dir
        self.data_dir = work_dir / "data"
        self.args = args
        self.data_dir.mkdir(parents=True, exist_ok=True)

    def start(self, port: int | None = None) -> Self:
        """Starts on the data directory of every earlier life and returns once it listens: on `port` (0: one of
        the OS's choice), by default on the port of its previous life, so that clients which know only its
        address find it again."""
        port_file = self.work_dir / f"port-{self.starts + 1}"
        port_file.unlink(missing_ok=True)
        port = (self.port or 0) if port is None else port
        self.argv = [binary("emostream-broker"), "--host", "127.0.0.1", "--port", str(port),
                     "--port-file", str(port_file), "--data-dir", str(self.data_dir), *self.args]
        super().start()
        self.wait_for_port_file(port_file)
        return self

    @property
    def bootstrap(self) -> str:
        return self.address

    def partition_dir(self, topic: str, partition: int) -> Path:
        return self.data_dir / f"{topic}-{partition}"


class Gateway(ServiceProcess):
    """emostream-gateway on 127.0.0.1 on a port of the OS's choice, which it names in its `Gateway listening` log
    line. Ready once it listens; whether it is healthy is wait_until_healthy's question."""

    def __init__(self, name: str, work_dir: Path, brokers: str, *args: str):
        super().__init__(name, [binary("emostream-gateway"), "--host", "127.0.0.1", "--port", "0", "--brokers", brokers,
                                *args], work_dir / f"{name}.log", cwd=work_dir)

    def start(self) -> Self:
        super().start()
        self.port = self.wait_until(lambda: _listening_port(self.log_since_last_start()), "'Gateway listening' line")
        return self

    @property
    def url(self) -> str:
        return f"http://{self.address}"


def _listening_port(log: str) -> int | None:
    """The port in the gateway's `Gateway listening` line, in the text or the JSON log format
    (`EMOSTREAM_LOG_FORMAT=json`, which the gateway suite runs with); None until it logged one."""
    for line in log.splitlines():
        if "Gateway listening" not in line:
            continue
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:  # read while the gateway was still writing it
                continue
            if record.get("msg") == "Gateway listening":
                return int(record["net.port"])
        elif found := re.search(r"Gateway listening net\.port=(\d+)", line):
            return int(found.group(1))
    return None


# -- emostream up -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProcessIdentity:
    """A pid plus its start time (clock ticks since boot), so a recycled pid is never mistaken for it."""
    pid: int
    start_ticks: int
    command: str


def _stat(pid: int) -> tuple[int, str, int] | None:
    """(parent pid, state, start ticks) of `pid` from /proc/<pid>/stat, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name is in parentheses and may hold spaces: split after the last ')'.
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), fields[0], int(fields[19])


def descendants(root: int) -> set[ProcessIdentity]:
    """Every live process below `root` in the process tree (a zombie shows an empty command)."""
    stats = {pid: stat for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if (stat := _stat(pid))}
    children: dict[int, list[int]] = {}
    for pid, stat in stats.items():
        children.setdefault(stat[0], []).append(pid)
    found: set[ProcessIdentity] = set()
    pending = list(children.get(root, []))
    while pending:
        pid = pending.pop()
        stat = stats[pid]
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            command = "?"
        found.add(ProcessIdentity(pid, stat[2], command))
        pending.extend(children.get(pid, []))
    return found


def still_running(identity: ProcessIdentity) -> bool:
    """Whether that very process (same pid and start time) still exists and is not a zombie."""
    stat = _stat(identity.pid)
    return stat is not None and stat[2] == identity.start_ticks and stat[1] != "Z"


def _service_name(command: str) -> str:
    """The name `emostream up` gives the service a command line runs: `broker`, `subscriber-1-2`, …"""
    argv = command.split()
    short = Path(argv[0]).name.removeprefix("emostream-") if argv else "?"

    def flag(name: str) -> str:
        return argv[argv.index(name) + 1] if name in argv[:-1] else "?"

    if short == "subscriber":
        return f"subscriber-{flag('--cluster')}-{flag('--subscriber')}"
    if short == "cluster-publisher":
        return f"cluster-publisher-{flag('--cluster')}"
    return short


class EmoStreamUp(ServiceProcess):
    """`emostream up`: the whole topology as its children on a free `--port-offset`, with its data and one log
    per service under `work_dir`, and its own output in `<work_dir>/up.log`.

    `options` go on `up`'s command line (`--window-ms`, `--host`, …); `env` reaches every service, since `up`
    hands its environment to its children.
    """

    def __init__(self, work_dir: Path, *, clusters: int = 3, subscribers: int = 3, options: Sequence[str] = (),
                 env: Mapping[str, str] | None = None):
        super().__init__("emostream up", [], work_dir / "up.log", env=env, cwd=work_dir)
        self.clusters = clusters
        self.subscribers = subscribers
        self.options = list(options)
        self.data_dir = work_dir / "data"
        self.log_dir = work_dir / "logs"
        self.offset = 0
        # Every child ever seen, so stop() can reach one that `up` failed to stop.
        self._children: set[ProcessIdentity] = set()

    def start(self, attempts: int = 3) -> Self:
        """Starts on a free port offset and returns once it says `EmoStream is up.`; when another program took
        one of the ports between the check and `up`'s bind, tries again on another offset."""
        for _ in range(attempts):
            self.offset = free_port_offset(self.clusters, self.subscribers)
            self.argv = [
                binary("emostream"), "up", "--port-offset", str(self.offset), "--bin-dir", str(bin_dir()),
                "--data-dir", str(self.data_dir), "--log-dir", str(self.log_dir), "--clusters", str(self.clusters),
                "--subscribers-per-cluster", str(self.subscribers), *self.options,
            ]
            super().start()
            try:
                self.wait_for_log(r"EmoStream is up\.", UP_START_TIMEOUT_S)
                self._children |= descendants(self.pid)
                return self
            except ProcessStartError:
                self.stop()
                if "already in use" not in self.log_since_last_start():
                    raise
        raise ProcessStartError(f"emostream up found its ports taken {attempts} times:\n{self.log_tail()}")

    def stop(self) -> int | None:
        """terminate(), then SIGKILL to every child of `up` still running, so nothing outlives the test.

        A test of how `up` itself stops its children calls terminate() instead.
        """
        if self.process is None:
            return None
        if self.is_alive():
            self._children |= descendants(self.pid)
            self.resume()  # a paused `up` cannot stop its children
        status = self.terminate(UP_STOP_TIMEOUT_S)
        for child in self._children:
            if still_running(child):
                try:
                    os.kill(child.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        return status

    def pause(self) -> None:
        """SIGSTOP to `up` itself: a child that dies meanwhile is not restarted until resume()."""
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.pid, signal.SIGCONT)

    # -- addresses

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{5000 + self.offset}"

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{9092 + self.offset}"

    def subscriber_port(self, cluster: int, subscriber: int) -> int:
        return 6000 + self.offset + self.subscribers * cluster + subscriber

    # -- children

    def services(self) -> dict[int, str]:
        """pid → service name (`aggregator`, `subscriber-1-2`, …) of every running process below `up`."""
        if not self.is_alive():
            return {}
        found = descendants(self.pid)
        self._children |= found
        return {child.pid: _service_name(child.command) for child in found if child.command}

    def pid_of(self, service: str) -> int | None:
        return next((pid for pid, name in self.services().items() if name == service), None)

    def wait_for_pid(self, service: str, *, other_than: int | None = None, timeout: float = 30.0) -> int:
        """The pid of the running `service`; with `other_than`, of a new one (a restart)."""
        def new_pid() -> int | None:
            pid = self.pid_of(service)
            return pid if pid != other_than else None

        return self.wait_until(new_pid, f"{service} (re)started", timeout)

    def kill_service(self, service: str) -> int:
        """SIGKILLs one child; returns its pid."""
        pid = self.pid_of(service)
        assert pid is not None, f"{service} is not running"
        os.kill(pid, signal.SIGKILL)
        return pid

    def report_sections(self) -> list[tuple[str, str]]:
        sections = super().report_sections()
        for log in sorted(self.log_dir.glob("*.log")):
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-REPORT_LINES:])
            sections.append((f"log {log.name} ({log})", tail))
        return sections


# -- HTTP ---------------------------------------------------------------------------------------------------

def http_json(method: str, url: str, body: object | None = None, timeout: float = 10) -> tuple[int, object]:
    """(status, decoded JSON body) for any status; raises only on connection errors."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text.decode(errors="replace")


def wait_until_healthy(gateway_url: str, live_subscribers: int = 0, timeout: float = START_TIMEOUT_S) -> dict:
    """Polls the gateway's GET /health until it answers 200 (broker reachable, registry loaded) with at least
    `live_subscribers` subscribers heartbeating; returns that answer."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            status, answer = http_json("GET", f"{gateway_url}/health", timeout=3)
            last = answer
            if status == 200 and answer.get("live_subscribers", 0) >= live_subscribers:
                return answer
        except OSError as error:
            last = error
        time.sleep(0.2)
    raise AssertionError(f"{gateway_url}/health not healthy with {live_subscribers} subscribers in {timeout:.0f}s: "
                         f"{last}")


# -- Kafka --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Record:
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp_ms: int


def read_topic(bootstrap: str, topic: str, timeout: float = 30) -> list[Record]:
    """Every record of `topic` (tombstones included) from the log start up to each partition's high watermark
    as of the call, in log order per partition, read with confluent-kafka without committing anything.

    Stopping at the high watermarks, not at the first end-of-partition event, means records acknowledged
    before the call are all there even if the consumer reaches a partition before its fetch sees them.
    """
    from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": f"harness-reader-{os.getpid()}-{time.monotonic_ns()}",
        "enable.auto.commit": False, "enable.partition.eof": True,
    })
    try:
        numbers = sorted(consumer.list_topics(topic, timeout=timeout).topics[topic].partitions)
        ends = {number: consumer.get_watermark_offsets(TopicPartition(topic, number), timeout=timeout, cached=False)
                for number in numbers}
        pending = {number for number, (low, high) in ends.items() if high > low}
        consumer.assign([TopicPartition(topic, number, OFFSET_BEGINNING) for number in numbers])
        records: list[Record] = []
        deadline = time.monotonic() + timeout
        while pending:
            if time.monotonic() > deadline:
                raise AssertionError(f"reading {topic}: partitions {sorted(pending)} not read up to their high "
                                     f"watermarks {ends} within {timeout:.0f}s")
            for message in consumer.consume(num_messages=1000, timeout=0.5):
                partition, offset = message.partition(), message.offset()
                high = ends[partition][1]
                if message.error():
                    if message.error().code() != KafkaError._PARTITION_EOF:
                        raise AssertionError(f"reading {topic}: {message.error()}")
                    if offset >= high:  # compaction may have removed the records just below the watermark
                        pending.discard(partition)
                    continue
                if offset < high:
                    records.append(Record(partition, offset, message.key(), message.value(), message.timestamp()[1]))
                if offset + 1 >= high:
                    pending.discard(partition)
        return records
    finally:
        consumer.close()


def room_windows(bootstrap: str, room: str) -> list[dict]:
    """The aggregator's windows of `room` in `processed_emojis` (keyed by room), decoded, in log order."""
    return [json.loads(record.value) for record in read_topic(bootstrap, "processed_emojis")
            if record.key == room.encode() and record.value]


# -- pytest -------------------------------------------------------------------------------------------------

class Processes:
    """Everything one test starts, in its temporary directory: stopped newest first at teardown (dependants
    before what they depend on) whatever happened, and their logs in the report when the test fails."""

    def __init__(self, work_dir: Path):
        self.work_dir = work_dir
        self.started: list[ServiceProcess] = []

    def add(self, process: T) -> T:
        """Registers a process built elsewhere (before it starts, so a failed start still gets stopped)."""
        self.started.append(process)
        return process

    def broker(self, *args: str) -> Broker:
        """A running broker with its own data directory; `args` are extra flags."""
        return self.add(Broker(self._fresh_dir("broker"), *args)).start()

    def gateway(self, brokers: str, *args: str, name: str = "gateway") -> Gateway:
        """A gateway that listens (not necessarily healthy yet)."""
        return self.add(Gateway(name, self.work_dir, brokers, *args)).start()

    def service(self, name: str, executable: str, *args: str, port_file: bool = False) -> ServiceProcess:
        """Any executable, logging to `<name>.log`; with `port_file` it gets a `--port-file` and is returned
        once it wrote its port there (then in `.port`)."""
        argv = [binary(executable), *args]
        if port_file:
            argv += ["--port-file", str(self.work_dir / f"{name}.port")]
        service = self.add(ServiceProcess(name, argv, self.work_dir / f"{name}.log", cwd=self.work_dir)).start()
        if port_file:
            service.wait_for_port_file(self.work_dir / f"{name}.port")
        return service

    def up(self, **options) -> EmoStreamUp:
        """`emostream up` once it is up; `options` as EmoStreamUp takes them."""
        return self.add(EmoStreamUp(self._fresh_dir("up"), **options)).start()

    def stop_all(self) -> None:
        for process in reversed(self.started):
            process.stop()

    def _fresh_dir(self, stem: str) -> Path:
        """`<stem>`, else `<stem>1`, `<stem>2`, …: a test may start more than one broker."""
        candidates = (self.work_dir / f"{stem}{number or ''}" for number in itertools.count())
        directory = next(path for path in candidates if not path.exists())
        directory.mkdir(parents=True)
        return directory


@pytest.fixture
def processes(tmp_path: Path, request: pytest.FixtureRequest):
    """Starts EmoStream processes for one test (see Processes)."""
    started = Processes(tmp_path)
    request.node._emostream_processes = started
    try:
        yield started
    finally:
        started.stop_all()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = (yield).get_result()
    if report.failed and hasattr(item, "_emostream_processes"):
        for process in item._emostream_processes.started:
            report.sections.extend(process.report_sections())
