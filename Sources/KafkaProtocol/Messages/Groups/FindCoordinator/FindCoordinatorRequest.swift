import NIOCore

/// FindCoordinator request (key 10), v0–2: which broker coordinates this group (or transactional id)?
///
/// v3+ is flexible and v4 batches keys; neither is implemented.
public struct FindCoordinatorRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.findCoordinator
    public static let supportedVersions: ClosedRange<Int16> = 0...2

    /// `keyType` of a consumer group id.
    public static let groupKeyType: Int8 = 0
    /// `keyType` of a transactional id.
    public static let transactionKeyType: Int8 = 1

    /// The group id or transactional id.
    public var key: String
    /// v1+: `groupKeyType` or `transactionKeyType`; v0 can only ask for groups.
    public var keyType: Int8

    public init(key: String, keyType: Int8 = FindCoordinatorRequest.groupKeyType) {
        self.key = key
        self.keyType = keyType
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        key = try buffer.readKafkaString()
        keyType = version >= 1 ? try buffer.readKafkaInteger() : Self.groupKeyType
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeKafkaString(key)
        if version >= 1 {
            buffer.writeInteger(keyType)
        }
    }
}
