/// Per-key token buckets: each key may spend `burst` requests at once and regains `ratePerSecond` per second.
///
/// A value type driven by explicit times (seconds on any monotonic clock), so it is tested without waiting;
/// the gateway keeps one behind a mutex.
struct TokenBucketLimiter: Sendable {
    /// What the limiter decided for a request.
    enum Decision: Sendable, Hashable {
        case allowed
        /// Refused; enough tokens will be back after this many seconds (rounded up, at least 1).
        case limited(retryAfterSeconds: Int)
    }

    private struct Bucket: Sendable {
        var tokens: Double
        var updatedAt: Double
    }

    let ratePerSecond: Double
    let burst: Double
    /// Above this many tracked keys, buckets that have refilled completely are forgotten.
    let maxTrackedKeys: Int
    private var buckets: [String: Bucket] = [:]

    init(ratePerSecond: Double, burst: Int, maxTrackedKeys: Int = 100_000) {
        precondition(ratePerSecond > 0 && burst > 0, "a token bucket needs a positive rate and burst")
        self.ratePerSecond = ratePerSecond
        self.burst = Double(burst)
        self.maxTrackedKeys = maxTrackedKeys
    }

    /// How many keys currently have a bucket.
    var trackedKeys: Int { buckets.count }

    /// Takes `cost` tokens from each key's bucket, all or none: a batch is admitted only if every key affords it.
    mutating func admit(_ costs: [String: Int], now: Double) -> Decision {
        var refilled: [String: Bucket] = [:]
        var longestWait = 0.0
        for (key, cost) in costs {
            let bucket = refill(buckets[key], now: now)
            refilled[key] = bucket
            let missing = Double(cost) - bucket.tokens
            if missing > 0 {
                // A cost above the burst can never be afforded; the wait still says when the bucket is full.
                longestWait = max(longestWait, min(missing, burst) / ratePerSecond)
            }
        }
        if longestWait > 0 {
            return .limited(retryAfterSeconds: max(1, Int(longestWait.rounded(.up))))
        }
        for (key, var bucket) in refilled {
            bucket.tokens -= Double(costs[key] ?? 0)
            buckets[key] = bucket
        }
        if buckets.count > maxTrackedKeys { forgetFullBuckets(now: now) }
        return .allowed
    }

    mutating func admit(_ key: String, cost: Int = 1, now: Double) -> Decision {
        admit([key: cost], now: now)
    }

    private func refill(_ bucket: Bucket?, now: Double) -> Bucket {
        guard let bucket else { return Bucket(tokens: burst, updatedAt: now) }
        let elapsed = max(0, now - bucket.updatedAt)
        return Bucket(tokens: min(burst, bucket.tokens + elapsed * ratePerSecond), updatedAt: now)
    }

    /// A full bucket is the same as no bucket, so dropping those loses nothing.
    private mutating func forgetFullBuckets(now: Double) {
        buckets = buckets.filter { refill($0.value, now: now).tokens < burst }
    }
}
