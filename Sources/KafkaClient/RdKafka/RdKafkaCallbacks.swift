import CRdKafka
import Logging

/// The C callbacks registered on every client; each finds its Swift context through the client's opaque pointer.
enum RdKafkaCallbacks {
    /// librdkafka's log lines, at the matching swift-log level (librdkafka uses syslog levels).
    static let log: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
        client, level, facility, line in
        guard let context = RdKafkaContext.of(client), let line else { return }
        let swiftLevel: Logger.Level = switch level {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
        context.logger.log(level: swiftLevel, "\(String(cString: line))", metadata: [
            KafkaLogKey.facility: "\(facility.map { String(cString: $0) } ?? "")",
        ])
    }

    /// Client-level errors (broker down, authentication, fatal errors) that belong to no single request.
    static let error: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
        _, code, reason, opaque in
        guard let context = RdKafkaContext.from(opaque) else { return }
        let error = rd_kafka_resp_err_t(rawValue: code)
        let level: Logger.Level = error == RD_KAFKA_RESP_ERR__FATAL ? .critical : .warning
        context.logger.log(level: level, "librdkafka reported an error", metadata: [
            KafkaLogKey.error: "\(reason.map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(error)))",
            KafkaLogKey.errorCode: "\(code)",
        ])
    }

    /// One delivery report per produced record, served by `rd_kafka_poll`.
    static let delivery: @convention(c) (
        OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?
    ) -> Void = { _, message, opaque in
        guard let context = RdKafkaContext.from(opaque), let message else { return }
        context.deliveries?.deliver(RdKafkaMessage(pointer: message), logger: context.logger)
    }

    /// Group rebalances, served by `rd_kafka_consumer_poll` on the consumer's poller thread.
    static let rebalance: @convention(c) (
        OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        UnsafeMutableRawPointer?
    ) -> Void = { client, event, partitions, opaque in
        guard let client, let context = RdKafkaContext.from(opaque) else { return }
        RebalanceHandler(client: client, logger: context.logger, flow: context.flow)
            .handle(event, partitions: partitions)
    }
}
