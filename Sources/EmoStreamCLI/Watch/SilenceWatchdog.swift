import FanoutProtocol
import NIOCore

/// Closes a subscriber connection that has sent nothing for three heartbeat intervals.
///
/// A subscriber pings every `heartbeatIntervalMs` (announced in WELCOME), so silence that long means the
/// peer or the path is gone even if TCP has not noticed; closing lets the watch client reconnect. Until the
/// WELCOME arrives, `handshakeTimeout` applies.
final class SilenceWatchdog: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = FanoutFrame
    typealias InboundOut = FanoutFrame

    /// Heartbeat intervals of silence after which the connection counts as dead.
    static let missedHeartbeats: Int64 = 3

    private var timeout: TimeAmount
    private var lastRead = NIODeadline.now()
    private var check: Scheduled<Void>?
    private let onSilence: @Sendable (TimeAmount) -> Void

    /// - Parameter onSilence: told the timeout just before the watchdog closes the channel, for logging.
    init(handshakeTimeout: TimeAmount, onSilence: @escaping @Sendable (TimeAmount) -> Void) {
        self.timeout = handshakeTimeout
        self.onSilence = onSilence
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { scheduleCheck(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
    }

    func channelActive(context: ChannelHandlerContext) {
        lastRead = .now()
        scheduleCheck(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        check?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = .now()
        if case .welcome(let welcome) = unwrapInboundIn(data) {
            let interval = max(Int64(welcome.heartbeatIntervalMs), 100)
            timeout = .milliseconds(interval * Self.missedHeartbeats)
            scheduleCheck(context: context)
        }
        context.fireChannelRead(data)
    }

    private func scheduleCheck(context: ChannelHandlerContext) {
        check?.cancel()
        check = context.eventLoop.assumeIsolated().scheduleTask(deadline: lastRead + timeout) {
            self.checkSilence(context: context)
        }
    }

    private func checkSilence(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        if NIODeadline.now() - lastRead >= timeout {
            onSilence(timeout)
            context.close(promise: nil)
        } else {
            scheduleCheck(context: context)
        }
    }
}
