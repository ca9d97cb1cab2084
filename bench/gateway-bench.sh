#!/usr/bin/env bash
# Gateway benchmark: POST /emoji requests/s and p50/p99 latency with wrk at 64 and 256 connections, side by
# side for
#   - emostream-gateway (release), answering 200 only once the broker acknowledged (acks=all, fsync'd),
#     and the same with --fire-and-forget true (answers once queued, like the original app);
#   - the original project's style: Flask + kafka-python (`producer.send`, not awaited), under Flask's
#     development server as the original ran it, and under gunicorn (2·cores+1 sync workers);
#   - a bare Hummingbird route answering the same JSON without producing (the framework's ceiling).
# Every producer writes to the same emostream-broker (release, --fsync ack). Prints numbers only; nothing here
# asserts a timing. Loopback only; stops every process it started.
#
#   bash bench/gateway-bench.sh
#   BENCH_DURATION=20 BENCH_CONNECTIONS="64 256 512" bash bench/gateway-bench.sh
#   BENCH_BIN_DIR=.build/release bash bench/gateway-bench.sh     # skip the EmoStream builds
#   BENCH_VENV=/path/to/venv bash bench/gateway-bench.sh          # default: .venv, created if missing
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

duration="${BENCH_DURATION:-10}"
connections="${BENCH_CONNECTIONS:-64 256}"
threads="${BENCH_THREADS:-2}"
venv="${BENCH_VENV:-$repo_root/.venv}"
cores="$(nproc)"
gunicorn_workers="${BENCH_GUNICORN_WORKERS:-$((2 * cores + 1))}"
lua="$repo_root/bench/gateway/post_emoji.lua"

log() { echo "[gateway-bench] $*" >&2; }

# --- tools: wrk and the venv's flask, kafka-python and gunicorn come from scripts/install-deps.sh ------------
if ! command -v wrk >/dev/null || ! "$venv/bin/python" -c "import flask, kafka, gunicorn" 2>/dev/null; then
    if [[ "$venv" == "$repo_root/.venv" ]]; then
        log "dependencies missing: running scripts/install-deps.sh"
        bash scripts/install-deps.sh
    else
        log "$venv lacks flask, kafka-python or gunicorn (or wrk is missing): run scripts/install-deps.sh or install them"
        exit 1
    fi
fi

# --- builds (before anything is measured, so compiling never competes with a run) ---------------------------
if [[ -n "${BENCH_BIN_DIR:-}" ]]; then
    bin_dir="$(cd "$BENCH_BIN_DIR" && pwd)"
else
    # One build per product: `swift build` honours only the last of several --product flags.
    for product in emostream-broker emostream-gateway; do
        log "swift build -c release --product $product"
        swift build -c release --product "$product"
    done
    bin_dir="$(swift build -c release --show-bin-path)"
fi
log "swift build -c release --package-path bench/hello-hummingbird"
swift build -c release --package-path bench/hello-hummingbird
hello_bin="$(swift build -c release --package-path bench/hello-hummingbird --show-bin-path)/hello-hummingbird"

# --- processes ---------------------------------------------------------------------------------------------
work="$(mktemp -d -t emostream-gateway-bench.XXXXXX)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    "$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_http URL EXPECTED_STATUS NAME: polls until URL answers, for at most 60 s.
wait_http() {
    local deadline=$((SECONDS + 60))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" == "$2" ]]; do
        if ((SECONDS > deadline)); then log "$3 did not answer $2 at $1; its log:"; tail -30 "$work/$3.log" >&2; exit 1; fi
        sleep 0.2
    done
}

# cpu_ticks PID: CPU time (user + system, in clock ticks) of PID and every process under it, so gunicorn's
# workers count with their master.
cpu_ticks() {
    local total child
    total="$(awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0)"
    for child in $(pgrep -P "$1" || true); do
        total=$((total + $(cpu_ticks "$child")))
    done
    echo "$total"
}

# stop_last: stops the most recently started server and waits for it.
stop_last() {
    local pid="${pids[-1]}"
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset 'pids[-1]'
}

log "starting emostream-broker (--fsync ack)"
"$bin_dir/emostream-broker" --host 127.0.0.1 --port 0 --port-file "$work/broker.port" \
    --data-dir "$work/broker-data" --log-level warning >"$work/broker.log" 2>&1 &
pids+=($!)
broker_pid=$!
for _ in $(seq 300); do [[ -s "$work/broker.port" ]] && break; sleep 0.1; done
broker="127.0.0.1:$(tr -d '\n' <"$work/broker.port")"

# --- measuring ---------------------------------------------------------------------------------------------
results="$work/results.tsv"
: >"$results"

