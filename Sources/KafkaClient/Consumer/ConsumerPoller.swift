import CRdKafka
import Foundation
import Logging

/// The thread that owns a consumer's client: it polls records into the stream, runs queued commands, and on close
/// leaves the group and destroys the client.
final class ConsumerPoller: Sendable {
    private let handle: RdKafkaHandle
    private let flow: ConsumerFlowControl
    private let output: AsyncThrowingStream<ConsumerFlowControl.Stamped, any Error>.Continuation
    private let closeTimeoutMs: Int
    private let logger: Logger
    /// Completed once the client is destroyed.
    let stopped = CompletionLatch()

    init(
        handle: RdKafkaHandle, flow: ConsumerFlowControl,
        output: AsyncThrowingStream<ConsumerFlowControl.Stamped, any Error>.Continuation, closeTimeoutMs: Int,
        logger: Logger
    ) {
        self.handle = handle
        self.flow = flow
        self.output = output
        self.closeTimeoutMs = closeTimeoutMs
        self.logger = logger
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "rdkafka-consumer-poller"
        thread.start()
    }

    private func run() {
        let client = handle.client
        var failure: (any Error)?
        while failure == nil {
            let step = flow.nextStep()
            for command in step.commands { command(client) }
            if step.close { break }
            guard step.hasRoom else {
                flow.waitForWakeUp(milliseconds: 100)
                continue
            }
            // A short timeout bounds how long commands and close requests wait to be noticed.
            guard let message = rd_kafka_consumer_poll(client, 100) else { continue }
            failure = forward(RdKafkaMessage(pointer: message))
            rd_kafka_message_destroy(message)
        }
        close(client, failure: failure)
    }

    /// Yields a record to the stream, or handles a consumer event; returns an error that ends consumption.
    private func forward(_ message: RdKafkaMessage) -> (any Error)? {
        switch message.error {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            // The partition from the record already built: `topicPartition` would read the topic name again.
            let record = message.consumerMessage
            let partition = TopicPartition(topic: record.topic, partition: record.partition)
            output.yield(flow.stamp(.record(record), partition: partition))
            return nil
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            // Only with `reportsPartitionEnd`; it goes through the stream so it is read after the records before it.
            output.yield(flow.stamp(.endOfPartition, partition: message.topicPartition))
            return nil
        case RD_KAFKA_RESP_ERR__FATAL:
            var text = ErrorText()
            let code = text.fill { rd_kafka_fatal_error(handle.client, $0, $1) }
            return KafkaClientError(rdKafka: code, message: text.text)
        default:
            // Partition-level problems (unknown topic, transport hiccups) are reported and retried by librdkafka.
            logger.warning("Consumer error", metadata: [
                KafkaLogKey.topic: "\(message.topic)", KafkaLogKey.partition: "\(message.partition)",
                KafkaLogKey.error: "\(KafkaClientError(rdKafka: message.error))",
            ])
            return nil
        }
    }

    private func close(_ client: OpaquePointer, failure: (any Error)?) {
        // After this no command is accepted, so running what is queued now leaves no caller waiting.
        flow.requestClose()
        for command in flow.nextStep().commands { command(client) }
        let leftGroup = leaveGroup(client)
        output.finish(throwing: failure)
        handle.beginClosing()
        if leftGroup {
            handle.destroy(flags: RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
        } else {
            // Destroying would wait for the coordinator just as long; the process is stopping, so the client is
            // left to librdkafka's threads (its context stays retained for their callbacks).
            logger.warning(
                "Consumer could not leave its group in time (broker unreachable?); abandoning the client",
                metadata: [KafkaLogKey.closeTimeout: "\(closeTimeoutMs)"]
            )
        }
        stopped.complete()
    }

    /// Revokes the assignment (acknowledging the revocation on this thread), commits what is pending and leaves
    /// the group; false if that is not done within `closeTimeoutMs`.
    ///
    /// `rd_kafka_consumer_close` would do the same but waits up to session.timeout.ms for an unreachable
    /// coordinator; the queue-based close lets this thread stop waiting.
    private func leaveGroup(_ client: OpaquePointer) -> Bool {
        guard let queue = rd_kafka_queue_new(client) else { return false }
        defer { rd_kafka_queue_destroy(queue) }
        if let error = rd_kafka_consumer_close_queue(client, queue) {
            // E.g. after a fatal error: there is no close in progress to wait for.
            logger.warning("Consumer did not leave its group cleanly", metadata: [
                KafkaLogKey.error: "\(String(cString: rd_kafka_error_string(error)))",
            ])
            rd_kafka_error_destroy(error)
            return true
        }
        let deadline = ContinuousClock.now + .milliseconds(closeTimeoutMs)
        while rd_kafka_consumer_closed(client) == 0 {
            guard ContinuousClock.now < deadline else { return false }
            guard let event = rd_kafka_queue_poll(queue, 50) else { continue }
            serveWhileClosing(event, client: client)
            rd_kafka_event_destroy(event)
        }
        return true
    }

    /// What the close forwards to its queue, taken as events: serving it with callbacks would abort in librdkafka on
    /// anything without one (a commit result, records fetched before the close).
    private func serveWhileClosing(_ event: OpaquePointer, client: OpaquePointer) {
        switch rd_kafka_event_type(event) {
        case RD_KAFKA_EVENT_REBALANCE:
            // The final revocation must be acknowledged, or the group never lets the consumer go.
            RebalanceHandler(client: client, logger: logger, flow: flow)
                .handle(rd_kafka_event_error(event), partitions: rd_kafka_event_topic_partition_list(event))
        case RD_KAFKA_EVENT_ERROR:
            logger.warning("Consumer error while closing", metadata: [
                KafkaLogKey.error: "\(String(cString: rd_kafka_event_error_string(event)))",
            ])
        default:
            break
        }
    }
}
