import CRdKafka
import Logging
import ServiceLifecycle

/// Reads records from Kafka through librdkafka, as an async sequence fed by a dedicated poller thread.
///
/// Use `subscribe(topics:)` for group-managed partitions or `assign(_:)` for explicit ones, iterate `messages`,
/// and commit processed positions explicitly. Run the consumer in a `ServiceGroup` (or call `close()`) so it
/// leaves its group cleanly.
public final class KafkaConsumer: Service, Sendable {
    private let logger: Logger
    private let handle: RdKafkaHandle
    private let flow: ConsumerFlowControl
    private let poller: ConsumerPoller

    /// The records read from the subscribed or assigned partitions; ends when the consumer closes.
    public let messages: KafkaConsumerMessages

    /// Creates the librdkafka consumer and starts its poller thread; nothing is read before `subscribe` or `assign`.
    ///
    /// - Throws: `KafkaClientError.invalidConfiguration` when librdkafka rejects a property.
    public init(configuration: KafkaConsumerConfiguration, logger: Logger) throws {
        let flow = ConsumerFlowControl(capacity: configuration.bufferedMessages)
        self.logger = logger
        self.flow = flow
        self.handle = try RdKafkaHandle(
            type: RD_KAFKA_CONSUMER, properties: configuration.properties,
            context: RdKafkaContext(logger: logger, flow: flow)
        )
        // Logs, errors and rebalances arrive on the consumer queue, served by the poller's consumer polls.
        rd_kafka_poll_set_consumer(handle.client)
        let (stream, continuation) = AsyncThrowingStream<ConsumerFlowControl.Stamped, any Error>.makeStream()
        self.messages = KafkaConsumerMessages(stream: stream, flow: flow)
        self.poller = ConsumerPoller(
            handle: handle, flow: flow, output: continuation, closeTimeoutMs: configuration.closeTimeoutMs,
            logger: logger
        )
        poller.start()
    }

    deinit {
        flow.requestClose()
    }

    /// The partitions assigned to this consumer right now, by a group rebalance or `assign(_:)`.
    ///
    /// It changes before any record of a newly assigned partition is read, so a reader that sees a record of a
    /// partition and then checks this set finds the partition in it unless it was revoked since.
    public var assignedPartitions: Set<TopicPartition> {
        flow.assignedPartitions
    }

    /// Assigned partitions the application has read to their end: it has processed every record librdkafka had
    /// fetched when the broker last said there was nothing more, and asked for the next one.
    ///
    /// Empty unless the configuration sets `reportsPartitionEnd`. A partition leaves the set as soon as a new record
    /// of it is handed out, or when it is sought, revoked or reassigned. Lets a reader tell "nothing to read" from
    /// "not fetched yet" (an aggregator's idle partitions).
    public var partitionsReadToEnd: Set<TopicPartition> {
        flow.partitionsReadToEnd
    }