# measure NAME PORT: a short warm-up, then one wrk run per connection count; appends rows to $results, with
# the CPU time the server (the last process started) and the broker spent during the run.
measure() {
    local name="$1" port="$2" line server_before broker_before
    wrk -t"$threads" -c64 -d2s -s "$lua" "http://127.0.0.1:$port" >/dev/null 2>&1 || true
    for conns in $connections; do
        log "$name: $conns connections, ${duration}s"
        server_before="$(cpu_ticks "${pids[-1]}")"
        broker_before="$(cpu_ticks "$broker_pid")"
        line="$(wrk -t"$threads" -c"$conns" -d"${duration}s" --timeout 5s -s "$lua" "http://127.0.0.1:$port" \
            | grep '^RESULT' || true)"
        [[ -n "$line" ]] || { log "$name: wrk printed no result"; line="RESULT rps=0 p50_ms=0 p99_ms=0 requests=0 errors=0 non2xx=0"; }
        line+=" server_cpu_ticks=$(($(cpu_ticks "${pids[-1]}") - server_before))"
        line+=" broker_cpu_ticks=$(($(cpu_ticks "$broker_pid") - broker_before))"
        echo -e "$name\t$conns\t${line#RESULT }" >>"$results"
    done
}

gateway_flags=(--host 127.0.0.1 --brokers "$broker" --secret bench --log-level warning
    --rate-limit-per-second 1000000000 --rate-limit-burst 1000000000)

port="$(free_port)"
"$bin_dir/emostream-gateway" --port "$port" "${gateway_flags[@]}" >"$work/gateway.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$port/health" 200 gateway
measure "gateway (acks=all)" "$port"
stop_last

port="$(free_port)"
"$bin_dir/emostream-gateway" --port "$port" "${gateway_flags[@]}" --fire-and-forget true \
    >"$work/gateway-ff.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$port/health" 200 gateway-ff
measure "gateway (fire-and-forget)" "$port"
stop_last

port="$(free_port)"
"$hello_bin" "$port" >"$work/hello.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$port/" 200 hello
measure "bare Hummingbird route" "$port"
stop_last

port="$(free_port)"
(cd bench/gateway && KAFKA_BROKER="$broker" PORT="$port" exec "$venv/bin/python" flask_app.py) >"$work/flask.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$port/" 200 flask
measure "Flask dev server + kafka-python" "$port"
stop_last

port="$(free_port)"
(cd bench/gateway && KAFKA_BROKER="$broker" exec "$venv/bin/gunicorn" -w "$gunicorn_workers" \
    -b "127.0.0.1:$port" --log-level warning flask_app:app) >"$work/gunicorn.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$port/" 200 gunicorn
measure "gunicorn ${gunicorn_workers}w + kafka-python" "$port"
stop_last

# --- report ------------------------------------------------------------------------------------------------
report="$("$venv/bin/python" - "$results" "$cores" "$duration" "$(getconf CLK_TCK)" <<'PY'
import sys

rows = {}
for line in open(sys.argv[1], encoding="utf-8"):
    name, conns, fields = line.rstrip("\n").split("\t")
    rows[(name, int(conns))] = {k: float(v) for k, v in (f.split("=") for f in fields.split())}
names = list(dict.fromkeys(name for name, _ in rows))
levels = sorted({conns for _, conns in rows})
print(f"POST /emoji, wrk {sys.argv[3]} s per run, loopback, {sys.argv[2]} cores shared by wrk, server and broker\n")
print(f"{'server':<36} {'conns':>5} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'errors':>7}"
      f" {'server CPU us/req':>18} {'broker CPU us/req':>18}")

def per_request(r, key):
    """CPU microseconds per answered request, from the clock ticks the process tree used during the run."""
    return f"{r[key] / float(sys.argv[4]) / r['requests'] * 1e6:.0f}" if r["requests"] > 0 else "n/a"

for name in names:
    for conns in levels:
        r = rows.get((name, conns))
        if r:
            print(f"{name:<36} {conns:>5} {r['rps']:>10.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f}"
                  f" {r['non2xx']:>8.0f} {r['errors']:>7.0f}"
                  f" {per_request(r, 'server_cpu_ticks'):>18} {per_request(r, 'broker_cpu_ticks'):>18}")

def ratio(a, b, conns):
    x, y = rows.get((a, conns)), rows.get((b, conns))
    return f"{x['rps'] / y['rps']:.1f}x" if x and y and y["rps"] > 0 else "n/a"

flask = next(n for n in names if n.startswith("Flask"))
gunicorn = next(n for n in names if n.startswith("gunicorn"))
print("\nCPU us/req: user + system time of the server's processes, and of the broker's, per answered request;"
      " on shared cores the sum (plus wrk's share) bounds req/s.")
print(f"\n{'ratios of req/s':<52}" + "".join(f"{c:>10}" for c in levels))
for gateway in ("gateway (acks=all)", "gateway (fire-and-forget)"):
    for other, aim in ((flask, "aim >= 20x"), (gunicorn, ""), ("bare Hummingbird route", "aim >= 0.7x")):
        label = f"{gateway} / {other.split(' +')[0]}"
        print(f"{label:<52}" + "".join(f"{ratio(gateway, other, c):>10}" for c in levels) + f"   {aim}")
PY
)"
echo "$report"
mkdir -p bench/results
echo "$report" >"bench/results/gateway-$(date +%Y%m%d-%H%M%S).txt"
