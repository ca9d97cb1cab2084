import Foundation
import Synchronization
import KafkaProtocol
import NIOCore
import Testing

@testable import LogStorage

@Suite struct LogManagerTests {
    @Test func createdTopicsArePersistedWithTheirOverrides() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let manager = try LogManager.open(directory)
            let info = try manager.createTopic("emoji_stream", partitions: 3, overrides: [:])
            #expect(info.partitionCount == 3 && info.config == LogConfig())
            try manager.createTopic("emostream_clients", partitions: 1, overrides: ["cleanup.policy": "compact"])
            _ = try manager.log(topic: "emoji_stream", partition: 2)?.append(TestRecords.batch(count: 4))
            manager.shutdown()
        }
        let defaults = LogConfig(retentionMs: 60_000)
        let manager = try LogManager.open(directory, defaults: defaults)
        defer { manager.shutdown() }
        #expect(manager.topicNames() == ["emoji_stream", "emostream_clients"])
        let clients = try #require(manager.topic(named: "emostream_clients"))
        #expect(clients.partitionCount == 1)
        #expect(clients.config.cleanupPolicy == .compact)
        #expect(clients.config.retentionMs == 60_000)  // not overridden, so the new default applies
        #expect(clients.overrides == ["cleanup.policy": "compact"])
        #expect(manager.log(topic: "emoji_stream", partition: 2)?.logEndOffset == 4)
        #expect(manager.log(topic: "emoji_stream", partition: 3) == nil)
        #expect(manager.log(topic: "emoji_stream", partition: -1) == nil)
        #expect(manager.log(topic: "missing", partition: 0) == nil)
        #expect(manager.allLogs().count == 4)
        #expect(FileSystem.fileExists("\(directory.path)/emoji_stream-0/topic.json"))
        #expect(FileSystem.isDirectory("\(directory.path)/emoji_stream-2"))
    }

    static let invalidNames = ["", ".", "..", "has space", "slash/name", "ümlaut", String(repeating: "a", count: 250)]

    @Test(arguments: invalidNames)
    func invalidTopicNamesAreRejected(name: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory)
        defer { manager.shutdown() }
        let error = #expect(throws: LogStorageError.self) { try manager.createTopic(name, partitions: 1, overrides: [:]) }
        #expect(error?.kafkaErrorCode == 17)
        #expect(manager.topicNames().isEmpty)
    }

    @Test func validEdgeCaseNamesAreAccepted() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory)
        defer { manager.shutdown() }
        for name in ["a", "...", "A.b_c-9", String(repeating: "z", count: 249)] {
            try manager.createTopic(name, partitions: 1, overrides: [:])
        }
        #expect(manager.topicNames().count == 4)
    }

    @Test func duplicatesBadPartitionCountsAndBadConfigsAreRejected() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory)
        defer { manager.shutdown() }
        try manager.createTopic("t", partitions: 1, overrides: [:])
        let cases: [(String, Int, [String: String], Int16)] = [
            ("t", 1, [:], 36),
            ("u", 0, [:], 37),
            ("u", -3, [:], 37),
            ("u", 1, ["retention.ms": "soon"], 40),
            ("u", 1, ["no.such.config": "1"], 40),
        ]
        for (name, partitions, overrides, code) in cases {
            let error = #expect(throws: LogStorageError.self) {
                try manager.createTopic(name, partitions: partitions, overrides: overrides)
            }
            #expect(error?.kafkaErrorCode == code)
        }
        #expect(manager.topicNames() == ["t"])
    }

    @Test func concurrentCreationOfOneNameSucceedsOnce() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory)
        defer { manager.shutdown() }
        let successes = DispatchQueueCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            if (try? manager.createTopic("race", partitions: 2, overrides: [:])) != nil { successes.increment() }
        }
        #expect(successes.value == 1)
        #expect(manager.topic(named: "race")?.partitionCount == 2)
    }

    @Test func leftoversOfAnUnfinishedCreationAreIgnoredThenReplaced() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stale = "\(directory.path)/t-0"
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: true)
        try Data(repeating: 1, count: 100).write(to: URL(fileURLWithPath: "\(stale)/00000000000000000000.log"))
        let manager = try LogManager.open(directory)
        defer { manager.shutdown() }
        #expect(manager.topicNames().isEmpty)
        try manager.createTopic("t", partitions: 1, overrides: [:])
        #expect(manager.log(topic: "t", partition: 0)?.logEndOffset == 0)
        #expect(try manager.log(topic: "t", partition: 0)?.append(TestRecords.batch()).baseOffset == 0)
    }

    @Test func aCorruptMetadataFileStopsTheOpen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: "\(directory.path)/t-0", withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: "\(directory.path)/t-0/topic.json"))
        let error = #expect(throws: LogStorageError.self) { try LogManager.open(directory) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("t-0/topic.json"))
    }
}

final class DispatchQueueCounter: Sendable {
    private let count = Synchronization.Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
