import Dispatch
import Foundation
import KafkaProtocol
import NIOCore
import Synchronization
import Testing

@testable import LogStorage

@Suite struct CompactionTests {
    @Test func keepsTheNewestValueOfEachKeyAndDropsExpiredTombstones() throws {
        try CompactionFixture.withCompactedTopic { directory, manager, log in
            try CompactionFixture.populate(log)
            let sizeBefore = log.sizeInBytes
            let endBefore = log.logEndOffset
            #expect(log.segmentCount > 5)

            let summary = manager.runCompaction()
            #expect(summary.segmentsRewritten > 0)
            #expect(summary.recordsRemoved == CompactionFixture.writes + CompactionFixture.tombstonedKeys.count - 90)

            let records = try CompactionFixture.readRecords(log)
            #expect(records.count == 90)
            #expect(Set(records.compactMap(\.key)).count == 90)
            #expect(records.allSatisfy { $0.value != nil })
            let expected = CompactionFixture.expectedLatest.filter { $0.value != nil }
            #expect(CompactionFixture.latest(records) == expected)
            #expect(zip(records, records.dropFirst()).allSatisfy { $0.offset < $1.offset })
            #expect(log.logStartOffset == 0)
            #expect(log.logEndOffset == endBefore)
            #expect(log.sizeInBytes < sizeBefore / 10)
            // Offsets keep their values: key-k's newest value v(9900+k) was written at offset 9900+k.
            #expect(records.allSatisfy { $0.value == "v\($0.offset)" })

            // Appends continue at the log end, and a second pass finds nothing to do.
            #expect(try log.append(TestRecords.batch(count: 1)).baseOffset == endBefore)
            #expect(manager.runCompaction().segmentsRewritten == 0)
            _ = directory
        }
    }

    @Test(arguments: [true, false])
    func aCompactedLogReopensIntact(clean: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, defaults: CompactionFixture.config, fsync: .never)
        try manager.createTopic("registry", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "registry", partition: 0))
        try CompactionFixture.populate(log)
        manager.runCompaction()
        let before = try CompactionFixture.readRecords(log)
        let end = log.logEndOffset
        if clean { manager.shutdown() } else { manager.simulateCrash() }

        let logs = CapturedLogs()
        let reopened = try LogManager.open(directory, defaults: CompactionFixture.config, fsync: .never, logs: logs)
        defer { reopened.shutdown() }
        let again = try #require(reopened.log(topic: "registry", partition: 0))
        #expect(try CompactionFixture.readRecords(again) == before)
        #expect(again.logEndOffset == end && again.logStartOffset == 0)
        #expect(logs.messages(atLeast: .warning).isEmpty, "\(logs.messages(atLeast: .warning))")
        #expect(try again.append(TestRecords.batch(count: 1)).baseOffset == end)
    }

    @Test func youngTombstonesStayUntilDeleteRetentionPasses() throws {
        var config = CompactionFixture.config
        config.deleteRetentionMs = 3_600_000
        try CompactionFixture.withCompactedTopic(config: config) { _, manager, log in
            let writtenAt = WallClock.nowMs
            try CompactionFixture.populate(log, timestamp: writtenAt)
            manager.runCompaction(now: writtenAt + 1_000)
            let records = try CompactionFixture.readRecords(log)
            #expect(records.count == 100)
            #expect(records.filter { $0.value == nil }.count == 10)
            #expect(CompactionFixture.latest(records) == CompactionFixture.expectedLatest)

            manager.runCompaction(now: writtenAt + 3_600_000)
            #expect(try CompactionFixture.readRecords(log).count == 90)
        }
    }

    @Test func theActiveSegmentIsNeverCompacted() throws {
        var config = CompactionFixture.config
        config.segmentBytes = 10_000_000
        try CompactionFixture.withCompactedTopic(config: config) { _, manager, log in
            for round in 0..<20 {
                var builder = RecordBatchBuilder(baseTimestamp: WallClock.nowMs)
                builder.append(key: ByteBuffer(string: "same"), value: ByteBuffer(string: "\(round)"))
                _ = try log.append(builder.build())
            }
            #expect(manager.runCompaction().segmentsRewritten == 0)
            #expect(try CompactionFixture.readRecords(log).count == 20)
        }
    }

    @Test func theCleanerWaitsForTheDirtyRatio() throws {
        try CompactionFixture.withCompactedTopic { _, manager, log in
            try CompactionFixture.populate(log)
            #expect(log.dirtyRatio == 1)
            #expect(manager.runScheduledCompaction().segmentsRewritten > 0)
            #expect(log.dirtyRatio == 0)
            #expect(manager.runScheduledCompaction().segmentsRewritten == 0)
            // A little new data, well under half of the cleanable bytes, is not worth a pass…
            var builder = RecordBatchBuilder(baseTimestamp: WallClock.nowMs)
            builder.append(key: ByteBuffer(string: CompactionFixture.key(50)), value: ByteBuffer(string: "newer"))
            _ = try log.append(builder.build())
            try CompactionFixture.roll(log)
            #expect(log.dirtyRatio > 0 && log.dirtyRatio < 0.5)
            #expect(manager.runScheduledCompaction().segmentsRewritten == 0)
            // …but an explicit run compacts anyway.
            #expect(manager.runCompaction().recordsRemoved == 1)
        }
    }

    @Test func compactedTopicsRefuseKeylessRecordsAndCompressedBatches() throws {
        try CompactionFixture.withCompactedTopic { _, _, log in
            var keyless = RecordBatchBuilder(baseTimestamp: WallClock.nowMs)
            keyless.append(key: ByteBuffer(string: "k"), value: ByteBuffer(string: "v"))
            keyless.append(key: nil, value: ByteBuffer(string: "v"))
            #expect(IdempotentRecords.errorCode { _ = try log.append(keyless.build()) } == 87)

            var plain = RecordBatchBuilder(baseTimestamp: WallClock.nowMs)
            plain.append(key: ByteBuffer(string: "k"), value: ByteBuffer(string: "v"))
            var compressed = plain.build()
            compressed.setInteger(Int16(1), at: 21)  // claim gzip, then re-sign
            let header = try RecordBatchHeader(parsing: compressed, at: 0)
            compressed.setInteger(header.computeCRC(in: compressed, at: 0), at: 17)
            #expect(IdempotentRecords.errorCode { _ = try log.append(compressed) } == 87)
            #expect(log.logEndOffset == 0)
        }
    }
}
