import NIOCore

/// Fetch response (key 1), v0–11.
///
/// The records are opaque slices (whole batches as stored); encoding appends them without looking inside.
public struct FetchResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.fetch
    public static let supportedVersions: ClosedRange<Int16> = 0...11

    public struct Topic: Hashable, Sendable {
        public var topic: String
        public var partitions: [Partition]

        public init(topic: String, partitions: [Partition]) {
            self.topic = topic
            self.partitions = partitions
        }
    }

    /// v1+.
    public var throttleTimeMs: Int32
    /// v7+: top-level error (fetch sessions).
    public var errorCode: KafkaErrorCode
    /// v7+: 0 when the broker declines fetch sessions.
    public var sessionId: Int32
    public var responses: [Topic]

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, sessionId: Int32 = 0, responses: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.sessionId = sessionId
        self.responses = responses
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 1 ? try buffer.readKafkaInteger() : 0
        if version >= 7 {
            errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
            sessionId = try buffer.readKafkaInteger()
        } else {
            errorCode = .none
            sessionId = 0
        }
        responses = try buffer.readKafkaArray { buffer in
            Topic(
                topic: try buffer.readKafkaString(),
                partitions: try buffer.readKafkaArray { try Partition(from: &$0, version: version) }
            )
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        if version >= 7 {
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(sessionId)
        }
        buffer.writeKafkaArray(responses) { buffer, topic in
            buffer.writeKafkaString(topic.topic)
            buffer.writeKafkaArray(topic.partitions) { $1.encode(into: &$0, version: version) }
        }
    }
}
