import KafkaProtocol
import NIOCore

extension BrokerMetrics {
    /// The records in `batches`, read from each batch header's record count (compressed batches included).
    ///
    /// A log read returns whole v2 batches; a batch that does not parse or is not wholly there ends the count
    /// rather than being guessed at.
    static func recordCount(in batches: ByteBuffer) -> Int {
        var position = batches.readerIndex
        var count = 0
        while let header = try? RecordBatchHeader(parsing: batches, at: position),
              header.batchLength >= RecordBatchHeader.minimumBatchLength,
              header.totalSize <= batches.writerIndex - position
        {
            count += Int(max(header.recordsCount, 0))
            position += header.totalSize
        }
        return count
    }
}
