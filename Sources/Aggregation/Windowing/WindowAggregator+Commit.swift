/// Which input offsets may be committed without breaking the restart guarantee.
extension WindowAggregator {
    /// Per partition, the offset a restarted aggregator must resume from; see the type's restart guarantee.
    ///
    /// Starts from the record after the last one read, lowers it to the first record of every open or
    /// unacknowledged window, then to a record high, then to the first record of every closed window that still
    /// has records at or after that point, until nothing lowers it further. Bookkeeping below the result is
    /// dropped, so call this only with results you commit or would commit.
    public mutating func committableOffsets() -> [Int32: Int64] {
        var commits: [Int32: Int64] = [:]
        for (partition, progress) in partitions {
            guard let last = progress.lastConsumedOffset,
                let offset = committableOffset(partition: partition, progress: progress, after: last)
            else { continue }
            commits[partition] = offset
            partitions[partition]!.forgetRecordHighs(below: offset)
            dropClosedWindows(of: partition, before: offset)
        }
        return commits
    }

    private func committableOffset(partition: Int32, progress: PartitionProgress, after last: Int64) -> Int64? {
        var bound = last + 1
        for shares in openWindows.values {
            if let share = shares[partition] { bound = min(bound, share.firstOffset) }
        }
        for trace in closedWindows.values where !trace.isDelivered {
            if let range = trace.offsets[partition] { bound = min(bound, range.lowerBound) }
        }
        guard var offset = progress.recordHigh(atOrBelow: bound) else { return nil }
        while let straddling = closedWindows.values.compactMap({ $0.offsets[partition] })
            .filter({ $0.lowerBound < offset && $0.upperBound >= offset })
            .map(\.lowerBound).min()
        {
            guard let lower = progress.recordHigh(atOrBelow: straddling) else { return nil }
            offset = lower
        }
        return offset
    }

    /// Forgets closed windows' ranges that end below a committed offset: a restart never reads them again.
    private mutating func dropClosedWindows(of partition: Int32, before offset: Int64) {
        for key in Array(closedWindows.keys) {
            guard let range = closedWindows[key]!.offsets[partition], range.upperBound < offset else { continue }
            closedWindows[key]!.offsets[partition] = nil
            if closedWindows[key]!.offsets.isEmpty && closedWindows[key]!.isDelivered { closedWindows[key] = nil }
        }
    }
}
