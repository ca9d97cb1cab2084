import Synchronization

/// The gateway's shared token buckets, keyed by `user_id` or, without one, by client address.
final class RateLimiter: Sendable {
    private let limiter: Mutex<TokenBucketLimiter>
    private let start = ContinuousClock.now

    init(ratePerSecond: Double, burst: Int) {
        limiter = Mutex(TokenBucketLimiter(ratePerSecond: ratePerSecond, burst: burst))
    }

    /// The bucket key for a request: its user when it names one, else where it came from.
    static func key(userID: String?, clientAddress: String?) -> String {
        if let userID { return "user:\(userID)" }
        return "address:\(clientAddress ?? "unknown")"
    }

    /// Admits emoji costing `costs` tokens per key, all or none.
    func admit(_ costs: [String: Int]) -> TokenBucketLimiter.Decision {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        let now = Double(seconds) + Double(attoseconds) / 1e18
        return limiter.withLock { $0.admit(costs, now: now) }
    }
}
