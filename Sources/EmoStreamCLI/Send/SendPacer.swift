/// When each emoji of a `send` run may go out, so that at most `rate` are sent per second on average.
///
/// Emoji `i` is due `i / rate` seconds after the start, whatever happened to the ones before it: a slow
/// request does not push the schedule back, and the run never bursts above the rate to catch up beyond it.
public struct SendPacer: Sendable, Hashable {
    /// Emoji per second, or nil for as fast as the concurrency allows.
    public let rate: Double?

    public init(rate: Double?) {
        precondition(rate.map { $0 > 0 } ?? true, "rate must be positive")
        self.rate = rate
    }

    /// How long after the start emoji number `index` (from 0) is due.
    public func dueOffset(ofEmojiAt index: Int) -> Duration {
        guard let rate else { return .zero }
        return .nanoseconds(Int64((Double(index) / rate * 1e9).rounded()))
    }

    /// How long to wait before sending emoji `index` when `elapsed` has passed since the start; zero if late.
    public func delay(beforeEmojiAt index: Int, elapsed: Duration) -> Duration {
        let due = dueOffset(ofEmojiAt: index)
        return due > elapsed ? due - elapsed : .zero
    }
}
