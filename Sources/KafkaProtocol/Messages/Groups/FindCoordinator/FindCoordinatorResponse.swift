import NIOCore

/// FindCoordinator response (key 10), v0–2: the coordinator's node id and address.
public struct FindCoordinatorResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.findCoordinator
    public static let supportedVersions: ClosedRange<Int16> = 0...2

    /// v1+.
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    /// v1+: a human-readable reason, or nil.
    public var errorMessage: String?
    public var nodeId: Int32
    public var host: String
    public var port: Int32

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = .none,
        errorMessage: String? = nil,
        nodeId: Int32,
        host: String,
        port: Int32
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.nodeId = nodeId
        self.host = host
        self.port = port
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 1 ? try buffer.readKafkaInteger() : 0
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
        errorMessage = version >= 1 ? try buffer.readKafkaNullableString() : nil
        nodeId = try buffer.readKafkaInteger()
        host = try buffer.readKafkaString()
        port = try buffer.readKafkaInteger()
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeInteger(errorCode.rawValue)
        if version >= 1 {
            buffer.writeKafkaNullableString(errorMessage)
        }
        buffer.writeInteger(nodeId)
        buffer.writeKafkaString(host)
        buffer.writeInteger(port)
    }
}
