#!/usr/bin/env bash
# The original project's demo, against a running EmoStream (`make run`, `emostream up` or docker compose):
# health check, send an emoji, register a client, list clients.
#
#   ./demo.sh [--gateway URL] [client_id]      (the gateway also from EMOSTREAM_GATEWAY; default localhost:5000)
#
# Exits non-zero, saying which step failed, if any answer is not what the API promises.
set -euo pipefail

gateway="${EMOSTREAM_GATEWAY:-http://localhost:5000}"
client="my_first_client"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --gateway) gateway="${2:?--gateway needs a URL}"; shift 2 ;;
    --gateway=*) gateway="${1#--gateway=}"; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) client="$1"; shift ;;
  esac
done
gateway="${gateway%/}"

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'demo.sh: %s\n' "$*" >&2; exit 1; }
# curl -f turns an HTTP error into a failure; the answer is printed and returned for the checks below.
call() { local answer; answer="$(curl -fsS --max-time 10 "$@")" || fail "request failed: curl $*"; printf '%s\n' "$answer"; }

step "Health: GET $gateway/"
answer="$(call "$gateway/")"; echo "$answer"
[[ "$answer" == *'"healthy"'* ]] || fail "the gateway is not healthy"

step "Send an emoji: POST /emoji"
answer="$(call -X POST "$gateway/emoji" -H 'Content-Type: application/json' \
  -d "{\"emoji_type\": \"😊\", \"timestamp\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}")"; echo "$answer"
[[ "$answer" == *'Emoji sent successfully'* ]] || fail "the emoji was not accepted"

step "Register a client: POST /register_client"
answer="$(call -X POST "$gateway/register_client" -H 'Content-Type: application/json' -d "{\"client_id\": \"$client\"}")"
echo "$answer"
[[ "$answer" == *'assigned_subscriber'* ]] || fail "no subscriber assigned to $client"

step "List clients: GET /list_clients"
answer="$(call "$gateway/list_clients")"; echo "$answer"
[[ "$answer" == *"\"$client\""* ]] || fail "$client is not in the list"

step "Watch the swarm: emostream watch --client-id $client --gateway $gateway (Ctrl-C to stop)"
echo "(run it in another terminal, then: emostream send ❤️ --count 3000 --users 30 --gateway $gateway)"
