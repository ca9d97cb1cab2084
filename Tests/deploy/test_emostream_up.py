"""`emostream up` on this machine, as a user runs it: the whole default topology as child processes on
free ports (`--port-offset`), the demo.sh steps and an end-to-end swarm against it, then SIGTERM.

Afterwards no process `up` started may be left (the tree under `up` is sampled from /proc the whole time,
so even a grandchild would be caught), and every service must have written its own non-empty log file.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time

from emostream_harness import (
    REPO_ROOT, UP_STOP_TIMEOUT_S, ProcessIdentity, Processes, bin_dir, descendants, http_json, still_running,
    wait_until_healthy,
)
from swarm_check import run_swarm

CLUSTERS, SUBSCRIBERS = 3, 3
SERVICES = (["broker", "gateway", "aggregator"] + [f"cluster-publisher-{c}" for c in range(CLUSTERS)]
            + [f"subscriber-{c}-{s}" for c in range(CLUSTERS) for s in range(SUBSCRIBERS)])
# Passed to the aggregator through the environment (`up` hands its environment to every child). The swarm must
# add up exactly; on a loaded machine the first reactions into a quiet partition can reach the aggregator more
# than the default 500 ms late, and late records are dropped by design.
ALLOWED_LATENESS_MS = "3000"


class ProcessTreeSampler:
    """Records every process seen below `root` until stopped, every 50 ms.

    A process is keyed by pid and start time; its command is the last non-empty one seen, because a child
    caught between fork and exec still shows its parent's command line, and a zombie shows none.
    """

    def __init__(self, root: int):
        self.root = root
        self._commands: dict[tuple[int, int], str] = {}
        #: When each process was last seen alive (monotonic), to name the ones slow to stop.
        self.last_seen: dict[tuple[int, int], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            for process in descendants(self.root):
                key = (process.pid, process.start_ticks)
                if process.command or key not in self._commands:
                    self._commands[key] = process.command
                self.last_seen[key] = time.monotonic()
            self._stop.wait(0.05)

    def stop(self) -> list[ProcessIdentity]:
        self._stop.set()
        self._thread.join(timeout=5)
        return [ProcessIdentity(pid, start, command) for (pid, start), command in self._commands.items()]

    def alive_after(self, moment: float) -> list[str]:
        """Commands of processes still seen more than a second after `moment`, with how long after."""
        return [f"{self._commands[key]} (+{seen - moment:.1f}s)" for key, seen in self.last_seen.items()
                if seen > moment + 1]


def test_up_runs_the_demo_and_a_swarm_then_stops_cleanly(processes: Processes) -> None:
    began = time.monotonic()
    up = processes.up(clusters=CLUSTERS, subscribers=SUBSCRIBERS,
                      options=["--window-ms", "500", "--startup-timeout-seconds", "90"],
                      env={"EMOSTREAM_ALLOWED_LATENESS_MS": ALLOWED_LATENESS_MS})
    sampler = ProcessTreeSampler(up.pid)
    try:
        gateway = up.gateway_url
        assert f"REST API     http://localhost:{5000 + up.offset}" in up.log_text()
        wait_until_healthy(gateway, live_subscribers=CLUSTERS * SUBSCRIBERS)
        ready_seconds = time.monotonic() - began

        # The demo, exactly as a user runs it against this gateway.
        demo = subprocess.run(["bash", str(REPO_ROOT / "demo.sh"), "--gateway", gateway, "demo_client"],
                              capture_output=True, text=True, timeout=60)
        assert demo.returncode == 0, f"demo.sh failed:\n{demo.stdout}\n{demo.stderr}"
        for expected in ('"status":"healthy"', "Emoji sent successfully", "demo_client", "assigned_subscriber"):
            assert expected.replace(" ", "") in demo.stdout.replace(" ", ""), f"{expected!r} not in:\n{demo.stdout}"
        status, clients = http_json("GET", f"{gateway}/list_clients")
        assert status == 200 and "demo_client" in clients

        # The compose `test` service's script, run here against the same cluster.
        check = subprocess.run(["bash", str(REPO_ROOT / "deploy" / "e2e-check.sh")], capture_output=True, text=True,
                               timeout=120, env={**os.environ, "EMOSTREAM_GATEWAY": gateway,
                                                 "PATH": f"{bin_dir()}:{os.environ['PATH']}"})
        assert check.returncode == 0 and "e2e check passed" in check.stdout, \
            f"deploy/e2e-check.sh failed:\n{check.stdout}\n{check.stderr}"

        swarm = run_swarm(gateway, {"❤️": 300, "😂": 20})
        status, clients = http_json("GET", f"{gateway}/list_clients")
        assert swarm.client_id in clients
    finally:
        stopping = time.monotonic()
        status = up.terminate(timeout=UP_STOP_TIMEOUT_S)
        stop_seconds = time.monotonic() - stopping
        seen = sampler.stop()

    print(f"\nemostream up: ready + healthy in {ready_seconds:.1f}s, swarm of {len(swarm.windows)} windows in "
          f"{swarm.seconds:.1f}s, stopped in {stop_seconds:.1f}s, {len(seen)} processes seen")
    assert status == 0, f"emostream up exited with {status} after SIGTERM:\n{up.log_tail(80)}"
    output = up.log_text()
    assert "every service stopped" in output
    assert "restart #" not in output, f"a service crashed while up was running:\n{output}"
    assert "did not stop" not in output, (f"a service ignored SIGTERM and was killed:\n{output}\n"
                                          f"slow to stop: {sampler.alive_after(stopping)}")

    # Every service ran as a child of `up`, and none of those processes is left.
    executables = [p.command.split()[0].rsplit("/", 1)[-1] if p.command else "?" for p in seen]
    assert sorted(executables) == sorted(
        ["emostream-broker", "emostream-gateway", "emostream-aggregator"]
        + ["emostream-cluster-publisher"] * CLUSTERS + ["emostream-subscriber"] * CLUSTERS * SUBSCRIBERS
    ), f"unexpected process tree: {sorted(p.command for p in seen)}"
    left = [p for p in seen if still_running(p)]
    assert not left, f"still running after emostream up exited: {left}"

    # One log file per service, each holding the service's own lines (not only up's start banner).
    logs = up.log_dir
    assert sorted(p.name for p in logs.iterdir()) == sorted(f"{name}.log" for name in SERVICES)
    for name in SERVICES:
        text = (logs / f"{name}.log").read_text(errors="replace")
        own = [line for line in text.splitlines() if f" {name}: " in line]
        assert own, f"{name}.log has nothing from {name} itself:\n{text}"
