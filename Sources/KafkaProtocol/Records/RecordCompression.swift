/// The codec of a batch's records section (attributes bits 0–2).
public enum RecordCompression: Int, Hashable, Sendable, CaseIterable {
    case none = 0
    case gzip = 1
    case snappy = 2
    case lz4 = 3
    case zstd = 4
}

/// Which clock a batch's timestamps come from (attributes bit 3).
public enum RecordTimestampType: Hashable, Sendable {
    /// The producer's clock: each record carries its own creation time.
    case createTime
    /// The broker's clock: every record's timestamp is the batch's `maxTimestamp`, set on append.
    case logAppendTime
}
