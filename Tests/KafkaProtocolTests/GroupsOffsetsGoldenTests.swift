import KafkaProtocol
import NIOCore
import Testing

/// Offset and group-listing bodies assembled by hand from Apache Kafka's message specs
/// (OffsetCommit*.json, OffsetFetch*.json, ListGroups*.json, DescribeGroups*.json).
@Suite struct GroupsOffsetsGoldenTests {
    @Test func offsetCommitRequestV1CarriesATimestamp() throws {
        let request = OffsetCommitRequest(
            groupId: "g",
            generationId: 2,
            memberId: "m1",
            topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 42, commitTimestamp: 1_000, committedMetadata: "")])]
        )
        try expectGolden(
            request,
            version: 1,
            Wire.string("g") + Wire.int32(2) + Wire.string("m1")
                + Wire.count(1) + Wire.string("t") + Wire.count(1)
                + Wire.int32(0) + Wire.int64(42) + Wire.int64(1_000) + Wire.string("")
        )
    }

    @Test func offsetCommitRequestV2CarriesARetention() throws {
        let request = OffsetCommitRequest(
            groupId: "g",
            generationId: 2,
            memberId: "m1",
            topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 42, committedMetadata: "")])]
        )
        try expectGolden(
            request,
            version: 2,
            Wire.string("g") + Wire.int32(2) + Wire.string("m1") + Wire.int64(-1)
                + Wire.count(1) + Wire.string("t") + Wire.count(1)
                + Wire.int32(0) + Wire.int64(42) + Wire.string("")
        )
    }

    @Test func offsetCommitRequestV7FromASimpleConsumer() throws {
        // assign() + auto-commit: no generation, no member id, null metadata.
        let request = OffsetCommitRequest(
            groupId: "g",
            topics: [.init(name: "t", partitions: [.init(partitionIndex: 3, committedOffset: 7, committedMetadata: nil)])]
        )
        try expectGolden(
            request,
            version: 7,
            Wire.string("g") + Wire.int32(-1) + Wire.string("") + Wire.nullString
                + Wire.count(1) + Wire.string("t") + Wire.count(1)
                + Wire.int32(3) + Wire.int64(7) + Wire.int32(-1) + Wire.nullString
        )
    }

    @Test func offsetCommitResponse() throws {
        let response = OffsetCommitResponse(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, errorCode: .unknownMemberId)])])
        let topics = Wire.count(1) + Wire.string("t") + Wire.count(1) + Wire.int32(0) + Wire.int16(25)
        try expectGolden(response, version: 2, topics)
        try expectGolden(response, version: 3, Wire.int32(0) + topics)
    }

    @Test func offsetFetchRequest() throws {
        let request = OffsetFetchRequest(groupId: "g", topics: [.init(name: "t", partitionIndexes: [0, 1])])
        try expectGolden(
            request,
            version: 1,
            Wire.string("g") + Wire.count(1) + Wire.string("t") + Wire.count(2) + Wire.int32(0) + Wire.int32(1)
        )
        try expectGolden(OffsetFetchRequest(groupId: "g", topics: nil), version: 2, Wire.string("g") + Wire.count(-1))
    }

    @Test(arguments: [Int16(0), 1])
    func offsetFetchRequestCannotAskForAllTopicsBeforeV2(version: Int16) {
        #expect(throws: KafkaProtocolError.invalidLength) {
            _ = try decode(OffsetFetchRequest.self, Wire.string("g") + Wire.count(-1), version: version)
        }
    }

    @Test func offsetFetchResponseForAPartitionWithoutCommit() throws {
        let response = OffsetFetchResponse(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: -1)])])
        let partition = Wire.int32(0) + Wire.int64(-1)
        let topicsHead = Wire.count(1) + Wire.string("t") + Wire.count(1)
        try expectGolden(response, version: 1, topicsHead + partition + Wire.string("") + Wire.int16(0))
        try expectGolden(
            response,
            version: 5,
            Wire.int32(0) + topicsHead + partition + Wire.int32(-1) + Wire.string("") + Wire.int16(0) + Wire.int16(0)
        )
    }

    @Test func listGroups() throws {
        try expectGolden(ListGroupsRequest(), version: 0, [])
        try expectGolden(
            ListGroupsResponse(groups: [.init(groupId: "g", protocolType: "consumer")]),
            version: 1,
            Wire.int32(0) + Wire.int16(0) + Wire.count(1) + Wire.string("g") + Wire.string("consumer")
        )
    }

    @Test func describeGroupsRequest() throws {
        try expectGolden(DescribeGroupsRequest(groups: ["g"]), version: 0, Wire.count(1) + Wire.string("g"))
        try expectGolden(
            DescribeGroupsRequest(groups: ["g"], includeAuthorizedOperations: true),
            version: 3,
            Wire.count(1) + Wire.string("g") + Wire.bool(true)
        )
    }

    @Test func describeGroupsResponseV4() throws {
        // Member metadata and assignment are opaque to this codec; any bytes do.
        let metadata: [UInt8] = [0xAB, 0xCD, 0xEF]
        let assignment: [UInt8] = [0x00, 0x01]
        let response = DescribeGroupsResponse(groups: [
            .init(
                groupId: "g",
                groupState: "Stable",
                protocolType: "consumer",
                protocolData: "range",
                members: [
                    .init(
                        memberId: "m1",
                        clientId: "c",
                        clientHost: "/127.0.0.1",
                        memberMetadata: ByteBuffer(bytes: metadata),
                        memberAssignment: ByteBuffer(bytes: assignment)
                    )
                ]
            )
        ])
        try expectGolden(
            response,
            version: 4,
            Wire.int32(0) + Wire.count(1)
                + Wire.int16(0) + Wire.string("g") + Wire.string("Stable") + Wire.string("consumer") + Wire.string("range")
                + Wire.count(1) + Wire.string("m1") + Wire.nullString + Wire.string("c") + Wire.string("/127.0.0.1")
                + Wire.bytes(metadata) + Wire.bytes(assignment)
                + Wire.int32(Int32.min)
        )
    }
}
