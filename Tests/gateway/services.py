"""Real emostream-broker and emostream-gateway processes for the gateway suite.

Each process logs to a file that survives restarts, so a failing test can show what it said in every life.
The broker binds a free port (``--port 0``) and names it in ``--port-file``; a restart binds the same port
again, so the gateway, which knows the broker only by address, finds it there. The gateway also binds
``--port 0`` and names its port in its first JSON log line ``Gateway listening`` (``net.port``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

START_TIMEOUT_S = float(os.environ.get("EMOSTREAM_GATEWAY_TEST_START_TIMEOUT", "60"))
STOP_TIMEOUT_S = 10.0


class ServiceStartError(RuntimeError):
    """A process exited, or never said it was listening."""


class Service:
    """One executable restarted any number of times with the same log file."""

    name = "service"

    def __init__(self, binary: Path, work_dir: Path):
        self.binary = binary
        self.work_dir = work_dir
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = work_dir / f"{self.name}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def _spawn(self, args: list[str]) -> None:
        if self.is_alive():
            raise RuntimeError(f"{self.name} is already running")
        self.starts += 1
        environment = dict(os.environ, EMOSTREAM_LOG_FORMAT="json")
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== start #{self.starts}: {' '.join(args)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.work_dir,
                env=environment,
            )

    def _check_running(self) -> None:
        assert self.process is not None
        if self.process.poll() is not None:
            raise ServiceStartError(
                f"{self.name} exited with status {self.process.returncode}; log:\n{self.log_tail()}"
            )

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or an OOM kill."""
        if self.is_alive():
            assert self.process is not None
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT_S)

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL if the process does not exit in time. Returns the exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_S)
        return self.process.returncode

    def is_alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_since_last_start(self) -> str:
        text = self.log_text()
        index = text.rfind(f"===== start #{self.starts}:")
        return text[index:] if index >= 0 else text

    def log_tail(self, lines: int = 80) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


class Broker(Service):
    """emostream-broker on loopback with its own data directory."""

    name = "broker"

    def __init__(self, binary: Path, work_dir: Path, extra_args: list[str] | None = None):
        super().__init__(binary, work_dir)
        self.data_dir = work_dir / "data"
        self.extra_args = list(extra_args or [])
        self.port: int | None = None

    def start(self) -> None:
        """Starts on the port of the previous life, or on a free one the first time."""
        port_file = self.work_dir / f"port-{self.starts + 1}"
        port_file.unlink(missing_ok=True)
        self._spawn([
            str(self.binary), "--host", "127.0.0.1", "--port", str(self.port or 0), "--port-file", str(port_file),
            "--data-dir", str(self.data_dir), *self.extra_args,
        ])
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            self._check_running()
            text = port_file.read_text() if port_file.exists() else ""
            if text.endswith("\n") and text.strip().isdigit():
                self.port = int(text.strip())
                return
            time.sleep(0.05)
        self.kill()
        raise ServiceStartError(f"broker wrote no port file within {START_TIMEOUT_S:.0f}s; log:\n{self.log_tail()}")

    @property
    def bootstrap(self) -> str:
        if self.port is None:
            raise RuntimeError("broker has not started")
        return f"127.0.0.1:{self.port}"


class Gateway(Service):
    """emostream-gateway on loopback pointed at one broker."""

    name = "gateway"

    def __init__(self, binary: Path, work_dir: Path, bootstrap: str, extra_args: list[str] | None = None):
        super().__init__(binary, work_dir)
        self.bootstrap = bootstrap
        self.extra_args = list(extra_args or [])
        self.port: int | None = None

    def start(self) -> None:
        """Starts and waits until `/health` answers 200 (broker reachable, registry loaded)."""
        self._spawn([
            str(self.binary), "--host", "127.0.0.1", "--port", "0", "--brokers", self.bootstrap,
            "--secret", "gateway-suite-secret", *self.extra_args,
        ])
        self.port = None
        deadline = time.monotonic() + START_TIMEOUT_S
        while self.port is None:
            self._check_running()
            if time.monotonic() > deadline:
                self.kill()
                raise ServiceStartError(f"gateway never said it was listening; log:\n{self.log_tail()}")
            self.port = self._listening_port()
            time.sleep(0.05)
        while not self.is_healthy():
            self._check_running()
            if time.monotonic() > deadline:
                raise ServiceStartError(f"gateway never became healthy; log:\n{self.log_tail()}")
            time.sleep(0.1)

    def _listening_port(self) -> int | None:
        for line in self.log_since_last_start().splitlines():
            if '"Gateway listening"' in line:
                return int(json.loads(line)["net.port"])
        return None

    def is_healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("gateway has not started")
        return f"http://127.0.0.1:{self.port}"
