import NIOCore

/// EFP's primitives: big-endian integers and strings as a u16 byte length followed by UTF-8.
extension ByteBuffer {
    /// Reads a big-endian integer, failing (not returning nil) when the frame ends first.
    mutating func readFanoutInteger<Value: FixedWidthInteger>(as: Value.Type = Value.self) throws(FanoutProtocolError) -> Value {
        guard let value = readInteger(endianness: .big, as: Value.self) else {
            throw .truncated
        }
        return value
    }

    /// Reads a u16-length-prefixed string of validated UTF-8.
    mutating func readFanoutString() throws(FanoutProtocolError) -> String {
        let length = Int(try readFanoutInteger(as: UInt16.self))
        guard length <= readableBytes else {
            throw .truncated
        }
        let string: String?
        do {
            string = try readUTF8ValidatedString(length: length)
        } catch {
            throw .invalidString
        }
        guard let string else {
            throw .truncated
        }
        return string
    }

    /// Writes a u16-length-prefixed string.
    ///
    /// - Precondition: the UTF-8 form fits a u16 length (65535 bytes). Values from the wire always do; callers
    ///   building frames from other input check with `FanoutFrame.isEncodableString(_:)` first.
    mutating func writeFanoutString(_ string: String) {
        let length = string.utf8.count
        precondition(length <= Int(UInt16.max), "EFP string of \(length) bytes does not fit a u16 length")
        writeInteger(UInt16(length))
        writeString(string)
    }

    /// Writes a u16 element count.
    ///
    /// - Precondition: `count` fits a u16; a programming error otherwise.
    mutating func writeFanoutCount(_ count: Int, of what: StaticString) {
        precondition(count <= Int(UInt16.max), "\(what): \(count) elements do not fit a u16 count")
        writeInteger(UInt16(count))
    }
}
