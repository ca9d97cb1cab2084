import CRdKafka

/// Cluster-level requests every client can make: metadata and topic creation.
extension RdKafkaHandle {
    /// Asks a broker for cluster metadata; blocks up to `timeoutMs`.
    func isBrokerReachable(timeoutMs: Int32) -> Bool {
        (try? withClient { client in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let error = rd_kafka_metadata(client, 0, nil, &metadata, timeoutMs)
            if let metadata { rd_kafka_metadata_destroy(metadata) }
            return error == RD_KAFKA_RESP_ERR_NO_ERROR
        }) ?? false
    }

    /// Creates topics through the Admin API; blocks up to `timeoutMs`. Topics that already exist are not an error.
    ///
    /// - Throws: `KafkaClientError.topicCreation` naming the first topic the broker refused.
    func createTopics(_ topics: [NewTopic], timeoutMs: Int32) throws {
        try withClient { client in
            var newTopics: [OpaquePointer?] = []
            defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
            for topic in topics {
                newTopics.append(try Self.makeNewTopic(topic))
            }
            let options = rd_kafka_AdminOptions_new(client, RD_KAFKA_ADMIN_OP_CREATETOPICS)
            defer { rd_kafka_AdminOptions_destroy(options) }
            var message = ErrorText()
            _ = message.fill { rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, $0, $1) }
            _ = message.fill { rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, $0, $1) }

            let queue = rd_kafka_queue_new(client)
            defer { rd_kafka_queue_destroy(queue) }
            newTopics.withUnsafeMutableBufferPointer { buffer in
                rd_kafka_CreateTopics(client, buffer.baseAddress, buffer.count, options, queue)
            }
            // Leave librdkafka a little longer than the request itself so its own timeout answers first.
            guard let event = rd_kafka_queue_poll(queue, Int32(timeoutMs) + 1_000) else {
                throw KafkaClientError(code: .timedOut, message: "CreateTopics got no answer")
            }
            defer { rd_kafka_event_destroy(event) }
            try Self.checkCreateTopicsResult(event)
        }
    }

    private static func makeNewTopic(_ topic: NewTopic) throws -> OpaquePointer {
        var message = ErrorText()
        guard let newTopic = message.fill({
            rd_kafka_NewTopic_new(topic.name, topic.partitions, topic.replicationFactor, $0, $1)
        }) else {
            throw KafkaClientError(code: .topicCreation, message: "\(topic.name): \(message.text)")
        }
        for (name, value) in topic.configs.sorted(by: { $0.key < $1.key }) {
            let error = rd_kafka_NewTopic_set_config(newTopic, name, value)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                rd_kafka_NewTopic_destroy(newTopic)
                throw KafkaClientError(rdKafka: error, message: "\(topic.name): config \(name)=\(value) rejected")
            }
        }
        return newTopic
    }

    private static func checkCreateTopicsResult(_ event: OpaquePointer) throws {
        let eventError = rd_kafka_event_error(event)
        guard eventError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaClientError(rdKafka: eventError, message: String(cString: rd_kafka_event_error_string(event)))
        }
        var count = 0
        guard let result = rd_kafka_event_CreateTopics_result(event),
            let topics = rd_kafka_CreateTopics_result_topics(result, &count)
        else { return }
        for index in 0..<count {
            let topic = topics[index]
            let error = rd_kafka_topic_result_error(topic)
            guard error != RD_KAFKA_RESP_ERR_NO_ERROR, error != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else { continue }
            let name = String(cString: rd_kafka_topic_result_name(topic))
            let reason = rd_kafka_topic_result_error_string(topic).map { String(cString: $0) }
                ?? String(cString: rd_kafka_err2str(error))
            throw KafkaClientError(code: .topicCreation, rdKafkaCode: error.rawValue, message: "\(name): \(reason)")
        }
    }
}
