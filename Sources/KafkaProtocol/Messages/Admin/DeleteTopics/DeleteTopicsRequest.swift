import NIOCore

/// DeleteTopics request (key 20), v0–3: delete topics by name.
///
/// v4+ is flexible (v6 switches to topic ids) and not implemented.
public struct DeleteTopicsRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.deleteTopics
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public var topicNames: [String]
    /// How long the client waits for the deletions to complete.
    public var timeoutMs: Int32

    public init(topicNames: [String], timeoutMs: Int32 = 30_000) {
        self.topicNames = topicNames
        self.timeoutMs = timeoutMs
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        topicNames = try buffer.readKafkaArray { try $0.readKafkaString() }
        timeoutMs = try buffer.readKafkaInteger()
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeKafkaArray(topicNames) { $0.writeKafkaString($1) }
        buffer.writeInteger(timeoutMs)
    }
}
