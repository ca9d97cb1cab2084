"""The gateway's REST API as the suite uses it (proto-docs/openapi.yaml), standard library only."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from emostream_harness import wait_until_healthy


class GatewayError(RuntimeError):
    def __init__(self, status: int, body: str, path: str) -> None:
        super().__init__(f"{path} answered {status}: {body}")
        self.status = status
        self.body = body


@dataclass(frozen=True)
class Assignment:
    """`assigned_subscriber` of a registration answer."""

    client_id: str
    message: str
    cluster_id: int
    subscriber_id: int
    host: str
    port: int
    ws_url: str
    token: str

    @property
    def subscriber(self) -> tuple[int, int]:
        return self.cluster_id, self.subscriber_id


class Gateway:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, path: str, body: object | None = None, timeout: float = 15.0) -> object:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method, headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as error:
            raise GatewayError(error.code, error.read().decode(errors="replace"), path) from None

    def health(self) -> dict:
        try:
            return self.request("GET", "/health")
        except GatewayError as error:
            return json.loads(error.body)

    def wait_until_healthy(self, live_subscribers: int) -> dict:
        """Waits for a ready gateway that has heard from ``live_subscribers`` subscribers."""
        return wait_until_healthy(self.base_url, live_subscribers)

    def register(self, client_id: str) -> Assignment:
        answer = self.request("POST", "/register_client", {"client_id": client_id})
        subscriber = answer["assigned_subscriber"]
        return Assignment(
            client_id=client_id, message=answer["message"], cluster_id=subscriber["cluster_id"],
            subscriber_id=subscriber["subscriber_id"], host=subscriber["host"], port=subscriber["port"],
            ws_url=subscriber["ws_url"], token=subscriber["token"],
        )

    def list_clients(self) -> dict:
        return self.request("GET", "/list_clients")

    def send_batch(self, emojis: list[dict]) -> int:
        """POST /emojis; returns how many the gateway stored (all of them, or it raises)."""
        answer = self.request("POST", "/emojis", emojis)
        return int(answer["count"])


def reactions(emoji: str, count: int, room: str, users: int = 100, user_prefix: str = "viewer") -> list[dict]:
    """``count`` reactions spread over ``users`` user ids, as a crowd (the gateway rate-limits per user)."""
    return [{"emoji_type": emoji, "room": room, "user_id": f"{user_prefix}-{i % users}"} for i in range(count)]
