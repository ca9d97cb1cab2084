import NIOCore

/// Compact strings, bytes and arrays of flexible versions: an unsigned varint N+1 prefix, 0 = null.
extension ByteBuffer {
    /// Reads a non-nullable compact string; null is rejected.
    public mutating func readKafkaCompactString() throws -> String {
        guard let string = try readKafkaCompactNullableString() else {
            throw KafkaProtocolError.invalidLength
        }
        return string
    }

    /// Reads a nullable compact string.
    public mutating func readKafkaCompactNullableString() throws -> String? {
        guard let length = try readKafkaCompactLength() else {
            return nil
        }
        return try readKafkaUTF8(length: length)
    }

    /// Writes a non-nullable compact string.
    public mutating func writeKafkaCompactString(_ string: String) {
        writeKafkaCompactLength(string.utf8.count)
        writeString(string)
    }

    /// Writes a nullable compact string.
    public mutating func writeKafkaCompactNullableString(_ string: String?) {
        guard let string else {
            writeKafkaCompactLength(nil)
            return
        }
        writeKafkaCompactString(string)
    }

    /// Reads a non-nullable compact bytes field as a slice; null is rejected.
    public mutating func readKafkaCompactBytes() throws -> ByteBuffer {
        guard let bytes = try readKafkaCompactNullableBytes() else {
            throw KafkaProtocolError.invalidLength
        }
        return bytes
    }

    /// Reads a nullable compact bytes field as a slice.
    public mutating func readKafkaCompactNullableBytes() throws -> ByteBuffer? {
        guard let length = try readKafkaCompactLength() else {
            return nil
        }
        return try readKafkaSlice(length: length)
    }

    /// Writes a non-nullable compact bytes field.
    public mutating func writeKafkaCompactBytes(_ bytes: ByteBuffer) {
        writeKafkaCompactLength(bytes.readableBytes)
        writeImmutableBuffer(bytes)
    }

    /// Writes a nullable compact bytes field.
    public mutating func writeKafkaCompactNullableBytes(_ bytes: ByteBuffer?) {
        guard let bytes else {
            writeKafkaCompactLength(nil)
            return
        }
        writeKafkaCompactBytes(bytes)
    }

    /// Reads a non-nullable compact array; null is rejected.
    public mutating func readKafkaCompactArray<Element>(
        _ readElement: (inout ByteBuffer) throws -> Element
    ) throws -> [Element] {
        guard let elements = try readKafkaCompactNullableArray(readElement) else {
            throw KafkaProtocolError.invalidLength
        }
        return elements
    }

    /// Reads a nullable compact array.
    public mutating func readKafkaCompactNullableArray<Element>(
        _ readElement: (inout ByteBuffer) throws -> Element
    ) throws -> [Element]? {
        guard let count = try readKafkaCompactLength() else {
            return nil
        }
        return try readKafkaElements(count: count, readElement)
    }

    /// Writes a non-nullable compact array.
    public mutating func writeKafkaCompactArray<Elements: Collection>(
        _ elements: Elements,
        _ writeElement: (inout ByteBuffer, Elements.Element) -> Void
    ) {
        writeKafkaCompactLength(elements.count)
        for element in elements {
            writeElement(&self, element)
        }
    }

    /// Writes a nullable compact array.
    public mutating func writeKafkaCompactNullableArray<Elements: Collection>(
        _ elements: Elements?,
        _ writeElement: (inout ByteBuffer, Elements.Element) -> Void
    ) {
        guard let elements else {
            writeKafkaCompactLength(nil)
            return
        }
        writeKafkaCompactArray(elements, writeElement)
    }
}
