#!/usr/bin/env bash
# End-to-end check against a running EmoStream (the compose `test` service, or any deployment):
# health, one emoji, register/list/deregister, then a viewer must receive windows adding up to what was sent.
#
# The viewer dials the host its subscriber announces (in docker-compose.yml the subscriber's service name, or
# EMOSTREAM_PUBLIC_HOST), so that host must be reachable from where this script runs.
set -euo pipefail
gateway="${EMOSTREAM_GATEWAY:-http://localhost:5000}"
client="e2e-$(date +%s)-$$"
room="e2e-room-$client"
work="$(mktemp -d)"
trap 'kill "${watcher:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "health:";   curl -fsS "$gateway/"
echo; echo "send:";     emostream send "❤️" --count 1 --gateway "$gateway"
echo "register:"; emostream register "$client" --gateway "$gateway"
echo "list:";     emostream list --gateway "$gateway" | grep -q "$client"

# Watch a room of our own, so nothing else sent to the deployment mixes in.
emostream watch --client-id "$client" --room "$room" --json --gateway "$gateway" >"$work/windows" 2>"$work/watch.log" &
watcher=$!
for _ in $(seq 300); do
  grep -q "connected to subscriber" "$work/watch.log" && break
  kill -0 "$watcher" 2>/dev/null || { cat "$work/watch.log"; echo "watch exited before connecting" >&2; exit 1; }
  sleep 0.1
done
grep -q "connected to subscriber" "$work/watch.log" || { cat "$work/watch.log"; echo "watch never connected" >&2; exit 1; }

emostream send "❤️" --count 50 --room "$room" --users 5 --gateway "$gateway"
emostream send "😂" --count 5 --room "$room" --gateway "$gateway"

# Windows close a little after the last reaction; give them up to 30 s to add up to 50 ❤️ and 5 😂.
totals=""
for _ in $(seq 60); do
  # Sum "counts" over the JSON lines with awk (the runtime image has no Python): "❤️=50 😂=5".
  totals="$(awk '
    match($0, /"counts":\{[^}]*\}/) {
      n = split(substr($0, RSTART + 10, RLENGTH - 11), pairs, ",")
      for (i = 1; i <= n; i++) { split(pairs[i], kv, ":"); gsub(/"/, "", kv[1]); total[kv[1]] += kv[2] }
    }
    END { for (emoji in total) print emoji "=" total[emoji] }' "$work/windows" | LC_ALL=C sort | paste -sd' ')"
  [[ "$totals" == "❤️=50 😂=5" ]] && break
  sleep 0.5
done
echo "windows:"; cat "$work/windows"
[[ "$totals" == "❤️=50 😂=5" ]] || { echo "windows add up to '$totals', sent ❤️=50 😂=5" >&2; exit 1; }

echo "deregister:"; emostream deregister "$client" --gateway "$gateway"
echo "e2e check passed"
