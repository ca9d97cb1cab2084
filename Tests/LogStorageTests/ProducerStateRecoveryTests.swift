import Foundation
import KafkaProtocol
import NIOCore
import Testing

@testable import LogStorage

@Suite struct ProducerStateRecoveryTests {
    enum Shutdown: CaseIterable {
        case clean
        case crash
        /// A clean shutdown whose snapshot went missing (e.g. a directory from before snapshots):
        /// the closed segments must then be scanned.
        case cleanWithoutSnapshot
    }

    /// Appends 30 batches of producer 11 (sequences 0, 2, 4, …, two records each) over several
    /// segments, interleaved with plain batches, then stops the manager as `shutdown` says.
    private func populate(_ directory: TemporaryDirectory, config: LogConfig, shutdown: Shutdown) throws {
        let manager = try LogManager.open(directory, defaults: config, fsync: .never)
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        for index in 0..<30 {
            _ = try log.append(IdempotentRecords.batch(producerId: 11, sequence: Int32(index * 2), count: 2))
            if index % 3 == 0 { _ = try log.append(TestRecords.batch(count: 1)) }
        }
        #expect(log.segmentCount > 2)
        switch shutdown {
        case .clean:
            manager.shutdown()
            #expect(FileSystem.fileExists(ProducerStateSnapshot.path(directory: log.directory)))
        case .crash:
            manager.simulateCrash()
        case .cleanWithoutSnapshot:
            manager.shutdown()
            try FileSystem.removeFile(ProducerStateSnapshot.path(directory: log.directory))
        }
    }

    @Test(arguments: Shutdown.allCases)
    func sequenceStateSurvivesARestart(shutdown: Shutdown) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = LogConfig(segmentBytes: 1_000, indexIntervalBytes: 200)
        try populate(directory, config: config, shutdown: shutdown)

        let manager = try LogManager.open(directory, defaults: config, fsync: .never)
        defer { manager.shutdown() }
        let log = try #require(manager.log(topic: "t", partition: 0))
        let end = log.logEndOffset
        #expect(end == 70)
        // Every third producer batch is followed by a plain one, so the last (sequences 58-59) is at 68-69.
        let retry = try log.append(IdempotentRecords.batch(producerId: 11, sequence: 58, count: 2))
        #expect(retry.isDuplicate && retry.baseOffset == 68 && retry.lastOffset == 69)
        let gap = IdempotentRecords.errorCode { _ = try log.append(IdempotentRecords.batch(producerId: 11, sequence: 61)) }
        #expect(gap == 45)
        #expect(log.logEndOffset == end)
        #expect(try log.append(IdempotentRecords.batch(producerId: 11, sequence: 60)).baseOffset == end)
        #expect(try manager.allocateProducerId() > 11)
    }

    @Test func aSnapshotIsUsedOnlyAfterTheCleanShutdownThatWroteIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = LogConfig(segmentBytes: 1_000, indexIntervalBytes: 200)
        try populate(directory, config: config, shutdown: .clean)
        let partitionDirectory = "\(directory.path)/t-0"

        // Running again removes the snapshot; a crash must not leave a stale one to be read later.
        let manager = try LogManager.open(directory, defaults: config, fsync: .never)
        #expect(!FileSystem.fileExists(ProducerStateSnapshot.path(directory: partitionDirectory)))
        let log = try #require(manager.log(topic: "t", partition: 0))
        _ = try log.append(IdempotentRecords.batch(producerId: 11, sequence: 60, count: 2))
        manager.simulateCrash()

        let reopened = try LogManager.open(directory, defaults: config, fsync: .never)
        defer { reopened.shutdown() }
        let again = try #require(reopened.log(topic: "t", partition: 0))
        #expect(try again.append(IdempotentRecords.batch(producerId: 11, sequence: 60, count: 2)).isDuplicate)
        #expect(try again.append(IdempotentRecords.batch(producerId: 11, sequence: 62)).baseOffset == 72)
    }

    @Test func aSnapshotRoundTripsAndDamageIsDetected() throws {
        var table = ProducerStateTable()
        for sequence in 0..<7 {
            var builder = RecordBatchBuilder(baseOffset: Int64(sequence * 3), baseTimestamp: 1_000)
            builder.producerId = 42
            builder.producerEpoch = 3
            builder.baseSequence = Int32(sequence * 3)
            for _ in 0..<3 { builder.append(key: nil, value: ByteBuffer(string: "v")) }
            let bytes = builder.build()
            table.replay(try RecordBatchHeader(parsing: bytes, at: 0))
        }
        let snapshot = ProducerStateSnapshot(offset: 21, table: table)
        let bytes = snapshot.encoded()
        let decoded = try #require(ProducerStateSnapshot(decoding: bytes))
        #expect(decoded.offset == 21)
        #expect(decoded.table.entries == table.entries)
        #expect(decoded.table.entries[42]?.batches.count == ProducerEntry.cachedBatchCount)
        #expect(decoded.table.entries[42]?.batches.first?.firstSequence == 6)

        for index in [0, 9, bytes.count / 2, bytes.count - 1] {
            var damaged = bytes
            damaged[index] ^= 0x40
            #expect(ProducerStateSnapshot(decoding: damaged) == nil)
        }
        #expect(ProducerStateSnapshot(decoding: Array(bytes.dropLast(5))) == nil)
    }

    @Test func producersIdleForADayAreForgotten() throws {
        var table = ProducerStateTable()
        let now: Int64 = 10 * ProducerEntry.expirationMs
        var builder = RecordBatchBuilder(baseTimestamp: 1)
        builder.producerId = 1
        builder.baseSequence = 0
        builder.append(key: nil, value: nil)
        let header = try RecordBatchHeader(parsing: builder.build(), at: 0)
        guard case .append(let fresh) = try table.check([header], baseOffset: 0, nowMs: now) else {
            Issue.record("a first batch is not a duplicate")
            return
        }
        table.apply(fresh)
        table.removeProducers(idleSince: now - ProducerEntry.expirationMs)
        #expect(table.entries.count == 1)
        table.removeProducers(idleSince: now + 1)
        #expect(table.entries.isEmpty)
    }
}
