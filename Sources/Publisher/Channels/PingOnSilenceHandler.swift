import FanoutProtocol
import NIOCore

/// Pings a silent subscriber once per idle interval and closes it after three silent intervals.
///
/// Sits behind an `IdleStateHandler(readTimeout: interval)`; anything read resets the count.
final class PingOnSilenceHandler: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    static let missedIntervalsAllowed = 3

    private var silentIntervals = 0
    private var nonce: UInt64 = 0

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
        guard silentIntervals < Self.missedIntervalsAllowed else {
            context.close(promise: nil)
            return
        }
        nonce &+= 1
        var buffer = context.channel.allocator.buffer(capacity: 13)
        FanoutFrame.ping(nonce).encode(into: &buffer)
        context.writeAndFlush(NIOAny(buffer), promise: nil)
    }
}
