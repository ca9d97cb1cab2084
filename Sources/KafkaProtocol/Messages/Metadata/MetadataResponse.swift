import NIOCore

/// Metadata response (key 3), v0–8.
public struct MetadataResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.metadata
    public static let supportedVersions: ClosedRange<Int16> = 0...8

    /// Sent when authorized operations were not requested or are unknown (v8+).
    public static let authorizedOperationsOmitted = Int32.min

    /// Throttle time (v3+).
    public var throttleTimeMs: Int32
    public var brokers: [Broker]
    /// v2+.
    public var clusterId: String?
    /// v1+; -1 when there is none.
    public var controllerId: Int32
    public var topics: [Topic]
    /// v8+.
    public var clusterAuthorizedOperations: Int32

    public init(
        throttleTimeMs: Int32 = 0,
        brokers: [Broker],
        clusterId: String?,
        controllerId: Int32,
        topics: [Topic],
        clusterAuthorizedOperations: Int32 = MetadataResponse.authorizedOperationsOmitted
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.brokers = brokers
        self.clusterId = clusterId
        self.controllerId = controllerId
        self.topics = topics
        self.clusterAuthorizedOperations = clusterAuthorizedOperations
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 3 ? try buffer.readKafkaInteger() : 0
        brokers = try buffer.readKafkaArray { try Broker(from: &$0, version: version) }
        clusterId = version >= 2 ? try buffer.readKafkaNullableString() : nil
        controllerId = version >= 1 ? try buffer.readKafkaInteger() : -1
        topics = try buffer.readKafkaArray { try Topic(from: &$0, version: version) }
        clusterAuthorizedOperations = version >= 8 ? try buffer.readKafkaInteger() : Self.authorizedOperationsOmitted
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 3 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(brokers) { $1.encode(into: &$0, version: version) }
        if version >= 2 {
            buffer.writeKafkaNullableString(clusterId)
        }
        if version >= 1 {
            buffer.writeInteger(controllerId)
        }
        buffer.writeKafkaArray(topics) { $1.encode(into: &$0, version: version) }
        if version >= 8 {
            buffer.writeInteger(clusterAuthorizedOperations)
        }
    }
}
