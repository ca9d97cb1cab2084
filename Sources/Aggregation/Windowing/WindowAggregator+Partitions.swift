/// Partitions joining and leaving this aggregator.
extension WindowAggregator {
    /// Starts tracking newly assigned partitions; until they deliver or go idle they hold the watermark back.
    ///
    /// - Parameter now: wall-clock milliseconds; the idle timeout of a partition that never delivers runs from here.
    public mutating func partitionsAssigned(_ assigned: some Sequence<Int32>, now: Int64) {
        for partition in assigned where partitions[partition] == nil {
            partitions[partition] = PartitionProgress(lastActive: now)
        }
    }

    /// Forgets revoked partitions: their open windows' shares are dropped, to be counted by the new owner from
    /// the committed offsets. Windows already closed stay emitted.
    public mutating func partitionsRevoked(_ revoked: [Int32]) {
        for partition in revoked {
            forget(partition: partition)
            partitions[partition] = nil
        }
    }

    /// Brings the tracked partitions in line with the consumer's assignment: partitions no longer owned are
    /// revoked, newly owned ones start tracking.
    ///
    /// Without this, a partition moved to another aggregator would keep its share of open windows here and
    /// close them (through its idle watermark) with fewer records than the new owner counts for the same
    /// `(room, seq)`.
    public mutating func assignmentObserved(_ owned: Set<Int32>, now: Int64) {
        partitionsRevoked(partitions.keys.filter { !owned.contains($0) })
        partitionsAssigned(owned, now: now)
    }

    /// Removes what a partition contributed to open windows and its commit bookkeeping.
    mutating func forget(partition: Int32) {
        for key in Array(openWindows.keys) where openWindows[key]?[partition] != nil {
            openWindows[key]![partition] = nil
            if openWindows[key]!.isEmpty { openWindows[key] = nil }
        }
        for key in Array(closedWindows.keys) where closedWindows[key]?.offsets[partition] != nil {
            closedWindows[key]!.offsets[partition] = nil
            if closedWindows[key]!.offsets.isEmpty && closedWindows[key]!.isDelivered { closedWindows[key] = nil }
        }
    }
}
