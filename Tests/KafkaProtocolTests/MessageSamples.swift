import KafkaProtocol
import NIOCore

/// One value per message and version, with every field that exists at that version set to a
/// non-default value and every other field left at its default, so a round trip must preserve all of it.
enum MessageSamples {
    static func apiVersionsRequest(version: Int16) -> ApiVersionsRequest {
        version >= 3 ? ApiVersionsRequest(clientSoftwareName: "librdkafka", clientSoftwareVersion: "2.0.2") : ApiVersionsRequest()
    }

    static func apiVersionsResponse(version: Int16) -> ApiVersionsResponse {
        ApiVersionsResponse(
            errorCode: .none,
            apiKeys: SupportedVersions.apiVersions,
            throttleTimeMs: version >= 1 ? 25 : 0
        )
    }

    static func metadataRequest(version: Int16) -> MetadataRequest {
        MetadataRequest(
            topics: [.init(name: "emoji_stream"), .init(name: "processed_emojis")],
            allowAutoTopicCreation: version >= 4 ? false : true,
            includeClusterAuthorizedOperations: version >= 8,
            includeTopicAuthorizedOperations: version >= 8
        )
    }

    static func metadataResponse(version: Int16) -> MetadataResponse {
        let partition = MetadataResponse.Partition(
            errorCode: .leaderNotAvailable,
            partitionIndex: 2,
            leaderId: 1,
            leaderEpoch: version >= 7 ? 4 : -1,
            replicaNodes: [1, 2],
            isrNodes: [1],
            offlineReplicas: version >= 5 ? [2] : []
        )
        return MetadataResponse(
            throttleTimeMs: version >= 3 ? 10 : 0,
            brokers: [.init(nodeId: 1, host: "broker.local", port: 9092, rack: version >= 1 ? "rack-a" : nil)],
            clusterId: version >= 2 ? "emostream" : nil,
            controllerId: version >= 1 ? 1 : -1,
            topics: [
                .init(
                    errorCode: .none,
                    name: "emoji_stream",
                    isInternal: version >= 1,
                    partitions: [partition],
                    topicAuthorizedOperations: version >= 8 ? 0x0F : MetadataResponse.authorizedOperationsOmitted
                )
            ],
            clusterAuthorizedOperations: version >= 8 ? 0x07 : MetadataResponse.authorizedOperationsOmitted
        )
    }

    static func produceRequest(version: Int16) -> ProduceRequest {
        ProduceRequest(
            transactionalId: version >= 3 ? "txn-1" : nil,
            acks: -1,
            timeoutMs: 30_000,
            topics: [
                .init(name: "emoji_stream", partitions: [
                    .init(index: 0, records: ByteBuffer(bytes: [0, 1, 2, 3, 4, 5, 6, 7])),
                    .init(index: 1, records: nil),
                ])
            ]
        )
    }

    static func produceResponse(version: Int16) -> ProduceResponse {
        ProduceResponse(
            responses: [
                .init(name: "emoji_stream", partitions: [
                    .init(
                        index: 0,
                        errorCode: version >= 8 ? .invalidRecord : .none,
                        baseOffset: 1234,
                        logAppendTimeMs: version >= 2 ? 1_700_000_000_000 : -1,
                        logStartOffset: version >= 5 ? 100 : -1,
                        recordErrors: version >= 8 ? [.init(batchIndex: 3, batchIndexErrorMessage: "bad"), .init(batchIndex: 4, batchIndexErrorMessage: nil)] : [],
                        errorMessage: version >= 8 ? "batch dropped" : nil
                    )
                ])
            ],
            throttleTimeMs: version >= 1 ? 5 : 0
        )
    }

    static func fetchRequest(version: Int16) -> FetchRequest {
        FetchRequest(
            replicaId: -1,
            maxWaitMs: 500,
            minBytes: 1,
            maxBytes: version >= 3 ? 52_428_800 : .max,
            isolationLevel: version >= 4 ? 1 : 0,
            sessionId: version >= 7 ? 77 : 0,
            sessionEpoch: version >= 7 ? 3 : -1,
            topics: [
                .init(topic: "processed_emojis", partitions: [
                    .init(
                        partition: 0,
                        currentLeaderEpoch: version >= 9 ? 2 : -1,
                        fetchOffset: 42,
                        logStartOffset: version >= 5 ? 7 : -1,
                        partitionMaxBytes: 1_048_576
                    )
                ])
            ],
            forgottenTopicsData: version >= 7 ? [.init(topic: "old", partitions: [0, 1])] : [],
            rackId: version >= 11 ? "rack-a" : ""
        )
    }

