"""Broker benchmark: emostream-broker against Redis Streams and NATS JetStream
(when nats-server and a Go toolchain are installed) on this machine, loopback only.

Prints numbers and never judges them. Every server it starts runs on a free
127.0.0.1 port with a temporary data directory, every step has a time limit,
and everything is stopped and removed on exit, also on Ctrl-C or an error.

Workload (same for every system where the tools allow):
- produce: N records of 100 bytes, acks=all / durable reply, pipelined;
- consume: read all N back from the start;
- latency: R records/s for D seconds, the send time in the payload, measured
  when a blocking consumer receives it (p50/p99 of produce-to-consume).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "pyharness"))

from emostream_harness import free_port, stop_process  # noqa: E402

RECORD_BYTES = 100


@dataclass
class Result:
    name: str
    tool: str
    produce_rps: float | None = None
    consume_rps: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def produce_mbps(self) -> float | None:
        return None if self.produce_rps is None else self.produce_rps * RECORD_BYTES / 1e6


class Processes:
    """Every child process this benchmark starts, so cleanup never misses one."""

    def __init__(self) -> None:
        self.children: list[subprocess.Popen] = []

    def start(self, args: list[str], log_path: Path, **kwargs) -> subprocess.Popen:
        log = open(log_path, "ab")
        child = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, **kwargs)
        log.close()
        self.children.append(child)
        return child

    def stop(self, child: subprocess.Popen, timeout: float = 10) -> None:
        stop_process(child, timeout)

    def stop_all(self) -> None:
        for child in reversed(self.children):
            self.stop(child)


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def run(args: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, timeout=timeout, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])}… exited {done.returncode}: {done.stderr.decode(errors='replace')[-1500:]}")
    return done


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def latency_payload() -> bytes:
    stamp = str(time.time_ns()).encode()
    return stamp + b":" + b"l" * (RECORD_BYTES - len(stamp) - 1)


# -- emostream-broker ----------------------------------------------------------

class BrokerBench:
    def __init__(self, binary: Path, work: Path, procs: Processes, records: int, payload_file: Path):
        self.binary = binary
        self.work = work
        self.procs = procs
        self.records = records
        self.payload_file = payload_file

    def run(self, fsync: str, latency_rate: int, latency_seconds: float) -> Result:
        result = Result(f"emostream --fsync {fsync}", "kcat 1.7.1 / librdkafka 2.0.2 (-P -l file, -C -e)")
        data_dir = self.work / f"broker-{fsync}"
        data_dir.mkdir()
        port_file = data_dir / "port"
        broker = self.procs.start(
            [str(self.binary), "--host", "127.0.0.1", "--port", "0", "--port-file", str(port_file),
             "--data-dir", str(data_dir / "data"), "--fsync", fsync, "--partitions", "3",
             "--log-level", "info"],
            self.work / f"broker-{fsync}.log",
        )
        try:
            def listening() -> bool:
                if broker.poll() is not None:
                    raise RuntimeError(f"broker exited with status {broker.returncode} before listening;"
                                       f" see {self.work}/broker-{fsync}.log (BENCH_KEEP_TMP=1 keeps it)")
                return port_file.exists() and port_file.read_text().endswith("\n")

            wait_for(listening, 30, "broker port file")
            bootstrap = f"127.0.0.1:{port_file.read_text().strip()}"
            topic = "bench"
            started = time.monotonic()
            run(["kcat", "-P", "-b", bootstrap, "-t", topic, "-l", "-X", "acks=all", "-X", "linger.ms=5",
                 "-X", "batch.size=1000000", "-X", "queue.buffering.max.messages=1000000",
                 str(self.payload_file)], timeout=600)
            result.produce_rps = self.records / (time.monotonic() - started)

            started = time.monotonic()
            out = run(["kcat", "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q",
                       "-f", "%o\\n"], timeout=600).stdout
            elapsed = time.monotonic() - started
            count = out.count(b"\n")
            result.consume_rps = count / elapsed
            if count != self.records:
                result.notes.append(f"consumed {count} records, produced {self.records}")

            samples = self._latency(bootstrap, latency_rate, latency_seconds)
            result.p50_ms, result.p99_ms = percentile(samples, 0.50), percentile(samples, 0.99)
            result.notes.append(f"latency: {len(samples)} samples at {latency_rate}/s, confluent-kafka producer"
                                " (acks=all, linger.ms=1) → kcat -C -u")
        finally:
            self.procs.stop(broker)
            if broker.returncode not in (0, -15, 143):
                result.notes.append(f"broker exited with status {broker.returncode}")
        return result

    def _latency(self, bootstrap: str, rate: int, seconds: float) -> list[float]:
        from confluent_kafka import Producer

        topic = "bench-latency"
        producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 1,
                             "enable.idempotence": False})
        producer.produce(topic, b"create")
        producer.flush(30)
        reader = subprocess.Popen(["kcat", "-C", "-b", bootstrap, "-t", topic, "-o", "end", "-u", "-q",
                                   "-f", "%s\\n"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.procs.children.append(reader)
        samples: list[float] = []
        seen_warmup = threading.Event()

        def read() -> None:
            assert reader.stdout is not None
            for line in reader.stdout:
                received = time.time_ns()
                stamp, _, _ = line.partition(b":")
                if line.startswith(b"warmup"):
                    seen_warmup.set()
                elif stamp.isdigit():
                    samples.append((received - int(stamp)) / 1e6)

        thread = threading.Thread(target=read, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not seen_warmup.is_set() and time.monotonic() < deadline:
            producer.produce(topic, b"warmup")
            producer.flush(5)
            seen_warmup.wait(0.5)
        expected = _paced_send(lambda: producer.produce(topic, latency_payload()), producer.poll, rate, seconds)
        producer.flush(30)
        wait_for(lambda: len(samples) >= expected, 30, "latency records at the consumer")
        self.procs.stop(reader)
        return samples


def _paced_send(send, poll, rate: int, seconds: float) -> int:
    interval = 1.0 / rate
    total = int(rate * seconds)
    start = time.monotonic()
    for index in range(total):
        target = start + index * interval
        delay = target - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        send()
        poll(0)
    return total


# -- Redis Streams -------------------------------------------------------------

class RedisBench:
    def __init__(self, work: Path, procs: Processes, records: int):
        self.work = work
        self.procs = procs
        self.records = records

    def run(self, appendfsync: str, latency_rate: int, latency_seconds: float) -> Result:
        result = Result(f"redis streams appendfsync {appendfsync}",
                        "redis-benchmark XADD -P 32 -c 50; XRANGE COUNT 1000 -c 1")
        port = free_port()
        data_dir = self.work / f"redis-{appendfsync}"
        data_dir.mkdir()
        server = self.procs.start(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data_dir),
             "--appendonly", "yes", "--appendfsync", appendfsync, "--save", "", "--daemonize", "no",
             "--protected-mode", "yes"],
            self.work / f"redis-{appendfsync}.log",
        )
        try:
            cli = ["redis-cli", "-h", "127.0.0.1", "-p", str(port)]
            wait_for(lambda: subprocess.run([*cli, "ping"], capture_output=True).stdout.strip() == b"PONG",
                     15, "redis-server")
            value = "v" * RECORD_BYTES
            out = run(["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-n", str(self.records),
                       "-P", "32", "-c", "50", "--csv", "XADD", "bench", "*", "v", value], timeout=600).stdout
            result.produce_rps = _redis_benchmark_rps(out)
            result.notes.append("produce = one XADD per record (50 clients × 32 pipelined); the Kafka rows"
                                " batch many records per request (linger.ms=5, batch.size=1MB)")
            length = int(run([*cli, "XLEN", "bench"], timeout=30).stdout.strip() or 0)
            if length != self.records:
                result.notes.append(f"XLEN {length}, expected {self.records}")

            reads = max(100, self.records // 1000)
            out = run(["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-n", str(reads), "-c", "1",
                       "--csv", "XRANGE", "bench", "-", "+", "COUNT", "1000"], timeout=600).stdout
            result.consume_rps = _redis_benchmark_rps(out) * 1000
            result.notes.append("consume = XRANGE COUNT 1000 requests/s × 1000 (one client, sequential)")

            samples = self._latency(port, latency_rate, latency_seconds)
            result.p50_ms, result.p99_ms = percentile(samples, 0.50), percentile(samples, 0.99)
            result.notes.append(f"latency: {len(samples)} samples at {latency_rate}/s, redis-py XADD → XREAD BLOCK")
        finally:
            self.procs.stop(server)
        return result

    def _latency(self, port: int, rate: int, seconds: float) -> list[float]:
        import redis

        writer = redis.Redis(host="127.0.0.1", port=port)
        reader = redis.Redis(host="127.0.0.1", port=port)
        samples: list[float] = []
        stop = threading.Event()

        def read() -> None:
            last_id = "$"
            while not stop.is_set():
                answer = reader.xread({"latency": last_id}, block=500, count=1000)
                for _stream, entries in answer or []:
                    for entry_id, fields in entries:
                        received = time.time_ns()
                        last_id = entry_id
                        stamp, _, _ = fields[b"v"].partition(b":")
                        samples.append((received - int(stamp)) / 1e6)

        thread = threading.Thread(target=read, daemon=True)
        thread.start()
        time.sleep(0.5)
        expected = _paced_send(lambda: writer.xadd("latency", {"v": latency_payload()}), lambda _t: None,
                               rate, seconds)
        wait_for(lambda: len(samples) >= expected, 30, "latency entries at the reader")
        stop.set()
        thread.join(timeout=5)
        return samples


def _redis_benchmark_rps(csv_text: bytes) -> float:
    rows = list(csv.reader(io.StringIO(csv_text.decode())))
    for row in rows[1:]:
        if len(row) >= 2:
            return float(row[1])
    raise RuntimeError(f"no result in redis-benchmark output: {csv_text[:500]!r}")


# -- report --------------------------------------------------------------------

def fmt(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def ratio(ours: float | None, theirs: float | None) -> str:
    return "-" if not ours or not theirs else f"{ours / theirs:.2f}×"


def print_report(results: list[Result], skipped: list[str], records: int) -> None:
    print()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Broker benchmark — {records:,} records of {RECORD_BYTES} bytes, loopback, {os.cpu_count()} cores,"
          f" load average now {load} (numbers from a busy machine are noisy)")
    header = f"{'system':34} {'produce rec/s':>14} {'MB/s':>8} {'consume rec/s':>14} {'p50 ms':>8} {'p99 ms':>8}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r.name:34} {fmt(r.produce_rps):>14} {fmt(r.produce_mbps, 1):>8} {fmt(r.consume_rps):>14}"
              f" {fmt(r.p50_ms, 2):>8} {fmt(r.p99_ms, 2):>8}")
    print()
    by_name = {r.name: r for r in results}
    pairs = [("emostream --fsync ack", "redis streams appendfsync always", "durable"),
             ("emostream --fsync never", "redis streams appendfsync no", "fsync off")]
    for ours, theirs, label in pairs:
        if ours in by_name and theirs in by_name:
            a, b = by_name[ours], by_name[theirs]
            print(f"ratio ours/Redis ({label}): produce {ratio(a.produce_rps, b.produce_rps)},"
                  f" consume {ratio(a.consume_rps, b.consume_rps)},"
                  f" p50 latency {ratio(a.p50_ms, b.p50_ms)}, p99 latency {ratio(a.p99_ms, b.p99_ms)}"
                  " (throughput: higher is better for us; latency: lower is better for us)")
    print()
    for r in results:
        print(f"{r.name}: tool {r.tool}")
        for note in r.notes:
            print(f"    {note}")
    for line in skipped:
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--broker-bin", required=True, type=Path)
    parser.add_argument("--records", type=int, default=int(os.environ.get("BENCH_RECORDS", 1_000_000)))
    parser.add_argument("--latency-rate", type=int, default=int(os.environ.get("BENCH_LATENCY_RATE", 2000)))
    parser.add_argument("--latency-seconds", type=float, default=float(os.environ.get("BENCH_LATENCY_SECONDS", 5)))
    parser.add_argument("--skip-redis", action="store_true")
    parser.add_argument("--skip-nats", action="store_true")
    args = parser.parse_args()

    for tool in ("kcat", "redis-server", "redis-benchmark", "redis-cli"):
        if shutil.which(tool) is None:
            print(f"missing {tool}: run scripts/install-deps.sh", file=sys.stderr)
            return 2

    procs = Processes()
    results: list[Result] = []
    skipped: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="emostream-bench-"))
    previous_sigterm = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        payload_file = work / "records.txt"
        line = b"p" * RECORD_BYTES + b"\n"
        with open(payload_file, "wb") as out:
            for _ in range(args.records // 10_000):
                out.write(line * 10_000)
            out.write(line * (args.records % 10_000))

        broker = BrokerBench(args.broker_bin, work, procs, args.records, payload_file)
        for fsync in ("ack", "never"):
            print(f"running emostream-broker --fsync {fsync} …", flush=True)
            results.append(_guarded(lambda: broker.run(fsync, args.latency_rate, args.latency_seconds),
                                    f"emostream --fsync {fsync}"))
        if not args.skip_redis:
            redis_bench = RedisBench(work, procs, args.records)
            for appendfsync in ("always", "no"):
                print(f"running redis-server appendonly yes appendfsync {appendfsync} …", flush=True)
                results.append(_guarded(lambda: redis_bench.run(appendfsync, args.latency_rate,
                                                                args.latency_seconds),
                                        f"redis streams appendfsync {appendfsync}"))
        nats = NatsBench(work, procs, args.records, Path(__file__).resolve().parents[1])
        reason = "skipped by --skip-nats" if args.skip_nats else nats.unavailable()
        if reason is None:
            print("running nats-server -js …", flush=True)
            results.append(_guarded(lambda: nats.run(args.latency_rate, args.latency_seconds),
                                    "nats jetstream (file storage)"))
        else:
            skipped.append(f"NATS JetStream: skipped: {reason}")
        print_report(results, skipped, args.records)
    finally:
        procs.stop_all()
        signal.signal(signal.SIGTERM, previous_sigterm)
        if os.environ.get("BENCH_KEEP_TMP") == "1":
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _guarded(step, name: str) -> Result:
    try:
        return step()
    except Exception as error:  # noqa: BLE001 - one failed system must not hide the others' numbers
        failed = Result(name, "failed")
        failed.notes.append(f"FAILED: {type(error).__name__}: {error}")
        return failed


# -- NATS JetStream -------------------------------------------------------------

class NatsBench:
    """nats-server -js with bench/natsbench (Go, Debian's nats.go client) as the client."""

    def __init__(self, work: Path, procs: Processes, records: int, repo_root: Path):
        self.work = work
        self.procs = procs
        self.records = records
        self.repo_root = repo_root

    def unavailable(self) -> str | None:
        if shutil.which("nats-server") is None:
            return "nats-server is not installed"
        if shutil.which("go") is None:
            return "no Go toolchain to build bench/natsbench (install golang-go golang-github-nats-io-go-nats-dev)"
        if not Path("/usr/share/gocode/src/github.com/nats-io/nats.go").is_dir():
            return "Debian's nats.go client (golang-github-nats-io-go-nats-dev) is not installed"
        return None

    def run(self, latency_rate: int, latency_seconds: float) -> Result:
        result = Result("nats jetstream (file storage)", "bench/natsbench (nats.go 1.22, PublishAsync, ordered consumer)")
        binary = self.work / "natsbench"
        environment = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode", GOFLAGS="",
                           GOCACHE=str(self.repo_root / ".build-release" / "go-cache"))
        run(["go", "build", "-o", str(binary), str(self.repo_root / "bench" / "natsbench" / "main.go")],
            timeout=300, env=environment)
        port = free_port()
        store = self.work / "nats"
        store.mkdir()
        server = self.procs.start(["nats-server", "-js", "-a", "127.0.0.1", "-p", str(port), "-sd", str(store)],
                                  self.work / "nats.log")
        try:
            wait_for(lambda: _connectable(port), 15, "nats-server")
            out = run([str(binary), "-url", f"nats://127.0.0.1:{port}", "-n", str(self.records),
                       "-size", str(RECORD_BYTES), "-latency-rate", str(latency_rate),
                       "-latency-seconds", str(latency_seconds)], timeout=900).stdout.decode()
            values = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
            result.produce_rps = float(values["produce_rps"])
            result.consume_rps = float(values["consume_rps"])
            result.p50_ms = float(values["p50_ms"])
            result.p99_ms = float(values["p99_ms"])
            if values.get("publish_errors", "0") != "0" or values.get("consumed") != str(self.records):
                result.notes.append(f"publish errors {values.get('publish_errors')}, consumed {values.get('consumed')}")
            result.notes.append("nats-server 2.9 does not fsync each write (JetStream syncs its files periodically):"
                                " compare with the fsync-off rows")
            result.notes.append(f"latency: {values.get('latency_samples')} samples at {latency_rate}/s,"
                                " PublishAsync → ordered push consumer")
        finally:
            self.procs.stop(server)
        return result


def _connectable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
