import CRdKafka
import Foundation
import Logging
import Synchronization

/// The thread that serves a producer's callbacks and, when asked to stop, flushes and destroys the client.
final class ProducerPoller: Sendable {
    private let handle: RdKafkaHandle
    private let deliveries: DeliveryRegistry
    private let logger: Logger
    /// Set once stopping is requested: how long the final flush may take.
    private let stopRequest = Mutex<Int32?>(nil)
    /// Completed once the client is destroyed.
    let stopped = CompletionLatch()

    init(handle: RdKafkaHandle, deliveries: DeliveryRegistry, logger: Logger) {
        self.handle = handle
        self.deliveries = deliveries
        self.logger = logger
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "rdkafka-producer-poller"
        thread.start()
    }

    /// Asks the thread to flush for up to `flushTimeoutMs`, then destroy the client; the first request wins.
    func requestStop(flushTimeoutMs: Int32) {
        stopRequest.withLock { request in
            if request == nil { request = flushTimeoutMs }
        }
    }

    private func run() {
        let client = handle.client
        var flushTimeoutMs: Int32?
        while flushTimeoutMs == nil {
            // A short timeout bounds how long a stop request waits to be noticed.
            rd_kafka_poll(client, 50)
            flushTimeoutMs = stopRequest.withLock { $0 }
        }
        handle.beginClosing()
        let flushError = rd_kafka_flush(client, flushTimeoutMs ?? 0)
        if flushError != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("Producer closing with records still in flight; failing them", metadata: [
                KafkaLogKey.error: "\(String(cString: rd_kafka_err2str(flushError)))",
            ])
        }
        // Purged records get delivery reports with a purge error, served by the poll that follows.
        rd_kafka_purge(client, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
        rd_kafka_poll(client, 0)
        handle.destroy()
        deliveries.failAll(with: .clientShutDown)
        stopped.complete()
    }
}
