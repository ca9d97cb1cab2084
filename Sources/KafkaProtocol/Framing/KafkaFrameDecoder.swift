import NIOCore

/// Splits a TCP byte stream into Kafka frames: an int32 length, then that many bytes of body.
///
/// Emits the body alone (a slice of the input, not a copy). The length is checked before any body
/// byte arrives, so a peer cannot make the server buffer more than `maxFrameLength` bytes per frame.
public struct KafkaFrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// The largest body accepted; longer frames fail the stream.
    public let maxFrameLength: Int

    private static let lengthFieldSize = 4

    public init(maxFrameLength: Int) {
        precondition(maxFrameLength >= 0, "maxFrameLength must not be negative")
        self.maxFrameLength = maxFrameLength
    }

    /// Returns the next complete frame body, or nil until one has fully arrived.
    ///
    /// - Throws: `KafkaProtocolError.negativeFrameLength` or `.frameTooLarge` as soon as the length is read.
    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else {
            return nil
        }
        guard length >= 0 else {
            throw KafkaProtocolError.negativeFrameLength
        }
        guard length <= maxFrameLength else {
            throw KafkaProtocolError.frameTooLarge(length: Int(length), limit: maxFrameLength)
        }
        guard buffer.readableBytes >= Self.lengthFieldSize + Int(length) else {
            return nil
        }
        buffer.moveReaderIndex(forwardBy: Self.lengthFieldSize)
        return buffer.readSlice(length: Int(length))
    }

    /// Decodes what is complete at end of stream; a partial trailing frame is left for the handler to report.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}
