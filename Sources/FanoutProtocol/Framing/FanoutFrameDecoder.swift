import NIOCore

/// Splits a TCP byte stream into EFP frames.
///
/// The length is checked as soon as its four bytes arrive, so a peer cannot make the receiver buffer more
/// than `maxFrameLength` bytes per frame.
public struct FanoutFrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = FanoutFrame

    /// The largest accepted frame length (type byte + payload).
    public let maxFrameLength: Int

    private static let lengthFieldSize = 4

    public init(maxFrameLength: Int = FanoutFrame.defaultMaxFrameLength) {
        precondition(maxFrameLength >= 1, "maxFrameLength must leave room for the type byte")
        self.maxFrameLength = maxFrameLength
    }

    /// Returns the next complete frame, or nil until one has fully arrived.
    ///
    /// - Throws: `FanoutProtocolError`; `.emptyFrame` and `.frameTooLarge` as soon as the length is read.
    public mutating func decode(buffer: inout ByteBuffer) throws -> FanoutFrame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else {
            return nil
        }
        guard length > 0 else {
            throw FanoutProtocolError.emptyFrame
        }
        guard length <= maxFrameLength else {
            throw FanoutProtocolError.frameTooLarge(length: Int(length), limit: maxFrameLength)
        }
        guard let body = buffer.getSlice(at: buffer.readerIndex + Self.lengthFieldSize, length: Int(length)) else {
            return nil
        }
        // The whole frame is consumed before its body is decoded, so a malformed body can never leave the
        // stream positioned mid-frame.
        buffer.moveReaderIndex(forwardBy: Self.lengthFieldSize + Int(length))
        return try FanoutFrame(body: body)
    }

    /// Decodes what is complete at end of stream; a partial trailing frame is left for the handler to report.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> FanoutFrame? {
        try decode(buffer: &buffer)
    }
}
