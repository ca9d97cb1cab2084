import Dispatch
import Foundation
import KafkaProtocol
import NIOCore
import Synchronization
import Testing

@testable import LogStorage

/// Compaction against crashes, concurrent readers and writers, and idempotent producers.
@Suite struct CompactionSafetyTests {
    /// A populated compacted log abandoned as a crash would after `interrupt` did part of a compaction by hand.
    private func crash(
        in directory: TemporaryDirectory, after interrupt: (PartitionLog, SegmentState, SegmentCleaner) throws -> Void
    ) throws {
        let manager = try LogManager.open(directory, defaults: CompactionFixture.config, fsync: .never)
        try manager.createTopic("registry", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "registry", partition: 0))
        try CompactionFixture.populate(log)
        let segments = log.state.withLock { Array($0.segments.dropLast()) }
        var latest = LatestKeyOffsets()
        for segment in segments { try latest.add(segment) }
        let cleaner = SegmentCleaner(latest: latest, dropsTombstones: true, preservedBatchOffsets: [])
        try interrupt(log, segments[0], cleaner)
        manager.simulateCrash()
    }

    @Test func aCrashBeforeTheRenameLeavesTheOldSegment() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var cleanedPath = ""
        try crash(in: directory) { _, segment, cleaner in
            try cleaner.writeCleanedCopy(of: segment)
            cleanedPath = SegmentCleaner.cleanedPath(of: segment.segment)
        }
        #expect(FileSystem.fileExists(cleanedPath))

        let logs = CapturedLogs()
        let manager = try LogManager.open(directory, defaults: CompactionFixture.config, fsync: .never, logs: logs)
        defer { manager.shutdown() }
        let log = try #require(manager.log(topic: "registry", partition: 0))
        #expect(!FileSystem.fileExists(cleanedPath))
        #expect(logs.messages(atLeast: .warning).contains { $0.contains("compaction that did not finish") })
        let records = try CompactionFixture.readRecords(log)
        #expect(records.count == CompactionFixture.writes + CompactionFixture.tombstonedKeys.count)
        #expect(CompactionFixture.latest(records) == CompactionFixture.expectedLatest)

        manager.runCompaction()
        #expect(try CompactionFixture.readRecords(log).count == 90)
    }

    @Test func aCrashAfterTheRenameKeepsTheCleanedSegmentAndRebuildsItsIndexes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try crash(in: directory) { _, segment, cleaner in
            try cleaner.writeCleanedCopy(of: segment)
            try FileSystem.renameFile(SegmentCleaner.cleanedPath(of: segment.segment), to: segment.segment.logPath)
        }
        let logs = CapturedLogs()
        let manager = try LogManager.open(directory, defaults: CompactionFixture.config, fsync: .never, logs: logs)
        defer { manager.shutdown() }
        let log = try #require(manager.log(topic: "registry", partition: 0))
        #expect(logs.messages(atLeast: .warning).contains { $0.contains("rebuilt") })
        let records = try CompactionFixture.readRecords(log)
        #expect(records.count < CompactionFixture.writes)
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.offset < $1.offset })
        #expect(CompactionFixture.latest(records) == CompactionFixture.expectedLatest)
    }

    @Test func readersAndWritersCarryOnDuringCompaction() throws {
        try CompactionFixture.withCompactedTopic { _, manager, log in
            try CompactionFixture.populate(log)
            let end = log.logEndOffset

            // Keys that were never deleted must show their newest value in every scan. (A deleted key
            // may show an old value to a scan that read its first segments before they were cleaned and
            // its tombstone after it expired: that is what delete.retention.ms is there to prevent.)
            let expected = CompactionFixture.expectedLatest.filter { $0.value != nil }
            let compacting = Mutex(true)
            let failures = Mutex<[String]>([])
            let scans = Mutex(0)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                repeat {
                    do {
                        let records = try CompactionFixture.readRecords(log).filter { $0.offset < end }
                        let latest = CompactionFixture.latest(records).filter { expected[$0.key] != nil }
                        if latest != expected
                            || !zip(records, records.dropFirst()).allSatisfy({ $0.offset < $1.offset })
                        {
                            failures.withLock { $0.append("a scan saw wrong values") }
                        }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                    scans.withLock { $0 += 1 }
                } while compacting.withLock { $0 }
            }
            DispatchQueue.global().async(group: group) {
                for round in 0..<200 {
                    var builder = RecordBatchBuilder(baseTimestamp: WallClock.nowMs)
                    builder.append(key: ByteBuffer(string: "live-\(round % 7)"), value: ByteBuffer(string: "\(round)"))
                    do { _ = try log.append(builder.build()) } catch { failures.withLock { $0.append("\(error)") } }
                }
            }
            let summary = manager.runCompaction()
            compacting.withLock { $0 = false }
            #expect(group.wait(timeout: .now() + .seconds(120)) == .success)
            #expect(summary.segmentsRewritten > 0)
            #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
            #expect(scans.withLock { $0 } >= 1)
            #expect(log.logEndOffset == end + 200)
        }
    }

    @Test(arguments: [true, false])
    func idempotentProducerStateSurvivesCompactionAndARestart(clean: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, defaults: CompactionFixture.config, fsync: .never)
        try manager.createTopic("registry", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "registry", partition: 0))
        // The producer writes the same three keys over and over, so compaction removes most of it.
        for sequence in 0..<300 {
            _ = try log.append(IdempotentRecords.batch(producerId: 77, sequence: Int32(sequence * 3), count: 3))
            if sequence % 50 == 0 { try CompactionFixture.roll(log) }
        }
        try CompactionFixture.roll(log)
        #expect(manager.runCompaction().segmentsRewritten > 0)
        // The newest batch stays whole; the four before it, which the producer's state still
        // names, keep only their last record (so their sequence ranges survive); the rest go.
        let records = try CompactionFixture.readRecords(log)
        #expect(records.map(\.offset) == [887, 890, 893, 896, 897, 898, 899])
        if clean { manager.shutdown() } else { manager.simulateCrash() }

        let reopened = try LogManager.open(directory, defaults: CompactionFixture.config, fsync: .never)
        defer { reopened.shutdown() }
        let again = try #require(reopened.log(topic: "registry", partition: 0))
        let retry = try again.append(IdempotentRecords.batch(producerId: 77, sequence: 299 * 3, count: 3))
        #expect(retry.isDuplicate && retry.baseOffset == 897)
        #expect(try again.append(IdempotentRecords.batch(producerId: 77, sequence: 300 * 3)).baseOffset == 900)
    }
}
