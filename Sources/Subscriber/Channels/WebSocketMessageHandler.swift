import FanoutProtocol
import NIOCore
import NIOWebSocket

/// Turns a WebSocket viewer's text messages into `FanoutFrame`s and answers the WebSocket control frames.
///
/// Sits after `NIOWebSocketFrameAggregator`, so every frame it sees is whole.
final class WebSocketMessageHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = FanoutFrame
    typealias OutboundOut = WebSocketFrame

    private var closeSent = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            do {
                context.fireChannelRead(wrapInboundOut(try WebSocketJSON.frame(from: frame.unmaskedData)))
            } catch {
                context.fireErrorCaught(error)
            }
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            guard !closeSent else {
                context.close(promise: nil)
                return
            }
            closeSent = true
            var data = frame.unmaskedData
            let code = data.readSlice(length: 2) ?? context.channel.allocator.buffer(capacity: 0)
            let close = WebSocketFrame(fin: true, opcode: .connectionClose, data: code)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(close)).whenComplete { _ in channel.close(promise: nil) }
        case .pong:
            break
        default:
            context.fireErrorCaught(FanoutProtocolError.invalidJSON("viewers send JSON text messages only"))
        }
    }
}
