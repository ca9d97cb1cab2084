"""A consumer-group member run as its own process, so a test can SIGKILL it:
it then vanishes without a LeaveGroup, as a crashed consumer does.

Usage: group_member.py BOOTSTRAP GROUP TOPIC

confluent-kafka consumer with a 6 s session timeout; commits synchronously
after every batch it has printed. Prints one line per event on stdout,
flushed at once:

    ASSIGNED 0,2,4       its assignment after each rebalance
    MESSAGE <value>      every message it consumed
"""

from __future__ import annotations

import sys

from confluent_kafka import Consumer, KafkaError


def _print(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(bootstrap: str, group: str, topic: str) -> None:
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
        "enable.auto.commit": False, "session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
    })

    def on_assign(member, partitions) -> None:
        _print("ASSIGNED " + ",".join(str(tp.partition) for tp in sorted(partitions, key=lambda tp: tp.partition)))

    def on_revoke(member, partitions) -> None:
        # Commit what was printed before the partitions move, so their next owner starts right after it.
        try:
            member.commit(asynchronous=False)
        except Exception:  # noqa: BLE001 - nothing consumed since the last commit
            pass

    consumer.subscribe([topic], on_assign=on_assign, on_revoke=on_revoke)
    while True:
        messages = consumer.consume(num_messages=200, timeout=0.2)
        consumed = False
        for message in messages:
            if message.error():
                if message.error().code() != KafkaError._PARTITION_EOF:
                    _print(f"ERROR {message.error()}")
                continue
            _print(f"MESSAGE {message.value().decode()}")
            consumed = True
        if consumed:
            consumer.commit(asynchronous=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
