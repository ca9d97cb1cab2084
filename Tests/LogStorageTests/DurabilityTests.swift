import KafkaProtocol
import NIOCore
import Synchronization
import Testing

@testable import LogStorage

@Suite struct DurabilityTests {
    @Test(arguments: [FsyncPolicy.ack, .interval(milliseconds: 5), .never])
    func whenDurableCompletesUnderEveryPolicy(policy: FsyncPolicy) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: policy)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 3, overrides: [:])
        let logs = (0..<3).compactMap { manager.log(topic: "t", partition: $0) }
        for log in logs { _ = try log.append(TestRecords.batch(count: 2)) }

        let result = try #require(waitForCompletion { manager.whenDurable(logs, $0) })
        #expect((try? result.get()) != nil)
        for log in logs {
            #expect(log.highWatermark == 2)
            #expect(try TestRecords.readAll(log).map(\.baseOffset) == [0])
        }
        #expect(waitForCompletion { manager.whenDurable([], $0) } != nil)
    }

    @Test func underAckTheHighWatermarkMovesOnlyAfterTheFlusherSyncs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .ack, startFlusher: false)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        let advanced = Mutex<[Int64]>([])
        manager.setHighWatermarkObserver { log in advanced.withLock { $0.append(log.highWatermark) } }

        _ = try log.append(TestRecords.batch(count: 3))
        _ = try log.append(TestRecords.batch(count: 2))
        #expect(log.logEndOffset == 5)
        #expect(log.highWatermark == 0)
        #expect(try log.read(from: 0, maxBytes: 1_000).records.readableBytes == 0)
        #expect(try log.offset(forTimestamp: 0) == nil)
        let completed = Mutex(false)
        manager.whenDurable([log]) { _ in completed.withLock { $0 = true } }
        #expect(!completed.withLock { $0 })
        #expect(advanced.withLock { $0 }.isEmpty)

        manager.environment.flusher.start()
        #expect(waitForCompletion { manager.whenDurable([log], $0) } != nil)
        #expect(completed.withLock { $0 })
        #expect(log.highWatermark == 5)
        #expect(advanced.withLock { $0 } == [5])
        #expect(try TestRecords.readAll(log).map(\.baseOffset) == [0, 3])
    }

    @Test(arguments: [FsyncPolicy.interval(milliseconds: 1_000), .never])
    func withoutAckTheHighWatermarkFollowsTheLogEndAndNotifies(policy: FsyncPolicy) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: policy)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        let advanced = Mutex<[Int64]>([])
        manager.setHighWatermarkObserver { log in advanced.withLock { $0.append(log.highWatermark) } }
        _ = try log.append(TestRecords.batch(count: 3))
        #expect(log.highWatermark == 3)
        #expect(advanced.withLock { $0 } == [3])
    }

    @Test func manySmallAppendsShareGroupCommits() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .ack)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 4, overrides: [:])
        let logs = (0..<4).compactMap { manager.log(topic: "t", partition: $0) }
        let failures = Mutex(0)
        let pending = Mutex(500)
        let done = DispatchSemaphoreBox()
        for round in 0..<500 {
            let log = logs[round % logs.count]
            _ = try log.append(TestRecords.batch())
            manager.whenDurable([log]) { result in
                if case .failure = result { failures.withLock { $0 += 1 } }
                if pending.withLock({ $0 -= 1; return $0 }) == 0 { done.signal() }
            }
        }
        #expect(done.wait())
        #expect(failures.withLock { $0 } == 0)
        #expect(logs.allSatisfy { $0.highWatermark == 125 })
    }

    @Test func afterShutdownAppendsAndWaitersFail() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .ack)
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        manager.shutdown()
        #expect(throws: LogStorageError.self) { try log.append(TestRecords.batch()) }
        #expect(throws: LogStorageError.self) { try log.read(from: 0, maxBytes: 1) }
        #expect(throws: LogStorageError.self) { try manager.createTopic("u", partitions: 1, overrides: [:]) }
    }
}
