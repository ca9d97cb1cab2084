import NIOCore

/// Classic byte fields: an int32 length followed by the bytes, where -1 means null.
///
/// Bytes are returned as slices of the input buffer, so record batches are never copied on decode.
extension ByteBuffer {
    /// Reads a non-nullable bytes field as a slice; a null (-1) length is rejected.
    public mutating func readKafkaBytes() throws -> ByteBuffer {
        guard let bytes = try readKafkaNullableBytes() else {
            throw KafkaProtocolError.invalidLength
        }
        return bytes
    }

    /// Reads a nullable bytes field as a slice.
    public mutating func readKafkaNullableBytes() throws -> ByteBuffer? {
        let length = try readKafkaInteger(as: Int32.self)
        if length == -1 {
            return nil
        }
        return try readKafkaSlice(length: Int(length))
    }

    /// Writes a non-nullable bytes field: the readable bytes of `bytes`.
    public mutating func writeKafkaBytes(_ bytes: ByteBuffer) {
        writeInteger(Int32(bytes.readableBytes))
        writeImmutableBuffer(bytes)
    }

    /// Writes a nullable bytes field, null as length -1.
    public mutating func writeKafkaNullableBytes(_ bytes: ByteBuffer?) {
        guard let bytes else {
            writeInteger(Int32(-1))
            return
        }
        writeKafkaBytes(bytes)
    }

    /// Takes a slice of `length` bytes, checking the length against what is readable first.
    mutating func readKafkaSlice(length: Int) throws -> ByteBuffer {
        guard length >= 0 else {
            throw KafkaProtocolError.invalidLength
        }
        guard let slice = readSlice(length: length) else {
            throw KafkaProtocolError.truncated
        }
        return slice
    }
}
