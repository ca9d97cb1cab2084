import FanoutProtocol
import NIOCore

/// Pings a silent peer once per idle interval and closes it after three silent intervals.
///
/// Sits behind an `IdleStateHandler(readTimeout: interval)`; anything read resets the count. Publishers and
/// subscribers both serve EFP peers, so both use this one; what a ping looks like on the wire is the caller's
/// (an EFP PING frame by default, a WebSocket ping control frame for browsers).
public final class KeepaliveHandler: ChannelInboundHandler {
    public typealias InboundIn = NIOAny

    /// Builds the ping to write for `nonce`, wrapped for the next outbound handler.
    public typealias PingMaker = (_ nonce: UInt64, _ allocator: ByteBufferAllocator) -> NIOAny

    /// Silent intervals tolerated before the peer counts as gone.
    public static let missedIntervalsAllowed = 3

    private let makePing: PingMaker
    private var silentIntervals = 0
    private var nonce: UInt64 = 0

    /// - Parameter makePing: the ping for the peer's transport; an EFP PING frame unless told otherwise.
    public init(makePing: @escaping PingMaker = KeepaliveHandler.efpPing) {
        self.makePing = makePing
    }

    /// An EFP PING frame carrying `nonce`.
    public static func efpPing(nonce: UInt64, allocator: ByteBufferAllocator) -> NIOAny {
        var buffer = allocator.buffer(capacity: 13)
        FanoutFrame.ping(nonce).encode(into: &buffer)
        return NIOAny(buffer)
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        silentIntervals = 0
        context.fireChannelRead(data)
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
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
        context.writeAndFlush(makePing(nonce, context.channel.allocator), promise: nil)
    }
}
