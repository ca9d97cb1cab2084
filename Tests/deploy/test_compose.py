"""Checks docker-compose.yml and the Kafka override against the default topology, without a Docker engine.

Every service's command, ports, healthcheck, volumes and dependencies are compared with what EmoStream's
design fixes (3 clusters x 3 subscribers, ports 6000-6008, publishers 7000-7002, gateway 5000, broker 9092),
and every flag a container passes is checked against the real executable's `--help`.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache

import pytest
import yaml

from emostream_harness import REPO_ROOT, binary

CLUSTERS, SUBSCRIBERS = 3, 3


class ComposeLoader(yaml.SafeLoader):
    """Understands compose's `!reset` and `!override` merge tags."""


def _tagged(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return loader.construct_scalar(node)


for _tag in ("!reset", "!override"):
    ComposeLoader.add_constructor(_tag, _tagged)


def load(path: str) -> dict:
    return yaml.load((REPO_ROOT / path).read_text(), Loader=ComposeLoader)


@pytest.fixture(scope="module")
def services() -> dict:
    return load("docker-compose.yml")["services"]


def expected_services() -> dict[str, dict]:
    expected = {
        "broker": {"exe": "emostream-broker", "port": 9092},
        "gateway": {"exe": "emostream-gateway", "port": 5000},
        "aggregator": {"exe": "emostream-aggregator", "port": None},
    }
    for c in range(CLUSTERS):
        expected[f"cluster-publisher-{c}"] = {"exe": "emostream-cluster-publisher", "port": 7000 + c, "cluster": c}
        for s in range(SUBSCRIBERS):
            expected[f"subscriber-{c}-{s}"] = {
                "exe": "emostream-subscriber", "port": 6000 + 3 * c + s, "cluster": c, "subscriber": s,
            }
    return expected


def flag(command: list[str], name: str) -> str | None:
    return command[command.index(name) + 1] if name in command else None


def test_every_service_of_the_topology_is_there(services):
    runtime = {name for name, svc in services.items() if "test" not in svc.get("profiles", [])}
    assert runtime == set(expected_services())


@pytest.mark.parametrize("name", sorted(expected_services()))
def test_service_command_ports_and_healthcheck(services, name):
    spec = expected_services()[name]
    svc = services[name]
    command = svc["command"]
    assert command[0] == spec["exe"]
    if spec["port"] is not None and name != "broker":
        assert flag(command, "--port") == str(spec["port"])
    if name == "broker":
        assert flag(command, "--port") == "9092"
        assert flag(command, "--data-dir") == "/data/broker"
        assert any(v.startswith("broker-data:/data/broker") for v in svc["volumes"])
    if name != "broker":
        assert flag(command, "--brokers") == "broker:9092"
        assert svc["depends_on"]["broker"]["condition"] == "service_healthy"
    if "cluster" in spec:
        assert flag(command, "--cluster") == str(spec["cluster"])
    if "subscriber" in spec:
        c = spec["cluster"]
        assert flag(command, "--subscriber") == str(spec["subscriber"])
        assert flag(command, "--publisher") == f"cluster-publisher-{c}:{7000 + c}"
        assert svc["depends_on"][f"cluster-publisher-{c}"]["condition"] == "service_healthy"
    # Ports clients reach from outside are published one to one.
    if name == "broker" or name == "gateway" or name.startswith("subscriber-"):
        assert svc["ports"] == [f"{spec['port']}:{spec['port']}"]
    health = " ".join(svc["healthcheck"]["test"])
    if spec["port"] is not None:
        assert str(spec["port"]) in health
    # Logs go to a named volume per deployment, one file per service (`--log-dir` via the environment).
    assert any(v.startswith("logs:/logs") for v in svc["volumes"])
    assert svc["environment"]["EMOSTREAM_LOG_DIR"] == "/logs"


def test_host_ports_are_unique(services):
    published = [p.split(":")[0] for svc in services.values() for p in svc.get("ports", [])]
    assert len(published) == len(set(published))


def test_named_volumes_are_declared():
    compose = load("docker-compose.yml")
    assert set(compose["volumes"]) == {"broker-data", "logs"}


def test_the_test_profile_waits_for_the_whole_stack(services):
    test = services["test"]
    assert test["profiles"] == ["test"]
    waits = set(test["depends_on"])
    assert {"gateway", "aggregator"} <= waits
    assert {f"subscriber-{c}-{s}" for c in range(CLUSTERS) for s in range(SUBSCRIBERS)} <= waits
    assert (REPO_ROOT / "deploy" / "e2e-check.sh").exists()


def test_kafka_override_swaps_only_the_broker(services):
    override = load("deploy/compose.kafka.yml")["services"]
    assert set(override) == {"broker"}
    kafka = override["broker"]
    assert kafka["image"].startswith("apache/kafka")
    env = kafka["environment"]
    assert "broker,controller" == env["KAFKA_PROCESS_ROLES"]
    assert env["KAFKA_ADVERTISED_LISTENERS"] == "PLAINTEXT://broker:9092"
    # Everyone else keeps bootstrapping from broker:9092, which the override now serves.
    for name, svc in services.items():
        if name not in ("broker", "test"):
            assert flag(svc["command"], "--brokers") == "broker:9092"


@cache
def help_text(executable: str) -> str:
    """`<executable> --help`, run once per executable: fifteen services share five executables."""
    return subprocess.run([binary(executable), "--help"], capture_output=True, text=True, timeout=30).stdout


@pytest.mark.parametrize("name", sorted(expected_services()))
def test_every_flag_a_container_passes_exists(services, name):
    """Checks the executable's --help accepts every flag the compose file passes."""
    exe = expected_services()[name]["exe"]
    for option in [a for a in services[name]["command"][1:] if a.startswith("--")]:
        assert re.search(rf"(^|\s){re.escape(option)}(\s|$|[ <=])", help_text(exe), re.M), f"{exe} has no {option}"


def interpolate(value: str, environment: dict[str, str]) -> str:
    """Compose's `${VAR}`, `${VAR:-default}` and `${VAR-default}` interpolation, as `docker compose` applies it."""
    def substitute(match: re.Match[str]) -> str:
        name, operator, default = match.group(1), match.group(2), match.group(3) or ""
        if operator == ":-":
            return environment.get(name) or default
        if operator == "-":
            return environment.get(name, default)
        return environment.get(name, "")
    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}", substitute, value)


