"""Runs one emostream-broker process for a test: start, wait until it listens,
kill or stop it, restart it on the same data directory (and, for clients that
must reconnect to the address they bootstrapped from, on the same port).

The broker binds a free port (``--port 0``) and writes that port to
``--port-file`` once it listens; waiting for that file is the only readiness
signal, so tests never race a half-started broker. Its stdout and stderr go
to one log file that survives restarts, so a failing test can show what the
broker said across all of its lives.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

START_TIMEOUT_S = float(os.environ.get("EMOSTREAM_COMPAT_START_TIMEOUT", "30"))
STOP_TIMEOUT_S = 10.0


class BrokerStartError(RuntimeError):
    """The broker exited or never wrote its port file."""


class BrokerProcess:
    def __init__(self, binary: Path, work_dir: Path, extra_args: list[str] | None = None):
        self.binary = binary
        self.work_dir = work_dir
        self.data_dir = work_dir / "data"
        self.log_path = work_dir / "broker.log"
        self.extra_args = list(extra_args or [])
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen[bytes] | None = None
        self.port: int | None = None
        self.starts = 0

    # -- lifecycle ---------------------------------------------------------

    def start(self, port: int | None = None) -> None:
        """Starts the broker on a free port, or on ``port`` (a previous life's, so clients reconnect)."""
        if self.is_alive():
            raise RuntimeError("broker is already running")
        self.starts += 1
        port_file = self.work_dir / f"port-{self.starts}"
        port_file.unlink(missing_ok=True)
        args = [
            str(self.binary),
            "--host", "127.0.0.1",
            "--port", str(port or 0),
            "--port-file", str(port_file),
            "--data-dir", str(self.data_dir),
            "--log-level", os.environ.get("EMOSTREAM_COMPAT_LOG_LEVEL", "info"),
            *self.extra_args,
        ]
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== start #{self.starts}: {' '.join(args)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=self.work_dir,
            )
        self.port = self._wait_for_port(port_file)
        self._wait_until_connectable()

    def _wait_for_port(self, port_file: Path) -> int:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise BrokerStartError(
                    f"broker exited with status {self.process.returncode} before listening;"
                    f" log:\n{self.log_tail()}"
                )
            try:
                text = port_file.read_text()
            except FileNotFoundError:
                text = ""
            if text.endswith("\n") and text.strip().isdigit():
                return int(text.strip())
            time.sleep(0.05)
        self.kill()
        raise BrokerStartError(
            f"broker wrote no port file {port_file} within {START_TIMEOUT_S:.0f}s; log:\n{self.log_tail()}"
        )

    def _wait_until_connectable(self) -> None:
        deadline = time.monotonic() + 5
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise BrokerStartError(f"port file says {self.port} but nothing accepts there")
                time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: the crash the durability promises are about."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT_S)

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL if the broker does not exit in time. Returns the exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self._note(f"broker ignored SIGTERM for {STOP_TIMEOUT_S:.0f}s; sending SIGKILL")
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_S)
        return self.process.returncode

    def restart(self, *, kill: bool = False, same_port: bool = False) -> None:
        """Stops (or kills) the broker and starts it again on the same data directory,
        with ``same_port`` on the port it had, so running clients find it again."""
        previous_port = self.port
        self.kill() if kill else self.stop()
        self.start(previous_port if same_port else None)

    # -- inspection --------------------------------------------------------

    def is_alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def bootstrap(self) -> str:
        if self.port is None:
            raise RuntimeError("broker has not started")
        return f"127.0.0.1:{self.port}"

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_since_last_start(self) -> str:
        text = self.log_text()
        marker = f"===== start #{self.starts}:"
        index = text.rfind(marker)
        return text[index:] if index >= 0 else text

    def log_tail(self, lines: int = 80) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def partition_dir(self, topic: str, partition: int) -> Path:
        return self.data_dir / f"{topic}-{partition}"

    def _note(self, message: str) -> None:
        with open(self.log_path, "a") as log:
            log.write(f"===== test harness: {message}\n")
