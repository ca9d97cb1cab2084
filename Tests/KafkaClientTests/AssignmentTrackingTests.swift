import KafkaClient
import ServiceTestSupport
import Testing

/// `assignedPartitions` follows group rebalances and explicit assignments.
@Suite("KafkaConsumer assignment tracking")
struct AssignmentTrackingTests {
    @Test func twoMembersSplitThePartitionsAndTheSurvivorTakesThemBack() async throws {
        try await RunningBroker.with { bootstrap in
            let topic = uniqueTopic()
            let producer = try KafkaProducer(configuration: producerConfiguration(bootstrap), logger: .quiet)
            try await producer.createTopics([NewTopic(name: topic, partitions: 4)])
            await producer.shutdown()
            let everything = Set((0..<4).map { TopicPartition(topic: topic, partition: $0) })
            let group = uniqueTopic("group")

            let first = try KafkaConsumer(configuration: consumerConfiguration(bootstrap, group: group), logger: .quiet)
            #expect(first.assignedPartitions.isEmpty)
            try first.subscribe(topics: [topic])
            try await eventually("the first member owns every partition") { first.assignedPartitions == everything }

            let second = try KafkaConsumer(configuration: consumerConfiguration(bootstrap, group: group), logger: .quiet)
            try second.subscribe(topics: [topic])
            try await eventually("the members split the partitions") {
                let (mine, theirs) = (first.assignedPartitions, second.assignedPartitions)
                return !mine.isEmpty && !theirs.isEmpty && mine.isDisjoint(with: theirs) && mine.union(theirs) == everything
            }

            await second.close()
            #expect(second.assignedPartitions.isEmpty)
            try await eventually("the first member owns every partition again") { first.assignedPartitions == everything }
            await first.close()
        }
    }

    @Test func anExplicitAssignmentReplacesTheSet() async throws {
        try await RunningBroker.with { bootstrap in
            let topic = try await produceNumbered(1, bootstrap: bootstrap)
            let consumer = try KafkaConsumer(configuration: consumerConfiguration(bootstrap), logger: .quiet)
            try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: 0)])
            #expect(consumer.assignedPartitions == [TopicPartition(topic: topic, partition: 0)])
            await consumer.close()
        }
    }
}
