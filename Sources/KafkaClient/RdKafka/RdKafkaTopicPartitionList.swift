import CRdKafka

/// An owned `rd_kafka_topic_partition_list_t`, converted to and from Swift values.
struct RdKafkaTopicPartitionList: ~Copyable {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(_ positions: [TopicPartitionOffset]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(positions.count))
        for position in positions {
            let element = rd_kafka_topic_partition_list_add(pointer, position.topic, position.partition)
            element?.pointee.offset = position.offset.rawValue
        }
    }

    init(_ partitions: [TopicPartition]) {
        self.init(partitions.map { TopicPartitionOffset(topic: $0.topic, partition: $0.partition, offset: .invalid) })
    }

    deinit { rd_kafka_topic_partition_list_destroy(pointer) }

    /// The partitions and offsets now in the list (librdkafka fills offsets in for queries).
    var positions: [TopicPartitionOffset] { Self.positions(in: pointer) }

    /// The first per-partition error librdkafka recorded, if any.
    var firstError: KafkaClientError? {
        let list = pointer.pointee
        for index in 0..<Int(list.cnt) where list.elems[index].err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let element = list.elems[index]
            let partition = "\(String(cString: element.topic))[\(element.partition)]"
            return KafkaClientError(
                rdKafka: element.err, message: "\(partition): \(String(cString: rd_kafka_err2str(element.err)))"
            )
        }
        return nil
    }

    /// The partitions and offsets of a list librdkafka owns (e.g. one handed to the rebalance callback).
    static func positions(in list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [TopicPartitionOffset] {
        let list = list.pointee
        return (0..<Int(list.cnt)).map { index in
            let element = list.elems[index]
            return TopicPartitionOffset(
                topic: String(cString: element.topic), partition: element.partition,
                offset: KafkaOffset(element.offset)
            )
        }
    }
}
