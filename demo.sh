#!/usr/bin/env bash
# The original project's demo, against a running EmoStream (`make run`, `emostream up` or docker compose):
# health check, send an emoji, register a client, list clients.
set -euo pipefail
gateway="${EMOSTREAM_GATEWAY:-http://localhost:5000}"
client="${1:-my_first_client}"

step() { printf '\n== %s\n' "$*"; }

step "Health: GET /"
curl -fsS "$gateway/"; echo

step "Send an emoji: POST /emoji"
curl -fsS -X POST "$gateway/emoji" -H 'Content-Type: application/json' \
  -d "{\"emoji_type\": \"😊\", \"timestamp\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}"; echo

step "Register a client: POST /register_client"
curl -fsS -X POST "$gateway/register_client" -H 'Content-Type: application/json' -d "{\"client_id\": \"$client\"}"; echo

step "List clients: GET /list_clients"
curl -fsS "$gateway/list_clients"; echo

step "Watch the swarm: emostream watch --client-id $client (Ctrl-C to stop)"
echo "(run it in another terminal, then: emostream send ❤️ --count 3000 --rate 1500)"
