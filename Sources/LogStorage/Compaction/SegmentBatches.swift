import KafkaProtocol
import NIOCore

/// Reads the whole batches of a closed segment in order, for compaction.
enum SegmentBatches {
    /// Calls `body` with each batch's header and bytes (reader index at the batch's first byte).
    static func forEach(in segment: SegmentState, _ body: (RecordBatchHeader, ByteBuffer) throws -> Void) throws {
        var scanner = SegmentScanner(
            file: segment.segment.log, from: 0, limit: segment.size, verifyCRC: false, chunkSize: 1024 * 1024)
        while true {
            switch try scanner.next() {
            case .end:
                return
            case .damaged(let position, let reason):
                throw LogStorageError.io("compaction read (\(reason) at byte \(position))", path: segment.segment.logPath, errno: 5)
            case .batch(let batch):
                try body(batch.header, try scanner.bytes(of: batch))
            }
        }
    }
}
