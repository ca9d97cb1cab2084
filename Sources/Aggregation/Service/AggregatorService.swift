import KafkaClient
import Logging
import ServiceLifecycle
import Synchronization

/// Reads `emoji_stream`, counts it in tumbling windows and publishes each closed window to `processed_emojis`.
///
/// One consumer (group `emostream-aggregator`, explicit commits) feeds a `WindowAggregator`; a ticker closes
/// windows, publishes them with an acks=all producer and commits only offsets no unacknowledged window needs,
/// which is what makes a restart re-emit identical windows (see `WindowAggregator`). On graceful shutdown it stops
/// reading, emits no half windows, waits for windows in flight, commits what is safe and flushes the producer.
public final class AggregatorService: Service, Sendable {
    let configuration: AggregatorConfiguration
    let logger: Logger
    let metrics: AggregatorMetrics
    let state: Mutex<WindowAggregator>
    /// The last offset committed per partition, so unchanged positions are not committed again.
    let committed = Mutex<[Int32: Int64]>([:])

    /// - Throws: `AggregationError.invalidConfiguration`.
    public init(configuration: AggregatorConfiguration, logger: Logger, metrics: AggregatorMetrics = AggregatorMetrics())
        throws
    {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.state = Mutex(WindowAggregator(configuration: configuration.window))
    }

    public func run() async throws {
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
        } catch {
            await producer.shutdown(flushTimeout: .zero)
            throw error
        }
        var failure: (any Error)?
        do {
            try await producer.createTopics([
                NewTopic(name: configuration.inputTopic, partitions: configuration.topicPartitions),
                NewTopic(name: configuration.outputTopic, partitions: configuration.topicPartitions),
            ])
            try consumer.subscribe(topics: [configuration.inputTopic])
            logger.info("Aggregating", metadata: [
                AggregationLogKey.topic: "\(configuration.inputTopic) → \(configuration.outputTopic)",
            ])
            try await withGracefulShutdownHandler {
                try await cancelWhenGracefulShutdown { [self] in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await self.consume(consumer) }
                        group.addTask { try await self.tick(producer: producer, consumer: consumer) }
                        // Either task ending (an error, or the consumer closing) ends both.
                        defer { group.cancelAll() }
                        try await group.next()
                    }
                }
            } onGracefulShutdown: {
                // A window being sent waits for its delivery report, which cancellation does not cut short:
                // shutting the producer down bounds that wait (an unreachable broker would hold it for minutes).
                producer.beginShutdown()
            }
        } catch is CancellationError {
            // Graceful shutdown or cancellation: stop below.
        } catch {
            failure = error
        }
        await stop(consumer: consumer, producer: producer)
        if let failure { throw failure }
    }

    /// Feeds every record to the state machine until cancelled.
    private func consume(_ consumer: KafkaConsumer) async throws {
        for try await message in consumer.messages {
            guard let value = message.value, let event = EmojiEvent.decode(value), let timestamp = message.timestamp else {
                metrics.invalidRecord()
                logger.debug("Skipped a record that is not an emoji", metadata: [
                    AggregationLogKey.partition: "\(message.partition)", AggregationLogKey.offset: "\(message.offset)",
                ])
                continue
            }
            let room = event.room ?? message.key.map { String(decoding: $0, as: UTF8.self) } ?? "main"
            let outcome = state.withLock {
                $0.recordReceived(
                    partition: message.partition, offset: message.offset, room: room, emoji: event.emojiType,
                    timestamp: timestamp.millisecondsSinceEpoch
                )
            }
            metrics.recordConsumed(outcome)
        }
        try Task.checkCancellation()
        throw AggregationError.consumerEnded("the consumer closed while the aggregator was running")
    }

    /// Closes windows, publishes them and commits, every tick, until cancelled.
    private func tick(producer: KafkaProducer, consumer: KafkaConsumer) async throws {
        let interval = configuration.effectiveTickInterval
        while true {
            try await Task.sleep(for: interval)
            let now = KafkaTimestamp.now().millisecondsSinceEpoch
            let input = configuration.inputTopic
            let output = state.withLock { aggregator in
                // Read under the state lock: every record fed so far belongs to a partition this set contains
                // unless it was revoked since, so no freshly re-read record is forgotten by mistake.
                let owned = consumer.assignedPartitions.filter { $0.topic == input }.map(\.partition)
                aggregator.assignmentObserved(Set(owned), now: now)
                // Also under the lock: a partition in this set has had every record handed out fed already.
                aggregator.partitionsReadToEnd(
                    Set(consumer.partitionsReadToEnd.filter { $0.topic == input }.map(\.partition)))
                return aggregator.tick(now: now)
            }
            await publish(output.windows, producer: producer)
            // Once stopping, the stop's own last commit covers these without waiting on a broker that may be gone.
            try Task.checkCancellation()
            await commit(output.commits, consumer: consumer)
        }
    }

    /// Commits what is safe, leaves the group and flushes the producer; windows still open are not emitted.
    ///
    /// The last commit is only sent, and the consumer's close waits for it a bounded time: with the broker
    /// gone, a waiting commit would hold the stop for the whole session timeout. A commit that does not make
    /// it only means the next aggregator re-emits the same windows.
    private func stop(consumer: KafkaConsumer, producer: KafkaProducer) async {
        let commits = state.withLock { $0.committableOffsets() }
        commitWithoutWaiting(commits, consumer: consumer)
        await consumer.close()
        await producer.shutdown()
        logger.info("Aggregator stopped", metadata: [AggregationLogKey.offsets: "\(committed.withLock { $0 })"])
    }

    private var consumerConfiguration: KafkaConsumerConfiguration {
        var consumer = KafkaConsumerConfiguration(bootstrapServers: configuration.brokers, groupID: configuration.groupID)
        consumer.clientID = "emostream-aggregator"
        consumer.autoOffsetReset = .earliest
        consumer.enableAutoCommit = false
        consumer.sessionTimeoutMs = configuration.sessionTimeoutMilliseconds
        // Idle partitions are told apart from partitions still being fetched by their end-of-partition reports.
        consumer.reportsPartitionEnd = true
        consumer.extra = configuration.consumerProperties
        return consumer
    }

    private var producerConfiguration: KafkaProducerConfiguration {
        var producer = KafkaProducerConfiguration(bootstrapServers: configuration.brokers)
        producer.clientID = "emostream-aggregator"
        producer.acks = .all
        producer.enableIdempotence = configuration.idempotentProducer
        producer.lingerMs = 1
        // Undelivered windows at shutdown stay uncommitted and are emitted again, identically, after a restart:
        // waiting long for them only delays the stop.
        producer.shutdownFlushTimeoutMs = 2_000
        producer.extra = configuration.producerProperties
        return producer
    }
}
