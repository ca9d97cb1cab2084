import KafkaProtocol
import LogStorage
import NIOCore

extension KafkaBroker {
    /// Deletes topics by name, so admin clients and `kafka-topics --delete` can clean up.
    ///
    /// Each topic's logs stop and its files go; fetches parked on its partitions are woken and answered
    /// UNKNOWN_TOPIC_OR_PARTITION; groups forget their offsets for it, so a topic created again under
    /// the same name starts from scratch rather than at positions of the old data.
    func deleteTopics(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let delete = try DeleteTopicsRequest(from: &body, version: request.version)
        return onStoragePool(request) { [self] in
            var seen: Set<String> = []
            let duplicates = Set(delete.topicNames.filter { !seen.insert($0).inserted })
            let results = delete.topicNames.map { name in
                // Kafka refuses a name listed twice rather than guessing which entry to answer.
                duplicates.contains(name)
                    ? DeleteTopicsResponse.DeletableTopicResult(name: name, errorCode: .invalidRequest)
                    : deleteTopic(named: name)
            }
            if results.contains(where: { $0.errorCode == .none }) { syncForgottenOffsets() }
            let response = DeleteTopicsResponse(throttleTimeMs: 0, responses: results)
            return request.answer { response.encode(into: &$0, version: request.version) }
        }
    }

    private func deleteTopic(named name: String) -> DeleteTopicsResponse.DeletableTopicResult {
        let deleted: TopicInfo
        do {
            deleted = try logs.deleteTopic(name)
        } catch {
            return .init(name: name, errorCode: kafkaErrorCode(for: error))
        }
        for partition in 0..<Int32(deleted.partitionCount) {
            fetchWaiters.highWatermarkAdvanced(topic: name, partition: partition)
        }
        do {
            try offsets.deleteTopic(name)
        } catch {
            // The topic is gone either way; stale offsets only matter if it is created again.
            logger.error("Could not forget committed offsets of a deleted topic", metadata: [
                "kafka.topic": "\(name)", "error": "\(error)",
            ])
        }
        return .init(name: name, errorCode: .none)
    }

    /// One fsync for every topic one request deleted, not one per topic.
    private func syncForgottenOffsets() {
        do {
            try offsets.sync()
        } catch {
            logger.error("Could not sync the forgotten offsets of deleted topics", metadata: ["error": "\(error)"])
        }
    }
}
