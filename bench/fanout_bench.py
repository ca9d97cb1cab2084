"""Fan-out benchmark: EmoStream's window delivery to 10,000 connected clients against NATS core fanning the
same message to the same number of subscriber connections, on this machine, loopback only.

Prints numbers and never judges them. Run through bench/fanout-bench.sh, which installs what is missing,
builds release binaries and raises the open-file limit.

EmoStream (`emostream up`: 3 clusters × 3 subscribers), clients registered through the gateway and connected
over EFP to the subscriber it assigned, every client following rooms `main` and `direct`:
- pipeline: `emostream send` processes offer --emoji-rate reactions/s to room `main` through the gateway;
  the aggregator closes one window per --window-ms; latency = client receipt − the window's close (the
  `processed_emojis` record timestamp, stamped when the aggregator produces the closed window);
- fan-out only: no reactions; a window per --window-ms is produced straight to `processed_emojis` (room
  `direct`), so the fan-out tree is measured without the ingest load beside it.
NATS core (`nats-server`): as many subscriber connections on one subject; one message per --window-ms, the
aggregator's JSON record of a real window as payload; latency = client receipt − publish.

Latency is measured by a separate, lightly loaded probe process holding --probe-clients of the connections
(a sample); the others are held by --bulk-workers processes that only count deliveries.
Memory per connection = resident-memory growth of the server processes (the 9 subscribers; nats-server)
from before the clients connected to after, divided by the clients. Server CPU counts the fan-out tree (3
cluster publishers and 9 subscribers; nats-server), at idle with every client connected (keepalives: EFP
pings silent viewers every 10 s, NATS every 2 min) and while delivering.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "bench"))
sys.path.insert(0, str(REPO_ROOT / "Tests" / "e2e"))
sys.path.insert(0, str(REPO_ROOT / "Tests" / "compat"))
sys.path.insert(0, str(REPO_ROOT / "Tests" / "pyharness"))

from broker_bench import Processes, percentile, wait_for  # noqa: E402
from emostream_harness import binary, free_port  # noqa: E402
from fanout_probes import CloseTimes, WorkerPool, cpu_seconds, register_clients, rss_bytes  # noqa: E402

SUBJECT = "emostream.main"
# A window counts as missed by a probe only if it went out at least this long before the measurement ended.
MISSED_MARGIN_S = 3.0


def log(message: str) -> None:
    print(f"[fanout-bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Row:
    """One column of the final table."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.values: dict[str, float | None] = {}
        self.notes: list[str] = []


def latency_stats(row: Row, latencies_ms: list[float], prefix: str = "latency") -> None:
    if latencies_ms:
        row.values[f"{prefix} p50 ms"] = percentile(latencies_ms, 0.50)
        row.values[f"{prefix} p99 ms"] = percentile(latencies_ms, 0.99)
        row.values[f"{prefix} max ms"] = max(latencies_ms)
    row.values[f"{prefix} samples"] = len(latencies_ms)


def delivery_stats(row: Row, report: dict, room: str, started: float, windows_in_interval: int, clients: int,
                   missed: int, probe_windows: int) -> None:
    interval = report["at"] - started
    delivered = report["counts"].get(room, 0)
    row.values["windows published/s"] = windows_in_interval / interval
    row.values["deliveries/s"] = delivered / interval
    row.values["delivered / (published × clients) %"] = (
        100 * delivered / (windows_in_interval * clients) if windows_in_interval and clients else None)
    row.values["probe windows missed"] = missed
    row.values["probe windows received"] = probe_windows
    if report["closed"]:
        row.notes.append(f"connections closed during the run: {report['closed'][:3]}")


def idle_cpu_rate(pids: list[int], seconds: float) -> float:
    """CPU seconds per second the servers use with every client connected and nothing to deliver (keepalives,
    heartbeats, timers): subtracted from a run's CPU to get what the deliveries cost."""
    before = cpu_seconds(pids)
    time.sleep(seconds)
    return (cpu_seconds(pids) - before) / seconds