def networks_of(service: dict) -> set[str]:
    """The compose networks a service joins (`default` unless it names others)."""
    assert "network_mode" not in service, "a service outside the compose network cannot reach the others by name"
    networks = service.get("networks", ["default"])
    return set(networks) if isinstance(networks, (list, dict)) else {"default"}


def names_in_network(name: str, service: dict) -> set[str]:
    """Every name that resolves to `service` for other containers on its networks."""
    names = {name}
    for key in ("hostname", "container_name"):
        if key in service:
            names.add(service[key])
    if isinstance(service.get("networks"), dict):
        for settings in service["networks"].values():
            names |= set((settings or {}).get("aliases", []))
    return names


@pytest.mark.parametrize("name", sorted(n for n in expected_services() if n.startswith("subscriber-")))
def test_the_test_service_can_reach_the_host_each_subscriber_announces(services, name):
    """The e2e check in the `test` container registers a viewer and dials the host the gateway hands out, which
    is what the subscriber announces (--advertised-host): with the default environment that name must resolve
    in the compose network the test container shares, and the subscriber must listen on every interface."""
    subscriber, test = services[name], services["test"]
    announced = interpolate(flag(subscriber["command"], "--advertised-host"), {})
    assert announced in names_in_network(name, subscriber), (
        f"{name} announces {announced!r}, which the test container cannot resolve to {name}")
    assert networks_of(subscriber) & networks_of(test), f"{name} and the test service share no network"
    assert flag(subscriber["command"], "--host") == "0.0.0.0"
    # Viewers on the Docker host: EMOSTREAM_PUBLIC_HOST=localhost, and the port is published one to one.
    assert interpolate(flag(subscriber["command"], "--advertised-host"), {"EMOSTREAM_PUBLIC_HOST": "localhost"}) \
        == "localhost"
    port = flag(subscriber["command"], "--port")
    assert subscriber["ports"] == [f"{port}:{port}"]


def test_the_test_service_reaches_the_gateway_by_name(services):
    test = services["test"]
    gateway = re.fullmatch(r"http://([^:/]+):(\d+)", test["environment"]["EMOSTREAM_GATEWAY"])
    assert gateway, test["environment"]["EMOSTREAM_GATEWAY"]
    host, port = gateway.groups()
    assert host in names_in_network("gateway", services["gateway"])
    assert port == flag(services["gateway"]["command"], "--port")
    assert networks_of(services["gateway"]) & networks_of(test)
    assert test["command"][-1] == "/opt/emostream/e2e-check.sh"
    assert "COPY deploy/e2e-check.sh /opt/emostream/e2e-check.sh" in (REPO_ROOT / "deploy" / "Dockerfile").read_text()
    syntax = subprocess.run(["bash", "-n", str(REPO_ROOT / "deploy" / "e2e-check.sh")], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr


def test_the_gateway_is_healthy_only_when_its_health_endpoint_says_so(services):
    """GET / always answers; /health answers 503 until the broker answers and the registry is loaded."""
    health = services["gateway"]["healthcheck"]["test"]
    assert health[:2] == ["CMD", "curl"] and "-f" in "".join(a for a in health if a.startswith("-"))
    assert health[-1] == "http://127.0.0.1:5000/health"
