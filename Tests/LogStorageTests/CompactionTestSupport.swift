import Foundation
import KafkaProtocol
import NIOCore
import Testing

@testable import LogStorage

/// A record as a consumer of a compacted log sees it.
struct StoredRecord: Hashable {
    var offset: Int64
    var key: String?
    var value: String?
}

enum CompactionFixture {
    static let keyCount = 100
    static let writes = 10_000
    static let tombstonedKeys = 0..<10

    /// A compact topic config that rolls often and drops tombstones at once.
    static let config = LogConfig(
        segmentBytes: 16_000, indexIntervalBytes: 1_024, cleanupPolicy: .compact, deleteRetentionMs: 0)

    static func key(_ index: Int) -> String { "key-\(index)" }

    /// Runs `body` with a one-partition "registry" topic in a fresh manager, removed afterwards.
    static func withCompactedTopic(
        config: LogConfig = CompactionFixture.config, _ body: (TemporaryDirectory, LogManager, PartitionLog) throws -> Void
    ) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, defaults: config, fsync: .never)
        defer { manager.shutdown() }
        try manager.createTopic("registry", partitions: 1, overrides: [:])
        try body(directory, manager, try #require(manager.log(topic: "registry", partition: 0)))
    }

    /// Writes `writes` values round-robin over `keyCount` keys (batches of 10), then tombstones for
    /// `tombstonedKeys`, then rolls so that everything is in closed segments.
    static func populate(_ log: PartitionLog, timestamp: Int64 = WallClock.nowMs - 60_000) throws {
        for batchStart in stride(from: 0, to: writes, by: 10) {
            var builder = RecordBatchBuilder(baseTimestamp: timestamp)
            for write in batchStart..<(batchStart + 10) {
                builder.append(key: ByteBuffer(string: key(write % keyCount)), value: ByteBuffer(string: "v\(write)"))
            }
            _ = try log.append(builder.build())
        }
        var tombstones = RecordBatchBuilder(baseTimestamp: timestamp)
        for index in tombstonedKeys { tombstones.append(key: ByteBuffer(string: key(index)), value: nil) }
        _ = try log.append(tombstones.build())
        try roll(log)
    }

    static func roll(_ log: PartitionLog) throws {
        try log.state.withLock { try log.roll(&$0) }
    }

    /// The newest value per key that the fixture wrote (nil for a tombstoned key).
    static var expectedLatest: [String: String?] {
        var latest: [String: String?] = [:]
        for write in 0..<writes { latest[key(write % keyCount)] = "v\(write)" }
        for index in tombstonedKeys { latest[key(index)] = .some(nil) }
        return latest
    }

    /// Every record readable from the log start to the high watermark, checking each batch's CRC.
    static func readRecords(_ log: PartitionLog) throws -> [StoredRecord] {
        var records: [StoredRecord] = []
        var next = log.logStartOffset
        while next < log.highWatermark {
            let result = try log.read(from: next, maxBytes: 64 * 1024)
            guard result.records.readableBytes > 0 else { break }
            var position = result.records.readerIndex
            while position < result.records.writerIndex {
                let header = try RecordBatchHeader(parsing: result.records, at: position)
                guard header.hasValidCRC(in: result.records, at: position) else {
                    throw RecordBatchError.crcMismatch(position: position, stored: header.crc, computed: 0)
                }
                for record in try header.records(in: result.records, at: position) where record.offset(in: header) >= next {
                    records.append(StoredRecord(
                        offset: record.offset(in: header), key: record.key.map { String(buffer: $0) },
                        value: record.value.map { String(buffer: $0) }))
                }
                next = max(next, header.nextOffset)
                position += header.totalSize
            }
        }
        return records
    }

    /// The newest value per key among `records`, in offset order.
    static func latest(_ records: [StoredRecord]) -> [String: String?] {
        var latest: [String: String?] = [:]
        for record in records { if let key = record.key { latest[key] = .some(record.value) } }
        return latest
    }
}
