/// The parameters of tumbling-window counting, validated once so the state machine can rely on them.
public struct WindowConfiguration: Sendable, Hashable {
    /// The smallest window accepted: shorter windows would cost more in records than they show.
    public static let minimumWindowMilliseconds: Int64 = 100

    /// The length of every window; windows start at multiples of it since the Unix epoch.
    public var windowMilliseconds: Int64 = 2_000
    /// `scaled = ceil(count / scale)`: how many reactions one shown emoji stands for.
    public var scale: Int = 1_000
    /// How far behind a partition's newest timestamp a record may be and still be counted.
    public var allowedLatenessMilliseconds: Int64 = 500
    /// A partition that delivered nothing for this long stops holding windows back: its watermark follows
    /// the wall clock.
    public var idleTimeoutMilliseconds: Int64 = 1_000

    public init() {}

    /// - Throws: `AggregationError.invalidConfiguration` naming the first value out of range.
    public func validate() throws(AggregationError) {
        guard windowMilliseconds >= Self.minimumWindowMilliseconds else {
            throw .invalidConfiguration("window must be at least \(Self.minimumWindowMilliseconds) ms, not \(windowMilliseconds)")
        }
        guard scale >= 1 else { throw .invalidConfiguration("scale must be at least 1, not \(scale)") }
        guard allowedLatenessMilliseconds >= 0 else {
            throw .invalidConfiguration("allowed lateness must not be negative, not \(allowedLatenessMilliseconds)")
        }
        guard idleTimeoutMilliseconds > 0 else {
            throw .invalidConfiguration("idle timeout must be positive, not \(idleTimeoutMilliseconds)")
        }
    }

    /// The start of the window holding `timestamp` (floor division, so times before 1970 still work).
    func windowStart(containing timestamp: Int64) -> Int64 {
        let quotient = timestamp / windowMilliseconds
        let floored = timestamp % windowMilliseconds < 0 ? quotient - 1 : quotient
        return floored * windowMilliseconds
    }
}
