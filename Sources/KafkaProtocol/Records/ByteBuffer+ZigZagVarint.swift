import NIOCore

/// Zigzag varints, the integer encoding inside records.
///
/// Zigzag maps small negative numbers to small unsigned ones (0→0, -1→1, 1→2, …) before the
/// base-128 encoding, so -1 (the "null" length) takes one byte. Encodings longer than the type
/// allows (5 bytes for 32 bits, 10 for 64) are rejected rather than silently truncated.
extension ByteBuffer {
    /// Reads a zigzag varint of at most 32 bits.
    ///
    /// - Throws: `RecordBatchError.malformedRecord` if the input ends or runs longer than 5 bytes.
    public mutating func readZigZagVarint32() throws -> Int32 {
        let raw = try readBase128(maximumBytes: 5)
        guard raw <= UInt64(UInt32.max) else { throw RecordBatchError.malformedRecord("varint exceeds 32 bits") }
        let unsigned = UInt32(raw)
        return Int32(bitPattern: (unsigned >> 1) ^ (0 &- (unsigned & 1)))
    }

    /// Reads a zigzag varlong of at most 64 bits.
    ///
    /// - Throws: `RecordBatchError.malformedRecord` if the input ends or runs longer than 10 bytes.
    public mutating func readZigZagVarint64() throws -> Int64 {
        let unsigned = try readBase128(maximumBytes: 10)
        return Int64(bitPattern: (unsigned >> 1) ^ (0 &- (unsigned & 1)))
    }

    /// Writes a zigzag varint; returns the number of bytes written.
    @discardableResult
    public mutating func writeZigZagVarint32(_ value: Int32) -> Int {
        writeBase128(UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))))
    }

    /// Writes a zigzag varlong; returns the number of bytes written.
    @discardableResult
    public mutating func writeZigZagVarint64(_ value: Int64) -> Int {
        writeBase128(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// The number of bytes `writeZigZagVarint64` would write for `value`.
    public static func zigZagVarintSize(_ value: Int64) -> Int {
        var unsigned = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var size = 1
        while unsigned >= 0x80 {
            unsigned >>= 7
            size += 1
        }
        return size
    }

    private mutating func readBase128(maximumBytes: Int) throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for index in 0..<maximumBytes {
            guard let byte = readInteger(as: UInt8.self) else {
                throw RecordBatchError.malformedRecord("varint truncated")
            }
            // The 10th byte of a 64-bit value may only carry its top bit.
            if index == 9 && byte > 1 {
                throw RecordBatchError.malformedRecord("varint exceeds 64 bits")
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                return value
            }
            shift += 7
        }
        throw RecordBatchError.malformedRecord("varint longer than \(maximumBytes) bytes")
    }

    private mutating func writeBase128(_ value: UInt64) -> Int {
        var remaining = value
        var written = 1
        while remaining >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
            written += 1
        }
        writeInteger(UInt8(remaining))
        return written
    }
}
