import KafkaProtocol
import LogStorage
import NIOCore

extension KafkaBroker {
    /// Describes this node and the requested topics, creating named unknown topics when allowed.
    func metadata(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let metadata = try MetadataRequest(from: &body, version: request.version)
        // Creating a topic writes files, so the whole answer is built on the storage pool.
        return onStoragePool(request) { [self] in
            let response = metadataResponse(for: metadata, version: request.version)
            return request.answer { response.encode(into: &$0, version: request.version) }
        }
    }

    private func metadataResponse(for request: MetadataRequest, version: Int16) -> MetadataResponse {
        // v0 has no null: an empty list means every topic.
        let names: [String]
        if let requested = request.topics, !(version == 0 && requested.isEmpty) {
            names = requested.map(\.name)
        } else {
            names = logs.topicNames().sorted()
        }
        let mayCreate = configuration.autoCreateTopics && (version < 4 || request.allowAutoTopicCreation)
        let topics = names.map { describeTopic(named: $0, creatingIfMissing: mayCreate) }
        return MetadataResponse(
            throttleTimeMs: 0,
            brokers: [.init(nodeId: configuration.nodeID, host: configuration.effectiveAdvertisedHost, port: advertisedPort, rack: nil)],
            clusterId: configuration.clusterID,
            controllerId: configuration.nodeID,
            topics: topics,
            clusterAuthorizedOperations: MetadataResponse.authorizedOperationsOmitted
        )
    }

    private func describeTopic(named name: String, creatingIfMissing mayCreate: Bool) -> MetadataResponse.Topic {
        var topic = logs.topic(named: name)
        var errorCode = KafkaErrorCode.none
        if topic == nil {
            if mayCreate {
                do {
                    topic = try logs.createTopic(name, partitions: configuration.defaultPartitions, overrides: [:])
                } catch let error where kafkaErrorCode(for: error) == .topicAlreadyExists {
                    // Created since the lookup, by a CreateTopics racing a producer's first metadata: describe it,
                    // or, while its files are still being made, say what Kafka says of a topic whose leader is not
                    // elected yet. librdkafka retries that soon; TOPIC_ALREADY_EXISTS would fail the producer's
                    // messages.
                    topic = logs.topic(named: name)
                    if topic == nil { errorCode = .leaderNotAvailable }
                } catch {
                    errorCode = kafkaErrorCode(for: error)
                }
            } else {
                errorCode = .unknownTopicOrPartition
            }
        }
        let partitions = (0..<Int32(topic?.partitionCount ?? 0)).map { index in
            MetadataResponse.Partition(
                errorCode: .none, partitionIndex: index, leaderId: configuration.nodeID, leaderEpoch: -1,
                replicaNodes: [configuration.nodeID], isrNodes: [configuration.nodeID], offlineReplicas: []
            )
        }
        return MetadataResponse.Topic(
            errorCode: errorCode, name: name, isInternal: false, partitions: partitions, topicAuthorizedOperations: MetadataResponse.authorizedOperationsOmitted
        )
    }
}
