"""SIGTERM to each kind of service while 1,000 emoji/s flow through the gateway.

Each case starts its own small topology (broker, gateway, aggregator, one cluster publisher, one subscriber,
all on loopback with port 0), drives `POST /emojis` at 100 requests/s of 10 reactions, sends SIGTERM to one
service, keeps the load on a little longer, and then checks:

- the service exits with status 0 within STOP_BUDGET_S;
- no request was cut mid-answer or left hanging; the gateway being stopped may refuse connections, and
  a connection it closes without a byte of answer counts as refused only if none of that request's
  reactions reached the log (else it was in flight and dropped);
- every reaction answered 200 is in `emoji_stream` exactly once, read back with confluent-kafka (from a
  fresh broker on the same data directory when the broker was the one stopped);
- for the aggregator: a restarted aggregator's windows for the room add up to exactly the reactions in the log;
- the services still running stop with status 0 too.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter

import pytest

from emostream_harness import Processes, ServiceProcess, read_topic, room_windows, wait_until_healthy
from emoji_load import EmojiLoad, LoadReport

SECRET = "sigterm-test-secret"
STOP_BUDGET_S = 10.0
LOAD_BEFORE_S = 1.5
LOAD_AFTER_S = 1.0
WINDOW_MS = 500
# Windows must add up to exactly what the log holds. On a loaded machine the first reactions into a quiet
# partition can reach the aggregator more than the default 500 ms late, and late records are dropped by design.
ALLOWED_LATENESS_MS = 3_000
KINDS = ["broker", "gateway", "aggregator", "cluster-publisher", "subscriber"]


class LocalTopology:
    """The five services on 127.0.0.1, each on a port the OS picked."""

    def __init__(self, processes: Processes):
        self.processes = processes
        self.services: dict[str, ServiceProcess] = {}

    def start(self) -> None:
        broker = self.services["broker"] = self.processes.broker()
        self.bootstrap = broker.bootstrap
        self.gateway = self.services["gateway"] = self.processes.gateway(self.bootstrap, "--secret", SECRET)
        publisher = self.services["cluster-publisher"] = self.processes.service(
            "cluster-publisher", "emostream-cluster-publisher", "--cluster", "0", "--host", "127.0.0.1", "--port", "0",
            "--brokers", self.bootstrap, port_file=True)
        self.services["subscriber"] = self.processes.service(
            "subscriber", "emostream-subscriber", "--cluster", "0", "--subscriber", "0", "--host", "127.0.0.1",
            "--port", "0", "--publisher", f"127.0.0.1:{publisher.port}", "--brokers", self.bootstrap,
            "--secret", SECRET, port_file=True)
        self.start_aggregator()
        publisher.wait_for_log(r"Partitions assigned")
        wait_until_healthy(self.gateway.url, live_subscribers=1)

    def start_aggregator(self, name: str = "aggregator") -> None:
        aggregator = self.services[name] = self.processes.service(
            name, "emostream-aggregator", "--brokers", self.bootstrap, "--window-ms", str(WINDOW_MS),
            "--allowed-lateness-ms", str(ALLOWED_LATENESS_MS))
        aggregator.wait_for_log(r"Partitions assigned")

    def stop_the_rest(self) -> dict[str, int | None]:
        """SIGTERM to whatever still runs, dependants first; their exit statuses (None: had to be killed)."""
        order = ["subscriber", "cluster-publisher", "aggregator", "aggregator-restarted", "gateway", "broker"]
        return {name: self.services[name].terminate(timeout=STOP_BUDGET_S)
                for name in order if name in self.services and self.services[name].is_alive()}


def emoji_user_ids(records, room: str) -> list[str]:
    ids = []
    for record in records:
        if record.key == room.encode():
            ids.append(json.loads(record.value)["user_id"])
    return ids


def windows_total(bootstrap: str, room: str) -> tuple[int, list[dict]]:
    """The sum of counts over distinct windows of `room` in processed_emojis; a seq seen twice must repeat
    the same window (the aggregator may re-emit after a restart, never with different contents)."""
    by_seq: dict[int, dict] = {}
    for window in room_windows(bootstrap, room):
        earlier = by_seq.setdefault(window["seq"], window)
        assert earlier == window, f"seq {window['seq']} emitted twice with different contents: {earlier} vs {window}"
    return sum(w["total"] for w in by_seq.values()), sorted(by_seq.values(), key=lambda w: w["seq"])


@pytest.mark.parametrize("kind", KINDS)
def test_sigterm_while_emoji_flow(kind: str, processes: Processes) -> None:
    topology = LocalTopology(processes)
    try:
        topology.start()
        room = f"load-{kind}-{uuid.uuid4().hex[:8]}"
        load = EmojiLoad("127.0.0.1", topology.gateway.port, room, tag=uuid.uuid4().hex[:8]).start()
        time.sleep(LOAD_BEFORE_S)
        target = topology.services[kind]
        stop_signal_at = time.monotonic()
        status = target.terminate(timeout=STOP_BUDGET_S)
        time.sleep(LOAD_AFTER_S)
        report = LoadReport(load.stop(), stop_signal_at, load.started_at)
        print(f"\n{kind}: exit {status} in {target.exit_seconds or float('nan'):.2f}s after SIGTERM; "
              f"{report.acked_rate_before_stop():.0f} emoji/s acked before it; {len(report.in_flight_at_stop())} "
              f"requests in flight at SIGTERM; outcomes {report.kinds}")

        assert status == 0, f"{kind} exited with {status} (None: still running {STOP_BUDGET_S:.0f}s after SIGTERM)"
        assert report.with_status(200) and report.with_status(200)[0].finished_at < stop_signal_at, \
            "no reaction was acknowledged before SIGTERM: the load never flowed"
        assert any(o.sent_at > stop_signal_at for o in report.outcomes), "no request was sent after SIGTERM"
        broken = [o for o in report.outcomes if o.kind in ("cut", "hung")]
        assert not broken, f"requests cut mid-answer or left hanging: {broken[:5]}"
        allowed_statuses = {200, 503} if kind == "broker" else {200}
        odd = [o for o in report.outcomes if o.kind == "answered" and o.status not in allowed_statuses]
        assert not odd, f"answers other than {allowed_statuses}: {odd[:5]}"
        if kind != "gateway":
            refused = [o for o in report.outcomes if o.kind in ("refused", "unanswered")]
            assert not refused, f"the gateway kept running but refused or dropped requests: {refused[:5]}"
        else:
            early = [o for o in report.outcomes if o.kind == "refused" and o.sent_at < stop_signal_at]
            assert not early, f"connections refused before SIGTERM: {early[:5]}"

        bootstrap = topology.bootstrap
        if kind == "broker":
            # The same data on a new port, which the services still running do not know: nothing but this
            # read can add to the log any more.
            bootstrap = topology.services["broker"].start(port=0).bootstrap
        logged = emoji_user_ids(read_topic(bootstrap, "emoji_stream"), room)
        acked = report.acknowledged_ids()
        missing = acked - set(logged)
        assert not missing, f"{len(missing)} acknowledged reactions are not in emoji_stream, e.g. {sorted(missing)[:5]}"
        duplicated = {uid for uid, n in Counter(logged).items() if n > 1}
        assert not duplicated & acked, f"acknowledged reactions written twice: {sorted(duplicated & acked)[:5]}"
        dropped_in_flight = [o for o in report.outcomes
                             if o.kind == "unanswered" and set(o.user_ids) & set(logged)]
        assert not dropped_in_flight, f"requests processed but closed without an answer: {dropped_in_flight[:5]}"

        if kind == "aggregator":
            # Nothing it had read may be lost across the restart: windows add up to exactly what is logged.
            topology.start_aggregator("aggregator-restarted")
            deadline = time.monotonic() + 30
            total, windows = windows_total(topology.bootstrap, room)
            while total != len(logged) and time.monotonic() < deadline:
                time.sleep(0.5)
                total, windows = windows_total(topology.bootstrap, room)
            assert total == len(logged), (f"windows of {room} count {total} reactions, the log holds {len(logged)}; "
                                          f"windows: {windows}")
    finally:
        rest = topology.stop_the_rest()
    assert all(code == 0 for code in rest.values()), f"services that did not exit 0 on SIGTERM afterwards: {rest}"
