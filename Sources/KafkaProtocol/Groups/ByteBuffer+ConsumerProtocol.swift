import NIOCore

extension ByteBuffer {
    /// Reads the int16 version that starts consumer-protocol data.
    mutating func readConsumerProtocolVersion() throws -> Int16 {
        let version = try readKafkaInteger(as: Int16.self)
        guard version >= 0 else {
            throw ConsumerProtocolError.negativeVersion(version)
        }
        return version
    }

    /// Requires the data to be consumed unless it is newer than we know.
    ///
    /// Kafka promises that later consumer-protocol versions only append fields, and its own clients read
    /// unknown versions with the newest format they know; we do the same and ignore what follows.
    mutating func finishConsumerProtocolData(version: Int16, latestKnown: Int16) throws {
        if version > latestKnown {
            moveReaderIndex(to: writerIndex)
        } else {
            try requireFullyConsumed()
        }
    }

    mutating func readConsumerProtocolTopicPartitions() throws -> [ConsumerProtocolTopicPartitions] {
        try readKafkaArray { buffer in
            ConsumerProtocolTopicPartitions(
                topic: try buffer.readKafkaString(),
                partitions: try buffer.readKafkaArray { try $0.readKafkaInteger() }
            )
        }
    }

    mutating func writeConsumerProtocolTopicPartitions(_ topics: [ConsumerProtocolTopicPartitions]) {
        writeKafkaArray(topics) { buffer, topic in
            buffer.writeKafkaString(topic.topic)
            buffer.writeKafkaArray(topic.partitions) { $0.writeInteger($1) }
        }
    }
}
