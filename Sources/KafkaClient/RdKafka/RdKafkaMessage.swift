import CRdKafka

/// Reading the fields of librdkafka's `rd_kafka_message_t` into Swift values.
extension rd_kafka_message_t {
    var topicName: String {
        rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
    }

    var keyBytes: [UInt8]? { Self.bytes(key, key_len) }
    var valueBytes: [UInt8]? { Self.bytes(payload, len) }

    /// The record timestamp, or nil when the broker or record has none.
    var recordTimestamp: KafkaTimestamp? {
        var kind = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = withUnsafePointer(to: self) { rd_kafka_message_timestamp($0, &kind) }
        guard kind != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE, milliseconds >= 0 else { return nil }
        return KafkaTimestamp(
            millisecondsSinceEpoch: milliseconds,
            kind: kind == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? .logAppendTime : .createTime
        )
    }

    var recordHeaders: [KafkaHeader] {
        var headers: OpaquePointer?
        let found = withUnsafePointer(to: self) { rd_kafka_message_headers($0, &headers) }
        guard found == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else { return [] }
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
            topic: topicName, partition: partition, offset: offset, key: keyBytes, value: valueBytes,
            timestamp: recordTimestamp, headers: recordHeaders
        )
    }

    private static func bytes(_ pointer: UnsafeRawPointer?, _ count: Int) -> [UInt8]? {
        guard let pointer else { return nil }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
