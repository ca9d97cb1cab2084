import NIOCore

/// SyncGroup response (key 14), v0–3: the receiving member's own assignment.
public struct SyncGroupResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.syncGroup
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    /// v1+.
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    /// Opaque bytes from the leader; empty with an error.
    public var assignment: ByteBuffer

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, assignment: ByteBuffer = ByteBuffer()) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.assignment = assignment
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 1 ? try buffer.readKafkaInteger() : 0
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
        assignment = try buffer.readKafkaBytes()
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeKafkaBytes(assignment)
    }
}
