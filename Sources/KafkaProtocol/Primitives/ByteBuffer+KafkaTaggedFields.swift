import NIOCore

/// Tagged fields, the extension point at the end of every flexible structure.
///
/// None of the messages this module implements defines a tag we act on, so reading skips every field
/// (after checking its size) and writing emits an empty set.
extension ByteBuffer {
    /// Skips a tagged-field section: a count, then per field a tag, a size and that many bytes.
    public mutating func skipKafkaTaggedFields() throws {
        let count = try readKafkaUnsignedVarint()
        guard count <= readableBytes else {
            throw KafkaProtocolError.truncated
        }
        for _ in 0..<count {
            _ = try readKafkaUnsignedVarint()
            let size = Int(try readKafkaUnsignedVarint())
            guard moveReaderIndexIfReadable(forwardBy: size) else {
                throw KafkaProtocolError.truncated
            }
        }
    }

    /// Writes an empty tagged-field section (a zero count).
    public mutating func writeKafkaEmptyTaggedFields() {
        writeInteger(UInt8(0))
    }

    private mutating func moveReaderIndexIfReadable(forwardBy offset: Int) -> Bool {
        guard offset <= readableBytes else {
            return false
        }
        moveReaderIndex(forwardBy: offset)
        return true
    }
}
