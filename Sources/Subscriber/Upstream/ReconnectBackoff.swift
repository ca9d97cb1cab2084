/// Delays between reconnect attempts: exponential up to a ceiling, half of it random, so a publisher restart is
/// not answered by every subscriber of the cluster in the same millisecond.
struct ReconnectBackoff: Sendable {
    let initialMs: Int
    let maximumMs: Int
    private var attempt = 0

    init(initialMs: Int, maximumMs: Int) {
        precondition(initialMs > 0 && maximumMs >= initialMs, "backoff bounds must be positive and ordered")
        self.initialMs = initialMs
        self.maximumMs = maximumMs
    }

    /// The ceiling for the next delay: initial · 2^attempt, capped.
    var currentCeilingMs: Int {
        let shift = min(attempt, 30)
        return min(maximumMs, initialMs << shift)
    }

    /// The delay before the next attempt, drawn uniformly from [ceiling/2, ceiling].
    mutating func nextDelay<Generator: RandomNumberGenerator>(using generator: inout Generator) -> Duration {
        let ceiling = currentCeilingMs
        attempt += 1
        return .milliseconds(Int.random(in: (ceiling / 2)...ceiling, using: &generator))
    }

    mutating func nextDelay() -> Duration {
        var generator = SystemRandomNumberGenerator()
        return nextDelay(using: &generator)
    }

    /// A connection got through: start again from the initial delay.
    mutating func reset() {
        attempt = 0
    }
}
