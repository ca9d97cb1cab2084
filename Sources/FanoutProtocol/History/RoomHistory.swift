/// The windows one room still has in a `WindowHistory`, oldest first, and how far back they are complete.
struct RoomHistory: Sendable {
    /// Held windows in ascending seq order (and so ascending time: the aggregator derives seq from the start).
    var windows: [FanoutFrame.Window] = []
    /// The greatest seq ever accepted for the room, kept after its window is evicted so late duplicates are refused.
    var newestSeq: Int64
    /// Every window of the room with a greater seq is held, so a replay after `lastSeq >= coveredAfter` is
    /// complete. Raised by eviction and by `WindowHistory.markIncomplete()`.
    var coveredAfter: Int64

    /// Starts the room's history at its first window; what came before it was not seen.
    init(first window: FanoutFrame.Window) {
        windows = [window]
        newestSeq = window.seq
        coveredAfter = window.seq - 1
    }

    /// Drops the oldest windows while `isExpired` holds or there are more than `limit`.
    ///
    /// - Returns: how many windows were dropped.
    @discardableResult
    mutating func evict(keepingAtMost limit: Int, isExpired: (FanoutFrame.Window) -> Bool) -> Int {
        var dropCount = max(0, windows.count - limit)
        while dropCount < windows.count, isExpired(windows[dropCount]) {
            dropCount += 1
        }
        guard dropCount > 0 else {
            return 0
        }
        coveredAfter = max(coveredAfter, windows[dropCount - 1].seq)
        windows.removeFirst(dropCount)
        return dropCount
    }
}
