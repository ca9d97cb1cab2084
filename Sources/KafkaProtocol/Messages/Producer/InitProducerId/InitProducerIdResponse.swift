import NIOCore

/// InitProducerId response (key 22), v0–1: the producer id and epoch to stamp on record batches.
public struct InitProducerIdResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.initProducerId
    public static let supportedVersions: ClosedRange<Int16> = 0...1

    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    /// -1 with an error.
    public var producerId: Int64
    /// -1 with an error.
    public var producerEpoch: Int16

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, producerId: Int64, producerEpoch: Int16) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.producerId = producerId
        self.producerEpoch = producerEpoch
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = try buffer.readKafkaInteger()
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
        producerId = try buffer.readKafkaInteger()
        producerEpoch = try buffer.readKafkaInteger()
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeInteger(throttleTimeMs)
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeInteger(producerId)
        buffer.writeInteger(producerEpoch)
    }
}