def cpu_stats(row: Row, cpu_used: float, seconds: float, idle_rate: float, delivered: int) -> None:
    row.values["server CPU % idle, clients connected"] = 100 * idle_rate
    row.values["server CPU % while delivering"] = 100 * cpu_used / seconds
    above_idle = max(0.0, cpu_used - idle_rate * seconds)
    row.values["server CPU s per 100k deliveries above idle"] = (
        above_idle / delivered * 100_000 if delivered else None)


# ---------------------------------------------------------------- EmoStream

class EmoStreamBench:
    def __init__(self, args: argparse.Namespace, work: Path, procs: Processes) -> None:
        self.args = args
        self.work = work
        self.procs = procs
        self.example_record: bytes | None = None

    def run(self) -> list[Row]:
        from emostream_harness import EmoStreamUp, wait_until_healthy
        from window_feeder import WindowFeeder

        args = self.args
        cluster = EmoStreamUp(self.work / "emostream", options=["--window-ms", str(args.window_ms)])
        log("starting emostream up (3 clusters × 3 subscribers)")
        cluster.start()
        pool = closes = None
        try:
            wait_until_healthy(cluster.gateway_url, live_subscribers=9)
            children = cluster.services()
            subscribers = [pid for pid, name in children.items() if name.startswith("subscriber-")]
            tree = subscribers + [pid for pid, name in children.items() if name.startswith("cluster-publisher-")]
            rss_before = rss_bytes(subscribers)

            log(f"registering {args.clients:,} clients through the gateway")
            started = time.monotonic()
            assignments = register_clients(int(cluster.gateway_url.rsplit(":", 1)[1]),
                                           [f"bench-{i}" for i in range(args.clients)])
            registration_rate = args.clients / (time.monotonic() - started)
            spread = Counter(f"{a['cluster_id']}-{a['subscriber_id']}" for a in assignments)
            specs = [{"kind": "efp", "host": "127.0.0.1", "port": a["port"], "client_id": a["client_id"],
                      "token": a["token"], "rooms": ["main", "direct"]} for a in assignments]

            log(f"connecting {len(specs):,} EFP clients ({args.probe_clients} probes)")
            pool = WorkerPool(args.bulk_workers)
            started = time.monotonic()
            connected, failures = pool.connect(specs[:args.probe_clients], specs[args.probe_clients:])
            connect_seconds = time.monotonic() - started
            if failures:
                log(f"connection failures: {failures}")
            time.sleep(3)
            rss_connected = rss_bytes(subscribers)
            self.idle_rate = idle_cpu_rate(tree, args.idle_seconds)
            closes = CloseTimes(cluster.bootstrap)

            pipeline = Row("EmoStream pipeline")
            pipeline.values["connected clients"] = connected
            pipeline.values["RSS per connection KiB"] = (rss_connected - rss_before) / max(connected, 1) / 1024
            pipeline.notes.append(
                f"registered {args.clients:,} clients at {registration_rate:,.0f}/s; spread over subscribers:"
                f" {dict(sorted(spread.items()))}; connected in {connect_seconds:.1f}s")
            self._pipeline(cluster, pool, closes, tree, subscribers, rss_before, pipeline)

            direct = Row("EmoStream fan-out only")
            direct.values["connected clients"] = connected
            time.sleep(2 * args.window_ms / 1000)  # the aggregator's last windows go out first
            feeder = WindowFeeder(cluster.bootstrap, ["direct"], window_ms=args.window_ms).start()
            try:
                self._measure(pool, closes, tree, "direct", direct, connected)
            finally:
                feeder.stop()
            self.example_record = closes.example
            return [pipeline, direct]
        finally:
            if pool is not None:
                pool.close()
            if closes is not None:
                closes.stop()
            log("stopping emostream up")
            cluster.stop()

    def _pipeline(self, cluster, pool, closes, tree, subscribers, rss_before, row: Row) -> None:
        args = self.args
        seconds = args.warmup + args.duration + 60  # more than needed: stopped once measured
        per_sender = args.emoji_rate // args.senders
        users = max(100, per_sender // 5)  # 5 reactions/s per user: well inside the gateway's per-user limit
        emojis = ["❤️", "😂", "🔥", "👏", "😮", "🎉"]
        log(f"offering {args.emoji_rate:,} emoji/s through {args.senders} `emostream send` processes")
        senders = []
        for index in range(args.senders):
            command = [binary("emostream"), "send", emojis[index % len(emojis)],
                       "--count", str(per_sender * seconds), "--rate", str(per_sender), "--room", "main",
                       "--batch", "--batch-size", "100", "--users", str(users), "--user-id", f"load{index}",
                       "--concurrency", str(args.sender_concurrency), "--gateway", cluster.gateway_url]
            senders.append(self.procs.start(command, self.work / f"send-{index}.log"))
        try:
            report = self._measure(pool, closes, tree, "main", row, row.values["connected clients"])
            row.values["RSS per connection under load KiB"] = (
                (rss_bytes(subscribers) - rss_before) / max(row.values["connected clients"], 1) / 1024)
        finally:
            for sender in senders:
                self.procs.stop(sender)
        # What went through: the reactions counted in the windows that closed while measuring.
        counted = sum(closes.windows[key][2] for key in closes.between(report["started"], report["at"], "main"))
        row.values["emoji/s counted by the aggregator"] = counted / (report["at"] - report["started"])
        swarm = [t * 1000 - closes.windows[(room, seq)][1]
                 for samples in report["probe_samples"] for room, seq, t in samples
                 if room == "main" and (room, seq) in closes.windows]
        latency_stats(row, swarm, prefix="window end→client")

    def _measure(self, pool, closes, tree, room: str, row: Row, clients: int) -> dict:
        """Counts deliveries of ``room`` for --duration seconds after --warmup; returns the workers' report."""
        time.sleep(self.args.warmup)
        cpu_before = cpu_seconds(tree)
        started = pool.reset()
        log(f"measuring room {room} for {self.args.duration}s")
        time.sleep(self.args.duration)
        report = pool.report()
        report["started"] = started
        cpu_used = cpu_seconds(tree) - cpu_before
        time.sleep(1)  # close times of the last windows
        inner = closes.between(started + 1, report["at"] - MISSED_MARGIN_S, room)
        latencies, missed, received = [], 0, 0
        for samples in report["probe_samples"]:
            seen = {(r, s) for r, s, _ in samples if r == room}
            missed += len(inner - seen)
            received += len(seen)
            latencies += [t * 1000 - closes.windows[(r, s)][0] for r, s, t in samples
                          if r == room and (r, s) in closes.windows]
        latency_stats(row, latencies)
        delivery_stats(row, report, room, started, len(closes.between(started, report["at"], room)), clients,
                       missed, received)
        delivered = report["counts"].get(room, 0)
        cpu_stats(row, cpu_used, report["at"] - started, self.idle_rate, delivered)
        return report


# ---------------------------------------------------------------- NATS core

class NatsPublisher:
    """A raw NATS core connection that publishes one message per window and remembers when."""

    def __init__(self, port: int, payload: dict, window_ms: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.recv(4096)  # INFO
        self.sock.sendall(b'CONNECT {"verbose":false,"pedantic":false,"protocol":1,"name":"fanout-bench-pub"}\r\n')
        self.payload = payload
        self.window_ms = window_ms
        self.published: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            now_ms = time.time() * 1000
            self._stop.wait((self.window_ms - now_ms % self.window_ms) / 1000)
            seq = int(time.time() * 1000) // self.window_ms - 1
            body = json.dumps({**self.payload, "seq": seq, "room": "main"}).encode()
            self.published[seq] = time.time()
            self.sock.sendall(f"PUB {SUBJECT} {len(body)}\r\n".encode() + body + b"\r\n")

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.sock.close()


def run_nats(args: argparse.Namespace, work: Path, procs: Processes, example: bytes | None) -> Row:
    row = Row("NATS core")
    port = free_port()
    server = procs.start(["nats-server", "-a", "127.0.0.1", "-p", str(port)], work / "nats-server.log")
    pool = publisher = None
    try:
        wait_for(lambda: _connectable(port), 15, "nats-server")
        rss_before = rss_bytes([server.pid])
        specs = [{"kind": "nats", "host": "127.0.0.1", "port": port, "subject": SUBJECT} for _ in range(args.clients)]
        log(f"connecting {len(specs):,} NATS subscriber connections")
        pool = WorkerPool(args.bulk_workers)
        connected, failures = pool.connect(specs[:args.probe_clients], specs[args.probe_clients:])
        if failures:
            log(f"connection failures: {failures}")
        time.sleep(3)
        row.values["connected clients"] = connected
        row.values["RSS per connection KiB"] = (rss_bytes([server.pid]) - rss_before) / max(connected, 1) / 1024
        idle_rate = idle_cpu_rate([server.pid], args.idle_seconds)
        payload = json.loads(example) if example else {
            "room": "main", "window_start": 0, "window_end": 0, "total": 20000,
            "counts": {"❤️": 5000, "😂": 5000, "🔥": 5000, "👏": 5000}, "scaled": {"❤️": 5, "😂": 5, "🔥": 5, "👏": 5},
        }
        row.notes.append(f"payload: the aggregator's JSON record of a real window, {len(json.dumps(payload).encode())} bytes")
        publisher = NatsPublisher(port, payload, args.window_ms)
        time.sleep(args.warmup)
        cpu_before = cpu_seconds([server.pid])
        started = pool.reset()
        log(f"measuring NATS for {args.duration}s")
        time.sleep(args.duration)
        report = pool.report()
        cpu_used = cpu_seconds([server.pid]) - cpu_before
        published = dict(publisher.published)
        inner = {seq for seq, at in published.items() if started + 1 <= at <= report["at"] - MISSED_MARGIN_S}
        latencies, missed, received = [], 0, 0
        for samples in report["probe_samples"]:
            seen = {seq for _, seq, _ in samples}
            missed += len(inner - seen)
            received += len(seen)
            latencies += [(t - published[seq]) * 1000 for _, seq, t in samples if seq in published]
        latency_stats(row, latencies)
        in_interval = sum(1 for at in published.values() if started <= at <= report["at"])
        delivery_stats(row, report, "main", started, in_interval, connected, missed, received)
        delivered = report["counts"].get("main", 0)
        cpu_stats(row, cpu_used, report["at"] - started, idle_rate, delivered)
        return row
    finally:
        if publisher is not None:
            publisher.stop()
        if pool is not None:
            pool.close()
        procs.stop(server)


def _connectable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


# ---------------------------------------------------------------- report

METRICS = [
    ("connected clients", 0), ("windows published/s", 2), ("deliveries/s", 0),
    ("delivered / (published × clients) %", 1), ("latency p50 ms", 1), ("latency p99 ms", 1),
    ("latency max ms", 1), ("latency samples", 0), ("probe windows received", 0), ("probe windows missed", 0),
    ("RSS per connection KiB", 2), ("RSS per connection under load KiB", 2),
    ("server CPU % idle, clients connected", 1), ("server CPU % while delivering", 1),
    ("server CPU s per 100k deliveries above idle", 3), ("window end→client p50 ms", 1), ("window end→client p99 ms", 1),
    ("emoji/s counted by the aggregator", 0),
]


def print_report(args: argparse.Namespace, rows: list[Row]) -> None:
    print()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Fan-out benchmark — {args.clients:,} clients, window {args.window_ms} ms, {args.emoji_rate:,} emoji/s"
          f" offered in the pipeline run, {args.duration}s per measurement, {os.cpu_count()} cores, load average"
          f" now {load}")
    nats = next((row for row in rows if row.name == "NATS core"), None)
    ours = [row for row in rows if row is not nats]
    columns = rows + ([Row(f"{row.name} / NATS") for row in ours] if nats else [])
    for row in ours:
        if nats:
            ratios = next(c for c in columns if c.name == f"{row.name} / NATS")
            for metric, _ in METRICS:
                a, b = row.values.get(metric), nats.values.get(metric)
                ratios.values[metric] = a / b if a is not None and b else None
    width = max(len(c.name) for c in columns) + 2
    print(f"{'':38}" + "".join(f"{c.name:>{width}}" for c in columns))
    for metric, digits in METRICS:
        if all(c.values.get(metric) is None for c in columns):
            continue
        cells = []
        for c in columns:
            value = c.values.get(metric)
            ratio = c.name.endswith("/ NATS")
            cells.append("-" if value is None else (f"{value:.2f}×" if ratio else f"{value:,.{digits}f}"))
        print(f"{metric:38}" + "".join(f"{cell:>{width}}" for cell in cells))
    print()
    for row in rows:
        for note in row.notes:
            print(f"{row.name}: {note}")
    print("latency: EmoStream from the window's close (aggregator produce) through broker, cluster publisher and"
          " subscriber to the client; NATS from publish through nats-server to the client. Completeness: the probes"
          " check every window by seq (missed); the delivered/(published × clients) ratio only counts, and windows"
          " in flight at the edges of the measurement blur it."
          " Ratios: higher deliveries/s is better for us; lower latency, memory and CPU are better for us.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin-dir", required=True, type=Path, help="release binaries of the package")
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--emoji-rate", type=int, default=20_000)
    parser.add_argument("--window-ms", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=20, help="seconds measured per run")
    parser.add_argument("--warmup", type=int, default=5, help="seconds before each measurement")
    parser.add_argument("--idle-seconds", type=int, default=10,
                        help="CPU baseline with clients connected and no windows: one EFP keepalive interval")
    parser.add_argument("--probe-clients", type=int, default=300)
    parser.add_argument("--bulk-workers", type=int, default=2)
    parser.add_argument("--senders", type=int, default=2, help="`emostream send` processes in the pipeline run")
    parser.add_argument("--sender-concurrency", type=int, default=64, help="requests in flight per sender")
    parser.add_argument("--skip-nats", action="store_true")
    parser.add_argument("--results-dir", type=Path, default=REPO_ROOT / "bench" / "results")
    args = parser.parse_args()
    os.environ["EMOSTREAM_BIN_DIR"] = str(args.bin_dir.resolve())
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run every cleanup on timeout's SIGTERM too

    work = Path(tempfile.mkdtemp(prefix="fanout-bench-"))
    procs = Processes()
    rows: list[Row] = []
    try:
        emostream = EmoStreamBench(args, work, procs)
        rows += emostream.run()
        if args.skip_nats:
            log("--skip-nats: no NATS row")
        elif shutil.which("nats-server") is None:
            log("nats-server is not installed: no NATS row (apt-get install nats-server)")
        else:
            rows.append(run_nats(args, work, procs, emostream.example_record))
    except BaseException:
        log(f"failed; service logs are in {work}")
        raise
    finally:
        procs.stop_all()
    print_report(args, rows)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    result_file = args.results_dir / f"fanout-{time.strftime('%Y%m%d-%H%M%S')}.json"
    result_file.write_text(json.dumps({row.name: {"values": row.values, "notes": row.notes} for row in rows},
                                      indent=2, ensure_ascii=False))
    print(f"\nresults: {result_file}; service logs: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
