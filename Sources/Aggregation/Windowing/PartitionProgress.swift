/// How far one input partition has been read, and the event time it has reached.
struct PartitionProgress: Sendable, Hashable {
    /// The greatest record timestamp read from this partition since it was (re)assigned.
    var maxTimestamp: Int64?
    /// A watermark floor set from the wall clock while the partition is idle.
    var idleFloor: Int64?
    var lastConsumedOffset: Int64?
    /// Offsets of records whose timestamp was greater than every earlier one's, ascending. Only these are
    /// committed: a restart from such an offset rebuilds exactly the same `maxTimestamp` for every later record,
    /// so it judges lateness exactly as this run did. (A record that only ties the maximum would do as well, but
    /// keeping one offset per new maximum bounds the list by the milliseconds between commits, not the records.)
    var recordHighs: [Int64] = []
    /// Wall-clock time the partition last delivered a record (or was assigned), as of the latest tick.
    var lastActive: Int64?
    var deliveredSinceTick = false
    /// Whether the consumer reported this partition read to its end after its last record: only such a partition
    /// may count as idle. Silence alone could be a fetch still under way (say, after a rebalance), and the
    /// wall clock would then make its whole backlog late.
    var isCaughtUp = false

    init(lastActive: Int64? = nil) {
        self.lastActive = lastActive
    }

    /// `maxTimestamp − allowedLateness`, raised to the idle floor; nil while nothing bounds it.
    func watermark(allowedLateness: Int64) -> Int64? {
        let fromRecords = recordWatermark(allowedLateness: allowedLateness)
        switch (fromRecords, idleFloor) {
        case let (records?, floor?): return max(records, floor)
        case let (records, floor): return records ?? floor
        }
    }

    /// `maxTimestamp − allowedLateness`: the watermark the partition's own records set, which alone judges lateness.
    func recordWatermark(allowedLateness: Int64) -> Int64? {
        maxTimestamp.map { $0 - allowedLateness }
    }

    /// Takes in a record read from the partition.
    ///
    /// - Returns: the record watermark from before this record, which judges whether it is late.
    mutating func consumed(offset: Int64, timestamp: Int64, allowedLateness: Int64) -> Int64? {
        let watermarkBefore = recordWatermark(allowedLateness: allowedLateness)
        lastConsumedOffset = offset
        deliveredSinceTick = true
        isCaughtUp = false
        if maxTimestamp.map({ timestamp > $0 }) ?? true {
            maxTimestamp = timestamp
            recordHighs.append(offset)
        }
        return watermarkBefore
    }

    /// The greatest record-high offset not above `bound`.
    func recordHigh(atOrBelow bound: Int64) -> Int64? {
        // Binary search: the list grows by one entry per new greatest timestamp between commits.
        var low = 0
        var high = recordHighs.count
        while low < high {
            let middle = (low + high) / 2
            if recordHighs[middle] <= bound { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : recordHighs[low - 1]
    }

    mutating func forgetRecordHighs(below offset: Int64) {
        if let keep = recordHighs.firstIndex(where: { $0 >= offset }) {
            recordHighs.removeFirst(keep)
        } else {
            recordHighs.removeAll()
        }
    }
}
