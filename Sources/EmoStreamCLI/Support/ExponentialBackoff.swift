/// Delays that double after each failure up to a ceiling: the watch client's reconnects and `up`'s restarts.
public struct ExponentialBackoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public var multiplier: Int

    public init(initial: Duration, maximum: Duration, multiplier: Int = 2) {
        precondition(initial > .zero && maximum >= initial && multiplier >= 1)
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
    }

    /// The delay before retry number `attempt` (1 for the first retry after a failure).
    public func delay(attempt: Int) -> Duration {
        var delay = initial
        var step = 1
        while step < attempt, delay < maximum {
            delay *= multiplier
            step += 1
        }
        return min(delay, maximum)
    }

    /// `delay(attempt:)` scaled by `jitter` in [0.5, 1], so many clients cut off together do not return together.
    public func delay(attempt: Int, jitter: Double) -> Duration {
        delay(attempt: attempt) * min(1, max(0.5, jitter))
    }
}
