import NIOCore

/// ListGroups response (key 16), v0–2: every group's id and protocol type.
public struct ListGroupsResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.listGroups
    public static let supportedVersions: ClosedRange<Int16> = 0...2

    public struct ListedGroup: Hashable, Sendable {
        public var groupId: String
        /// e.g. "consumer"; empty for groups that only store offsets.
        public var protocolType: String

        public init(groupId: String, protocolType: String) {
            self.groupId = groupId
            self.protocolType = protocolType
        }
    }

    /// v1+.
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    public var groups: [ListedGroup]

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, groups: [ListedGroup]) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.groups = groups
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 1 ? try buffer.readKafkaInteger() : 0
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
        groups = try buffer.readKafkaArray { buffer in
            ListedGroup(groupId: try buffer.readKafkaString(), protocolType: try buffer.readKafkaString())
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeKafkaArray(groups) { buffer, group in
            buffer.writeKafkaString(group.groupId)
            buffer.writeKafkaString(group.protocolType)
        }
    }
}
