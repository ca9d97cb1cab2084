"""A small keep-alive HTTP/1.1 JSON client (standard library only), one connection per instance."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)

    def is_clean_error(self) -> bool:
        """An `{"error": "<text>"}` JSON body, as the API answers every failure."""
        if not self.headers.get("content-type", "").startswith("application/json"):
            return False
        try:
            body = self.json()
        except ValueError:
            return False
        return isinstance(body, dict) and set(body) == {"error"} and isinstance(body["error"], str) and body["error"]


class JSONClient:
    """Posts JSON over one persistent connection; reconnects only if the server closed it."""

    def __init__(self, base_url: str, timeout: float = 30):
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.connection: http.client.HTTPConnection | None = None

    def post(self, path: str, body: object) -> Answer:
        payload = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        self.connection.request("POST", path, body=payload, headers=headers)
        response = self.connection.getresponse()
        answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        if response.will_close:
            self.close()
        return answer

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
