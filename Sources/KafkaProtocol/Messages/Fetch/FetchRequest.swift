import NIOCore

/// Fetch request (key 1), v0–11: read records from partitions, possibly waiting for them (long poll).
public struct FetchRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.fetch
    public static let supportedVersions: ClosedRange<Int16> = 0...11

    /// -1 for consumers; a broker id for replication followers.
    public var replicaId: Int32
    public var maxWaitMs: Int32
    public var minBytes: Int32
    /// v3+; unlimited before.
    public var maxBytes: Int32
    /// v4+: 0 read uncommitted, 1 read committed.
    public var isolationLevel: Int8
    /// v7+: incremental fetch session (0 = none).
    public var sessionId: Int32
    /// v7+: -1 asks for a full fetch without a session.
    public var sessionEpoch: Int32
    public var topics: [Topic]
    /// v7+: partitions to drop from an incremental session.
    public var forgottenTopicsData: [ForgottenTopic]
    /// v11+.
    public var rackId: String

    public init(
        replicaId: Int32 = -1,
        maxWaitMs: Int32,
        minBytes: Int32,
        maxBytes: Int32 = .max,
        isolationLevel: Int8 = 0,
        sessionId: Int32 = 0,
        sessionEpoch: Int32 = -1,
        topics: [Topic],
        forgottenTopicsData: [ForgottenTopic] = [],
        rackId: String = ""
    ) {
        self.replicaId = replicaId
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.isolationLevel = isolationLevel
        self.sessionId = sessionId
        self.sessionEpoch = sessionEpoch
        self.topics = topics
        self.forgottenTopicsData = forgottenTopicsData
        self.rackId = rackId
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        replicaId = try buffer.readKafkaInteger()
        maxWaitMs = try buffer.readKafkaInteger()
        minBytes = try buffer.readKafkaInteger()
        maxBytes = version >= 3 ? try buffer.readKafkaInteger() : .max
        isolationLevel = version >= 4 ? try buffer.readKafkaInteger() : 0
        if version >= 7 {
            sessionId = try buffer.readKafkaInteger()
            sessionEpoch = try buffer.readKafkaInteger()
        } else {
            sessionId = 0
            sessionEpoch = -1
        }
        topics = try buffer.readKafkaArray { try Topic(from: &$0, version: version) }
        if version >= 7 {
            forgottenTopicsData = try buffer.readKafkaArray { buffer in
                ForgottenTopic(topic: try buffer.readKafkaString(), partitions: try buffer.readKafkaArray { try $0.readKafkaInteger() })
            }
        } else {
            forgottenTopicsData = []
        }
        rackId = version >= 11 ? try buffer.readKafkaString() : ""
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeInteger(replicaId)
        buffer.writeInteger(maxWaitMs)
        buffer.writeInteger(minBytes)
        if version >= 3 {
            buffer.writeInteger(maxBytes)
        }
        if version >= 4 {
            buffer.writeInteger(isolationLevel)
        }
        if version >= 7 {
            buffer.writeInteger(sessionId)
            buffer.writeInteger(sessionEpoch)
        }
        buffer.writeKafkaArray(topics) { $1.encode(into: &$0, version: version) }
        if version >= 7 {
            buffer.writeKafkaArray(forgottenTopicsData) { buffer, forgotten in
                buffer.writeKafkaString(forgotten.topic)
                buffer.writeKafkaArray(forgotten.partitions) { $0.writeInteger($1) }
            }
        }
        if version >= 11 {
            buffer.writeKafkaString(rackId)
        }
    }
}
