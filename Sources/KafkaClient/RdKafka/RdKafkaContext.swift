import CRdKafka
import Logging

/// What librdkafka's C callbacks need to reach, handed to librdkafka as the client's opaque pointer.
///
/// The handle keeps it retained from `rd_kafka_new` until `rd_kafka_destroy` has returned, so callbacks on
/// librdkafka's own threads never see it freed.
final class RdKafkaContext: Sendable {
    let logger: Logger
    /// Set for producers: completes `send` continuations from delivery reports.
    let deliveries: DeliveryRegistry?
    /// Set for consumers: told about rebalances so stale buffered records are skipped.
    let flow: ConsumerFlowControl?

    init(logger: Logger, deliveries: DeliveryRegistry? = nil, flow: ConsumerFlowControl? = nil) {
        self.logger = logger
        self.deliveries = deliveries
        self.flow = flow
    }

    /// The context behind librdkafka's opaque pointer, valid while the handle lives.
    static func from(_ opaque: UnsafeMutableRawPointer?) -> RdKafkaContext? {
        opaque.map { Unmanaged<RdKafkaContext>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The context of a client, read back from librdkafka.
    static func of(_ client: OpaquePointer?) -> RdKafkaContext? {
        from(rd_kafka_opaque(client))
    }
}