    static func fetchResponse(version: Int16) -> FetchResponse {
        FetchResponse(
            throttleTimeMs: version >= 1 ? 3 : 0,
            errorCode: version >= 7 ? .fetchSessionIdNotFound : .none,
            sessionId: version >= 7 ? 9 : 0,
            responses: [
                .init(topic: "processed_emojis", partitions: [
                    .init(
                        partitionIndex: 0,
                        errorCode: .none,
                        highWatermark: 100,
                        lastStableOffset: version >= 4 ? 100 : -1,
                        logStartOffset: version >= 5 ? 0 : -1,
                        abortedTransactions: version >= 4 ? [.init(producerId: 5, firstOffset: 10)] : nil,
                        preferredReadReplica: version >= 11 ? 1 : -1,
                        records: ByteBuffer(bytes: [9, 8, 7])
                    ),
                    .init(partitionIndex: 1, errorCode: .offsetOutOfRange, highWatermark: 0, lastStableOffset: version >= 4 ? 0 : -1, records: nil),
                ])
            ]
        )
    }

    static func listOffsetsRequest(version: Int16) -> ListOffsetsRequest {
        ListOffsetsRequest(
            replicaId: -1,
            isolationLevel: version >= 2 ? 1 : 0,
            topics: [
                .init(name: "emoji_stream", partitions: [
                    .init(
                        partitionIndex: 0,
                        currentLeaderEpoch: version >= 4 ? 1 : -1,
                        timestamp: ListOffsetsRequest.earliestTimestamp,
                        maxNumOffsets: version == 0 ? 5 : 1
                    )
                ])
            ]
        )
    }

    static func listOffsetsResponse(version: Int16) -> ListOffsetsResponse {
        ListOffsetsResponse(
            throttleTimeMs: version >= 2 ? 1 : 0,
            topics: [
                .init(name: "emoji_stream", partitions: [
                    .init(
                        partitionIndex: 0,
                        errorCode: .none,
                        oldStyleOffsets: version == 0 ? [42, 0] : [],
                        timestamp: version >= 1 ? 1_700_000_000_000 : -1,
                        offset: version >= 1 ? 42 : -1,
                        leaderEpoch: version >= 4 ? 0 : -1
                    )
                ])
            ]
        )
    }

    static func createTopicsRequest(version: Int16) -> CreateTopicsRequest {
        CreateTopicsRequest(
            topics: [
                .init(
                    name: "emostream_clients",
                    numPartitions: -1,
                    replicationFactor: -1,
                    assignments: [.init(partitionIndex: 0, brokerIds: [1]), .init(partitionIndex: 1, brokerIds: [1])],
                    configs: [.init(name: "cleanup.policy", value: "compact"), .init(name: "retention.ms", value: nil)]
                )
            ],
            timeoutMs: 15_000,
            validateOnly: version >= 1
        )
    }

    static func createTopicsResponse(version: Int16) -> CreateTopicsResponse {
        CreateTopicsResponse(
            throttleTimeMs: version >= 2 ? 2 : 0,
            topics: [
                .init(name: "a", errorCode: .none, errorMessage: nil),
                .init(name: "b", errorCode: .topicAlreadyExists, errorMessage: version >= 1 ? "Topic 'b' already exists." : nil),
            ]
        )
    }

    /// Every message type with its sample, for tests that treat all messages alike.
    static let all: [(type: any KafkaMessage.Type, sample: @Sendable (Int16) -> any KafkaMessage)] = [
        (ApiVersionsRequest.self, apiVersionsRequest),
        (ApiVersionsResponse.self, apiVersionsResponse),
        (MetadataRequest.self, metadataRequest),
        (MetadataResponse.self, metadataResponse),
        (ProduceRequest.self, produceRequest),
        (ProduceResponse.self, produceResponse),
        (FetchRequest.self, fetchRequest),
        (FetchResponse.self, fetchResponse),
        (ListOffsetsRequest.self, listOffsetsRequest),
        (ListOffsetsResponse.self, listOffsetsResponse),
        (CreateTopicsRequest.self, createTopicsRequest),
        (CreateTopicsResponse.self, createTopicsResponse),
    ]
}
