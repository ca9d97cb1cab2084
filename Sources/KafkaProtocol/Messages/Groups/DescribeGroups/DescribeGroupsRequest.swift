import NIOCore

/// DescribeGroups request (key 15), v0–4: state, protocol and members of the named groups.
///
/// v5+ is flexible and not implemented.
public struct DescribeGroupsRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.describeGroups
    public static let supportedVersions: ClosedRange<Int16> = 0...4

    public var groups: [String]
    /// v3+: ask for the `authorizedOperations` bit field.
    public var includeAuthorizedOperations: Bool

    public init(groups: [String], includeAuthorizedOperations: Bool = false) {
        self.groups = groups
        self.includeAuthorizedOperations = includeAuthorizedOperations
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        groups = try buffer.readKafkaArray { try $0.readKafkaString() }
        includeAuthorizedOperations = version >= 3 ? try buffer.readKafkaBoolean() : false
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeKafkaArray(groups) { $0.writeKafkaString($1) }
        if version >= 3 {
            buffer.writeKafkaBoolean(includeAuthorizedOperations)
        }
    }
}
