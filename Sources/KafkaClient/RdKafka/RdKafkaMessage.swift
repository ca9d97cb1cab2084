import CRdKafka

/// A borrowed `rd_kafka_message_t *`, read into Swift values.
///
/// Always read through librdkafka's own pointer: the message is the first member of a larger internal struct
/// that holds its timestamp and headers, so a copy of the public struct loses them.
struct RdKafkaMessage {
    let pointer: UnsafePointer<rd_kafka_message_t>

    var error: rd_kafka_resp_err_t { pointer.pointee.err }
    var partition: Int32 { pointer.pointee.partition }
    var offset: Int64 { pointer.pointee.offset }
    /// The opaque given to produce: the `DeliveryRegistry` id.
    var opaque: UInt { UInt(bitPattern: pointer.pointee._private) }

    var topic: String {
        pointer.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
    }

    var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }

    var key: [UInt8]? { Self.bytes(pointer.pointee.key, pointer.pointee.key_len) }
    var value: [UInt8]? { Self.bytes(pointer.pointee.payload, pointer.pointee.len) }

    /// The record timestamp, or nil when the broker or record has none.
    var timestamp: KafkaTimestamp? {
        var kind = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(pointer, &kind)
        guard kind != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE, milliseconds >= 0 else { return nil }
        return KafkaTimestamp(
            millisecondsSinceEpoch: milliseconds,
            kind: kind == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? .logAppendTime : .createTime
        )
    }

    var headers: [KafkaHeader] {
        var headers: OpaquePointer?
        guard rd_kafka_message_headers(pointer, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else { return [] }
        var result: [KafkaHeader] = []
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(headers, result.count, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            result.append(KafkaHeader(key: name.map { String(cString: $0) } ?? "", value: Self.bytes(value, size)))
        }
        return result
    }

    /// The record as a consumer message.
    var consumerMessage: KafkaConsumerMessage {
        KafkaConsumerMessage(
            topic: topic, partition: partition, offset: offset, key: key, value: value,
            timestamp: timestamp, headers: headers
        )
    }

    private static func bytes(_ pointer: UnsafeRawPointer?, _ count: Int) -> [UInt8]? {
        guard let pointer else { return nil }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
