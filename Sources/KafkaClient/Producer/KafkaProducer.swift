import CRdKafka
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Produces records to Kafka through librdkafka, reporting each delivery as an async result.
///
/// A dedicated poller thread serves librdkafka's callbacks, so no task ever blocks in C. Run the producer in a
/// `ServiceGroup` (or call `shutdown()`): on graceful shutdown it flushes in-flight records before it closes.
public final class KafkaProducer: Service, Sendable {
    private let configuration: KafkaProducerConfiguration
    private let logger: Logger
    private let handle: RdKafkaHandle
    private let deliveries: DeliveryRegistry
    private let poller: ProducerPoller

    /// Creates the librdkafka producer and starts its poller thread.
    ///
    /// - Throws: `KafkaClientError.invalidConfiguration` when librdkafka rejects a property.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws {
        let deliveries = DeliveryRegistry()
        self.configuration = configuration
        self.logger = logger
        self.deliveries = deliveries
        self.handle = try RdKafkaHandle(
            type: RD_KAFKA_PRODUCER, properties: configuration.properties,
            context: RdKafkaContext(logger: logger, deliveries: deliveries)
        )
        self.poller = ProducerPoller(handle: handle, deliveries: deliveries, logger: logger)
        poller.start()
    }

    deinit {
        // Without shutdown() the poller still destroys the client, but does not wait for in-flight records.
        poller.requestStop(flushTimeoutMs: 0)
    }

    /// Sends a record and returns where the broker stored it.
    ///
    /// While librdkafka's local queue is full this waits (without blocking a thread) and retries for up to
    /// `queueFullTimeoutMs`. Once the record is queued, cancelling the task does not withdraw it.
    /// - Parameters:
    ///   - partition: nil lets librdkafka's partitioner choose (by key hash when there is a key).
    ///   - timestamp: nil stamps the record with the current time.
    /// - Throws: `KafkaClientError`: `.brokerUnavailable` when no broker took the record within
    ///   `messageTimeoutMs`, `.queueFull`, `.shutDown`, or what the broker answered.
    public func send(
        topic: String, key: [UInt8]? = nil, value: [UInt8]?, headers: [KafkaHeader] = [],
        timestamp: KafkaTimestamp? = nil, partition: Int32? = nil
    ) async throws -> KafkaDeliveryReport {
        let record = ProducerRecord(
            topic: topic, key: key, value: value, headers: headers, timestamp: timestamp, partition: partition
        )
        let deadline = ContinuousClock.now + .milliseconds(configuration.queueFullTimeoutMs)
        while true {
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    let id = deliveries.register(continuation)
                    do {
                        try handle.withClient { try record.produce(on: $0, opaque: id) }
                    } catch {
                        deliveries.remove(id)?.resume(throwing: error)
                    }
                }
            } catch let error as KafkaClientError where error.code == .queueFull && ContinuousClock.now < deadline {
                // The poller thread drains the queue as delivery reports arrive; give it a moment.
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Queues a record without waiting for its delivery; failures are logged, not reported.
    ///
    /// Returns at once: a full local queue is thrown as `.queueFull` rather than waited out, so callers on any
    /// thread can shed load (e.g. answer 503) instead of blocking.
    /// - Throws: `KafkaClientError.queueFull`, `.shutDown`, or an invalid-argument error from librdkafka.
    public func enqueue(
        topic: String, key: [UInt8]? = nil, value: [UInt8]?, headers: [KafkaHeader] = [],
        timestamp: KafkaTimestamp? = nil, partition: Int32? = nil
    ) throws {
        let record = ProducerRecord(
            topic: topic, key: key, value: value, headers: headers, timestamp: timestamp, partition: partition
        )
        try handle.withClient { try record.produce(on: $0, opaque: 0) }
    }

    /// Waits until every queued record has been delivered or has failed.
    ///
    /// - Throws: `KafkaClientError.timedOut` when records are still in flight after `timeout`.
    public func flush(timeout: Duration) async throws {
        let handle = self.handle
        let milliseconds = timeout.milliseconds
        try await BlockingCall.run("rdkafka-flush") {
            let error = try handle.withClient { rd_kafka_flush($0, milliseconds) }
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaClientError(rdKafka: error, message: "records still in flight after \(timeout)")
            }
        }
    }

    /// Starts `shutdown(flushTimeout:)` without waiting for it: from here on `send` fails with `.shutDown`, and
    /// every `send` still waiting gets its answer within `flushTimeout`. For graceful-shutdown handlers, which
    /// cannot await; the first request (this or `shutdown`) decides the flush timeout.
    public func beginShutdown(flushTimeout: Duration? = nil) {
        poller.requestStop(flushTimeoutMs: flushTimeout?.milliseconds ?? Int32(configuration.shutdownFlushTimeoutMs))
    }

    /// Flushes in-flight records for up to `flushTimeout`, fails the rest with `.shutDown`, and destroys the client.
    public func shutdown(flushTimeout: Duration? = nil) async {
        beginShutdown(flushTimeout: flushTimeout)
        await poller.stopped.wait()
    }

    /// Runs until graceful shutdown or cancellation, then shuts the producer down (flushing on graceful shutdown).
    public func run() async throws {
        let flushTimeoutMs = Int32(configuration.shutdownFlushTimeoutMs)
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await poller.stopped.wait()
            } onGracefulShutdown: { [poller] in
                poller.requestStop(flushTimeoutMs: flushTimeoutMs)
            }
        } onCancel: { [poller] in
            poller.requestStop(flushTimeoutMs: 0)
        }
    }

    /// Whether a broker answers a metadata request within `timeout`; for health checks.
    public func isBrokerReachable(timeout: Duration) async -> Bool {
        let handle = self.handle
        let milliseconds = timeout.milliseconds
        return (try? await BlockingCall.run("rdkafka-metadata") { handle.isBrokerReachable(timeoutMs: milliseconds) })
            ?? false
    }

    /// Creates topics through the Admin API; topics that already exist are left as they are.
    ///
    /// - Throws: `KafkaClientError.topicCreation` for a topic the broker refused, `.timedOut`, or `.shutDown`.
    public func createTopics(_ topics: [NewTopic], timeout: Duration = .seconds(10)) async throws {
        let handle = self.handle
        let milliseconds = timeout.milliseconds
        try await BlockingCall.run("rdkafka-admin") { try handle.createTopics(topics, timeoutMs: milliseconds) }
    }
}
