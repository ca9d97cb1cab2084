"""Runs a small real EmoStream system for the browser tests: `emostream up` with one
cluster of one subscriber, on ports shifted by a random `--port-offset` so it runs
beside anything else on the machine, with its data and logs in a temporary folder.

Readiness is what a viewer needs: the gateway's /health says the registry is loaded
and a subscriber is alive. Stopping sends SIGTERM to `emostream up` (it stops its
children) and, if anything is left after a grace period, kills the process group
that was created for it, so nothing outlives the test session.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

START_TIMEOUT_S = float(os.environ.get("EMOSTREAM_BROWSER_START_TIMEOUT", "120"))
STOP_TIMEOUT_S = 30.0
# Offsets keep every port (5000…9092 plus the offset) below Linux's ephemeral range (32768+).
OFFSET_RANGE = (10_000, 22_000)


class ClusterStartError(RuntimeError):
    """`emostream up` exited or the system never became ready."""


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class EmoStreamCluster:
    """One `emostream up` run: gateway_url, subscriber_port, send(), stop()."""

    def __init__(self, bin_dir: Path, work_dir: Path, window_ms: int = 500, environment: dict[str, str] | None = None):
        self.bin_dir = bin_dir
        self.work_dir = work_dir
        self.window_ms = window_ms
        self.environment = dict(environment or {})
        self.log_dir = work_dir / "logs"
        self.data_dir = work_dir / "data"
        self.output_path = work_dir / "emostream-up.out"
        self.process: subprocess.Popen[bytes] | None = None
        self.offset = 0

    # -- addresses -----------------------------------------------------------------------------

    @property
    def gateway_port(self) -> int:
        return 5000 + self.offset

    @property
    def subscriber_port(self) -> int:
        return 6000 + self.offset

    @property
    def ports(self) -> list[int]:
        return [9092 + self.offset, self.gateway_port, 7000 + self.offset, self.subscriber_port]

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self, attempts: int = 3) -> None:
        last_error: Exception | None = None
        for _ in range(attempts):
            self.offset = self._free_offset()
            try:
                self._start_once()
                return
            except ClusterStartError as error:
                # Another program may have taken one of the ports in the meantime: try other ones.
                last_error = error
                self.stop()
        raise ClusterStartError(f"emostream up did not start in {attempts} attempts: {last_error}")

    def _free_offset(self) -> int:
        for _ in range(200):
            offset = random.randrange(*OFFSET_RANGE)
            self.offset = offset
            if all(port_is_free(port) for port in self.ports):
                return offset
        raise ClusterStartError("found no free set of ports")

    def _start_once(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            str(self.bin_dir / "emostream"), "up",
            "--clusters", "1", "--subscribers-per-cluster", "1",
            "--port-offset", str(self.offset),
            "--data-dir", str(self.data_dir), "--log-dir", str(self.log_dir),
            "--window-ms", str(self.window_ms),
            "--bin-dir", str(self.bin_dir),
            "--stop-timeout-seconds", "10",
        ]
        env = {**os.environ, **self.environment}
        with open(self.output_path, "ab") as output:
            output.write(f"\n===== {' '.join(args)}\n".encode())
            output.flush()
            self.process = subprocess.Popen(
                args, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=self.work_dir, env=env, start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ClusterStartError(
                    f"emostream up exited with status {self.process.returncode}:\n{self.output_tail()}"
                )
            health = self.health()
            if health and health.get("registry_loaded") and health.get("live_subscribers", 0) >= 1:
                return
            time.sleep(0.25)
        raise ClusterStartError(f"not ready within {START_TIMEOUT_S:.0f} s:\n{self.output_tail()}")

    def stop(self) -> None:
        process = self.process
        self.process = None
        if process is None:
            return
        if process.poll() is None:
            # A test that failed between pause and resume leaves `up` stopped; it must be running to stop its children.
            process.send_signal(signal.SIGCONT)
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                pass
        # `up` runs in its own session: whatever of it is left (it, or a child it could not stop) goes now.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=STOP_TIMEOUT_S)

    def is_alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    # -- talking to it -------------------------------------------------------------------------

    def health(self) -> dict | None:
        try:
            with urllib.request.urlopen(self.gateway_url + "/health", timeout=2) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            try:
                return json.load(error)
            except ValueError:
                return None
        except (OSError, ValueError):
            return None

    def post(self, path: str, body: dict) -> tuple[int, dict]:
        request = urllib.request.Request(
            self.gateway_url + path, data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    def subscriber_pids(self) -> list[int]:
        """The ids of this run's subscriber processes (children of our `emostream up`)."""
        if self.process is None:
            return []
        wanted = str(self.subscriber_port)
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
                status = (entry / "status").read_text()
            except OSError:
                continue
            parent = next((line.split()[1] for line in status.splitlines() if line.startswith("PPid:")), "")
            names = [part.decode(errors="replace") for part in argv]
            if parent == str(self.process.pid) and names and names[0].endswith("emostream-subscriber") \
                    and "--port" in names and names[names.index("--port") + 1:][:1] == [wanted]:
                pids.append(int(entry.name))
        return pids

    @property
    def broker_address(self) -> str:
        return f"127.0.0.1:{9092 + self.offset}"

    def wait_for_aggregated(self, room: str, emoji: str, count: int, timeout: float = 60.0) -> None:
        """Waits until the aggregator's windows in `processed_emojis` hold `count` of `emoji` in `room`.

        That is the moment the windows exist upstream of every subscriber, read with a real Kafka client.
        """
        from confluent_kafka import Consumer

        consumer = Consumer({
            "bootstrap.servers": self.broker_address, "group.id": f"browser-test-{random.getrandbits(32)}",
            "auto.offset.reset": "earliest", "enable.auto.commit": False,
        })
        seen = 0
        try:
            consumer.subscribe(["processed_emojis"])
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                message = consumer.poll(0.5)
                if message is None or message.error():
                    continue
                window = json.loads(message.value())
                if window.get("room") == room:
                    seen += window.get("counts", {}).get(emoji, 0)
                if seen >= count:
                    return
        finally:
            consumer.close()
        raise AssertionError(f"the aggregator emitted {seen} of {count} {emoji} in room {room} within {timeout:.0f} s")

    def pause_supervisor(self) -> None:
        """Stops `emostream up` itself (SIGSTOP), so a child that dies is not restarted until resume_supervisor()."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume_supervisor(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)

    # -- diagnostics ---------------------------------------------------------------------------

    def output_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.output_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no output)"

    def log_tails(self, lines: int = 40) -> dict[str, str]:
        tails = {}
        for log in sorted(self.log_dir.glob("*.log")):
            tails[log.name] = "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
        return tails
