import KafkaProtocol
import LogStorage
import NIOCore

extension KafkaBroker {
    /// Creates topics with explicit partition counts and configs (`cleanup.policy`, `retention.ms`, …).
    func createTopics(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let create = try CreateTopicsRequest(from: &body, version: request.version)
        return onStoragePool(request) { [self] in
            let results = create.topics.map { createTopic($0, validateOnly: create.validateOnly) }
            let response = CreateTopicsResponse(throttleTimeMs: 0, topics: results)
            return request.answer { response.encode(into: &$0, version: request.version) }
        }
    }

    private func createTopic(_ topic: CreateTopicsRequest.Topic, validateOnly: Bool) -> CreateTopicsResponse.Topic {
        func failure(_ code: KafkaErrorCode, _ message: String) -> CreateTopicsResponse.Topic {
            .init(name: topic.name, errorCode: code, errorMessage: message)
        }
        if !topic.assignments.isEmpty {
            return failure(.invalidRequest, "Manual replica assignment is not supported by a single-node broker.")
        }
        if topic.replicationFactor != -1 && topic.replicationFactor != 1 {
            return failure(.invalidReplicationFactor, "Replication factor must be 1 (or -1): this broker has one node.")
        }
        let partitions = topic.numPartitions == -1 ? configuration.defaultPartitions : Int(topic.numPartitions)
        guard partitions > 0 else {
            return failure(.invalidPartitions, "Number of partitions must be positive.")
        }
        var overrides: [String: String] = [:]
        for config in topic.configs {
            overrides[config.name] = config.value
        }
        do {
            if validateOnly {
                try logs.validateNewTopic(topic.name, partitions: partitions, overrides: overrides)
            } else {
                try logs.createTopic(topic.name, partitions: partitions, overrides: overrides)
            }
            return .init(name: topic.name, errorCode: .none, errorMessage: nil)
        } catch {
            return failure(kafkaErrorCode(for: error), "\(error)")
        }
    }
}
