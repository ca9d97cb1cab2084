/// What a partition knows about one segment: its size, offsets, timestamps and in-memory indexes.
struct SegmentState: Sendable {
    let segment: LogSegment
    /// Bytes of whole, valid batches; appends go here.
    var size: Int64 = 0
    /// The offset after the segment's last batch (its base offset while empty).
    var nextOffset: Int64
    /// Base offset of the last batch, for the closing time index entry.
    var lastBatchBaseOffset: Int64?
    /// Largest batch `maxTimestamp` seen; -1 while empty.
    var maxTimestamp: Int64 = -1
    var offsetIndex = OffsetIndex()
    var timeIndex = TimeIndex()
    var bytesSinceIndexEntry = 0
    /// When the segment started counting towards `segment.ms`: the wall clock of its first append,
    /// or after a restart its first batch's timestamp (capped at the time of loading).
    var rollClockStartMs: Int64?
    /// Open index files; only the active segment has them.
    var indexFiles: SegmentIndexFiles?

    init(segment: LogSegment) {
        self.segment = segment
        self.nextOffset = segment.baseOffset
    }

    var baseOffset: Int64 { segment.baseOffset }
    var isEmpty: Bool { size == 0 }

    /// Index entries that a newly tracked batch added, to be appended to the index files.
    struct IndexAdditions {
        var offsetEntry: OffsetIndex.Entry?
        var timeEntry: TimeIndex.Entry?
    }

    /// Accounts for a batch written at `position` and adds index entries every `indexIntervalBytes`.
    mutating func track(
        batchAt position: Int64, baseOffset: Int64, nextOffset: Int64, maxTimestamp: Int64, size batchSize: Int,
        indexIntervalBytes: Int
    ) -> IndexAdditions {
        var additions = IndexAdditions()
        let relativeOffset = UInt32(baseOffset - self.baseOffset)
        self.maxTimestamp = max(self.maxTimestamp, maxTimestamp)
        if bytesSinceIndexEntry >= indexIntervalBytes && position > 0 {
            let entry = OffsetIndex.Entry(relativeOffset: relativeOffset, position: UInt32(position))
            offsetIndex.append(entry)
            additions.offsetEntry = entry
            bytesSinceIndexEntry = 0
            if timeIndex.accepts(timestamp: self.maxTimestamp, relativeOffset: relativeOffset) {
                let timeEntry = TimeIndex.Entry(timestamp: self.maxTimestamp, relativeOffset: relativeOffset)
                timeIndex.append(timeEntry)
                additions.timeEntry = timeEntry
            }
        }
        bytesSinceIndexEntry += batchSize
        size = position + Int64(batchSize)
        self.nextOffset = nextOffset
        lastBatchBaseOffset = baseOffset
        return additions
    }

    /// The time index entry that records the segment's largest timestamp when it stops being
    /// active, if the index does not already end with it.
    func closingTimeIndexEntry() -> TimeIndex.Entry? {
        guard let lastBatchBaseOffset else { return nil }
        let relativeOffset = UInt32(lastBatchBaseOffset - baseOffset)
        guard timeIndex.accepts(timestamp: maxTimestamp, relativeOffset: relativeOffset) else { return nil }
        return TimeIndex.Entry(timestamp: maxTimestamp, relativeOffset: relativeOffset)
    }

    /// Relative offsets are 32-bit: a segment must roll before they overflow.
    func canHold(offsetsUpTo lastOffset: Int64) -> Bool {
        lastOffset - baseOffset < Int64(UInt32.max)
    }
}
