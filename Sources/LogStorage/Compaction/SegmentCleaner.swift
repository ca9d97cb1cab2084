import KafkaProtocol
import NIOCore

/// Writes the compacted copy of one closed segment: each key's newest record only, at its original offset.
///
/// A batch keeps its bytes when every record in it stays, or when it is compressed (its keys cannot
/// be read). A batch with no record left disappears; any other is rebuilt from the remaining
/// records with their original offset and timestamp deltas, so offsets keep their values and order
/// and gaps appear between them. Rebuilt batches carry no producer id, except the recent batches an
/// idempotent producer's state refers to: those keep their last record whatever it is, so the
/// rebuilt batch has the same base offset, `lastOffsetDelta`, producer id, epoch and sequence range,
/// and the producer's state can still be rebuilt from the log after a crash. A tombstone whose key has
/// such a kept older record stays too, however old, so the deleted key cannot come back.
struct SegmentCleaner {
    let latest: LatestKeyOffsets
    /// Whether tombstones in this segment are old enough (`delete.retention.ms`) to be dropped.
    let dropsTombstones: Bool
    /// Base offsets of batches whose producer fields and sequence range must survive.
    let preservedBatchOffsets: Set<Int64>

    /// The path the cleaned copy is written to before it replaces the segment.
    static func cleanedPath(of segment: LogSegment) -> String {
        "\(segment.directory)/\(SegmentFileNames.stem(baseOffset: segment.baseOffset))\(SegmentFileNames.cleanedExtension)"
    }

    private enum Decision {
        case keep
        case drop(records: Int)
        case rewrite([Record], dropped: Int, keepsProducer: Bool)
    }

    /// How many records cleaning `segment` would remove.
    func removableRecords(in segment: SegmentState) throws -> Int {
        var removable = 0
        try SegmentBatches.forEach(in: segment) { header, bytes in
            switch try decide(header, bytes) {
            case .keep: break
            case .drop(let records): removable += records
            case .rewrite(_, let dropped, _): removable += dropped
            }
        }
        return removable
    }

    /// Writes the cleaned copy of `segment` to ``cleanedPath(of:)`` and fsyncs it.
    func writeCleanedCopy(of segment: SegmentState) throws {
        let file = try StorageFile.open(Self.cleanedPath(of: segment.segment), create: true, truncate: true)
        var pending = ByteBuffer()
        var position: Int64 = 0
        try SegmentBatches.forEach(in: segment) { header, bytes in
            switch try decide(header, bytes) {
            case .keep:
                var bytes = bytes
                pending.writeBuffer(&bytes)
            case .drop:
                break
            case .rewrite(let records, _, let keepsProducer):
                var builder = RecordBatchBuilder(baseOffset: header.baseOffset, baseTimestamp: header.baseTimestamp)
                builder.timestampType = header.timestampType
                if keepsProducer {
                    builder.producerId = header.producerId
                    builder.producerEpoch = header.producerEpoch
                    builder.baseSequence = header.baseSequence
                }
                for record in records { builder.append(record) }
                builder.write(into: &pending)
            }
            if pending.readableBytes >= 1024 * 1024 {
                try file.write(pending, at: position)
                position += Int64(pending.readableBytes)
                pending.clear()
            }
        }
        try file.write(pending, at: position)
        try file.sync()
    }

    private func decide(_ header: RecordBatchHeader, _ bytes: ByteBuffer) throws -> Decision {
        guard !header.isCompressed else { return .keep }
        let records = try header.records(in: bytes, at: bytes.readerIndex)
        let keepsProducer = preservedBatchOffsets.contains(header.baseOffset)
        let kept = records.indices.filter { index in
            let record = records[index]
            if keepsProducer && index == records.count - 1 { return true }
            guard latest.isLatest(record, in: header) else { return false }
            return record.value != nil || !dropsTombstones || latest.keepsOlderRecord(ofKeyOf: record)
        }.map { records[$0] }
        if kept.count == records.count { return .keep }
        if kept.isEmpty { return .drop(records: records.count) }
        return .rewrite(kept, dropped: records.count - kept.count, keepsProducer: keepsProducer)
    }
}
