import KafkaProtocol
import NIOCore

/// One value per group message and version: every field the version carries is set to a non-default
/// value, every other field keeps its default, so a round trip must preserve all of it.
enum GroupsMessageSamples {
    static let subscription = ConsumerProtocolSubscription(topics: ["emoji_stream"]).encoded(version: 0)
    static let assignment = ConsumerProtocolAssignment(
        assignedPartitions: [ConsumerProtocolTopicPartitions(topic: "emoji_stream", partitions: [0, 2])]
    ).encoded(version: 0)

    static func findCoordinatorRequest(version: Int16) -> FindCoordinatorRequest {
        FindCoordinatorRequest(key: "emoji-aggregators", keyType: version >= 1 ? FindCoordinatorRequest.transactionKeyType : FindCoordinatorRequest.groupKeyType)
    }

    static func findCoordinatorResponse(version: Int16) -> FindCoordinatorResponse {
        FindCoordinatorResponse(
            throttleTimeMs: version >= 1 ? 5 : 0,
            errorCode: .coordinatorLoadInProgress,
            errorMessage: version >= 1 ? "loading" : nil,
            nodeId: 1,
            host: "broker.local",
            port: 9092
        )
    }

    static func joinGroupRequest(version: Int16) -> JoinGroupRequest {
        JoinGroupRequest(
            groupId: "emoji-aggregators",
            sessionTimeoutMs: 10_000,
            rebalanceTimeoutMs: version >= 1 ? 300_000 : -1,
            memberId: "rdkafka-7c1",
            groupInstanceId: version >= 5 ? "aggregator-0" : nil,
            protocolType: ConsumerProtocolSubscription.protocolType,
            protocols: [.init(name: "range", metadata: subscription), .init(name: "roundrobin", metadata: ByteBuffer())]
        )
    }

    static func joinGroupResponse(version: Int16) -> JoinGroupResponse {
        JoinGroupResponse(
            throttleTimeMs: version >= 2 ? 3 : 0,
            errorCode: .none,
            generationId: 4,
            protocolName: "range",
            leader: "m-1",
            memberId: "m-1",
            members: [
                .init(memberId: "m-1", groupInstanceId: version >= 5 ? "aggregator-0" : nil, metadata: subscription),
                .init(memberId: "m-2", metadata: ByteBuffer()),
            ]
        )
    }

    static func syncGroupRequest(version: Int16) -> SyncGroupRequest {
        SyncGroupRequest(
            groupId: "emoji-aggregators",
            generationId: 4,
            memberId: "m-1",
            groupInstanceId: version >= 3 ? "aggregator-0" : nil,
            assignments: [.init(memberId: "m-1", assignment: assignment), .init(memberId: "m-2", assignment: ByteBuffer())]
        )
    }

    static func syncGroupResponse(version: Int16) -> SyncGroupResponse {
        SyncGroupResponse(throttleTimeMs: version >= 1 ? 2 : 0, errorCode: .none, assignment: assignment)
    }

    static func heartbeatRequest(version: Int16) -> HeartbeatRequest {
        HeartbeatRequest(groupId: "emoji-aggregators", generationId: 4, memberId: "m-1", groupInstanceId: version >= 3 ? "aggregator-0" : nil)
    }

    static func heartbeatResponse(version: Int16) -> HeartbeatResponse {
        HeartbeatResponse(throttleTimeMs: version >= 1 ? 1 : 0, errorCode: .rebalanceInProgress)
    }

    static func leaveGroupRequest(version: Int16) -> LeaveGroupRequest {
        guard version >= 3 else {
            return LeaveGroupRequest(groupId: "emoji-aggregators", memberId: "m-2")
        }
        return LeaveGroupRequest(
            groupId: "emoji-aggregators",
            members: [.init(memberId: "m-1", groupInstanceId: "aggregator-0"), .init(memberId: "m-2")]
        )
    }

    static func leaveGroupResponse(version: Int16) -> LeaveGroupResponse {
        LeaveGroupResponse(
            throttleTimeMs: version >= 1 ? 1 : 0,
            errorCode: .none,
            members: version >= 3 ? [.init(memberId: "m-1", groupInstanceId: "aggregator-0"), .init(memberId: "m-9", errorCode: .unknownMemberId)] : []
        )
    }

