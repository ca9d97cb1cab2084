import Broker
import Foundation
import KafkaProtocol
import NIOCore
import ServiceTestSupport
import Testing

/// DeleteTopics over a real socket: what goes, what is woken, and what a topic of the same name finds afterwards.
@Suite("DeleteTopics on the wire", .serialized)
struct DeleteTopicsWireTests {
    @Test("ApiVersions advertises DeleteTopics v0–3")
    func advertised() async throws {
        try await RunningBroker.withPort { port in
            let response = try await WireExchange.send(
                ApiVersionsRequest(), version: 2, expecting: ApiVersionsResponse.self, port: port)
            let entry = try #require(response.apiKeys.first { $0.apiKey == ApiKey.deleteTopics.rawValue })
            #expect(entry.minVersion == 0 && entry.maxVersion == 3)
        }
    }

    @Test("a deleted topic leaves Metadata and the disk, its parked fetch is answered, and it can be created again empty")
    func deleteAndRecreate() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await RunningBroker.withPort(configure: { $0.dataDirectory = directory }) { port in
            try await WireExchange.createTopic("doomed", partitions: 2, port: port)
            try await WireExchange.createTopic("bystander", partitions: 1, port: port)
            #expect(try await WireExchange.produce(topic: "doomed", values: ["a", "b", "c"], port: port).errorCode == .none)
            #expect(try await WireExchange.produce(topic: "bystander", values: ["stays"], port: port).errorCode == .none)
            #expect(FileManager.default.fileExists(atPath: "\(directory)/doomed-1"))

            // A fetch parked at the log end for up to a minute; the deletion must answer it.
            async let parked = withHangGuard("the parked fetch on the deleted topic") {
                try await WireExchange.fetch(topic: "doomed", offset: 3, maxWaitMs: 60_000, port: port)
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await WireExchange.deleteTopics(["doomed"], port: port) == ["doomed": .none])
            #expect(try await parked.errorCode == .unknownTopicOrPartition)

            let all = try await WireExchange.metadata(nil, port: port)
            #expect(all.topics.map(\.name) == ["bystander"])
            let named = try await WireExchange.metadata(["doomed"], port: port)
            #expect(named.topics.first?.errorCode == .unknownTopicOrPartition)
            #expect(!FileManager.default.fileExists(atPath: "\(directory)/doomed-0"))
            #expect(!FileManager.default.fileExists(atPath: "\(directory)/doomed-1"))
            #expect(try await WireExchange.produce(topic: "doomed", values: ["lost"], port: port).errorCode == .unknownTopicOrPartition)
            #expect(try await WireExchange.deleteTopics(["doomed"], port: port) == ["doomed": .unknownTopicOrPartition])

            try await WireExchange.createTopic("doomed", partitions: 1, port: port)
            let fresh = try await WireExchange.fetch(topic: "doomed", offset: 0, port: port)
            #expect(fresh.errorCode == .none && fresh.highWatermark == 0 && fresh.logStartOffset == 0)
            #expect(try await WireExchange.produce(topic: "doomed", values: ["new"], port: port).baseOffset == 0)
            #expect(try await WireExchange.fetch(topic: "bystander", offset: 0, port: port).highWatermark == 1)
        }
    }

    @Test("groups forget their committed offsets for a deleted topic, even across a restart")
    func committedOffsetsForgotten() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await RunningBroker.withPort(configure: { $0.dataDirectory = directory }) { port in
            try await WireExchange.createTopic("tracked", partitions: 1, port: port)
            try await WireExchange.createTopic("kept", partitions: 1, port: port)
            let commit = OffsetCommitRequest(groupId: "readers", topics: [
                .init(name: "tracked", partitions: [.init(partitionIndex: 0, committedOffset: 42)]),
                .init(name: "kept", partitions: [.init(partitionIndex: 0, committedOffset: 7)]),
            ])
            let committed = try await WireExchange.send(commit, version: 2, expecting: OffsetCommitResponse.self, port: port)
            #expect(committed.topics.flatMap(\.partitions).allSatisfy { $0.errorCode == .none })
            #expect(try await Self.committedOffset(group: "readers", topic: "tracked", port: port) == 42)

            #expect(try await WireExchange.deleteTopics(["tracked"], port: port) == ["tracked": .none])
            try await WireExchange.createTopic("tracked", partitions: 1, port: port)
            #expect(try await Self.committedOffset(group: "readers", topic: "tracked", port: port) == -1)
            #expect(try await Self.committedOffset(group: "readers", topic: "kept", port: port) == 7)
        }
        try await RunningBroker.withPort(configure: { $0.dataDirectory = directory }) { port in
            let tracked = try await Self.committedOffset(group: "readers", topic: "tracked", port: port)
            let kept = try await Self.committedOffset(group: "readers", topic: "kept", port: port)
            #expect(tracked == -1 && kept == 7)
        }
    }

    @Test("a deleted topic stays deleted after a restart")
    func restartAfterDelete() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await RunningBroker.withPort(configure: { $0.dataDirectory = directory }) { port in
            try await WireExchange.createTopic("gone", partitions: 3, port: port)
            #expect(try await WireExchange.produce(topic: "gone", values: ["x"], port: port).errorCode == .none)
            #expect(try await WireExchange.deleteTopics(["gone"], version: 0, port: port) == ["gone": .none])
        }
        try await RunningBroker.withPort(configure: { $0.dataDirectory = directory }) { port in
            let topics = try await WireExchange.metadata(nil, port: port).topics
            #expect(topics.isEmpty)
            let entries = try FileManager.default.contentsOfDirectory(atPath: directory)
            #expect(!entries.contains { $0.hasPrefix("gone-") }, "left behind: \(entries)")
        }
    }

    @Test("a name listed twice is refused with INVALID_REQUEST and the topic is kept")
    func duplicateNames() async throws {
        try await RunningBroker.withPort { port in
            try await WireExchange.createTopic("twice", partitions: 1, port: port)
            #expect(try await WireExchange.deleteTopics(["twice", "twice"], port: port) == ["twice": .invalidRequest])
            #expect(try await WireExchange.metadata(["twice"], port: port).topics.first?.errorCode == KafkaErrorCode.none)
        }
    }

    private static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("emostream-delete-\(UUID().uuidString)").path
    }

    private static func committedOffset(group: String, topic: String, port: Int) async throws -> Int64? {
        let request = OffsetFetchRequest(groupId: group, topics: [.init(name: topic, partitionIndexes: [0])])
        let response = try await WireExchange.send(request, version: 3, expecting: OffsetFetchResponse.self, port: port)
        return response.topics.first?.partitions.first?.committedOffset
    }
}
