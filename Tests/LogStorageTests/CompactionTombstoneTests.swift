import KafkaProtocol
import NIOCore
import Testing

@testable import LogStorage

/// Tombstones against the records compaction keeps for idempotent producers.
@Suite struct CompactionTombstoneTests {
    /// One idempotent producer's batch of keyed records (nil value: a tombstone).
    private func batch(sequence: Int32, _ records: [(key: String, value: String?)]) -> ByteBuffer {
        var builder = RecordBatchBuilder(baseTimestamp: WallClock.nowMs - 60_000)
        builder.producerId = 5
        builder.producerEpoch = 0
        builder.baseSequence = sequence
        for record in records {
            builder.append(key: ByteBuffer(string: record.key), value: record.value.map { ByteBuffer(string: $0) })
        }
        return builder.build()
    }

    @Test func aValueKeptForAProducersStateDoesNotComeBackWhenItsKeyIsDeleted() throws {
        try CompactionFixture.withCompactedTopic { _, manager, log in
            // The first batch ends with "a"'s old value: compaction keeps that record for the producer's state.
            // The second deletes "a", but the tombstone is not the batch's last record, so nothing else keeps it.
            _ = try log.append(batch(sequence: 0, [(key: "a", value: "old")]))
            _ = try log.append(batch(sequence: 1, [(key: "a", value: nil), (key: "b", value: "kept")]))
            try CompactionFixture.roll(log)
            manager.runCompaction()

            let records = try CompactionFixture.readRecords(log)
            let latest = CompactionFixture.latest(records)
            #expect(latest["a"] == nil || latest["a"] == .some(nil), "deleted key came back: \(records)")
            #expect(latest["b"] == .some("kept"))
        }
    }
}