    /// Joins the consumer group for these topics; partitions are assigned and revoked by group rebalances.
    ///
    /// - Throws: `KafkaClientError` when librdkafka refuses the subscription, or `.shutDown`.
    public func subscribe(topics: [String]) throws {
        let list = RdKafkaTopicPartitionList(topics.map { TopicPartition(topic: $0, partition: -1) })
        let error = try handle.withClient { rd_kafka_subscribe($0, list.pointer) }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaClientError(rdKafka: error) }
        logger.info("Subscribed", metadata: [KafkaLogKey.topic: "\(topics)"])
    }

    /// Reads exactly these partitions from these positions, without group rebalancing; replaces any earlier
    /// assignment. Records already buffered from the earlier assignment are skipped.
    public func assign(_ positions: [TopicPartitionOffset]) async throws {
        let flow = self.flow
        let logger = self.logger
        try await onPoller { client in
            let list = RdKafkaTopicPartitionList(positions)
            let error = rd_kafka_assign(client, list.pointer)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaClientError(rdKafka: error) }
            flow.assignmentChanged(to: positions.map(\.topicPartition))
            logger.info("Partitions assigned", metadata: [KafkaLogKey.partitions: "\(positions)"])
        }
    }

    /// Commits these positions (each the offset of the next record to read) and waits for the broker's answer.
    ///
    /// - Throws: `KafkaClientError` from the group coordinator, or `.shutDown`.
    public func commit(_ positions: [TopicPartitionOffset]) async throws {
        let handle = self.handle
        try await BlockingCall.run("rdkafka-commit") {
            let list = RdKafkaTopicPartitionList(positions)
            let error = try handle.withClient { rd_kafka_commit($0, list.pointer, 0) }
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaClientError(rdKafka: error) }
            if let partitionError = list.firstError { throw partitionError }
        }
    }

    /// Sends a commit of these positions without waiting for the broker's answer.
    ///
    /// Meant for a last commit before `close()`, which waits for it (up to `closeTimeoutMs`): unlike `commit(_:)`,
    /// it cannot keep a stopping service waiting for an unreachable group coordinator.
    /// - Throws: `KafkaClientError` when librdkafka refuses the commit, or `.shutDown`.
    public func commitWithoutWaiting(_ positions: [TopicPartitionOffset]) throws {
        let list = RdKafkaTopicPartitionList(positions)
        let error = try handle.withClient { rd_kafka_commit($0, list.pointer, 1) }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaClientError(rdKafka: error) }
    }

    /// Commits the position after `message`: it and everything before it in its partition are processed.
    public func commit(_ message: KafkaConsumerMessage) async throws {
        try await commit([message.nextPosition])
    }

    /// The group's committed positions for these partitions (`.invalid` where nothing was committed).
    public func committed(_ partitions: [TopicPartition], timeout: Duration) async throws -> [TopicPartitionOffset] {
        let handle = self.handle
        let milliseconds = timeout.milliseconds
        return try await BlockingCall.run("rdkafka-committed") {
            let list = RdKafkaTopicPartitionList(partitions)
            let error = try handle.withClient { rd_kafka_committed($0, list.pointer, milliseconds) }
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaClientError(rdKafka: error) }
            if let partitionError = list.firstError { throw partitionError }
            return list.positions
        }
    }

    /// Moves the read positions of assigned partitions; records already buffered for them are skipped.
    public func seek(_ positions: [TopicPartitionOffset], timeout: Duration) async throws {
        let flow = self.flow
        let milliseconds = timeout.milliseconds
        try await onPoller { client in
            let list = RdKafkaTopicPartitionList(positions)
            if let error = rd_kafka_seek_partitions(client, list.pointer, milliseconds) {
                throw KafkaClientError(consuming: error)
            }
            if let partitionError = list.firstError { throw partitionError }
            flow.positionsChanged(positions.map(\.topicPartition))
        }
    }

    /// For each partition, the earliest offset whose timestamp is at or after the given time
    /// (`.end` when every record is older).
    public func offsetsForTimes(
        _ timestamps: [TopicPartition: KafkaTimestamp], timeout: Duration
    ) async throws -> [TopicPartitionOffset] {
        let handle = self.handle
        let milliseconds = timeout.milliseconds
        let query = timestamps.map {
            TopicPartitionOffset(
                topic: $0.key.topic, partition: $0.key.partition, offset: KafkaOffset($0.value.millisecondsSinceEpoch)
            )
        }
        return try await BlockingCall.run("rdkafka-offsets-for-times") {
            let list = RdKafkaTopicPartitionList(query)
            let error = try handle.withClient { rd_kafka_offsets_for_times($0, list.pointer, milliseconds) }
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaClientError(rdKafka: error) }
            if let partitionError = list.firstError { throw partitionError }
            return list.positions
        }
    }

    /// Whether a broker answers a metadata request within `timeout`; for health checks.
    public func isBrokerReachable(timeout: Duration) async -> Bool {
        let handle = self.handle
        let milliseconds = timeout.milliseconds
        return (try? await BlockingCall.run("rdkafka-metadata") { handle.isBrokerReachable(timeoutMs: milliseconds) })
            ?? false
    }

    /// Leaves the group (revoking partitions through the rebalance callback), ends `messages`, destroys the client;
    /// takes at most about `closeTimeoutMs` (see `KafkaConsumerConfiguration.closeTimeoutMs`).
    public func close() async {
        flow.requestClose()
        await poller.stopped.wait()
    }

    /// Runs until graceful shutdown or cancellation, then closes the consumer.
    public func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await poller.stopped.wait()
            } onGracefulShutdown: { [flow] in
                flow.requestClose()
            }
        } onCancel: { [flow] in
            flow.requestClose()
        }
    }

    /// Runs `body` on the poller thread, between polls, so it is ordered with the records it affects.
    private func onPoller(_ body: @escaping @Sendable (OpaquePointer) throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let accepted = flow.enqueue { client in
                continuation.resume(with: Result { try body(client) })
            }
            if !accepted { continuation.resume(throwing: KafkaClientError.clientShutDown) }
        }
    }
}
