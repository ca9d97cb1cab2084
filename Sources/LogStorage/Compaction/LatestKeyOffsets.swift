import KafkaProtocol
import NIOCore

/// For every key in the part of a log being compacted, the offset of its newest record.
///
/// Keys are compared as bytes. Records in compressed batches are not read (the broker links no
/// codecs, and compacted topics refuse compressed batches), nor are keyless records.
struct LatestKeyOffsets: Sendable {
    private(set) var offsets: [[UInt8]: Int64] = [:]

    /// Adds the records of `segment`, which must follow every segment added before.
    mutating func add(_ segment: SegmentState) throws {
        try SegmentBatches.forEach(in: segment) { header, bytes in
            guard !header.isCompressed else { return }
            for record in try header.records(in: bytes, at: bytes.readerIndex) {
                guard let key = record.key else { continue }
                offsets[Array(key.readableBytesView)] = record.offset(in: header)
            }
        }
    }

    /// Whether `record` of the batch `header` is the newest record of its key.
    func isLatest(_ record: Record, in header: RecordBatchHeader) -> Bool {
        guard let key = record.key else { return false }
        return offsets[Array(key.readableBytesView)] == record.offset(in: header)
    }
}
