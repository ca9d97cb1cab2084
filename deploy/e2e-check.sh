#!/usr/bin/env bash
# End-to-end check against a running EmoStream (the compose `test` service, or any deployment):
# health, one emoji, register/list/deregister, then a viewer must receive a window with the emojis sent.
set -euo pipefail
gateway="${EMOSTREAM_GATEWAY:-http://localhost:5000}"
client="e2e-$(date +%s)-$$"

echo "health:";   curl -fsS "$gateway/"
echo; echo "send:";     emostream send "❤️" --count 1 --gateway "$gateway"
echo "register:"; emostream register "$client" --gateway "$gateway"
echo "list:";     emostream list --gateway "$gateway" | grep -q "$client"

# The viewer dials the host its subscriber advertises (EMOSTREAM_PUBLIC_HOST in docker-compose.yml),
# so that address must be reachable from where this script runs.
emostream watch --client-id "$client" --json --count 1 --gateway "$gateway" > /tmp/window.json &
watcher=$!
sleep 1
emostream send "❤️" --count 50 --gateway "$gateway"
emostream send "😂" --count 5 --gateway "$gateway"
wait "$watcher"
echo "window:"; cat /tmp/window.json
grep -q '"counts"' /tmp/window.json

echo "deregister:"; emostream deregister "$client" --gateway "$gateway"
echo "e2e check passed"
