-- wrk script: POST /emoji with the original API's body, a different user_id per request (from a pool, so the
-- gateway's per-user rate limiter sees many users, as in production) and a room out of a handful.
-- done() prints one machine-readable line that gateway-bench.sh turns into a table row.

local emoji = { "😊", "❤️", "👍🏽", "🔥", "🎉", "😂", "👏", "🇮🇳" }
local counter = 0
local next_thread_id = 0
-- Global, not local: setup() sets it in each thread's own Lua state.
thread_id = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function setup(thread)
    thread:set("thread_id", next_thread_id)
    next_thread_id = next_thread_id + 1
end

function request()
    counter = counter + 1
    local body = string.format(
        '{"emoji_type": "%s", "timestamp": "2025-08-13T20:45:00Z", "user_id": "bench-%d-%d", "room": "room-%d"}',
        emoji[counter % #emoji + 1], thread_id, counter % 5000, counter % 8)
    return wrk.format(nil, "/emoji", nil, body)
end

function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
        + summary.errors.timeout
    io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d errors=%d non2xx=%d\n",
        summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, bad, summary.errors.status))
end
