import NIOCore

/// Decides from a connection's first four bytes whether a viewer speaks HTTP (WebSocket) or EFP.
///
/// `"GET "` read as an EFP length would announce a 1.2 GB frame, far above any maximum, so the two cannot be
/// confused. Once decided, the handler installs the right pipeline after itself, hands it the bytes read so
/// far and removes itself.
final class ProtocolSniffingHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    enum Detected {
        case http
        case efp
    }

    private static let httpPrefix = Array("GET ".utf8)

    private let configure: (Detected, ChannelHandlerContext) throws -> Void
    private var buffered: ByteBuffer?

    /// - Parameter configure: adds the handlers for the detected protocol after `context.handler`.
    init(configure: @escaping (Detected, ChannelHandlerContext) throws -> Void) {
        self.configure = configure
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if var buffered {
            buffered.writeBuffer(&incoming)
            self.buffered = buffered
        } else {
            buffered = incoming
        }
        guard let bytes = buffered, bytes.readableBytes >= Self.httpPrefix.count else { return }
        let detected: Detected = bytes.readableBytesView.prefix(4).elementsEqual(Self.httpPrefix) ? .http : .efp
        do {
            try configure(detected, context)
        } catch {
            context.close(promise: nil)
            return
        }
        self.buffered = nil
        context.fireChannelRead(wrapInboundOut(bytes))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    /// A peer that connects and sends nothing for a keepalive interval is not a viewer worth a socket.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        buffered = nil
        context.fireChannelInactive()
    }
}
