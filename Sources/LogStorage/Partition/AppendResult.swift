import NIOCore

/// Where an append landed.
public struct AppendResult: Sendable, Hashable {
    /// Offset of the first record written.
    public var baseOffset: Int64
    /// Offset of the last record written.
    public var lastOffset: Int64
    /// The broker time stamped on the batches, or -1 when they keep the producer's CreateTime.
    public var logAppendTime: Int64
    /// The log start offset after the append (Produce v5+ reports it).
    public var logStartOffset: Int64
    /// Records in the appended batches.
    public var recordCount: Int
    /// Whether the append was an idempotent producer's retry of batches already in the log: nothing
    /// was written, and the offsets are those the batches got the first time.
    public var isDuplicate: Bool

    public init(
        baseOffset: Int64, lastOffset: Int64, logAppendTime: Int64, logStartOffset: Int64, recordCount: Int,
        isDuplicate: Bool = false
    ) {
        self.baseOffset = baseOffset
        self.lastOffset = lastOffset
        self.logAppendTime = logAppendTime
        self.logStartOffset = logStartOffset
        self.recordCount = recordCount
        self.isDuplicate = isDuplicate
    }
}

/// Whole batches read from a log, with the offsets a Fetch response reports beside them.
public struct ReadResult: Sendable {
    /// Zero or more whole batches, as stored (offsets assigned, CRCs intact).
    public var records: ByteBuffer
    /// How many records the batches in `records` hold, from their headers (skipped leading records included).
    public var recordCount: Int
    public var highWatermark: Int64
    public var logStartOffset: Int64
    public var logEndOffset: Int64

    public init(
        records: ByteBuffer, recordCount: Int = 0, highWatermark: Int64, logStartOffset: Int64, logEndOffset: Int64
    ) {
        self.records = records
        self.recordCount = recordCount
        self.highWatermark = highWatermark
        self.logStartOffset = logStartOffset
        self.logEndOffset = logEndOffset
    }
}
