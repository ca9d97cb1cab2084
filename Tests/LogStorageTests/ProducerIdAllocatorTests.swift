import Foundation
import Testing

@testable import LogStorage

@Suite struct ProducerIdAllocatorTests {
    @Test(arguments: [true, false])
    func idsAreNeverHandedOutTwiceAcrossRestarts(clean: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var seen = Set<Int64>()
        for _ in 0..<3 {
            let manager = try LogManager.open(directory, fsync: .never)
            for _ in 0..<1_500 {
                let id = try manager.allocateProducerId()
                #expect(id >= 0)
                #expect(seen.insert(id).inserted, "id \(id) handed out twice")
            }
            if clean { manager.shutdown() } else { manager.simulateCrash() }
        }
        #expect(seen.count == 4_500)
    }

    @Test func idsStartAboveEveryProducerIdInTheLogs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = try LogManager.open(directory, fsync: .never)
        try manager.createTopic("t", partitions: 1, overrides: [:])
        _ = try manager.log(topic: "t", partition: 0)?.append(IdempotentRecords.batch(producerId: 123_456, sequence: 0))
        manager.simulateCrash()
        try FileSystem.removeFile("\(directory.path)/\(ProducerIdAllocator.fileName)")

        let reopened = try LogManager.open(directory, fsync: .never)
        defer { reopened.shutdown() }
        #expect(try reopened.allocateProducerId() == 123_457)
    }

    @Test func anUnreadableIdFileStopsTheStart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data("not a number".utf8).write(to: URL(fileURLWithPath: "\(directory.path)/\(ProducerIdAllocator.fileName)"))
        #expect(throws: LogStorageError.self) { _ = try LogManager.open(directory, fsync: .never) }
    }
}
