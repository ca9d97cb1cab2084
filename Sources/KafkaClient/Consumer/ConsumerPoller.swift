import CRdKafka
import Foundation
import Logging

/// The thread that owns a consumer's client: it polls records into the stream, runs queued commands, and on close
/// leaves the group and destroys the client.
final class ConsumerPoller: Sendable {
    private let handle: RdKafkaHandle
    private let flow: ConsumerFlowControl
    private let output: AsyncThrowingStream<ConsumerFlowControl.Stamped, any Error>.Continuation
    private let logger: Logger
    /// Completed once the client is destroyed.
    let stopped = CompletionLatch()

    init(
        handle: RdKafkaHandle, flow: ConsumerFlowControl,
        output: AsyncThrowingStream<ConsumerFlowControl.Stamped, any Error>.Continuation, logger: Logger
    ) {
        self.handle = handle
        self.flow = flow
        self.output = output
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
            output.yield(flow.stamp(message.consumerMessage))
            return nil
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
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
        // Serves the final revocation through the rebalance callback and leaves the group.
        let closeError = rd_kafka_consumer_close(client)
        if closeError != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("Consumer did not leave its group cleanly", metadata: [
                KafkaLogKey.error: "\(KafkaClientError(rdKafka: closeError))",
            ])
        }
        output.finish(throwing: failure)
        handle.beginClosing()
        handle.destroy()
        stopped.complete()
    }
}
