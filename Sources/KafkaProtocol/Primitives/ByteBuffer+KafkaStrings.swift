import NIOCore

/// Classic strings: an int16 byte length followed by UTF-8, where -1 means null.
extension ByteBuffer {
    /// Reads a non-nullable string; a null (-1) length is rejected.
    public mutating func readKafkaString() throws -> String {
        guard let string = try readKafkaNullableString() else {
            throw KafkaProtocolError.invalidLength
        }
        return string
    }

    /// Reads a nullable string.
    public mutating func readKafkaNullableString() throws -> String? {
        let length = try readKafkaInteger(as: Int16.self)
        if length == -1 {
            return nil
        }
        return try readKafkaUTF8(length: Int(length))
    }

    /// Writes a non-nullable string.
    ///
    /// - Precondition: the UTF-8 form fits an int16 length (32767 bytes); longer is a programming error.
    public mutating func writeKafkaString(_ string: String) {
        let length = string.utf8.count
        precondition(length <= Int(Int16.max), "Kafka string of \(length) bytes does not fit an int16 length")
        writeInteger(Int16(length))
        writeString(string)
    }

    /// Writes a nullable string, null as length -1.
    public mutating func writeKafkaNullableString(_ string: String?) {
        guard let string else {
            writeInteger(Int16(-1))
            return
        }
        writeKafkaString(string)
    }

    /// Reads `length` bytes of validated UTF-8, checking the length against what is readable first.
    mutating func readKafkaUTF8(length: Int) throws -> String {
        guard length >= 0 else {
            throw KafkaProtocolError.invalidLength
        }
        guard length <= readableBytes else {
            throw KafkaProtocolError.truncated
        }
        do {
            guard let string = try readUTF8ValidatedString(length: length) else {
                throw KafkaProtocolError.truncated
            }
            return string
        } catch is ByteBuffer.ReadUTF8ValidationError {
            throw KafkaProtocolError.invalidString
        }
    }
}
