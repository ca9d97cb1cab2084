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
        let advanced = Mutex<[Int64]>([])
        let manager = try LogManager.open(
            directory, fsync: .ack,
            observers: LogObservers(highWatermarkAdvanced: { log in advanced.withLock { $0.append(log.highWatermark) } }),
            startFlusher: false)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))

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
        let advanced = Mutex<[Int64]>([])
        let manager = try LogManager.open(
            directory, fsync: policy,
            observers: LogObservers(highWatermarkAdvanced: { log in advanced.withLock { $0.append(log.highWatermark) } }))
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        _ = try log.append(TestRecords.batch(count: 3))
        #expect(log.highWatermark == 3)
        #expect(advanced.withLock { $0 } == [3])
    }

    /// A closure kept directly in a `Mutex` gained two thunks per access, so every notification ran two frames
    /// deeper than the one before. The observer's own frame must sit at the same stack address on every call.
    @Test func notifyingTheObserverDoesNotDeepenTheStack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let frameAddresses = Mutex<Set<UInt>>([])
        let manager = try LogManager.open(
            directory, fsync: .never,
            observers: LogObservers(highWatermarkAdvanced: { log in
                var local = log.highWatermark
                let address = withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) }
                frameAddresses.withLock { _ = $0.insert(address) }
            }))
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        for _ in 0..<200 { _ = try log.append(TestRecords.batch(count: 1)) }
        #expect(frameAddresses.withLock { $0.count } == 1)
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
