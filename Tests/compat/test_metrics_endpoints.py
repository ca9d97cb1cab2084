"""Every service binary serves Prometheus metrics on --metrics-port: the real
emostream-broker, -aggregator, -cluster-publisher and -subscriber processes,
scraped over HTTP the way Prometheus does while real traffic flows.

Binaries come from EMOSTREAM_BIN_DIR (default .build/debug under the
repository root). Service ports are 0 (reported through --port-file); metrics
ports are free ports the OS picked just before the start.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from confluent_kafka import Producer

from broker_process import BrokerProcess

REPO_ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


def binary(name: str) -> Path:
    configured = Path(os.environ.get("EMOSTREAM_BIN_DIR", ".build/debug"))
    path = (configured if configured.is_absolute() else REPO_ROOT / configured) / name
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} not found: build it first or set EMOSTREAM_BIN_DIR", pytrace=False)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_request(port: int, method: str, path: str) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read().decode()
    finally:
        connection.close()


def samples(text: str) -> dict[str, float]:
    """Every `series value` line of a Prometheus text exposition."""
    found = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            series, _, value = line.rpartition(" ")
            found[series] = float(value)
    return found


def scrape(port: int) -> dict[str, float]:
    """The samples `GET /metrics` answers now; none while the endpoint is not up yet."""
    try:
        status, _, body = http_request(port, "GET", "/metrics")
    except OSError:
        return {}
    return samples(body) if status == 200 else {}


def scrape_until(port: int, condition, what: str, timeout_s: float = 30) -> dict[str, float]:
    deadline = time.monotonic() + timeout_s
    while True:
        current = scrape(port)
        if condition(current):
            return current
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout_s:.0f}s; last scrape: {current}")
        time.sleep(0.1)


class Service:
    """One service process serving its metrics on a free port."""

    def __init__(self, name: str, args: list[str], work_dir: Path) -> None:
        self.name = name
        self.metrics_port = free_port()
        self.log_path = work_dir / f"{name}.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [str(binary(name)), *args, "--metrics-port", str(self.metrics_port)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )

    def wait_for_port_file(self, port_file: Path) -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            self.assert_running()
            text = port_file.read_text() if port_file.exists() else ""
            if text.endswith("\n") and text.strip().isdigit():
                return int(text)
            time.sleep(0.05)
        raise AssertionError(f"{self.name} wrote no port file:\n{self.log_path.read_text()}")

    def assert_running(self) -> None:
        if self.process.poll() is not None:
            raise AssertionError(f"{self.name} exited with {self.process.returncode}:\n{self.log_path.read_text()}")

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def test_broker_metrics_follow_produced_records(tmp_path: Path) -> None:
    metrics_port = free_port()
    broker = BrokerProcess(binary("emostream-broker"), tmp_path / "broker", ["--metrics-port", str(metrics_port)])
    broker.start()
    try:
        producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all", "linger.ms": 0})
        for index in range(25):
            producer.produce("metered", key=f"k{index % 5}".encode(), value=b"x" * 100)
        assert producer.flush(30) == 0

        status, headers, body = http_request(metrics_port, "GET", "/metrics")
        assert status == 200
        assert headers["content-type"] == PROMETHEUS_TEXT
        assert "# TYPE emostream_broker_requests counter" in body
        found = scrape_until(
            metrics_port,
            lambda s: s.get('emostream_broker_produce_records{topic="metered"}', 0) >= 25
            and s.get("emostream_broker_fsync_duration_count", 0) >= 1,
            "produced records and fsync passes counted",
        )
        assert found['emostream_broker_requests{api="produce"}'] >= 1
        assert found['emostream_broker_requests{api="metadata"}'] >= 1
        assert found["emostream_broker_connections"] >= 1
        end_offsets = [value for series, value in found.items()
                       if series.startswith('emostream_broker_log_end_offset{topic="metered",')]
        assert len(end_offsets) == 3 and sum(end_offsets) == 25
        assert found["emostream_broker_partitions"] >= 3

        assert http_request(metrics_port, "GET", "/health")[0] == 200
        assert http_request(metrics_port, "GET", "/")[0] == 404
        assert http_request(metrics_port, "POST", "/metrics")[0] == 405
    finally:
        assert broker.stop() == 0, broker.log_tail()


def test_aggregator_publisher_and_subscriber_serve_their_metrics(tmp_path: Path) -> None:
    broker = BrokerProcess(binary("emostream-broker"), tmp_path / "broker")
    broker.start()
    services: list[Service] = []
    try:
        aggregator = Service("emostream-aggregator", [
            "--brokers", broker.bootstrap, "--host", "127.0.0.1", "--window-ms", "200",
        ], tmp_path)
        services.append(aggregator)
        publisher = Service("emostream-cluster-publisher", [
            "--cluster", "0", "--host", "127.0.0.1", "--port", "0", "--port-file", str(tmp_path / "publisher.port"),
            "--brokers", broker.bootstrap,
        ], tmp_path)
        services.append(publisher)
        publisher_port = publisher.wait_for_port_file(tmp_path / "publisher.port")
        subscriber = Service("emostream-subscriber", [
            "--cluster", "0", "--subscriber", "0", "--host", "127.0.0.1", "--port", "0",
            "--port-file", str(tmp_path / "subscriber.port"), "--publisher", f"127.0.0.1:{publisher_port}",
            "--brokers", broker.bootstrap,
        ], tmp_path)
        services.append(subscriber)
        subscriber.wait_for_port_file(tmp_path / "subscriber.port")

        # The subscriber dials its publisher: both sides count the link.
        scrape_until(publisher.metrics_port, lambda s: s.get('emostream_publisher_subscribers{cluster="0"}') == 1,
                     "the publisher counts its subscriber")
        subscriber_metrics = scrape_until(
            subscriber.metrics_port, lambda s: 'emostream_subscriber_connections{subscriber="0-0",transport="efp"}' in s,
            "the subscriber exports its viewer gauges",
        )
        assert subscriber_metrics['emostream_subscriber_handshakes_refused{subscriber="0-0"}'] == 0

        # Emoji the gateway way (JSON, key = room): the aggregator counts them and closes their window.
        producer = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 0})
        deadline = time.monotonic() + 60
        while True:
            producer.produce("emoji_stream", key=b"main",
                             value=b'{"emoji_type":"\xf0\x9f\x94\xa5","user_id":"u","room":"main"}')
            producer.flush(10)
            current = scrape(aggregator.metrics_port)
            if current.get('emostream_aggregator_records{outcome="counted"}', 0) >= 1 \
                    and current.get("emostream_aggregator_windows", 0) >= 1:
                break
            assert time.monotonic() < deadline, f"the aggregator never counted a window: {current}"
            time.sleep(0.2)
        for service in services:
            service.assert_running()
            status, _, body = http_request(service.metrics_port, "GET", "/health")
            assert status == 200, (service.name, body)
            assert re.fullmatch(r'\{"status":"healthy","service":"[a-z0-9-]+"\}', body), body
        for service in reversed(services):
            assert service.stop() == 0, service.log_path.read_text()
    finally:
        for service in services:
            service.stop()
        broker.stop()
