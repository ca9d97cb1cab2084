import FanoutProtocol
import NIOCore
import NIOWebSocket

/// How frames travel to one viewer: EFP binary frames, or JSON text messages over WebSocket.
enum ViewerTransport: Sendable {
    case efp
    case webSocket

    /// An outbound message of either transport, ready to write to its channel.
    enum Message: Sendable {
        case efp(ByteBuffer)
        case webSocket(WebSocketFrame)
    }

    /// The outbound message for `frame`.
    func message(for frame: FanoutFrame, allocator: ByteBufferAllocator) -> Message {
        switch self {
        case .efp:
            var buffer = allocator.buffer(capacity: 64)
            frame.encode(into: &buffer)
            return .efp(buffer)
        case .webSocket:
            return Self.textMessage(ByteBuffer(bytes: WebSocketJSON.text(for: frame)))
        }
    }

    /// A WebSocket text frame around already encoded JSON; the bytes are shared, not copied.
    static func textMessage(_ json: ByteBuffer) -> Message {
        .webSocket(WebSocketFrame(fin: true, opcode: .text, data: json))
    }
}

extension Channel {
    /// Writes a viewer message without flushing.
    func write(_ message: ViewerTransport.Message) {
        switch message {
        case .efp(let buffer): write(buffer, promise: nil)
        case .webSocket(let frame): write(frame, promise: nil)
        }
    }

    /// Writes and flushes a viewer message.
    @discardableResult
    func writeAndFlush(_ message: ViewerTransport.Message) -> EventLoopFuture<Void> {
        switch message {
        case .efp(let buffer): writeAndFlush(buffer)
        case .webSocket(let frame): writeAndFlush(frame)
        }
    }
}
