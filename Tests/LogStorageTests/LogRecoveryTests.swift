import Foundation
import KafkaProtocol
import NIOCore
import Testing

@testable import LogStorage

@Suite struct LogRecoveryTests {
    /// Creates topic "t" with one partition, appends `batches` batches of 2 records, and returns the
    /// partition directory. With `clean`, shuts down cleanly; otherwise abandons the manager as a
    /// crash would (its files stay as written, no clean-shutdown marker).
    private func populate(
        _ directory: TemporaryDirectory, batches: Int, config: LogConfig = LogConfig(indexIntervalBytes: 200),
        clean: Bool
    ) throws -> String {
        let manager = try LogManager.open(directory, defaults: config, fsync: .never)
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        let start = WallClock.nowMs
        for index in 0..<batches {
            _ = try log.append(TestRecords.batch(count: 2, timestamp: start + 1_000 * Int64(index), tag: "b\(index)"))
        }
        if clean {
            manager.shutdown()
        } else {
            manager.simulateCrash()
        }
        return log.directory
    }

    private func activeSegmentPath(_ partitionDirectory: String) throws -> String {
        let logs = try FileSystem.contents(of: partitionDirectory).filter { $0.hasSuffix(".log") }
        return "\(partitionDirectory)/\(try #require(logs.last))"
    }

    private func fileSize(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    }

    private func reopenAndCheck(
        _ directory: TemporaryDirectory, expectedEnd: Int64, expectWarning: String?,
        config: LogConfig = LogConfig(indexIntervalBytes: 200)
    ) throws {
        let logs = CapturedLogs()
        let manager = try LogManager.open(directory, defaults: config, fsync: .never, logs: logs)
        defer { manager.shutdown() }
        let log = try #require(manager.log(topic: "t", partition: 0))
        #expect(log.logEndOffset == expectedEnd)
        let headers = try TestRecords.readAll(log)
        #expect(headers.map(\.baseOffset) == Array(stride(from: 0, to: expectedEnd, by: 2)))
        let warnings = logs.messages(atLeast: .warning)
        if let expectWarning {
            #expect(warnings.contains { $0.contains(expectWarning) }, "warnings: \(warnings)")
        } else {
            #expect(warnings.isEmpty, "warnings: \(warnings)")
        }
        #expect(try log.append(TestRecords.batch(count: 2)).baseOffset == expectedEnd)
        #expect(try TestRecords.readAll(log, from: expectedEnd).map(\.baseOffset) == [expectedEnd])
    }

    @Test func reopensAfterACleanShutdownWithoutRepairs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try populate(directory, batches: 10, clean: true)
        #expect(FileSystem.fileExists("\(directory.path)/.clean-shutdown"))
        try reopenAndCheck(directory, expectedEnd: 20, expectWarning: nil)
    }

    @Test func reopensAfterAnUncleanShutdownWithIntactFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try populate(directory, batches: 10, clean: false)
        #expect(!FileSystem.fileExists("\(directory.path)/.clean-shutdown"))
        try reopenAndCheck(directory, expectedEnd: 20, expectWarning: nil)
    }

    @Test(arguments: [1, 5, 30, 60])
    func tornTailIsTruncatedAtTheLastGoodBatch(bytesCut: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let partition = try populate(directory, batches: 10, clean: false)
        let path = try activeSegmentPath(partition)
        let size = try fileSize(path)
        #expect(truncate(path, off_t(size - bytesCut)) == 0)
        try reopenAndCheck(directory, expectedEnd: 18, expectWarning: "truncated \(path) from \(size - bytesCut)")
        #expect(try fileSize(path) > 0)
    }

    @Test func garbledTailIsTruncated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let partition = try populate(directory, batches: 10, clean: true)
        let path = try activeSegmentPath(partition)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64(try fileSize(path) - 10))
        try handle.write(contentsOf: Data([0xDE, 0xAD, 0xBE, 0xEF]))
        try handle.close()
        try reopenAndCheck(directory, expectedEnd: 18, expectWarning: "CRC-32C mismatch")
    }

    @Test func trailingZerosAreTruncated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let partition = try populate(directory, batches: 4, clean: false)
        let path = try activeSegmentPath(partition)
        let size = try fileSize(path)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(count: 4096))
        try handle.close()
        try reopenAndCheck(directory, expectedEnd: 8, expectWarning: "dropped 4096 bytes")
        #expect(try fileSize(path) - size == TestRecords.batch(count: 2).readableBytes)
    }

    @Test func damageInAnOlderSegmentAfterACrashDropsEverythingAfterIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let batchSize = TestRecords.batch(count: 2, tag: "b0").readableBytes
        let config = LogConfig(segmentBytes: batchSize * 3, indexIntervalBytes: 200)
        let partition = try populate(directory, batches: 9, config: config, clean: false)  // segments at 0, 6, 12
        let middle = "\(partition)/00000000000000000006.log"
        #expect(truncate(middle, off_t(batchSize + 7)) == 0)
        try reopenAndCheck(directory, expectedEnd: 8, expectWarning: "deleting \(partition)/00000000000000000012.log",
                           config: config)
        #expect(!FileSystem.fileExists("\(partition)/00000000000000000012.index"))
    }

    @Test(arguments: [".index", ".timeindex"])
    func deletedIndexIsRebuilt(fileExtension: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let batchSize = TestRecords.batch(count: 2, tag: "b0").readableBytes
        let config = LogConfig(segmentBytes: batchSize * 6, indexIntervalBytes: 100)
        let partition = try populate(directory, batches: 10, config: config, clean: true)
        let closed = "\(partition)/00000000000000000000\(fileExtension)"
        let original = try Data(contentsOf: URL(fileURLWithPath: closed))
        #expect(!original.isEmpty)
        try FileManager.default.removeItem(atPath: closed)
        try reopenAndCheck(directory, expectedEnd: 20, expectWarning: "rebuilt \(closed)", config: config)
        #expect(try Data(contentsOf: URL(fileURLWithPath: closed)) == original)
    }

    @Test func indexPointingAtTheWrongPlaceIsRebuilt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let partition = try populate(directory, batches: 10, config: LogConfig(indexIntervalBytes: 100), clean: true)
        let index = "\(partition)/00000000000000000000.index"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: index))
        #expect(bytes.count >= 16)
        bytes[bytes.count - 1] &+= 3  // last entry's position now points inside a batch
        try bytes.write(to: URL(fileURLWithPath: index))
        try reopenAndCheck(directory, expectedEnd: 20, expectWarning: "rebuilt \(index)",
                           config: LogConfig(indexIntervalBytes: 100))
    }

    @Test func reopeningWhileOpenIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory)
        defer { manager.shutdown() }
        let error = #expect(throws: LogStorageError.self) { try LogManager.open(directory) }
        #expect(error?.kafkaErrorCode == 56)
    }
}
