import NIOCore

/// Prefixes each outbound body with its int32 length.
///
/// Copies the body once into the outbound buffer. Code that builds a response itself can skip
/// the copy with `ByteBuffer.writeKafkaFrame(_:)`, which reserves the length and fills it in afterwards.
public struct KafkaFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = ByteBuffer

    public init() {}

    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        out.reserveCapacity(minimumWritableBytes: 4 + data.readableBytes)
        out.writeInteger(Int32(data.readableBytes))
        out.writeImmutableBuffer(data)
    }
}

extension ByteBuffer {
    /// Writes a whole Kafka frame in place: a length placeholder, the body `writeBody` writes, then the
    /// real length, so no separate body buffer or copy is needed.
    ///
    /// - Returns: the body length.
    @discardableResult
    public mutating func writeKafkaFrame(_ writeBody: (inout ByteBuffer) throws -> Void) rethrows -> Int {
        let lengthIndex = writerIndex
        writeInteger(Int32(0))
        try writeBody(&self)
        let bodyLength = writerIndex - lengthIndex - 4
        precondition(bodyLength <= Int(Int32.max), "Kafka frame body of \(bodyLength) bytes does not fit an int32")
        setInteger(Int32(bodyLength), at: lengthIndex)
        return bodyLength
    }
}
