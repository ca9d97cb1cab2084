"""Real EmoStream processes for the end-to-end suite: single services, and the
whole cluster through `emostream up`.

Binaries come from EMOSTREAM_BIN_DIR (default .build/debug under the
repository root). Everything binds loopback ports nobody else holds and writes
its log to a file the suite attaches to failure reports; `stop()` always ends
what was started, SIGKILL if SIGTERM is not enough.
"""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = float(os.environ.get("EMOSTREAM_E2E_START_TIMEOUT", "60"))
STOP_TIMEOUT_S = 15.0


class ProcessStartError(RuntimeError):
    """A process exited, or never said it was ready."""


def bin_dir() -> Path:
    configured = Path(os.environ.get("EMOSTREAM_BIN_DIR", ".build/debug"))
    return configured if configured.is_absolute() else REPO_ROOT / configured


def binary(name: str) -> Path:
    path = bin_dir() / name
    if not os.access(path, os.X_OK):
        raise ProcessStartError(f"{path} not found: run `swift build` first or set EMOSTREAM_BIN_DIR")
    return path


def log_tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return f"(no log at {path})"


def stop_process(process: subprocess.Popen, timeout: float = STOP_TIMEOUT_S) -> int:
    """SIGTERM, then SIGKILL when it does not exit in time; returns the exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)
    return process.returncode


class ServiceProcess:
    """One service binary. Ready when its port file holds a port, or when its log matches ``ready_pattern``
    (group 1, if any, is the port)."""

    def __init__(
        self, name: str, executable: str, args: list[str], work_dir: Path, *,
        port_file: bool = False, ready_pattern: str | None = None,
    ) -> None:
        self.name = name
        self.log_path = work_dir / f"{name}.log"
        self.port_file = work_dir / f"{name}.port" if port_file else None
        self.ready_pattern = re.compile(ready_pattern) if ready_pattern else None
        self.port: int | None = None
        command = [str(binary(executable)), *args]
        if self.port_file is not None:
            command += ["--port-file", str(self.port_file)]
        with open(self.log_path, "ab") as log:
            log.write(f"===== {' '.join(command)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=work_dir,
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.kill()
            raise

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ProcessStartError(
                    f"{self.name} exited with {self.process.returncode} before it was ready:\n{log_tail(self.log_path)}"
                )
            if self.port_file is not None:
                text = self.port_file.read_text() if self.port_file.exists() else ""
                if text.endswith("\n") and text.strip().isdigit():
                    self.port = int(text)
                    return
            elif self.ready_pattern is not None:
                match = self.ready_pattern.search(self.log_path.read_text(errors="replace"))
                if match:
                    self.port = int(match.group(1)) if match.groups() else None
                    return
            else:
                return
            time.sleep(0.05)
        raise ProcessStartError(f"{self.name} not ready after {START_TIMEOUT_S:.0f}s:\n{log_tail(self.log_path)}")

    @property
    def pid(self) -> int:
        return self.process.pid

    def is_alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: a crash, nothing flushed, nothing said goodbye."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT_S)

    def stop(self) -> int:
        return stop_process(self.process)


# ---------------------------------------------------------------- emostream up

def _ephemeral_port_floor() -> int:
    """The lowest port the kernel hands out as a client's source port.

    Listening ports must stay below it: a health probe dialling a port nobody listens on yet can otherwise be
    given that same port as its source and connect to itself (TCP simultaneous open), which blocks the service's
    bind for a minute.
    """
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


class UpCluster:
    """`emostream up` on a free port offset: broker, gateway, aggregator, publishers and subscribers as its
    children, each with its log in ``log_dir``."""

    def __init__(
        self, work_dir: Path, *, clusters: int = 3, subscribers_per_cluster: int = 3,
        window_ms: int | None = None, environment: dict[str, str] | None = None,
    ) -> None:
        self.work_dir = work_dir
        self.clusters = clusters
        self.subscribers_per_cluster = subscribers_per_cluster
        self.window_ms = window_ms
        self.environment = dict(environment or {})
        self.data_dir = work_dir / "data"
        self.log_dir = work_dir / "logs"
        self.stdout_path = work_dir / "up.stdout"
        self.stderr_path = work_dir / "up.stderr"
        self.process: subprocess.Popen | None = None
        self.offset = 0
        # pid → process start time (clock ticks since boot): a pid is only signalled while it is still that process.
        self._children: dict[int, int] = {}

    # -- ports, as ClusterTopology lays them out

    def ports(self, offset: int) -> list[int]:
        """Every port `up` listens on: each service's own, its metrics port (+10 000; the gateway serves
        metrics on its API port) and the aggregator's metrics port (15001)."""
        subscribers = self.clusters * self.subscribers_per_cluster
        own = [9092 + offset] + [7000 + offset + c for c in range(self.clusters)] + [
            6000 + offset + s for s in range(subscribers)]
        return [5000 + offset, 15_001 + offset] + own + [port + 10_000 for port in own]

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{5000 + self.offset}"

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{9092 + self.offset}"

    def subscriber_port(self, cluster: int, subscriber: int) -> int:
        return 6000 + self.offset + self.subscribers_per_cluster * cluster + subscriber

    # -- lifecycle

    def start(self, attempts: int = 5) -> None:
        ceiling = _ephemeral_port_floor() - max(self.ports(0)) - 1
        last_error = ""
        for _ in range(attempts):
            offset = random.randrange(1000, max(1001, ceiling))
            if not all(_port_is_free(port) for port in self.ports(offset)):
                continue
            try:
                self._launch(offset)
                return
            except ProcessStartError as error:
                last_error = str(error)
                self.stop()
                if "already in use" not in last_error:
                    raise
        raise ProcessStartError(f"no free port offset after {attempts} attempts; last error:\n{last_error}")

    def _launch(self, offset: int) -> None:
        self.offset = offset
        command = [
            str(binary("emostream")), "up", "--port-offset", str(offset), "--bin-dir", str(bin_dir()),
            "--data-dir", str(self.data_dir), "--log-dir", str(self.log_dir),
            "--clusters", str(self.clusters), "--subscribers-per-cluster", str(self.subscribers_per_cluster),
            "--host", "127.0.0.1",
        ]
        if self.window_ms is not None:
            command += ["--window-ms", str(self.window_ms)]
        environment = {**os.environ, **self.environment}
        with open(self.stdout_path, "wb") as stdout, open(self.stderr_path, "ab") as stderr:
            self.process = subprocess.Popen(
                command, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, env=environment,
                cwd=self.work_dir,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while "EmoStream is up." not in self.stdout_path.read_text(errors="replace"):
            if self.process.poll() is not None:
                raise ProcessStartError(
                    f"emostream up exited with {self.process.returncode}:\n{log_tail(self.stderr_path)}"
                )
            if time.monotonic() > deadline:
                raise ProcessStartError(f"emostream up not up after {START_TIMEOUT_S:.0f}s:\n{log_tail(self.stderr_path)}")
            self._note_children()
            time.sleep(0.1)
        self._note_children()

    def _note_children(self) -> None:
        """Remembers every child ever seen, so a stop can reach children `up` failed to stop."""
        for pid in self.children():
            started = _start_time(pid)
            if started is not None:
                self._children[pid] = started

    def children(self) -> dict[int, str]:
        """pid → service name (`aggregator`, `subscriber-1-2`, …) of `up`'s running children."""
        if self.process is None:
            return {}
        found: dict[int, str] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if ppid != self.process.pid:
                    continue
                argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
            except (OSError, IndexError, ValueError):
                continue
            found[int(entry.name)] = _service_name(argv)
        return found

    def pid_of(self, service: str) -> int | None:
        return next((pid for pid, name in self.children().items() if name == service), None)

    def wait_for_pid(self, service: str, *, other_than: int | None = None, timeout: float = 30.0) -> int:
        """The pid of the running `service`; with ``other_than``, of a new one (a restart)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid = self.pid_of(service)
            if pid is not None and pid != other_than:
                self._note_children()
                return pid
            time.sleep(0.05)
        raise AssertionError(f"emostream up did not (re)start {service} within {timeout:.0f}s:\n{log_tail(self.stderr_path)}")

    def kill(self, service: str) -> int:
        """SIGKILLs one child; returns its pid."""
        pid = self.pid_of(service)
        assert pid is not None, f"{service} is not running"
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> int | None:
        """Stops `up` (which stops its children) and then SIGKILLs any child it left behind."""
        if self.process is None:
            return None
        self._note_children()
        status = stop_process(self.process, timeout=STOP_TIMEOUT_S + 15)
        for pid, started in self._children.items():
            if _start_time(pid) != started:
                continue  # gone (or the pid now belongs to someone else)
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        return status

    def log_paths(self) -> list[Path]:
        paths = [self.stderr_path]
        if self.log_dir.exists():
            paths += sorted(self.log_dir.glob("*.log"))
        return paths


def _start_time(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def _service_name(argv: list[str]) -> str:
    executable = Path(argv[0]).name if argv else "?"
    short = executable.removeprefix("emostream-")

    def flag(name: str) -> str:
        return argv[argv.index(name) + 1] if name in argv and argv.index(name) + 1 < len(argv) else "?"

    if short == "subscriber":
        return f"subscriber-{flag('--cluster')}-{flag('--subscriber')}"
    if short == "cluster-publisher":
        return f"cluster-publisher-{flag('--cluster')}"
    return short
