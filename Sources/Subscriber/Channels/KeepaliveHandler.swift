import FanoutProtocol
import NIOCore
import NIOWebSocket

/// Pings a silent peer once per idle interval and closes it after three silent intervals.
///
/// Sits behind an `IdleStateHandler(readTimeout: interval)`; anything read resets the count. For WebSocket
/// viewers the ping is a WebSocket ping control frame, which browsers answer without application code.
final class KeepaliveHandler: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    /// Silent intervals tolerated before the peer counts as gone.
    static let missedIntervalsAllowed = 3

    private let transport: ViewerTransport
    private var silentIntervals = 0
    private var nonce: UInt64 = 0

    init(transport: ViewerTransport) {
        self.transport = transport
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        silentIntervals = 0
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        silentIntervals += 1
        if silentIntervals >= Self.missedIntervalsAllowed {
            context.close(promise: nil)
            return
        }
        nonce &+= 1
        switch transport {
        case .efp:
            var buffer = context.channel.allocator.buffer(capacity: 13)
            FanoutFrame.ping(nonce).encode(into: &buffer)
            context.writeAndFlush(NIOAny(buffer), promise: nil)
        case .webSocket:
            var data = context.channel.allocator.buffer(capacity: 8)
            data.writeInteger(nonce)
            context.writeAndFlush(NIOAny(WebSocketFrame(fin: true, opcode: .ping, data: data)), promise: nil)
        }
    }
}
