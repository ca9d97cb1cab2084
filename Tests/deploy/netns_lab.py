"""A private network of Linux network namespaces: one namespace per "host", each with its own 10.x address
on a veth pair whose other end is plugged into a bridge inside a hub namespace.

Nothing touches the machine's own network: the bridge and every veth end live in namespaces created here,
there is no route out, and deleting the namespaces removes everything (a veth pair dies with either end).
Names carry this process's pid, so a run that was killed (SIGKILL, power loss) is swept by the next one.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess

import pytest

SUBNET = "10.77.0"
_NAME = re.compile(r"^emst(\d+)x[0-9a-f]{4}-")


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    if check and result.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def _namespaces() -> list[str]:
    listing = _ip("netns", "list", check=False).stdout
    return [line.split()[0] for line in listing.splitlines() if line.strip()]


def require_netns() -> None:
    """Fails the test, loudly and with the reason, when this machine cannot create network namespaces."""
    if shutil.which("ip") is None:
        pytest.fail("`ip` (iproute2) is not installed: apt-get install iproute2", pytrace=False)
    probe = f"emst{os.getpid()}x{secrets.token_hex(2)}-probe"
    result = _ip("netns", "add", probe, check=False)
    if result.returncode != 0:
        pytest.fail(f"cannot create a network namespace here (needs root / CAP_SYS_ADMIN): "
                    f"`ip netns add` said: {result.stderr.strip()}", pytrace=False)
    _ip("netns", "del", probe, check=False)


def sweep_stale() -> None:
    """Deletes namespaces left by earlier runs whose process is gone."""
    for name in _namespaces():
        match = _NAME.match(name)
        if match and not os.path.exists(f"/proc/{match.group(1)}"):
            _ip("netns", "del", name, check=False)


class NetnsLab:
    """Hosts on one bridged /24; `argv(host, ...)` runs a command on a host."""

    def __init__(self) -> None:
        self.prefix = f"emst{os.getpid()}x{secrets.token_hex(2)}"
        self.hub = f"{self.prefix}-hub"
        self.addresses: dict[str, str] = {}
        self._created: list[str] = []

    def __enter__(self) -> NetnsLab:
        sweep_stale()
        self._add_namespace(self.hub)
        _ip("-n", self.hub, "link", "add", "br0", "type", "bridge")
        _ip("-n", self.hub, "link", "set", "br0", "up")
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.destroy()

    def namespace(self, host: str) -> str:
        return f"{self.prefix}-{host}"

    def add_host(self, host: str) -> str:
        """Creates the host's namespace, wires it to the bridge and returns its address."""
        index = len(self.addresses) + 2
        address = f"{SUBNET}.{index}"
        namespace = self.namespace(host)
        self._add_namespace(namespace)
        port = f"v{index}"
        _ip("-n", self.hub, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", namespace)
        _ip("-n", self.hub, "link", "set", port, "master", "br0", "up")
        _ip("-n", namespace, "addr", "add", f"{address}/24", "dev", "eth0")
        _ip("-n", namespace, "link", "set", "eth0", "up")
        _ip("-n", namespace, "link", "set", "lo", "up")
        self.addresses[host] = address
        return address

    def argv(self, host: str, *command: str) -> list[str]:
        """`command` run inside `host`'s namespace (ip execs it: the pid is the command's own)."""
        return ["ip", "netns", "exec", self.namespace(host), *command]

    def destroy(self) -> None:
        """Deletes every namespace of this lab; their veths and the bridge go with them."""
        for namespace in reversed(self._created):
            _ip("netns", "del", namespace, check=False)
        self._created.clear()
        left = [name for name in _namespaces() if name.startswith(self.prefix)]
        assert not left, f"network namespaces left behind: {left}"

    def _add_namespace(self, namespace: str) -> None:
        _ip("netns", "add", namespace)
        self._created.append(namespace)
