import NIOCore

/// JoinGroup request (key 11), v0–5: a member asks to join (or rejoin) a group and lists the protocols it speaks.
///
/// v6+ is flexible and not implemented.
public struct JoinGroupRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.joinGroup
    public static let supportedVersions: ClosedRange<Int16> = 0...5

    /// One assignment protocol the member supports (e.g. "range"), with its opaque subscription metadata.
    public struct GroupProtocol: Hashable, Sendable {
        public var name: String
        /// For protocol type "consumer", a `ConsumerProtocolSubscription`.
        public var metadata: ByteBuffer

        public init(name: String, metadata: ByteBuffer) {
            self.name = name
            self.metadata = metadata
        }
    }

    public var groupId: String
    public var sessionTimeoutMs: Int32
    /// v1+; -1 when absent, in which case the session timeout applies (v0 semantics).
    public var rebalanceTimeoutMs: Int32
    /// Empty on the first join.
    public var memberId: String
    /// v5+: static membership id, nil for dynamic members.
    public var groupInstanceId: String?
    /// e.g. "consumer".
    public var protocolType: String
    /// In the member's order of preference.
    public var protocols: [GroupProtocol]

    public init(
        groupId: String,
        sessionTimeoutMs: Int32,
        rebalanceTimeoutMs: Int32 = -1,
        memberId: String = "",
        groupInstanceId: String? = nil,
        protocolType: String,
        protocols: [GroupProtocol]
    ) {
        self.groupId = groupId
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.protocolType = protocolType
        self.protocols = protocols
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        groupId = try buffer.readKafkaString()
        sessionTimeoutMs = try buffer.readKafkaInteger()
        rebalanceTimeoutMs = version >= 1 ? try buffer.readKafkaInteger() : -1
        memberId = try buffer.readKafkaString()
        groupInstanceId = version >= 5 ? try buffer.readKafkaNullableString() : nil
        protocolType = try buffer.readKafkaString()
        protocols = try buffer.readKafkaArray { buffer in
            GroupProtocol(name: try buffer.readKafkaString(), metadata: try buffer.readKafkaBytes())
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeKafkaString(groupId)
        buffer.writeInteger(sessionTimeoutMs)
        if version >= 1 {
            buffer.writeInteger(rebalanceTimeoutMs)
        }
        buffer.writeKafkaString(memberId)
        if version >= 5 {
            buffer.writeKafkaNullableString(groupInstanceId)
        }
        buffer.writeKafkaString(protocolType)
        buffer.writeKafkaArray(protocols) { buffer, joinProtocol in
            buffer.writeKafkaString(joinProtocol.name)
            buffer.writeKafkaBytes(joinProtocol.metadata)
        }
    }
}
