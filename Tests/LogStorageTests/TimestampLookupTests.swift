import KafkaProtocol
import NIOCore
import Testing

@testable import LogStorage

@Suite struct TimestampLookupTests {
    @Test func findsTheFirstRecordAtOrAfterATimestamp() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, defaults: LogConfig(segmentBytes: 1_000, indexIntervalBytes: 100), fsync: .never)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        let base = WallClock.nowMs
        // 20 batches of 3 records; record i of batch b has timestamp base + 100*b + 10*i.
        for batch in 0..<20 {
            _ = try log.append(TestRecords.batch(count: 3, timestamp: base + Int64(100 * batch)))
        }
        #expect(log.segmentCount > 2)

        #expect(try log.offset(forTimestamp: 0)! == (0, base))
        #expect(try log.offset(forTimestamp: base)! == (0, base))
        #expect(try log.offset(forTimestamp: base + 1)! == (1, base + 1))
        #expect(try log.offset(forTimestamp: base + 3)! == (3, base + 100))
        #expect(try log.offset(forTimestamp: base + 1_502)! == (47, base + 1_502))
        #expect(try log.offset(forTimestamp: base + 1_900 + 2)! == (59, base + 1_902))
        #expect(try log.offset(forTimestamp: base + 1_903) == nil)
    }

    @Test func ignoresRecordsAboveTheHighWatermark() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .ack, startFlusher: false)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "t", partition: 0))
        _ = try log.append(TestRecords.batch(count: 1, timestamp: 5_000))
        #expect(try log.offset(forTimestamp: 1_000) == nil)
        manager.environment.flusher.start()
        #expect(waitForCompletion { manager.whenDurable([log], $0) } != nil)
        #expect(try log.offset(forTimestamp: 1_000)! == (0, 5_000))
    }

    @Test func survivesAReopenUsingTheStoredTimeIndex() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = LogConfig(segmentBytes: 1_000, indexIntervalBytes: 100)
        let base = WallClock.nowMs
        do {
            let manager = try LogManager.open(directory, defaults: config, fsync: .never)
            try manager.createTopic("t", partitions: 1, overrides: [:])
            let log = try #require(manager.log(topic: "t", partition: 0))
            for batch in 0..<20 { _ = try log.append(TestRecords.batch(count: 1, timestamp: base + Int64(batch))) }
            manager.shutdown()
        }
        let manager = try LogManager.open(directory, defaults: config, fsync: .never)
        defer { manager.shutdown() }
        let log = try #require(manager.log(topic: "t", partition: 0))
        for batch: Int64 in [0, 7, 13, 19] {
            #expect(try log.offset(forTimestamp: base + batch)! == (batch, base + batch))
        }
    }
}
