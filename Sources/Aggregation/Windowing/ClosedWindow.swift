/// A window whose watermark has passed: its final, exact counts and their scaled-down form.
public struct ClosedWindow: Sendable, Hashable {
    public var room: String
    /// `windowStart / windowMilliseconds`: increases with time in every room, with gaps where a room was quiet,
    /// and is the same whichever aggregator instance (or restart) emits the window.
    public var seq: Int64
    public var windowStart: Int64
    /// Exclusive: the window holds timestamps in `windowStart ..< windowEnd`.
    public var windowEnd: Int64
    public var counts: [String: Int]
    /// `ceil(count / scale)` per emoji; at least 1 for every emoji that was counted at all.
    public var scaled: [String: Int]
    public var total: Int

    public init(room: String, seq: Int64, windowStart: Int64, windowEnd: Int64, counts: [String: Int], scale: Int) {
        self.room = room
        self.seq = seq
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.counts = counts
        self.scaled = counts.mapValues { WindowAggregator.scaled(count: $0, scale: scale) }
        self.total = counts.values.reduce(0, +)
    }

    public var key: WindowKey { WindowKey(room: room, windowStart: windowStart) }
}
