import NIOCore

/// Fixed-width fields: Kafka's int8/16/32/64 and boolean, all big-endian (NIO's default byte order).
extension ByteBuffer {
    /// Reads a big-endian integer, throwing instead of returning nil when the buffer is short.
    @inlinable
    public mutating func readKafkaInteger<Integer: FixedWidthInteger>(as type: Integer.Type = Integer.self) throws -> Integer {
        guard let value = readInteger(as: Integer.self) else {
            throw KafkaProtocolError.truncated
        }
        return value
    }

    /// Reads a Kafka boolean: any non-zero byte is true, as the Java client reads it.
    @inlinable
    public mutating func readKafkaBoolean() throws -> Bool {
        try readKafkaInteger(as: UInt8.self) != 0
    }

    /// Writes a Kafka boolean as one byte, 1 or 0.
    @inlinable
    public mutating func writeKafkaBoolean(_ value: Bool) {
        writeInteger(value ? 1 : 0, as: UInt8.self)
    }

    /// Throws unless every readable byte has been consumed; a decoded body with bytes left over is garbage.
    @inlinable
    public func requireFullyConsumed() throws {
        guard readableBytes == 0 else {
            throw KafkaProtocolError.trailingBytes
        }
    }
}