    static func offsetCommitRequest(version: Int16) -> OffsetCommitRequest {
        OffsetCommitRequest(
            groupId: "emoji-aggregators",
            generationId: version >= 1 ? 4 : -1,
            memberId: version >= 1 ? "m-1" : "",
            groupInstanceId: version >= 7 ? "aggregator-0" : nil,
            retentionTimeMs: (2...4).contains(version) ? 86_400_000 : -1,
            topics: [
                .init(name: "emoji_stream", partitions: [
                    .init(
                        partitionIndex: 0,
                        committedOffset: 1_234,
                        committedLeaderEpoch: version >= 6 ? 2 : -1,
                        commitTimestamp: version == 1 ? 1_700_000_000_000 : -1,
                        committedMetadata: "host-a"
                    ),
                    .init(partitionIndex: 2, committedOffset: 0, committedMetadata: nil),
                ]),
                .init(name: "processed_emojis", partitions: []),
            ]
        )
    }

    static func offsetCommitResponse(version: Int16) -> OffsetCommitResponse {
        OffsetCommitResponse(
            throttleTimeMs: version >= 3 ? 4 : 0,
            topics: [.init(name: "emoji_stream", partitions: [.init(partitionIndex: 0), .init(partitionIndex: 2, errorCode: .illegalGeneration)])]
        )
    }

    static func offsetFetchRequest(version: Int16) -> OffsetFetchRequest {
        OffsetFetchRequest(
            groupId: "emoji-aggregators",
            topics: [.init(name: "emoji_stream", partitionIndexes: [0, 1, 2]), .init(name: "processed_emojis", partitionIndexes: [])]
        )
    }

    static func offsetFetchResponse(version: Int16) -> OffsetFetchResponse {
        OffsetFetchResponse(
            throttleTimeMs: version >= 3 ? 6 : 0,
            topics: [
                .init(name: "emoji_stream", partitions: [
                    .init(partitionIndex: 0, committedOffset: 1_234, committedLeaderEpoch: version >= 5 ? 2 : -1, metadata: "host-a"),
                    .init(partitionIndex: 1, committedOffset: -1, metadata: nil, errorCode: .unknownTopicOrPartition),
                ])
            ],
            errorCode: version >= 2 ? .coordinatorLoadInProgress : .none
        )
    }

    static func listGroupsRequest(version: Int16) -> ListGroupsRequest {
        ListGroupsRequest()
    }

    static func listGroupsResponse(version: Int16) -> ListGroupsResponse {
        ListGroupsResponse(
            throttleTimeMs: version >= 1 ? 8 : 0,
            errorCode: .none,
            groups: [.init(groupId: "emoji-aggregators", protocolType: "consumer"), .init(groupId: "offsets-only", protocolType: "")]
        )
    }

    static func describeGroupsRequest(version: Int16) -> DescribeGroupsRequest {
        DescribeGroupsRequest(groups: ["emoji-aggregators", "missing"], includeAuthorizedOperations: version >= 3)
    }

    static func describeGroupsResponse(version: Int16) -> DescribeGroupsResponse {
        DescribeGroupsResponse(
            throttleTimeMs: version >= 1 ? 9 : 0,
            groups: [
                .init(
                    groupId: "emoji-aggregators",
                    groupState: "Stable",
                    protocolType: "consumer",
                    protocolData: "range",
                    members: [
                        .init(
                            memberId: "m-1",
                            groupInstanceId: version >= 4 ? "aggregator-0" : nil,
                            clientId: "aggregator",
                            clientHost: "/127.0.0.1",
                            memberMetadata: subscription,
                            memberAssignment: assignment
                        )
                    ],
                    authorizedOperations: version >= 3 ? 0x0F8 : DescribeGroupsResponse.DescribedGroup.authorizedOperationsOmitted
                ),
                .init(errorCode: .groupIdNotFound, groupId: "missing", groupState: "Dead", protocolType: "", protocolData: "", members: []),
            ]
        )
    }

    static let all: [SampledMessage] = [
        SampledMessage(findCoordinatorRequest),
        SampledMessage(findCoordinatorResponse),
        SampledMessage(joinGroupRequest),
        SampledMessage(joinGroupResponse),
        SampledMessage(syncGroupRequest),
        SampledMessage(syncGroupResponse),
        SampledMessage(heartbeatRequest),
        SampledMessage(heartbeatResponse),
        SampledMessage(leaveGroupRequest),
        SampledMessage(leaveGroupResponse),
        SampledMessage(offsetCommitRequest),
        SampledMessage(offsetCommitResponse),
        SampledMessage(offsetFetchRequest),
        SampledMessage(offsetFetchResponse),
        SampledMessage(listGroupsRequest),
        SampledMessage(listGroupsResponse),
        SampledMessage(describeGroupsRequest),
        SampledMessage(describeGroupsResponse),
    ]
}
