import Foundation
import KafkaProtocol
import NIOCore
import Testing

@testable import LogStorage

@Suite struct LogManagerDeletionTests {
    @Test func aDeletedTopicIsForgottenItsFilesGoAndItsLogsRefuseWork() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory)
        defer { manager.shutdown() }
        try manager.createTopic("doomed", partitions: 2, overrides: [:])
        try manager.createTopic("kept", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "doomed", partition: 1))
        _ = try log.append(TestRecords.batch(count: 3))

        let deleted = try manager.deleteTopic("doomed")
        #expect(deleted.partitionCount == 2)
        #expect(manager.topicNames() == ["kept"])
        #expect(manager.log(topic: "doomed", partition: 1) == nil)
        #expect(!FileSystem.fileExists("\(directory.path)/doomed-0"))
        #expect(!FileSystem.fileExists("\(directory.path)/doomed-1"))
        let append = #expect(throws: LogStorageError.self) { try log.append(TestRecords.batch(count: 1)) }
        #expect(append?.kafkaErrorCode == 56)
        let again = #expect(throws: LogStorageError.self) { try manager.deleteTopic("doomed") }
        #expect(again?.kafkaErrorCode == 3)

        try manager.createTopic("doomed", partitions: 1, overrides: [:])
        #expect(manager.log(topic: "doomed", partition: 0)?.logEndOffset == 0)
    }

    @Test func aCrashAfterTheMetadataFileWentLeavesTheTopicDeletedAndItsNameReusable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let manager = try LogManager.open(directory)
            try manager.createTopic("half-gone", partitions: 2, overrides: [:])
            _ = try manager.log(topic: "half-gone", partition: 0)?.append(TestRecords.batch(count: 5))
            // What a crash right after deletion's commit point leaves: no metadata file, partition files still there.
            try FileSystem.removeFile(TopicMetadataFile.path(directory: directory.path, topic: "half-gone"))
            manager.simulateCrash()
        }
        let manager = try LogManager.open(directory)
        defer { manager.shutdown() }
        #expect(manager.topicNames().isEmpty)
        try manager.createTopic("half-gone", partitions: 1, overrides: [:])
        let log = try #require(manager.log(topic: "half-gone", partition: 0))
        #expect(log.logStartOffset == 0 && log.logEndOffset == 0)
    }
}
