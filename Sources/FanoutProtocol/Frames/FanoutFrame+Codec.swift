import NIOCore

extension FanoutFrame {
    /// Appends the whole frame, length prefix included, to `buffer`.
    ///
    /// - Precondition: strings fit 65535 bytes and lists 65535 elements (see `isEncodableString(_:)`).
    public func encode(into buffer: inout ByteBuffer) {
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(UInt32(0))
        buffer.writeInteger(frameType.rawValue)
        switch self {
        case .hello(let hello): hello.write(to: &buffer)
        case .welcome(let welcome): welcome.write(to: &buffer)
        case .window(let window): window.write(to: &buffer)
        case .ping(let nonce), .pong(let nonce): buffer.writeInteger(nonce)
        case .error(let error): error.write(to: &buffer)
        case .goodbye(let goodbye): goodbye.write(to: &buffer)
        }
        let length = buffer.writerIndex - lengthIndex - 4
        buffer.setInteger(UInt32(length), at: lengthIndex)
    }

    /// Decodes one frame from its body: the type byte and the payload, without the length prefix.
    ///
    /// - Throws: `FanoutProtocolError` when the body is empty, of an unknown type, malformed, or longer than
    ///   its payload.
    public init(body: ByteBuffer) throws(FanoutProtocolError) {
        var body = body
        guard let typeByte = body.readInteger(as: UInt8.self) else {
            throw .emptyFrame
        }
        guard let type = FanoutFrameType(rawValue: typeByte) else {
            throw .unknownFrameType(typeByte)
        }
        switch type {
        case .hello: self = .hello(try Hello(from: &body))
        case .welcome: self = .welcome(try Welcome(from: &body))
        case .window: self = .window(try Window(from: &body))
        case .ping: self = .ping(try body.readFanoutInteger())
        case .pong: self = .pong(try body.readFanoutInteger())
        case .error: self = .error(try FanoutError(from: &body))
        case .goodbye: self = .goodbye(try Goodbye(from: &body))
        }
        guard body.readableBytes == 0 else {
            throw .trailingBytes
        }
    }

    var frameType: FanoutFrameType {
        switch self {
        case .hello: .hello
        case .welcome: .welcome
        case .window: .window
        case .ping: .ping
        case .pong: .pong
        case .error: .error
        case .goodbye: .goodbye
        }
    }
}
