import CRdKafka
import Foundation
import Logging
import Synchronization

/// Owns one `rd_kafka_t` and decides when it may be used and when it is destroyed.
///
/// Callers on other threads borrow the pointer through `withClient`, which refuses once closing has begun; the
/// poller thread that owns the handle destroys it only after every borrower has returned.
final class RdKafkaHandle: Sendable {
    /// The `rd_kafka_t *`; valid until `destroy()`.
    nonisolated(unsafe) let client: OpaquePointer
    private let context: Unmanaged<RdKafkaContext>
    private let state = Mutex(State())

    private struct State {
        var isClosing = false
        var borrowers = 0
    }

    /// Creates a client of the given type from librdkafka properties.
    ///
    /// - Throws: `KafkaClientError.invalidConfiguration` naming the property librdkafka refused.
    init(type: rd_kafka_type_t, properties: [(String, String)], context: RdKafkaContext) throws {
        let configuration = try RdKafkaHandle.makeConfiguration(properties)
        rd_kafka_conf_set_log_cb(configuration, RdKafkaCallbacks.log)
        rd_kafka_conf_set_error_cb(configuration, RdKafkaCallbacks.error)
        if context.deliveries != nil {
            rd_kafka_conf_set_dr_msg_cb(configuration, RdKafkaCallbacks.delivery)
        }
        if context.flow != nil {
            rd_kafka_conf_set_rebalance_cb(configuration, RdKafkaCallbacks.rebalance)
        }
        let retained = Unmanaged.passRetained(context)
        rd_kafka_conf_set_opaque(configuration, retained.toOpaque())

        var message = ErrorText()
        // On success rd_kafka_new takes the configuration; on failure it stays ours to destroy.
        guard let client = message.fill({ rd_kafka_new(type, configuration, $0, $1) }) else {
            rd_kafka_conf_destroy(configuration)
            retained.release()
            throw KafkaClientError(code: .invalidConfiguration, message: "cannot create client: \(message.text)")
        }
        self.client = client
        self.context = retained
    }

    private static func makeConfiguration(_ properties: [(String, String)]) throws -> OpaquePointer {
        guard let configuration = rd_kafka_conf_new() else { fatalError("rd_kafka_conf_new returned NULL") }
        for (name, value) in properties {
            var message = ErrorText()
            let result = message.fill { rd_kafka_conf_set(configuration, name, value, $0, $1) }
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(configuration)
                throw KafkaClientError(
                    code: .invalidConfiguration, message: "\(name)=\(value) rejected: \(message.text)"
                )
            }
        }
        return configuration
    }

    /// Runs `body` with the client unless it is closing.
    ///
    /// - Throws: `KafkaClientError.shutDown` once closing has begun, or what `body` throws.
    func withClient<Result>(_ body: (OpaquePointer) throws -> Result) throws -> Result {
        try state.withLock { state in
            guard !state.isClosing else { throw KafkaClientError.clientShutDown }
            state.borrowers += 1
        }
        defer { state.withLock { $0.borrowers -= 1 } }
        return try body(client)
    }

    /// Refuses new borrowers and waits for current ones to return; called on the owning poller thread.
    func beginClosing() {
        state.withLock { $0.isClosing = true }
        while state.withLock({ $0.borrowers }) > 0 {
            // Borrowers hold the client only for bounded calls; a short sleep is enough here.
            usleep(1_000)
        }
    }

    /// Destroys the client; called once, on the owning poller thread, after `beginClosing()`.
    ///
    /// - Parameter flags: `rd_kafka_destroy_flags` flags, e.g. `RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE` for a
    ///   consumer that has already closed.
    func destroy(flags: Int32 = 0) {
        rd_kafka_destroy_flags(client, flags)
        context.release()
    }
}
