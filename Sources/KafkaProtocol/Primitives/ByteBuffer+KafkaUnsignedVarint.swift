import NIOCore

/// Unsigned varints (LEB128, at most 5 bytes for 32 bits): the length prefixes of flexible versions.
///
/// These are not the zigzag varints of record bodies; those live with the record batch code.
extension ByteBuffer {
    /// Reads an unsigned varint of at most 32 bits.
    public mutating func readKafkaUnsignedVarint() throws -> UInt32 {
        var value: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            let byte = try readKafkaInteger(as: UInt8.self)
            // The fifth byte may only carry the top 4 bits of a 32-bit value.
            if shift == 28 && byte > 0x0F {
                throw KafkaProtocolError.invalidVarint
            }
            value |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                return value
            }
            shift += 7
        }
    }

    /// Writes an unsigned varint in as few bytes as it needs.
    public mutating func writeKafkaUnsignedVarint(_ value: UInt32) {
        var remaining = value
        while remaining >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        writeInteger(UInt8(remaining))
    }

    /// Reads a compact length or count (N+1 on the wire, 0 = null) as N, or nil for null.
    mutating func readKafkaCompactLength() throws -> Int? {
        let encoded = try readKafkaUnsignedVarint()
        return encoded == 0 ? nil : Int(encoded) - 1
    }

    /// Writes a compact length or count: N+1, or 0 for null.
    mutating func writeKafkaCompactLength(_ length: Int?) {
        guard let length else {
            writeKafkaUnsignedVarint(0)
            return
        }
        precondition(length < Int(UInt32.max), "compact length \(length) does not fit an unsigned varint")
        writeKafkaUnsignedVarint(UInt32(length + 1))
    }
}
