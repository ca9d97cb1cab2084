import Dispatch
import KafkaProtocol
import NIOCore
import Testing

@testable import LogStorage

@Suite struct PartitionLogAppendReadTests {
    @Test func appendAssignsContiguousOffsetsAndReadsThemBackAcrossSegments() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, defaults: LogConfig(segmentBytes: 1_000, indexIntervalBytes: 300))
        defer { manager.shutdown() }
        try manager.createTopic("events", partitions: 2, overrides: [:])
        let log = try #require(manager.log(topic: "events", partition: 1))

        var expectedBase: Int64 = 0
        for round in 0..<40 {
            let count = round % 4 + 1
            let result = try log.append(TestRecords.batch(count: count, tag: "r\(round)"))
            #expect(result.baseOffset == expectedBase)
            #expect(result.lastOffset == expectedBase + Int64(count) - 1)
            #expect(result.recordCount == count)
            #expect(result.logAppendTime == -1)
            expectedBase += Int64(count)
        }
        #expect(log.logEndOffset == expectedBase)
        #expect(log.segmentCount > 3)
        #expect(waitForCompletion { manager.whenDurable([log], $0) } != nil)
        #expect(log.highWatermark == expectedBase)

        let headers = try TestRecords.readAll(log)
        #expect(headers.first?.baseOffset == 0)
        #expect(headers.last?.lastOffset == expectedBase - 1)
        for (previous, next) in zip(headers, headers.dropFirst()) {
            #expect(next.baseOffset == previous.nextOffset)
        }
        #expect(headers.allSatisfy { $0.partitionLeaderEpoch == -1 })
        #expect(manager.log(topic: "events", partition: 0)?.logEndOffset == 0)
    }

    @Test func readReturnsTheBatchContainingAMidBatchOffset() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .never)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        for _ in 0..<3 { _ = try log.append(TestRecords.batch(count: 5)) }  // offsets 0-4, 5-9, 10-14

        let result = try log.read(from: 7, maxBytes: 1)
        let headers = try TestRecords.headers(in: result.records)
        #expect(headers.map(\.baseOffset) == [5])
        #expect(try headers[0].records(in: result.records, at: 0).map { $0.offset(in: headers[0]) } == [5, 6, 7, 8, 9])
        #expect(result.highWatermark == 15 && result.logEndOffset == 15 && result.logStartOffset == 0)
        // The count is the batches' own, so it includes the records before the offset asked for.
        #expect(result.recordCount == 5)
        #expect(try log.read(from: 0, maxBytes: 1 << 20).recordCount == 15)
        #expect(try log.read(from: 15, maxBytes: 1 << 20).recordCount == 0)
    }

    @Test func maxBytesIsASoftLimitOfWholeBatches() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .never)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        let batchSize = TestRecords.batch(valueSize: 1_000).readableBytes
        for _ in 0..<5 { _ = try log.append(TestRecords.batch(valueSize: 1_000)) }

        #expect(try TestRecords.headers(in: log.read(from: 0, maxBytes: 10).records).count == 1)
        #expect(try TestRecords.headers(in: log.read(from: 0, maxBytes: batchSize).records).count == 1)
        #expect(try TestRecords.headers(in: log.read(from: 0, maxBytes: batchSize * 3 - 1).records).count == 2)
        #expect(try TestRecords.headers(in: log.read(from: 1, maxBytes: batchSize * 3).records).map(\.baseOffset) == [1, 2, 3])
        #expect(try log.read(from: 0, maxBytes: 1 << 20).records.readableBytes == batchSize * 5)
    }

    @Test func offsetsOutsideTheLogAreOutOfRangeAndTheEndIsEmpty() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .never)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        #expect(try log.read(from: 0, maxBytes: 100).records.readableBytes == 0)
        _ = try log.append(TestRecords.batch(count: 3))

        #expect(try log.read(from: 3, maxBytes: 100).records.readableBytes == 0)
        for offset: Int64 in [4, 100, -1] {
            do {
                _ = try log.read(from: offset, maxBytes: 100)
                Issue.record("offset \(offset) should be out of range")
            } catch let error as LogStorageError {
                #expect(error.isOffsetOutOfRange)
                #expect(error.kafkaErrorCode == 1)
            }
        }
    }

    @Test func segmentsRollBySize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let batch = TestRecords.batch(valueSize: 500)
        let manager = try LogManager.open(directory, defaults: LogConfig(segmentBytes: batch.readableBytes * 3), fsync: .never)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        for _ in 0..<7 { _ = try log.append(batch) }

        #expect(log.segmentCount == 3)
        let files = try FileSystem.contents(of: log.directory).filter { $0.hasSuffix(".log") }
        #expect(files == ["00000000000000000000.log", "00000000000000000003.log", "00000000000000000006.log"])
        #expect(try TestRecords.readAll(log).map(\.baseOffset) == Array(0..<7))
    }

    @Test func invalidRecordsAreRejectedWithoutWritingAnything() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, defaults: LogConfig(maxMessageBytes: 2_000), fsync: .never)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))

        var corrupt = TestRecords.batch(count: 2)
        corrupt.setInteger(UInt8(0xFF), at: corrupt.writerIndex - 1)
        var mixed = TestRecords.batch()
        mixed.writeBuffer(&corrupt)
        let cases: [(ByteBuffer, Int16)] = [
            (mixed, 2), (ByteBuffer(), 87), (TestRecords.batch(valueSize: 3_000), 10),
        ]
        for (records, code) in cases {
            let error = #expect(throws: LogStorageError.self) { try log.append(records) }
            #expect(error?.kafkaErrorCode == code)
        }
        #expect(log.logEndOffset == 0)
        #expect(try log.append(TestRecords.batch()).baseOffset == 0)
    }

    @Test func severalBatchesInOneBlobGetConsecutiveOffsetsAndKeepTheProducersBuffer() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .never)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        _ = try log.append(TestRecords.batch(count: 2))

        var blob = ByteBuffer(bytes: [9, 9, 9])  // bytes before the reader index must not be written
        for count in [3, 1, 4] {
            var batch = TestRecords.batch(count: count)
            blob.writeBuffer(&batch)
        }
        blob.moveReaderIndex(forwardBy: 3)
        let original = blob
        let result = try log.append(blob)
        #expect(result.baseOffset == 2 && result.lastOffset == 9 && result.recordCount == 8)
        #expect(blob == original)  // offsets are stamped on the way to disk, not into the caller's bytes

        let stored = try log.read(from: 2, maxBytes: 1 << 20).records
        let headers = try TestRecords.headers(in: stored)
        #expect(headers.map(\.baseOffset) == [2, 5, 6])
        #expect(headers.map(\.lastOffset) == [4, 5, 9])
        #expect(headers.allSatisfy { $0.partitionLeaderEpoch == -1 })
        #expect(stored.readableBytes == original.readableBytes)
    }

    @Test func appendsFromSeveralThreadsKeepOffsetsContiguous() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, defaults: LogConfig(segmentBytes: 50_000))
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))

        let threads = 8
        let appendsPerThread = 50
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<appendsPerThread {
                _ = try! log.append(TestRecords.batch(count: index % 3 + 1, tag: "\(thread)"))
            }
        }
        let expectedRecords = threads * (0..<appendsPerThread).reduce(0) { $0 + $1 % 3 + 1 }
        #expect(log.logEndOffset == Int64(expectedRecords))
        #expect(waitForCompletion { manager.whenDurable([log], $0) } != nil)
        let headers = try TestRecords.readAll(log)
        #expect(headers.count == threads * appendsPerThread)
        #expect(headers.reduce(0) { $0 + Int($1.recordsCount) } == expectedRecords)
        for (previous, next) in zip(headers, headers.dropFirst()) {
            #expect(next.baseOffset == previous.nextOffset)
        }
    }
}
