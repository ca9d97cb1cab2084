import Broker
import Foundation
import KafkaClient
import Logging
import ServiceLifecycle
import ServiceTestSupport
import Testing

/// Group-managed consumption; needs the broker's group coordinator (FindCoordinator, JoinGroup, SyncGroup,
/// Heartbeat, OffsetFetch/OffsetCommit, LeaveGroup).
@Suite("KafkaConsumer in a consumer group")
struct ConsumerGroupTests {
    @Test func subscribeReadsCommitsAndASecondMemberResumesAfterTheCommit() async throws {
        try await RunningBroker.with { bootstrap in
            let topic = try await produceNumbered(10, bootstrap: bootstrap)
            let group = uniqueTopic("group")

            let first = try KafkaConsumer(configuration: consumerConfiguration(bootstrap, group: group), logger: .quiet)
            try first.subscribe(topics: [topic])
            let firstRead = try await read(4, from: first)
            #expect(firstRead.map(\.offset) == [0, 1, 2, 3])
            try await first.commit(firstRead[3])
            let committed = try await first.committed([TopicPartition(topic: topic, partition: 0)], timeout: .seconds(5))
            #expect(committed == [TopicPartitionOffset(topic: topic, partition: 0, offset: 4)])
            await first.close()

            let second = try KafkaConsumer(configuration: consumerConfiguration(bootstrap, group: group), logger: .quiet)
            try second.subscribe(topics: [topic])
            let secondRead = try await read(6, from: second)
            #expect(secondRead.map(\.offset) == [4, 5, 6, 7, 8, 9])
            await second.close()
        }
    }

    @Test func commitWithAssignedPartitionsIsVisibleThroughCommitted() async throws {
        try await RunningBroker.with { bootstrap in
            let topic = try await produceNumbered(5, bootstrap: bootstrap)
            let consumer = try KafkaConsumer(configuration: consumerConfiguration(bootstrap), logger: .quiet)
            let partition = TopicPartition(topic: topic, partition: 0)
            let before = try await consumer.committed([partition], timeout: .seconds(5))
            #expect(before == [TopicPartitionOffset(topic: topic, partition: 0, offset: .invalid)])
            try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
            let messages = try await read(5, from: consumer)
            try await consumer.commit(messages[4])
            let after = try await consumer.committed([partition], timeout: .seconds(5))
            #expect(after == [TopicPartitionOffset(topic: topic, partition: 0, offset: 5)])
            await consumer.close()
        }
    }

    @Test func gracefulShutdownOfTheServiceGroupEndsTheMessages() async throws {
        try await RunningBroker.with { bootstrap in
            let topic = try await produceNumbered(3, bootstrap: bootstrap)
            let consumer = try KafkaConsumer(configuration: consumerConfiguration(bootstrap), logger: .quiet)
            try consumer.subscribe(topics: [topic])
            let group = ServiceGroup(services: [consumer], logger: .quiet)
            let read = try await withHangGuard("graceful shutdown of a consumer") {
                try await withThrowingTaskGroup(of: Int.self) { tasks in
                    tasks.addTask {
                        try await group.run()
                        return -1
                    }
                    tasks.addTask {
                        var count = 0
                        for try await _ in consumer.messages {
                            count += 1
                            if count == 3 { await group.triggerGracefulShutdown() }
                        }
                        return count
                    }
                    return try await tasks.reduce(into: [Int]()) { $0.append($1) }
                }
            }
            #expect(read.sorted() == [-1, 3])
        }
    }

    /// librdkafka's own close waits up to the session timeout for a coordinator that is gone (a pending commit
    /// waits for it); a stopping service must not, so close gives up after `closeTimeoutMs`.
    @Test func closeWithTheBrokerGoneReturnsInsteadOfWaitingTheSessionTimeout() async throws {
        try await RunningBroker.run { broker in
            let topic = try await produceNumbered(3, bootstrap: broker.bootstrap)
            var configuration = consumerConfiguration(broker.bootstrap)
            configuration.sessionTimeoutMs = 120_000
            configuration.closeTimeoutMs = 500
            let consumer = try KafkaConsumer(configuration: configuration, logger: .quiet)
            try consumer.subscribe(topics: [topic])
            let messages = try await read(3, from: consumer)

            try await broker.stop()
            try consumer.commitWithoutWaiting([messages[2].nextPosition])
            try await withHangGuard("closing a consumer whose broker is gone", seconds: 60) {
                await consumer.close()
            }
        }
    }
}
