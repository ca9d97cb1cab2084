#!/usr/bin/env bash
# Broker benchmark: builds emostream-broker in release mode, then measures
# produce/consume throughput and produce-to-consume latency against the same
# workload on Redis Streams (durable and fsync-off). Prints numbers only;
# nothing here asserts a timing. Loopback only; cleans up its processes.
#
#   bench/broker-bench.sh            # full run (1,000,000 records)
#   BENCH_RECORDS=200000 bench/broker-bench.sh
#   BENCH_BROKER_BIN=path/to/emostream-broker bench/broker-bench.sh   # skip the build
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

python="${repo_root}/.venv/bin/python"
if [[ ! -x "$python" ]] || ! command -v kcat >/dev/null || ! command -v redis-benchmark >/dev/null; then
    echo "[bench] dependencies missing: running scripts/install-deps.sh"
    bash scripts/install-deps.sh
fi

broker_bin="${BENCH_BROKER_BIN:-}"
if [[ -z "$broker_bin" ]]; then
    echo "[bench] swift build -c release --product emostream-broker"
    swift build -c release --product emostream-broker
    broker_bin="$(swift build -c release --show-bin-path)/emostream-broker"
fi

# The whole run is bounded; the Python driver also bounds every step.
exec timeout --signal=TERM --kill-after=30 "${BENCH_TIMEOUT_S:-1800}" \
    "$python" bench/broker_bench.py --broker-bin "$broker_bin" "$@"
