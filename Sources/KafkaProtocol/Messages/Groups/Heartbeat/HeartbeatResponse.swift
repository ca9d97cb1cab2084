import NIOCore

/// Heartbeat response (key 12), v0–3: REBALANCE_IN_PROGRESS here is how members learn they must rejoin.
public struct HeartbeatResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.heartbeat
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    /// v1+.
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 1 ? try buffer.readKafkaInteger() : 0
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeInteger(errorCode.rawValue)
    }
}
