import KafkaProtocol
import ServiceTestSupport
import Testing

/// A producer's first Metadata auto-creates its topic while an admin client may be creating the same topic.
@Suite("Topic auto-creation racing CreateTopics", .timeLimit(.minutes(1)))
struct AutoCreateRaceWireTests {
    /// Whoever loses the race must still describe the topic: librdkafka fails a producer's queued messages when
    /// its topic's metadata carries TOPIC_ALREADY_EXISTS. The race is not forced, so each round only may hit it;
    /// many rounds make a regression show up.
    @Test func metadataDescribesATopicCreatedConcurrently() async throws {
        try await RunningBroker.withPort { port in
            var retried = 0
            for round in 0..<40 {
                let name = "raced-\(round)"
                async let created = WireExchange.send(
                    CreateTopicsRequest(topics: [.init(name: name, numPartitions: 3, replicationFactor: 1)]),
                    version: 4, expecting: CreateTopicsResponse.self, port: port
                )
                async let described = WireExchange.send(
                    MetadataRequest(topics: [.init(name: name)], allowAutoTopicCreation: true),
                    version: 8, expecting: MetadataResponse.self, port: port
                )
                let creation = try await created.topics.first?.errorCode
                let topic = try #require(try await described.topics.first)
                #expect(creation == KafkaErrorCode.none || creation == .topicAlreadyExists, "round \(round)")
                // Described, or (caught mid-creation) retriable, never TOPIC_ALREADY_EXISTS.
                if topic.errorCode == .leaderNotAvailable {
                    retried += 1
                    let again = try #require(try await WireExchange.metadata([name], port: port).topics.first)
                    #expect(again.errorCode == KafkaErrorCode.none && again.partitions.count == 3, "round \(round)")
                } else {
                    #expect(topic.errorCode == KafkaErrorCode.none, "round \(round): metadata answered \(topic.errorCode)")
                    #expect(topic.partitions.count == 3 || creation == .topicAlreadyExists, "round \(round)")
                }
            }
            print("\(retried) of 40 rounds caught the topic mid-creation")
        }
    }
}
