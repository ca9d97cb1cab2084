import NIOCore

/// Classic arrays: an int32 element count followed by the elements, where -1 means null.
extension ByteBuffer {
    /// Reads a non-nullable array; a null (-1) count is rejected.
    public mutating func readKafkaArray<Element>(
        _ readElement: (inout ByteBuffer) throws -> Element
    ) throws -> [Element] {
        guard let elements = try readKafkaNullableArray(readElement) else {
            throw KafkaProtocolError.invalidLength
        }
        return elements
    }

    /// Reads a nullable array.
    public mutating func readKafkaNullableArray<Element>(
        _ readElement: (inout ByteBuffer) throws -> Element
    ) throws -> [Element]? {
        let count = try readKafkaInteger(as: Int32.self)
        if count == -1 {
            return nil
        }
        return try readKafkaElements(count: Int(count), readElement)
    }

    /// Writes a non-nullable array.
    public mutating func writeKafkaArray<Elements: Collection>(
        _ elements: Elements,
        _ writeElement: (inout ByteBuffer, Elements.Element) -> Void
    ) {
        writeInteger(Int32(elements.count))
        for element in elements {
            writeElement(&self, element)
        }
    }

    /// Writes a nullable array, null as count -1.
    public mutating func writeKafkaNullableArray<Elements: Collection>(
        _ elements: Elements?,
        _ writeElement: (inout ByteBuffer, Elements.Element) -> Void
    ) {
        guard let elements else {
            writeInteger(Int32(-1))
            return
        }
        writeKafkaArray(elements, writeElement)
    }

    /// Arrays longer than this grow as elements actually decode.
    static let maximumArrayReservation = 1024

    /// Reads `count` elements after checking the count is plausible.
    ///
    /// Every Kafka array element takes at least one byte, so a count above the readable bytes is a lie.
    /// The up-front reservation is capped as well: an element in memory can be far larger than its
    /// smallest wire form, and a hostile count must not make us reserve gigabytes.
    mutating func readKafkaElements<Element>(
        count: Int,
        _ readElement: (inout ByteBuffer) throws -> Element
    ) throws -> [Element] {
        guard count >= 0 else {
            throw KafkaProtocolError.invalidLength
        }
        guard count <= readableBytes else {
            throw KafkaProtocolError.truncated
        }
        var elements: [Element] = []
        elements.reserveCapacity(Swift.min(count, Self.maximumArrayReservation))
        for _ in 0..<count {
            elements.append(try readElement(&self))
        }
        return elements
    }
}
