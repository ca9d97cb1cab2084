import KafkaProtocol
import NIOCore
import Testing

/// Group-coordination bodies assembled by hand from Apache Kafka's message specs
/// (FindCoordinator*.json, JoinGroup*.json, SyncGroup*.json, Heartbeat*.json, LeaveGroup*.json).
@Suite struct GroupsGoldenTests {
    /// A consumer subscription v0 to topic "t": version, topics, null user data.
    static let subscription: [UInt8] = Wire.int16(0) + Wire.count(1) + Wire.string("t") + Wire.nullBytes
    /// A consumer assignment v0 of "t" partitions 0 and 1.
    static let assignment: [UInt8] =
        Wire.int16(0) + Wire.count(1) + Wire.string("t") + Wire.count(2) + Wire.int32(0) + Wire.int32(1) + Wire.nullBytes

    @Test func findCoordinatorRequest() throws {
        try expectGolden(FindCoordinatorRequest(key: "g1"), version: 0, Wire.string("g1"))
        try expectGolden(FindCoordinatorRequest(key: "g1"), version: 2, Wire.string("g1") + Wire.int8(0))
        try expectGolden(
            FindCoordinatorRequest(key: "tx", keyType: FindCoordinatorRequest.transactionKeyType),
            version: 1,
            Wire.string("tx") + Wire.int8(1)
        )
    }

    @Test func findCoordinatorResponse() throws {
        let response = FindCoordinatorResponse(nodeId: 1, host: "localhost", port: 9092)
        try expectGolden(response, version: 0, Wire.int16(0) + Wire.int32(1) + Wire.string("localhost") + Wire.int32(9092))
        try expectGolden(
            response,
            version: 1,
            Wire.int32(0) + Wire.int16(0) + Wire.nullString + Wire.int32(1) + Wire.string("localhost") + Wire.int32(9092)
        )
        let failure = FindCoordinatorResponse(errorCode: .coordinatorNotAvailable, errorMessage: "later", nodeId: -1, host: "", port: -1)
        try expectGolden(
            failure,
            version: 2,
            Wire.int32(0) + Wire.int16(15) + Wire.string("later") + Wire.int32(-1) + Wire.string("") + Wire.int32(-1)
        )
    }

    @Test func joinGroupRequestV0AndV5() throws {
        let metadata = ByteBuffer(bytes: Self.subscription)
        let first = JoinGroupRequest(
            groupId: "g",
            sessionTimeoutMs: 10_000,
            protocolType: "consumer",
            protocols: [.init(name: "range", metadata: metadata)]
        )
        let protocols = Wire.string("consumer") + Wire.count(1) + Wire.string("range") + Wire.bytes(Self.subscription)
        try expectGolden(first, version: 0, Wire.string("g") + Wire.int32(10_000) + Wire.string("") + protocols)

        var rejoin = first
        rejoin.rebalanceTimeoutMs = 300_000
        rejoin.memberId = "m1"
        rejoin.groupInstanceId = "i1"
        try expectGolden(
            rejoin,
            version: 5,
            Wire.string("g") + Wire.int32(10_000) + Wire.int32(300_000) + Wire.string("m1") + Wire.string("i1") + protocols
        )
    }

    @Test func joinGroupResponseForTheLeader() throws {
        let leader = JoinGroupResponse(
            generationId: 1,
            protocolName: "range",
            leader: "m1",
            memberId: "m1",
            members: [.init(memberId: "m1", metadata: ByteBuffer(bytes: Self.subscription))]
        )
        let tail = Wire.string("range") + Wire.string("m1") + Wire.string("m1") + Wire.count(1) + Wire.string("m1")
        try expectGolden(leader, version: 0, Wire.int16(0) + Wire.int32(1) + tail + Wire.bytes(Self.subscription))
        try expectGolden(
            leader,
            version: 5,
            Wire.int32(0) + Wire.int16(0) + Wire.int32(1) + tail + Wire.nullString + Wire.bytes(Self.subscription)
        )
    }

    @Test func joinGroupResponseAskingForAMemberId() throws {
        // v4+: the coordinator invents an id and answers MEMBER_ID_REQUIRED (79); the client rejoins with it.
        let response = JoinGroupResponse(errorCode: .memberIdRequired, memberId: "rdkafka-1b2")
        try expectGolden(
            response,
            version: 4,
            Wire.int32(0) + Wire.int16(79) + Wire.int32(-1) + Wire.string("") + Wire.string("") + Wire.string("rdkafka-1b2") + Wire.count(0)
        )
    }

    @Test func syncGroupRequestFromTheLeader() throws {
        let request = SyncGroupRequest(
            groupId: "g",
            generationId: 1,
            memberId: "m1",
            assignments: [.init(memberId: "m1", assignment: ByteBuffer(bytes: Self.assignment))]
        )
        let assignments = Wire.count(1) + Wire.string("m1") + Wire.bytes(Self.assignment)
        try expectGolden(request, version: 0, Wire.string("g") + Wire.int32(1) + Wire.string("m1") + assignments)
        try expectGolden(request, version: 3, Wire.string("g") + Wire.int32(1) + Wire.string("m1") + Wire.nullString + assignments)
    }

    @Test func syncGroupResponse() throws {
        try expectGolden(
            SyncGroupResponse(assignment: ByteBuffer(bytes: Self.assignment)),
            version: 1,
            Wire.int32(0) + Wire.int16(0) + Wire.bytes(Self.assignment)
        )
        try expectGolden(SyncGroupResponse(errorCode: .rebalanceInProgress), version: 0, Wire.int16(27) + Wire.bytes([]))
    }

    @Test func heartbeat() throws {
        let request = HeartbeatRequest(groupId: "g", generationId: 3, memberId: "m1")
        try expectGolden(request, version: 0, Wire.string("g") + Wire.int32(3) + Wire.string("m1"))
        try expectGolden(request, version: 3, Wire.string("g") + Wire.int32(3) + Wire.string("m1") + Wire.nullString)
        try expectGolden(HeartbeatResponse(errorCode: .rebalanceInProgress), version: 0, Wire.int16(27))
        try expectGolden(HeartbeatResponse(errorCode: .rebalanceInProgress), version: 1, Wire.int32(0) + Wire.int16(27))
    }

    @Test func leaveGroupRequestOldAndBatched() throws {
        try expectGolden(LeaveGroupRequest(groupId: "g", memberId: "m1"), version: 0, Wire.string("g") + Wire.string("m1"))
        try expectGolden(
            LeaveGroupRequest(groupId: "g", members: [.init(memberId: "m1", groupInstanceId: "i1")]),
            version: 3,
            Wire.string("g") + Wire.count(1) + Wire.string("m1") + Wire.string("i1")
        )
    }

    @Test func leaveGroupResponse() throws {
        try expectGolden(LeaveGroupResponse(), version: 0, Wire.int16(0))
        try expectGolden(
            LeaveGroupResponse(members: [.init(memberId: "m1", groupInstanceId: "i1")]),
            version: 3,
            Wire.int32(0) + Wire.int16(0) + Wire.count(1) + Wire.string("m1") + Wire.string("i1") + Wire.int16(0)
        )
    }

    @Test func leaveGroupResponseDropsMembersBeforeV3() {
        let response = LeaveGroupResponse(throttleTimeMs: 1, members: [.init(memberId: "m1")])
        #expect(encodedBytes(response, version: 2) == Wire.int32(1) + Wire.int16(0))
    }
}
