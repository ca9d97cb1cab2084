import KafkaProtocol
import NIOCore

/// What a produced batch must satisfy to be appended to a `cleanup.policy=compact` log.
enum CompactedTopicRule {
    /// Requires every record to have a key (compaction keeps the newest record per key, so a
    /// keyless record has no meaning there; Kafka refuses them too) and every batch to be
    /// uncompressed: the broker links no compression codecs, so it could neither check the keys of
    /// a compressed batch nor ever compact it.
    /// - Throws: `LogStorageError.invalidRecordForCompactedTopic` (INVALID_RECORD).
    static func check(_ batches: [ValidatedRecordBatch], in records: ByteBuffer) throws {
        for batch in batches {
            guard !batch.header.isCompressed else {
                throw LogStorageError.invalidRecordForCompactedTopic(
                    "compressed batches are not accepted on compacted topics; produce with compression.type=none")
            }
            let decoded: [Record]
            do {
                decoded = try batch.header.records(in: records, at: batch.position)
            } catch let error as RecordBatchError {
                throw LogStorageError.invalidRecords(error)
            }
            if let index = decoded.firstIndex(where: { $0.key == nil }) {
                throw LogStorageError.invalidRecordForCompactedTopic(
                    "record \(index) of a batch has no key; compacted topics need a key on every record")
            }
        }
    }
}
