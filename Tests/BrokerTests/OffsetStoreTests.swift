@testable import Broker
import Foundation
import Logging
import Testing

@Suite("OffsetStore")
struct OffsetStoreTests {
    /// A fresh directory per test, removed afterwards.
    private static func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("offset-store-\(UUID().uuidString)/__consumer_offsets").path
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        try body(directory)
    }

    private static func open(_ directory: String, minimumRecordsBeforeCompaction: Int = 1_000) throws -> OffsetStore {
        try OffsetStore(
            directory: directory,
            compactionRatio: 2,
            minimumRecordsBeforeCompaction: minimumRecordsBeforeCompaction,
            logger: Logger(label: "test.offsets")
        )
    }

    private static func entry(_ topic: String, _ partition: Int32, _ offset: Int64, metadata: String? = nil) -> OffsetCommitEntry {
        OffsetCommitEntry(
            topic: topic,
            partition: partition,
            committed: CommittedOffset(offset: offset, leaderEpoch: 3, metadata: metadata, commitTimestamp: 1_700_000_000_000 + offset)
        )
    }

    private static func logPath(_ directory: String) -> String {
        directory + "/" + OffsetStore.fileName
    }

    @Test("committed offsets are fetched back per partition and per group")
    func commitAndFetch() throws {
        try Self.withDirectory { directory in
            let store = try Self.open(directory)
            try store.commit(group: "g1", entries: [Self.entry("t", 0, 10, metadata: "m"), Self.entry("t", 1, 20)])
            try store.commit(group: "g2", entries: [Self.entry("u", 0, 5)])
            try store.commit(group: "g1", entries: [Self.entry("t", 0, 11, metadata: "")])
            try store.sync()

            #expect(store.fetch(group: "g1", topic: "t", partition: 0) == Self.entry("t", 0, 11, metadata: "").committed)
            #expect(store.fetch(group: "g1", topic: "t", partition: 2) == nil)
            #expect(store.fetch(group: "g3", topic: "t", partition: 0) == nil)
            #expect(store.fetchAll(group: "g1").keys.sorted() == [.init(topic: "t", partition: 0), .init(topic: "t", partition: 1)])
            #expect(store.groups() == ["g1", "g2"])
        }
    }

    @Test("offsets, metadata and deletions survive reopening")
    func survivesReopen() throws {
        try Self.withDirectory { directory in
            do {
                let store = try Self.open(directory)
                try store.commit(group: "g1", entries: [Self.entry("t", 0, 10, metadata: "ünïcode ✓"), Self.entry("t", 1, 20)])
                try store.commit(group: "gone", entries: [Self.entry("t", 0, 1)])
                try store.deleteGroup("gone")
                try store.sync()
                store.close()
                #expect(throws: OffsetStoreError.closed) { try store.commit(group: "g1", entries: [Self.entry("t", 0, 1)]) }
            }
            let reopened = try Self.open(directory)
            #expect(reopened.fetch(group: "g1", topic: "t", partition: 0) == Self.entry("t", 0, 10, metadata: "ünïcode ✓").committed)
            #expect(reopened.fetch(group: "g1", topic: "t", partition: 1)?.metadata == nil)
            #expect(reopened.groups() == ["g1"])
        }
    }

    @Test("a torn tail is cut off on open and later commits are kept", arguments: [1, 7, 20])
    func tornTail(keptBytesOfLastRecord: Int) throws {
        try Self.withDirectory { directory in
            let intactSize: Int
            do {
                let store = try Self.open(directory)
                try store.commit(group: "g", entries: [Self.entry("t", 0, 1), Self.entry("t", 1, 2)])
                try store.sync()
                intactSize = try Data(contentsOf: URL(fileURLWithPath: Self.logPath(directory))).count
                try store.commit(group: "g", entries: [Self.entry("t", 0, 99)])
                try store.sync()
                store.close()
            }
            let log = URL(fileURLWithPath: Self.logPath(directory))
            try Data(contentsOf: log).prefix(intactSize + keptBytesOfLastRecord).write(to: log)

            let reopened = try Self.open(directory)
            #expect(try Data(contentsOf: log).count == intactSize)
            #expect(reopened.fetch(group: "g", topic: "t", partition: 0)?.offset == 1)
            try reopened.commit(group: "g", entries: [Self.entry("t", 0, 3)])
            try reopened.sync()
            reopened.close()
            #expect(try Self.open(directory).fetch(group: "g", topic: "t", partition: 0)?.offset == 3)
        }
    }

    @Test("a record whose checksum does not match ends the log")
    func corruptedRecord() throws {
        try Self.withDirectory { directory in
            do {
                let store = try Self.open(directory)
                try store.commit(group: "g", entries: [Self.entry("t", 0, 1)])
                try store.commit(group: "g", entries: [Self.entry("t", 0, 2)])
                try store.sync()
                store.close()
            }
            let log = URL(fileURLWithPath: Self.logPath(directory))
            var bytes = try Data(contentsOf: log)
            bytes[bytes.count - 3] ^= 0xFF
            try bytes.write(to: log)
            #expect(try Self.open(directory).fetch(group: "g", topic: "t", partition: 0)?.offset == 1)
        }
    }

    @Test("compaction rewrites the log with only the latest value of each entry")
    func compaction() throws {
        try Self.withDirectory { directory in
            let store = try Self.open(directory, minimumRecordsBeforeCompaction: 10)
            try store.commit(group: "g", entries: [Self.entry("t", 1, 500)])
            for offset in Int64(0)..<50 {
                try store.commit(group: "g", entries: [Self.entry("t", 0, offset)])
                try store.sync()
            }
            let oneRecord = OffsetLogRecord.commit(group: "g", entry: Self.entry("t", 0, 49)).encoded().count
            let size = try Data(contentsOf: URL(fileURLWithPath: Self.logPath(directory))).count
            #expect(size <= oneRecord * 10, "the log was rewritten instead of holding all 51 records")
            #expect(store.fetch(group: "g", topic: "t", partition: 0)?.offset == 49)
            store.close()

            let reopened = try Self.open(directory, minimumRecordsBeforeCompaction: 10)
            #expect(reopened.fetch(group: "g", topic: "t", partition: 0)?.offset == 49)
            #expect(reopened.fetch(group: "g", topic: "t", partition: 1)?.offset == 500)
        }
    }
}
