import FanoutProtocol
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The subscriber's connection to its cluster publisher: dial, HELLO, feed every window to the fan-out, and
/// redial with backoff whenever the connection fails or the publisher goes silent.
struct PublisherLink: Sendable {
    let host: String
    let port: Int
    let clientID: String
    let fanout: ViewerFanout
    let initialBackoffMs: Int
    let maxBackoffMs: Int
    /// A publisher silent this long (it pings every few seconds) is treated as gone.
    let silenceTimeout: TimeAmount
    let logger: Logger

    /// Keeps the link up until graceful shutdown or cancellation.
    func run() async {
        var backoff = ReconnectBackoff(initialMs: initialBackoffMs, maximumMs: maxBackoffMs)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let welcomed = try await cancelWhenGracefulShutdown { try await session() }
                if welcomed { backoff.reset() }
            } catch {
                logger.warning("Publisher connection failed", metadata: [
                    "emostream.publisher": "\(host):\(port)", "error": "\(error)",
                ])
            }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { break }
            let delay = backoff.nextDelay()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
        }
    }

    /// One connection's life; returns whether the publisher accepted it, once the connection has ended.
    private func session() async throws -> Bool {
        let silenceTimeout = self.silenceTimeout
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: silenceTimeout),
                        SilenceCloser(),
                        ByteToMessageHandler(FanoutFrameDecoder()),
                        MessageToByteHandler(FanoutFrameEncoder()),
                    ])
                    return try NIOAsyncChannel<FanoutFrame, FanoutFrame>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var progress = SessionProgress()
            let rooms = fanout.upstreamPositions()
            try await outbound.write(.hello(.init(role: .subscriber, clientID: clientID, token: "", rooms: rooms)))
            do {
                for try await frame in inbound {
                    if try await handle(frame, outbound: outbound, progress: &progress) { break }
                }
            } catch let error where progress.welcomed {
                logger.warning("Publisher connection lost", metadata: ["error": "\(error)"])
            }
            return progress.welcomed
        }
    }

    /// Where one session is: welcomed yet, and how many replayed windows of an incomplete replay are still due.
    private struct SessionProgress {
        var welcomed = false
        var incompleteReplayLeft: UInt32?

        /// Counts one window; true when it was the last of an incomplete replay.
        mutating func windowArrived() -> Bool {
            guard let left = incompleteReplayLeft else { return false }
            incompleteReplayLeft = left > 1 ? left - 1 : nil
            return left <= 1
        }
    }

    /// Acts on one frame from the publisher; returns true when the connection should end.
    private func handle(
        _ frame: FanoutFrame, outbound: NIOAsyncChannelOutboundWriter<FanoutFrame>, progress: inout SessionProgress
    ) async throws -> Bool {
        switch frame {
        case .welcome(let welcome):
            progress.welcomed = true
            logger.info("Connected to publisher", metadata: [
                "emostream.publisher": "\(welcome.serverID)", "emostream.recovery": "\(welcome.recovery)",
                "emostream.replay_count": "\(welcome.replayCount)",
            ])
            // The recovery speaks for the rooms this subscriber named (its "*" asks from seq 0, which the
            // publisher does not judge). If some of their windows are gone, say so now, for viewers joining
            // during the replay, and again once the replay is in, for the span it covers.
            if welcome.recovery == .incomplete {
                fanout.upstreamReplayWasIncomplete()
                progress.incompleteReplayLeft = welcome.replayCount > 0 ? welcome.replayCount : nil
            }
        case .window(let window):
            fanout.publish(window)
            if progress.windowArrived() { fanout.upstreamReplayWasIncomplete() }
        case .ping(let nonce):
            try await outbound.write(.pong(nonce))
        case .error(let error):
            logger.warning("Publisher refused the subscriber", metadata: ["emostream.error": "\(error)"])
            return true
        case .goodbye(let goodbye):
            logger.info("Publisher said goodbye", metadata: ["emostream.reason": "\(goodbye.reason)"])
            return true
        case .pong, .hello:
            break
        }
        return false
    }
}

/// Closes the connection when the `IdleStateHandler` in front of it reports a read timeout.
private final class SilenceCloser: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
