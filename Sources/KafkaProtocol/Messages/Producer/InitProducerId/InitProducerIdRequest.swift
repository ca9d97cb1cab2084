import NIOCore

/// InitProducerId request (key 22), v0–1: an idempotent or transactional producer asks for its id and epoch.
///
/// v2+ is flexible (v3 adds resuming an existing id) and not implemented.
public struct InitProducerIdRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.initProducerId
    public static let supportedVersions: ClosedRange<Int16> = 0...1

    /// nil for a merely idempotent producer.
    public var transactionalId: String?
    /// Only meaningful with a transactional id.
    public var transactionTimeoutMs: Int32

    public init(transactionalId: String? = nil, transactionTimeoutMs: Int32 = 60_000) {
        self.transactionalId = transactionalId
        self.transactionTimeoutMs = transactionTimeoutMs
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        transactionalId = try buffer.readKafkaNullableString()
        transactionTimeoutMs = try buffer.readKafkaInteger()
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeKafkaNullableString(transactionalId)
        buffer.writeInteger(transactionTimeoutMs)
    }
}
