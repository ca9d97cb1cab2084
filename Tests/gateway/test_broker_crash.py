"""Must show: with the broker killed mid-run, every 200 the gateway answered still has its record after restart.

A thousand POST /emoji go out from 32 keep-alive connections in three waves: the first 400 at once, with the
broker SIGKILLed while about a hundred of them are in flight; the next 300 while it is dead; the last 300
after it was restarted on the same port and data directory and the gateway said it was healthy again. Every
request carries a unique user_id, so the log read back by a real Kafka client (confluent-kafka) shows which
requests were stored: each one answered 200 must be there exactly once, with its key, value and an arrival
timestamp; every other answer must be a clean 503 `{"error": …}`.
"""

from __future__ import annotations

import json
import queue
import threading
import time
import uuid
from dataclasses import dataclass, field

from emostream_harness import read_topic, wait_until_healthy
from http_answers import Answer, JSONClient

TOPIC = "emoji_stream"
WORKERS = 32
FIRST_WAVE, SECOND_WAVE, THIRD_WAVE = 400, 300, 300
KILL_AFTER_ANSWERS = 150
# Down longer than the produce timeout: requests in flight at the kill time out (503, maybe stored anyway),
# later ones are refused at once, and the producer has to recover from timed-out idempotent batches.
PRODUCE_TIMEOUT_MS = 2000
BROKER_DOWN_S = 3.5
EMOJI = ["😊", "❤️", "👍🏽", "🇮🇳", "👨‍👩‍👧"]
CLIENT_TIMESTAMP = "2025-08-13T20:45:00Z"


def body(user_id: str, index: int) -> dict[str, str]:
    return {"emoji_type": EMOJI[index % len(EMOJI)], "timestamp": CLIENT_TIMESTAMP, "user_id": user_id,
            "room": f"room-{index % 7}"}


@dataclass
class Outcomes:
    """What each request got back: an Answer, or the exception the connection raised."""
    answers: dict[str, Answer] = field(default_factory=dict)
    transport_errors: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.answers) + len(self.transport_errors)


def post_from_queue(url: str, work: queue.Queue, outcomes: Outcomes) -> None:
    client = JSONClient(url)
    try:
        while (item := work.get()) is not None:
            user_id, index = item
            try:
                answer = client.post("/emoji", body(user_id, index))
                with outcomes.lock:
                    outcomes.answers[user_id] = answer
            except (OSError, ValueError) as error:
                client.close()
                with outcomes.lock:
                    outcomes.transport_errors[user_id] = repr(error)
    finally:
        client.close()


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.01)


def test_every_acknowledged_emoji_survives_a_broker_sigkill(broker, gateway_factory):
    gateway = gateway_factory("--produce-timeout-ms", str(PRODUCE_TIMEOUT_MS))
    run = uuid.uuid4().hex[:8]
    user_ids = [f"crash-{run}-{index:04d}" for index in range(FIRST_WAVE + SECOND_WAVE + THIRD_WAVE)]
    work: queue.Queue = queue.Queue()
    outcomes = Outcomes()
    workers = [threading.Thread(target=post_from_queue, args=(gateway.url, work, outcomes), daemon=True)
               for _ in range(WORKERS)]
    for worker in workers:
        worker.start()
    started_ms = int(time.time() * 1000)

    def release(first: int, count: int) -> None:
        for index in range(first, first + count):
            work.put((user_ids[index], index))

    try:
        release(0, FIRST_WAVE)
        wait_for(lambda: outcomes.count() >= KILL_AFTER_ANSWERS, 60, f"{KILL_AFTER_ANSWERS} answers")
        broker.kill()
        answered_before_kill = set(outcomes.answers)
        release(FIRST_WAVE, SECOND_WAVE)
        time.sleep(BROKER_DOWN_S)
        broker.start()
        wait_until_healthy(gateway.url)
        answered_before_restart = set(outcomes.answers) | set(outcomes.transport_errors)
        release(FIRST_WAVE + SECOND_WAVE, THIRD_WAVE)
    finally:
        for _ in workers:
            work.put(None)
        for worker in workers:
            worker.join(timeout=60)
    finished_ms = int(time.time() * 1000)

    assert not outcomes.transport_errors, f"connections failed: {list(outcomes.transport_errors.items())[:5]}"
    assert len(outcomes.answers) == len(user_ids)
    statuses = {user_id: answer.status for user_id, answer in outcomes.answers.items()}
    acknowledged = {user_id for user_id, status in statuses.items() if status == 200}
    refused = {user_id: answer for user_id, answer in outcomes.answers.items() if answer.status != 200}
    print(f"\n{len(acknowledged)} answered 200, {len(refused)} answered 503; "
          f"{len(answered_before_kill)} answered before the kill")

    unclean = {u: (a.status, a.body[:120]) for u, a in refused.items() if a.status != 503 or not a.is_clean_error()}
    assert not unclean, f"answers other than 200 and a clean 503: {list(unclean.items())[:5]}"
    assert all(outcomes.answers[u].json() == {"message": "Emoji sent successfully"} for u in acknowledged)
    # The crash must have hit a run that was storing emoji before it and stores them again after the restart.
    assert acknowledged & answered_before_kill, "nothing was acknowledged before the broker was killed"
    after_restart = acknowledged - answered_before_restart
    assert after_restart, "nothing was acknowledged after the broker came back"

    records_by_user: dict[str, list] = {}
    for record in read_topic(broker.bootstrap, TOPIC, timeout=60):
        records_by_user.setdefault(json.loads(record.value)["user_id"], []).append(record)
    assert set(records_by_user) <= set(user_ids), "records for requests nobody sent"

    missing = sorted(acknowledged - set(records_by_user))
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged emoji are not in the log: {missing[:10]}"
    duplicated = {u: len(r) for u, r in records_by_user.items() if len(r) > 1}
    assert not duplicated, f"{len(duplicated)} requests stored more than once: {list(duplicated.items())[:10]}"

    for user_id in acknowledged:
        (record,) = records_by_user[user_id]
        index = user_ids.index(user_id)
        sent = body(user_id, index)
        value = json.loads(record.value)
        assert record.key == sent["room"].encode()
        assert {k: value[k] for k in ("emoji_type", "user_id", "room", "client_timestamp")} == {
            "emoji_type": sent["emoji_type"], "user_id": user_id, "room": sent["room"],
            "client_timestamp": CLIENT_TIMESTAMP,
        }
        assert started_ms - 1000 <= record.timestamp_ms <= finished_ms + 1000, \
            "record timestamp is not the arrival time"
