/// What one input partition contributed to a window: its counts and the offsets they came from.
///
/// Counts are kept per partition so that a partition taken away (revoked, or re-read from its committed offset)
/// can be removed from open windows without touching what other partitions contributed.
struct WindowShare: Sendable, Hashable {
    var counts: [String: Int] = [:]
    /// The first counted record's offset: the partition may not commit past it while the window matters.
    var firstOffset: Int64
    /// The last counted record's offset.
    var lastOffset: Int64

    init(firstOffset: Int64) {
        self.firstOffset = firstOffset
        self.lastOffset = firstOffset
    }

    mutating func count(_ emoji: String, at offset: Int64) {
        counts[emoji, default: 0] += 1
        lastOffset = max(lastOffset, offset)
    }
}
