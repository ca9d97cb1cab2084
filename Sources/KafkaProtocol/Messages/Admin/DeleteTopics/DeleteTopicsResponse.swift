import NIOCore

/// DeleteTopics response (key 20), v0–3: an error code per topic.
public struct DeleteTopicsResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.deleteTopics
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public struct DeletableTopicResult: Hashable, Sendable {
        public var name: String
        public var errorCode: KafkaErrorCode

        public init(name: String, errorCode: KafkaErrorCode = .none) {
            self.name = name
            self.errorCode = errorCode
        }
    }

    /// v1+.
    public var throttleTimeMs: Int32
    public var responses: [DeletableTopicResult]

    public init(throttleTimeMs: Int32 = 0, responses: [DeletableTopicResult]) {
        self.throttleTimeMs = throttleTimeMs
        self.responses = responses
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 1 ? try buffer.readKafkaInteger() : 0
        responses = try buffer.readKafkaArray { buffer in
            DeletableTopicResult(name: try buffer.readKafkaString(), errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInteger()))
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(responses) { buffer, result in
            buffer.writeKafkaString(result.name)
            buffer.writeInteger(result.errorCode.rawValue)
        }
    }
}
