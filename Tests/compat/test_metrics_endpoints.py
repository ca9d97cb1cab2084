"""Every service binary serves Prometheus metrics on --metrics-port: the real
emostream-broker, -aggregator, -cluster-publisher and -subscriber processes,
scraped over HTTP the way Prometheus does while real traffic flows.

Service ports are 0 (reported through --port-file); metrics ports are free
ports the OS picked just before the start.
"""

from __future__ import annotations

import http.client
import re
import time

from confluent_kafka import Producer

from emostream_harness import Processes, ServiceProcess, free_port

PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


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


def metered(processes: Processes, name: str, executable: str, *args: str,
            port_file: bool = True) -> tuple[ServiceProcess, int]:
    """Starts a service with its metrics on a free port; returns it and that port."""
    metrics_port = free_port()
    service = processes.service(name, executable, *args, "--metrics-port", str(metrics_port), port_file=port_file)
    return service, metrics_port


def test_broker_metrics_follow_produced_records(processes: Processes) -> None:
    metrics_port = free_port()
    broker = processes.broker("--metrics-port", str(metrics_port))
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
    assert broker.terminate() == 0, broker.log_tail()


def test_aggregator_publisher_and_subscriber_serve_their_metrics(processes: Processes) -> None:
    broker = processes.broker()
    aggregator, aggregator_metrics = metered(processes, "aggregator", "emostream-aggregator", "--brokers",
                                             broker.bootstrap, "--host", "127.0.0.1", "--window-ms", "200",
                                             port_file=False)
    publisher, publisher_metrics = metered(processes, "publisher", "emostream-cluster-publisher", "--cluster", "0",
                                           "--host", "127.0.0.1", "--port", "0", "--brokers", broker.bootstrap)
    subscriber, subscriber_metrics = metered(
        processes, "subscriber", "emostream-subscriber", "--cluster", "0", "--subscriber", "0", "--host", "127.0.0.1",
        "--port", "0", "--publisher", f"127.0.0.1:{publisher.port}", "--brokers", broker.bootstrap,
    )

    # The subscriber dials its publisher: both sides count the link.
    scrape_until(publisher_metrics, lambda s: s.get('emostream_publisher_subscribers{cluster="0"}') == 1,
                 "the publisher counts its subscriber")
    found = scrape_until(
        subscriber_metrics, lambda s: 'emostream_subscriber_connections{subscriber="0-0",transport="efp"}' in s,
        "the subscriber exports its viewer gauges",
    )
    assert found['emostream_subscriber_handshakes_refused{subscriber="0-0"}'] == 0

    # Emoji the gateway way (JSON, key = room): the aggregator counts them and closes their window.
    producer = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 0})
    deadline = time.monotonic() + 60
    while True:
        producer.produce("emoji_stream", key=b"main",
                         value=b'{"emoji_type":"\xf0\x9f\x94\xa5","user_id":"u","room":"main"}')
        producer.flush(10)
        current = scrape(aggregator_metrics)
        if current.get('emostream_aggregator_records{outcome="counted"}', 0) >= 1 \
                and current.get("emostream_aggregator_windows", 0) >= 1:
            break
        assert time.monotonic() < deadline, f"the aggregator never counted a window: {current}"
        time.sleep(0.2)
    services = [(aggregator, aggregator_metrics), (publisher, publisher_metrics), (subscriber, subscriber_metrics)]
    for service, metrics_port in services:
        assert service.is_alive(), f"{service.name} exited: {service.log_tail()}"
        status, _, body = http_request(metrics_port, "GET", "/health")
        assert status == 200, (service.name, body)
        assert re.fullmatch(r'\{"status":"healthy","service":"[a-z0-9-]+"\}', body), body
    for service, _ in reversed(services):
        assert service.terminate() == 0, service.log_tail()
