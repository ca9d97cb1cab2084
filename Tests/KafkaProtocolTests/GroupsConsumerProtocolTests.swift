import KafkaProtocol
import NIOCore
import Testing

/// The "consumer" protocol's subscription and assignment bytes, from ConsumerProtocol*.json.
@Suite struct GroupsConsumerProtocolTests {
    static let subscription = ConsumerProtocolSubscription(
        topics: ["a", "b"],
        userData: ByteBuffer(bytes: [0x01, 0x02]),
        ownedPartitions: [ConsumerProtocolTopicPartitions(topic: "a", partitions: [0])],
        generationId: 3,
        rackId: "r1"
    )

    static func subscriptionBytes(version: Int16) -> [UInt8] {
        var bytes = Wire.int16(version) + Wire.count(2) + Wire.string("a") + Wire.string("b") + Wire.bytes([0x01, 0x02])
        if version >= 1 {
            bytes += Wire.count(1) + Wire.string("a") + Wire.count(1) + Wire.int32(0)
        }
        if version >= 2 {
            bytes += Wire.int32(3)
        }
        if version >= 3 {
            bytes += Wire.string("r1")
        }
        return bytes
    }

    /// The sample as it survives `version`: fields the version lacks fall back to their defaults.
    static func subscription(version: Int16) -> ConsumerProtocolSubscription {
        var subscription = Self.subscription
        if version < 1 { subscription.ownedPartitions = [] }
        if version < 2 { subscription.generationId = -1 }
        if version < 3 { subscription.rackId = nil }
        return subscription
    }

    @Test(arguments: ConsumerProtocolSubscription.supportedVersions)
    func subscriptionGolden(version: Int16) throws {
        let expected = Self.subscriptionBytes(version: version)
        #expect(Array(Self.subscription.encoded(version: version).readableBytesView) == expected)
        var buffer = ByteBuffer(bytes: expected)
        #expect(try ConsumerProtocolSubscription(from: &buffer) == Self.subscription(version: version))
    }

    @Test func assignmentGolden() throws {
        let assignment = ConsumerProtocolAssignment(
            assignedPartitions: [ConsumerProtocolTopicPartitions(topic: "a", partitions: [0, 2])],
            userData: nil
        )
        let expected = Wire.int16(1) + Wire.count(1) + Wire.string("a") + Wire.count(2) + Wire.int32(0) + Wire.int32(2) + Wire.nullBytes
        #expect(Array(assignment.encoded(version: 1).readableBytesView) == expected)
        var buffer = ByteBuffer(bytes: expected)
        #expect(try ConsumerProtocolAssignment(from: &buffer) == assignment)
    }

    @Test(arguments: ConsumerProtocolAssignment.supportedVersions)
    func assignmentRoundTrip(version: Int16) throws {
        let assignment = ConsumerProtocolAssignment(
            assignedPartitions: [.init(topic: "a", partitions: [1]), .init(topic: "b", partitions: [])],
            userData: ByteBuffer(bytes: [0xFF])
        )
        var buffer = assignment.encoded(version: version)
        #expect(try ConsumerProtocolAssignment(from: &buffer) == assignment)
    }

    @Test func newerVersionsDecodeAsTheLatestAndIgnoreAppendedFields() throws {
        var bytes = Self.subscriptionBytes(version: 3)
        bytes.replaceSubrange(0..<2, with: Wire.int16(7))
        var buffer = ByteBuffer(bytes: bytes + [0xDE, 0xAD])
        #expect(try ConsumerProtocolSubscription(from: &buffer) == Self.subscription)
        #expect(buffer.readableBytes == 0)

        var assignment = ByteBuffer(bytes: Wire.int16(9) + Wire.count(0) + Wire.nullBytes + [0x01])
        #expect(try ConsumerProtocolAssignment(from: &assignment) == ConsumerProtocolAssignment(assignedPartitions: []))
    }

    @Test func trailingBytesAtAKnownVersionAreRejected() {
        var buffer = ByteBuffer(bytes: Self.subscriptionBytes(version: 1) + [0x00])
        #expect(throws: KafkaProtocolError.trailingBytes) {
            _ = try ConsumerProtocolSubscription(from: &buffer)
        }
    }

    @Test func negativeVersionIsRejected() {
        var buffer = ByteBuffer(bytes: Wire.int16(-1) + Wire.count(0) + Wire.nullBytes)
        #expect(throws: ConsumerProtocolError.negativeVersion(-1)) {
            _ = try ConsumerProtocolAssignment(from: &buffer)
        }
    }

    @Test(arguments: ConsumerProtocolSubscription.supportedVersions)
    func everyTruncationThrows(version: Int16) {
        let subscription = Self.subscriptionBytes(version: version)
        for length in 0..<subscription.count {
            var buffer = ByteBuffer(bytes: subscription[0..<length])
            #expect(throws: KafkaProtocolError.truncated, "prefix of \(length) bytes") {
                _ = try ConsumerProtocolSubscription(from: &buffer)
            }
        }
    }

    @Test func subscriptionInsideAJoinGroupRequestDecodes() throws {
        var request = ByteBuffer()
        JoinGroupRequest(
            groupId: "g",
            sessionTimeoutMs: 6_000,
            protocolType: ConsumerProtocolSubscription.protocolType,
            protocols: [.init(name: "range", metadata: Self.subscription.encoded())]
        ).encode(into: &request, version: 5)
        let decoded = try JoinGroupRequest(from: &request, version: 5)
        var metadata = try #require(decoded.protocols.first).metadata
        #expect(try ConsumerProtocolSubscription(from: &metadata) == Self.subscription)
    }
}
