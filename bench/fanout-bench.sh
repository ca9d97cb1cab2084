#!/usr/bin/env bash
# Fan-out benchmark: 10,000 clients connected to the 9 subscribers of `emostream up`, 20,000 emoji/s in,
# window-close→client latency, deliveries/s and memory per connection, beside NATS core fanning the same
# message to the same number of connections. Prints numbers only; nothing here asserts a timing. Loopback
# only; stops every process it started.
#
#   bash bench/fanout-bench.sh                       # full run
#   bash bench/fanout-bench.sh --clients 2000 --duration 10
#   BENCH_BIN_DIR=path/to/release/bin bash bench/fanout-bench.sh   # skip the build
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

python="${repo_root}/.venv/bin/python"
if [[ ! -x "$python" ]] || ! command -v nats-server >/dev/null || ! "$python" -c 'import confluent_kafka' 2>/dev/null; then
    echo "[fanout-bench] dependencies missing: running scripts/install-deps.sh"
    bash scripts/install-deps.sh
fi

bin_dir="${BENCH_BIN_DIR:-}"
if [[ -z "$bin_dir" ]]; then
    echo "[fanout-bench] swift build -c release"
    swift build -c release
    bin_dir="$(swift build -c release --show-bin-path)"
fi

# 10,000 client sockets in the driver plus ~1,100 in each subscriber: raise the open-file limit as far as
# this shell may (root can raise the hard limit too).
wanted=65536
if [[ "$(ulimit -Hn)" != "unlimited" && "$(ulimit -Hn)" -lt $wanted ]]; then
    ulimit -Hn $wanted 2>/dev/null || true
fi
ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
echo "[fanout-bench] open files: $(ulimit -n)"

# The whole run is bounded; the Python driver also bounds every step.
exec timeout --signal=TERM --kill-after=60 "${BENCH_TIMEOUT_S:-1800}" \
    "$python" bench/fanout_bench.py --bin-dir "$bin_dir" "$@"
