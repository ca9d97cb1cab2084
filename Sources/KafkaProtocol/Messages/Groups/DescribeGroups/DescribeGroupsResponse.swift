import NIOCore

/// DescribeGroups response (key 15), v0–4: one description per requested group.
public struct DescribeGroupsResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.describeGroups
    public static let supportedVersions: ClosedRange<Int16> = 0...4

    /// v1+.
    public var throttleTimeMs: Int32
    public var groups: [DescribedGroup]

    public init(throttleTimeMs: Int32 = 0, groups: [DescribedGroup]) {
        self.throttleTimeMs = throttleTimeMs
        self.groups = groups
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 1 ? try buffer.readKafkaInteger() : 0
        groups = try buffer.readKafkaArray { try DescribedGroup(from: &$0, version: version) }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(groups) { $1.encode(into: &$0, version: version) }
    }
}
