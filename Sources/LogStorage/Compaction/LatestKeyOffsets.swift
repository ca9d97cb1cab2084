import KafkaProtocol
import NIOCore

/// For every key in the part of a log being compacted, the offset of its newest record.
///
/// Keys are compared as bytes. Records in compressed batches are not read (the broker links no
/// codecs, and compacted topics refuse compressed batches), nor are keyless records.
struct LatestKeyOffsets: Sendable {
    private(set) var offsets: [[UInt8]: Int64] = [:]
    /// Key and offset of the last record of each batch an idempotent producer's state refers to:
    /// compaction keeps those records even when a newer record of their key supersedes them.
    private var preservedRecords: [(key: [UInt8], offset: Int64)] = []

    /// Adds the records of `segment`, which must follow every segment added before.
    ///
    /// - Parameter preservedBatchOffsets: base offsets of the batches whose last record compaction keeps.
    mutating func add(_ segment: SegmentState, preservedBatchOffsets: Set<Int64> = []) throws {
        try SegmentBatches.forEach(in: segment) { header, bytes in
            guard !header.isCompressed else { return }
            let records = try header.records(in: bytes, at: bytes.readerIndex)
            for record in records {
                guard let key = record.key else { continue }
                offsets[Array(key.readableBytesView)] = record.offset(in: header)
            }
            if preservedBatchOffsets.contains(header.baseOffset), let last = records.last, let key = last.key {
                preservedRecords.append((Array(key.readableBytesView), last.offset(in: header)))
            }
        }
    }

    /// Whether `record` of the batch `header` is the newest record of its key.
    func isLatest(_ record: Record, in header: RecordBatchHeader) -> Bool {
        guard let key = record.key else { return false }
        return offsets[Array(key.readableBytesView)] == record.offset(in: header)
    }

    /// Whether an older record of `record`'s key survives compaction because a producer's state needs it.
    ///
    /// Such a key's tombstone must stay whatever its age: without it, the older value would read as the
    /// key's newest and a deleted key would come back.
    func keepsOlderRecord(ofKeyOf record: Record) -> Bool {
        guard let key = record.key, !preservedRecords.isEmpty else { return false }
        let bytes = Array(key.readableBytesView)
        return preservedRecords.contains { $0.key == bytes && $0.offset != offsets[bytes] }
    }
}
