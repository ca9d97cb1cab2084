import NIOCore

/// CreateTopics response (key 19), v0–4: one result per requested topic.
public struct CreateTopicsResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.createTopics
    public static let supportedVersions: ClosedRange<Int16> = 0...4

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var errorCode: KafkaErrorCode
        /// v1+.
        public var errorMessage: String?

        public init(name: String, errorCode: KafkaErrorCode = .none, errorMessage: String? = nil) {
            self.name = name
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }
    }

    /// v2+.
    public var throttleTimeMs: Int32
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 2 ? try buffer.readKafkaInteger() : 0
        topics = try buffer.readKafkaArray { buffer in
            Topic(
                name: try buffer.readKafkaString(),
                errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInteger()),
                errorMessage: version >= 1 ? try buffer.readKafkaNullableString() : nil
            )
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 2 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(topics) { buffer, topic in
            buffer.writeKafkaString(topic.name)
            buffer.writeInteger(topic.errorCode.rawValue)
            if version >= 1 {
                buffer.writeKafkaNullableString(topic.errorMessage)
            }
        }
    }
}
