import KafkaProtocol
import NIOCore
import Testing

@testable import LogStorage

@Suite struct LogRetentionTests {
    private static let batchSize = TestRecords.batch(count: 2, valueSize: 200).readableBytes

    /// A log whose segments each hold two batches (4 records); `timestamps` gives each batch's time.
    private func makeLog(_ manager: LogManager, timestamps: [Int64], overrides: [String: String]) throws -> PartitionLog {
        try manager.createTopic("t", partitions: 1, overrides: ["segment.bytes": "\(Self.batchSize * 2)"].merging(overrides) { $1 })
        let log = try #require(manager.log(topic: "t", partition: 0))
        for timestamp in timestamps {
            _ = try log.append(TestRecords.batch(count: 2, timestamp: timestamp, valueSize: 200))
        }
        return log
    }

    @Test func retentionBySizeDeletesOldestSegmentsAndAdvancesLogStart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .never)
        defer { manager.shutdown() }
        let now = WallClock.nowMs
        let log = try makeLog(manager, timestamps: Array(repeating: now, count: 9),
                              overrides: ["retention.bytes": "\(Self.batchSize * 4)"])
        #expect(log.segmentCount == 5)  // 2+2+2+2+1 batches

        manager.runRetention(now: now)
        // Total 9 batches; dropping whole 2-batch segments while at least 4 batches remain leaves 5.
        #expect(log.segmentCount == 3)
        #expect(log.logStartOffset == 8)
        #expect(try TestRecords.readAll(log, from: 8).first?.baseOffset == 8)
        let error = #expect(throws: LogStorageError.self) { try log.read(from: 7, maxBytes: 100) }
        #expect(error?.isOffsetOutOfRange == true)
        #expect(!FileSystem.fileExists("\(log.directory)/00000000000000000000.log"))
        #expect(!FileSystem.fileExists("\(log.directory)/00000000000000000004.index"))
        #expect(FileSystem.fileExists("\(log.directory)/00000000000000000008.log"))
        #expect(try log.append(TestRecords.batch()).logStartOffset == 8)
    }

    @Test func retentionByAgeDeletesSegmentsWhoseNewestRecordIsTooOld() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .never)
        defer { manager.shutdown() }
        let hour: Int64 = 3_600_000
        let now = WallClock.nowMs
        // Segments: [t-10h, t-9h], [t-8h, t-1h], [t-1h]
        let log = try makeLog(manager, timestamps: [now - 10 * hour, now - 9 * hour, now - 8 * hour, now - hour, now - hour],
                              overrides: ["retention.ms": "\(5 * hour)"])
        #expect(log.segmentCount == 3)
        manager.runRetention(now: now)
        #expect(log.logStartOffset == 4)
        #expect(log.segmentCount == 2)
        manager.runRetention(now: now + 5 * hour)
        #expect(log.logStartOffset == 8)
        #expect(log.segmentCount == 1)  // the active segment always stays
        manager.runRetention(now: now + 100 * hour)
        #expect(log.segmentCount == 1)
        #expect(try TestRecords.readAll(log, from: 8).map(\.baseOffset) == [8])
    }

    @Test func retentionSurvivesAReopen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let now = WallClock.nowMs
        do {
            let manager = try LogManager.open(directory, fsync: .never)
            let log = try makeLog(manager, timestamps: Array(repeating: now, count: 6),
                                  overrides: ["retention.bytes": "1"])
            manager.runRetention(now: now)
            #expect(log.logStartOffset == 8)
            manager.shutdown()
        }
        let manager = try LogManager.open(directory, fsync: .never)
        defer { manager.shutdown() }
        let log = try #require(manager.log(topic: "t", partition: 0))
        #expect(log.logStartOffset == 8)
        #expect(log.logEndOffset == 12)
    }

    @Test func compactedTopicsAreNotDeletedByRetention() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .never)
        defer { manager.shutdown() }
        let log = try makeLog(manager, timestamps: [0, 0, 0, 0, 0],
                              overrides: ["retention.bytes": "1", "retention.ms": "1", "cleanup.policy": "compact"])
        manager.runRetention(now: WallClock.nowMs)
        #expect(log.logStartOffset == 0)
    }

    @Test func aReaderHoldingADeletedSegmentFinishesItsRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .never)
        defer { manager.shutdown() }
        let now = WallClock.nowMs
        let log = try makeLog(manager, timestamps: Array(repeating: now, count: 5), overrides: ["retention.bytes": "1"])
        let sources = log.state.withLock { PartitionLog.sources(in: $0, from: 0) }
        manager.runRetention(now: now)
        #expect(log.logStartOffset == 8)
        // The unlinked segment is still readable through the descriptor the reader holds.
        let bytes = try sources[0].segment.log.read(count: Self.batchSize, at: 0)
        #expect(try TestRecords.headers(in: bytes).map(\.baseOffset) == [0])
    }
}
