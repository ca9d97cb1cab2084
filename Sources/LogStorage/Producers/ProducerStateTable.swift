import KafkaProtocol

/// The idempotent producers one partition has seen, and the sequence checks their appends must pass.
///
/// Lives inside ``PartitionState`` so every check and update happens under the partition's lock,
/// in the same critical section that assigns offsets.
struct ProducerStateTable: Sendable {
    private(set) var entries: [Int64: ProducerEntry] = [:]

    init(entries: [Int64: ProducerEntry] = [:]) {
        self.entries = entries
    }

    /// What to do with an append whose batches passed the sequence checks.
    enum Verdict {
        /// Write the batches, then ``apply(_:)`` these entries.
        case append([Int64: ProducerEntry])
        /// A retry of a batch already in the log: write nothing and answer its original offsets.
        case duplicate(firstOffset: Int64, lastOffset: Int64)
    }

    /// Checks the batches of one append, in order, as if placed from `baseOffset` on, at wall-clock `nowMs`.
    ///
    /// Batches without a producer id pass unchecked. A batch whose epoch and sequence range equal
    /// one of the producer's cached batches makes the whole append a duplicate (as in Kafka).
    /// Otherwise each batch must continue its producer's sequence, or start a newer epoch at 0.
    /// A producer the partition does not know may start at any sequence: its state was lost to
    /// retention or expiry, and refusing it would make librdkafka reset or fail a healthy producer.
    /// - Throws: `LogStorageError.invalidProducerEpoch` or `.outOfOrderSequence`.
    func check(_ headers: [RecordBatchHeader], baseOffset: Int64, nowMs: Int64) throws -> Verdict {
        var updated: [Int64: ProducerEntry] = [:]
        var nextOffset = baseOffset
        for header in headers {
            let batchOffset = nextOffset
            nextOffset += Int64(header.lastOffsetDelta) + 1
            guard header.hasProducerId else { continue }
            let producerId = header.producerId
            let batch = ProducerBatch(header: header, baseOffset: batchOffset)
            if let known = entries[producerId], known.epoch == header.producerEpoch,
                let original = known.batch(firstSequence: batch.firstSequence, lastSequence: batch.lastSequence)
            {
                return .duplicate(firstOffset: original.firstOffset, lastOffset: original.lastOffset)
            }
            let current = updated[producerId] ?? entries[producerId]
            try Self.validate(header, producerId: producerId, against: current)
            var entry = current ?? ProducerEntry(epoch: header.producerEpoch, lastTimestamp: nowMs)
            entry.record(batch, epoch: header.producerEpoch, timestamp: nowMs)
            updated[producerId] = entry
        }
        return .append(updated)
    }

    private static func validate(_ header: RecordBatchHeader, producerId: Int64, against entry: ProducerEntry?) throws {
        guard header.baseSequence >= 0 else {
            throw LogStorageError.outOfOrderSequence(producerId: producerId, expected: 0, received: header.baseSequence)
        }
        guard let entry else { return }
        if header.producerEpoch < entry.epoch {
            throw LogStorageError.invalidProducerEpoch(
                producerId: producerId, current: entry.epoch, received: header.producerEpoch)
        }
        if header.producerEpoch > entry.epoch {
            guard header.baseSequence == 0 else {
                throw LogStorageError.outOfOrderSequence(producerId: producerId, expected: 0, received: header.baseSequence)
            }
            return
        }
        if let last = entry.lastSequence, !ProducerBatch.follows(header.baseSequence, after: last) {
            throw LogStorageError.outOfOrderSequence(
                producerId: producerId, expected: ProducerBatch.sequence(last, advancedBy: 1), received: header.baseSequence)
        }
    }

    /// Records the entries a successful append produced.
    mutating func apply(_ updated: [Int64: ProducerEntry]) {
        entries.merge(updated) { _, new in new }
    }

    /// Records a batch found in the log while rebuilding the table, without checking it.
    ///
    /// The batch's own `maxTimestamp` stands in for when it was appended.
    mutating func replay(_ header: RecordBatchHeader) {
        guard header.hasProducerId else { return }
        let batch = ProducerBatch(header: header, baseOffset: header.baseOffset)
        if entries[header.producerId] == nil {
            entries[header.producerId] = ProducerEntry(epoch: header.producerEpoch, lastTimestamp: header.maxTimestamp)
        }
        entries[header.producerId]!.record(batch, epoch: header.producerEpoch, timestamp: header.maxTimestamp)
    }

    /// Forgets producers idle since before `cutoff` (ms), as Kafka's `producer.id.expiration.ms`
    /// does; their next batch is then accepted at any sequence.
    mutating func removeProducers(idleSince cutoff: Int64) {
        entries = entries.filter { $0.value.lastTimestamp >= cutoff }
    }

    /// The largest producer id seen, so ids handed out after a restart never collide with logged ones.
    var largestProducerId: Int64? { entries.keys.max() }
}
