"""The default topology as separate hosts: broker, gateway, aggregator, 3 cluster publishers and 9 subscribers,
each in its own network namespace with its own address, plus a client host; the services find each other
only through the flags that name those addresses.

From the client host the end-to-end check runs as a viewer would: the gateway must hand out the address of
the subscriber it assigns (which the subscriber announced in its heartbeats), and a viewer that registers,
connects there and watches must receive exactly the reactions sent through the gateway.
"""

from __future__ import annotations

import json
import subprocess
import time

from emostream_harness import START_TIMEOUT_S, Processes, ServiceProcess, binary
from netns_lab import NetnsLab, require_netns
from swarm_check import run_swarm

CLUSTERS, SUBSCRIBERS = 3, 3
SECRET = "netns-test-secret"
BROKER_PORT, GATEWAY_PORT = 9092, 5000
# The swarm must add up exactly; on a loaded machine the first reactions into a quiet partition can reach the
# aggregator more than the default 500 ms late, and late records are dropped by design.
ALLOWED_LATENESS_MS = 3_000


def publisher_port(cluster: int) -> int:
    return 7000 + cluster


def subscriber_port(cluster: int, subscriber: int) -> int:
    return 6000 + SUBSCRIBERS * cluster + subscriber


class Topology:
    """Creates the hosts and starts every service on its own host."""

    def __init__(self, lab: NetnsLab, processes: Processes):
        self.lab = lab
        self.work = processes.work_dir
        self.processes = processes
        for host in (["broker", "gateway", "aggregator", "client"] + [f"pub{c}" for c in range(CLUSTERS)]
                     + [f"sub{c}-{s}" for c in range(CLUSTERS) for s in range(SUBSCRIBERS)]):
            lab.add_host(host)
        self.address = lab.addresses
        self.brokers = f"{self.address['broker']}:{BROKER_PORT}"
        self.gateway = f"http://{self.address['gateway']}:{GATEWAY_PORT}"

    def start(self, host: str, executable: str, *args: str) -> ServiceProcess:
        argv = self.lab.argv(host, binary(executable), *args)
        return self.processes.add(ServiceProcess(host, argv, self.work / f"{host}.log")).start()

    def start_all(self) -> None:
        broker = self.start("broker", "emostream-broker", "--host", self.address["broker"], "--port", str(BROKER_PORT),
                            "--advertised-host", self.address["broker"], "--data-dir", str(self.work / "data"),
                            "--port-file", str(self.work / "broker.port"))
        broker.wait_for_port_file(self.work / "broker.port")
        publishers = [
            self.start(f"pub{c}", "emostream-cluster-publisher", "--cluster", str(c), "--host", self.address[f"pub{c}"],
                       "--port", str(publisher_port(c)), "--brokers", self.brokers,
                       "--port-file", str(self.work / f"pub{c}.port"))
            for c in range(CLUSTERS)
        ]
        gateway = self.start("gateway", "emostream-gateway", "--host", self.address["gateway"],
                             "--port", str(GATEWAY_PORT), "--brokers", self.brokers, "--secret", SECRET)
        aggregator = self.start("aggregator", "emostream-aggregator", "--brokers", self.brokers, "--window-ms", "500",
                                "--allowed-lateness-ms", str(ALLOWED_LATENESS_MS))
        for c, publisher in enumerate(publishers):
            publisher.wait_for_port_file(self.work / f"pub{c}.port")
        subscribers = []
        for c in range(CLUSTERS):
            for s in range(SUBSCRIBERS):
                # Only --host: a subscriber bound to one address announces that address (its --advertised-host
                # default), which is what the gateway must hand to viewers.
                subscribers.append(self.start(
                    f"sub{c}-{s}", "emostream-subscriber", "--cluster", str(c), "--subscriber", str(s),
                    "--host", self.address[f"sub{c}-{s}"], "--port", str(subscriber_port(c, s)),
                    "--publisher", f"{self.address[f'pub{c}']}:{publisher_port(c)}", "--brokers", self.brokers,
                    "--secret", SECRET, "--port-file", str(self.work / f"sub{c}-{s}.port")))
        for c in range(CLUSTERS):
            for s in range(SUBSCRIBERS):
                subscribers[c * SUBSCRIBERS + s].wait_for_port_file(self.work / f"sub{c}-{s}.port")
        gateway.wait_for_log(r"Gateway listening")
        aggregator.wait_for_log(r"Partitions assigned")

    def client_http(self, method: str, path: str, body: object | None = None) -> tuple[int, dict]:
        """An HTTP call made from the client host (curl inside its namespace)."""
        argv = ["curl", "-sS", "--max-time", "10", "-X", method, "-w", "\n%{http_code}", f"{self.gateway}{path}"]
        if body is not None:
            argv += ["-H", "Content-Type: application/json", "-d", json.dumps(body)]
        answer = subprocess.run(self.lab.argv("client", *argv), capture_output=True, text=True, timeout=30)
        if answer.returncode != 0:
            raise ConnectionError(f"curl {method} {path} from the client host: {answer.stderr.strip()}")
        text, _, status = answer.stdout.rpartition("\n")
        return int(status), json.loads(text) if text else {}

    def wait_until_every_subscriber_is_live(self) -> dict:
        deadline = time.monotonic() + START_TIMEOUT_S
        last: object = None
        while time.monotonic() < deadline:
            try:
                status, health = self.client_http("GET", "/health")
                last = health
                if status == 200 and health.get("live_subscribers") == CLUSTERS * SUBSCRIBERS:
                    return health
            except ConnectionError as error:
                last = error
            time.sleep(0.3)
        raise AssertionError(f"not every subscriber live at the gateway within {START_TIMEOUT_S:.0f}s: {last}")


def test_topology_of_separate_hosts_passes_the_end_to_end_check(processes: Processes):
    require_netns()
    began = time.monotonic()
    with NetnsLab() as lab:
        topology = Topology(lab, processes)
        try:
            topology.start_all()
            health = topology.wait_until_every_subscriber_is_live()
            ready_seconds = time.monotonic() - began

            # Every subscriber is known at the address of its own host.
            announced = {(s["cluster_id"], s["subscriber_id"]): (s["host"], s["port"]) for s in health["subscribers"]}
            assert announced == {
                (c, s): (topology.address[f"sub{c}-{s}"], subscriber_port(c, s))
                for c in range(CLUSTERS) for s in range(SUBSCRIBERS)
            }
            # Registrations hand out those addresses, spread over the subscribers.
            assigned = set()
            for n in range(CLUSTERS * SUBSCRIBERS):
                status, answer = topology.client_http("POST", "/register_client", {"client_id": f"netns-client-{n}"})
                assert status == 200, answer
                sub = answer["assigned_subscriber"]
                key = (sub["cluster_id"], sub["subscriber_id"])
                assert (sub["host"], sub["port"]) == announced[key], answer
                assigned.add(key)
            assert len(assigned) > 1, f"every client went to the same subscriber: {assigned}"

            swarm = run_swarm(topology.gateway, {"❤️": 200, "😂": 30}, prefix=lab.argv("client"))
            assert "connected to subscriber" in swarm.watch_log
        finally:
            exits = {process.name: process.terminate() for process in reversed(processes.started)}
    print(f"\nnetns topology: {len(lab.addresses)} hosts up and healthy in {ready_seconds:.1f}s, "
          f"swarm of {len(swarm.windows)} windows in {swarm.seconds:.1f}s, total {time.monotonic() - began:.1f}s")
    assert all(code == 0 for code in exits.values()), f"services that did not exit 0 on SIGTERM: {exits}"
