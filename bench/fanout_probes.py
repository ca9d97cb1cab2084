"""Measuring helpers for bench/fanout_bench.py: client worker processes, process memory and CPU, the
aggregator's window close times, and registering many clients through the gateway."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from confluent_kafka import OFFSET_END, Consumer, TopicPartition

import fanout_clients

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- processes

def _proc_text(pid: int, name: str) -> str:
    try:
        return Path(f"/proc/{pid}/{name}").read_text()
    except FileNotFoundError:
        raise RuntimeError(f"server process {pid} is gone: it crashed or was restarted (see the service logs)") from None


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of ``pids`` together (VmRSS)."""
    total = 0
    for pid in pids:
        for line in _proc_text(pid, "status").splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of ``pids`` so far."""
    total = 0
    for pid in pids:
        fields = _proc_text(pid, "stat").rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


# ---------------------------------------------------------------- client workers

class WorkerPool:
    """One probe worker (timestamps windows) and ``bulk`` workers (count them), as separate processes."""

    def __init__(self, bulk: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.workers = []
        for probe in [True] + [False] * bulk:
            ours, theirs = context.Pipe()
            process = context.Process(target=fanout_clients.worker_main, args=(theirs, probe), daemon=True)
            process.start()
            self.workers.append((process, ours))

    def _all(self, command: tuple, timeout: float) -> list[tuple]:
        for _, pipe in self.workers:
            pipe.send(command)
        answers = []
        for process, pipe in self.workers:
            if not pipe.poll(timeout):
                raise TimeoutError(f"client worker {process.pid} did not answer {command[0]} within {timeout:.0f}s")
            answers.append(pipe.recv())
        return answers

    def connect(self, probe_specs: list[dict], bulk_specs: list[dict], timeout: float = 300) -> tuple[int, list[str]]:
        """Opens every connection; probe_specs go to the probe worker, bulk_specs are split over the others."""
        bulk = self.workers[1:]
        shares = [probe_specs] + [bulk_specs[i::len(bulk)] for i in range(len(bulk))]
        for (_, pipe), share in zip(self.workers, shares):
            pipe.send(("connect", share))
        connected, failures = 0, []
        for process, pipe in self.workers:
            if not pipe.poll(timeout):
                raise TimeoutError(f"client worker {process.pid} still connecting after {timeout:.0f}s")
            _, ok, failed = pipe.recv()
            connected += ok
            failures += failed
        return connected, failures

    def reset(self) -> float:
        return min(answer[1] for answer in self._all(("reset",), 60))

    def report(self) -> dict:
        answers = self._all(("report",), 120)
        counts: dict[str, int] = {}
        for answer in answers:
            for room, count in answer[1].items():
                counts[room] = counts.get(room, 0) + count
        return {
            "at": time.time(), "counts": counts, "probe_samples": answers[0][2],
            "closed": [reason for answer in answers for reason in answer[3]],
        }

    def close(self) -> None:
        for process, pipe in self.workers:
            try:
                pipe.send(("close",))
            except OSError:
                pass
        for process, _ in self.workers:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()


# ---------------------------------------------------------------- window close times

class CloseTimes:
    """Follows `processed_emojis` from its end: (room, seq) → (record timestamp ms, window_end ms, total).

    The aggregator produces a window the moment it closes it and lets the client library stamp the record, so
    the record timestamp is the window's close time.
    """

    def __init__(self, bootstrap: str) -> None:
        self.consumer = Consumer({
            "bootstrap.servers": bootstrap, "group.id": f"fanout-bench-{os.getpid()}", "enable.auto.commit": False,
        })
        partitions = self.consumer.list_topics("processed_emojis", timeout=30).topics["processed_emojis"].partitions
        self.consumer.assign([TopicPartition("processed_emojis", p, OFFSET_END) for p in partitions])
        self.windows: dict[tuple[str, int], tuple[int, int, int]] = {}
        self.example: bytes | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            message = self.consumer.poll(0.2)
            if message is None or message.error():
                continue
            record = json.loads(message.value())
            self.windows[(record["room"], record["seq"])] = (
                message.timestamp()[1], record["window_end"], record["total"])
            if record["room"] == "main":
                self.example = message.value()

    def between(self, start_s: float, end_s: float, room: str | None = None) -> set[tuple[str, int]]:
        """Windows closed in [start, end] (seconds since the epoch)."""
        return {key for key, (closed, _, _) in dict(self.windows).items()
                if start_s * 1000 <= closed <= end_s * 1000 and (room is None or key[0] == room)}

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.consumer.close()


# ---------------------------------------------------------------- registrations

def register_clients(gateway_port: int, client_ids: list[str], threads: int = 16) -> list[dict]:
    """POST /register_client for every id over keep-alive connections; the `assigned_subscriber` answers."""
    local = threading.local()

    def register(client_id: str) -> dict:
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection("127.0.0.1", gateway_port, timeout=30)
        body = json.dumps({"client_id": client_id})
        for attempt in range(5):
            try:
                local.connection.request("POST", "/register_client", body, {"Content-Type": "application/json"})
                answer = local.connection.getresponse()
                payload = json.loads(answer.read())
            except (OSError, http.client.HTTPException):
                local.connection.close()
                local.connection = http.client.HTTPConnection("127.0.0.1", gateway_port, timeout=30)
                continue
            if answer.status == 200:
                return {"client_id": client_id, **payload["assigned_subscriber"]}
            time.sleep(0.2 * (attempt + 1))
        raise RuntimeError(f"could not register {client_id}: {answer.status} {payload}")

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(register, client_ids))
