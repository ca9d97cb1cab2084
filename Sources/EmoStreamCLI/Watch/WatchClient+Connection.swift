import FanoutProtocol
import Logging
import NIOCore

extension WatchClient {
    /// How one connection ended.
    enum ConnectionOutcome: Sendable, Hashable {
        /// The window limit was reached.
        case finished
        /// The task was cancelled (Ctrl-C).
        case cancelled
        /// The connection ended; `welcomed` tells whether the handshake had succeeded.
        case closed(welcomed: Bool, policy: RefusalPolicy, reason: String)
    }

    /// One connection: HELLO, then windows until it ends.
    func connect(to registration: Registration, session: inout WatchSession) async -> ConnectionOutcome {
        let host = registration.dialHost(fallback: registrar.fallbackHost)
        let logger = self.logger
        var welcomed = false
        do {
            let connection = try await FanoutConnector.connect(
                host: host, port: registration.port, handshakeTimeout: configuration.handshakeTimeout
            ) { timeout in
                logger.warning("nothing heard from the subscriber for \(timeout); closing")
            }
            // Iterating the inbound stream does not end on cancellation by itself: say goodbye and close,
            // which ends the iteration.
            let channel = connection.channel
            return try await withTaskCancellationHandler {
                try await connection.executeThenClose { inbound, outbound in
                    let hello = FanoutFrame.Hello(
                        role: .viewer, clientID: configuration.clientID, token: registration.token,
                        rooms: session.helloPositions
                    )
                    try await outbound.write(.hello(hello))
                    for try await frame in inbound {
                        if let outcome = try await handle(frame, outbound: outbound, welcomed: &welcomed, session: &session) {
                            return outcome
                        }
                    }
                    if Task.isCancelled { return .cancelled }
                    return .closed(welcomed: welcomed, policy: .reconnect, reason: "connection closed by the subscriber")
                }
            } onCancel: {
                let goodbye = FanoutFrame.goodbye(.init(code: .normalClosure, reason: "watch stopped"))
                channel.writeAndFlush(goodbye).whenComplete { _ in channel.close(promise: nil) }
            }
        } catch {
            if Task.isCancelled { return .cancelled }
            return .closed(welcomed: welcomed, policy: .reconnect, reason: "\(host):\(registration.port): \(error)")
        }
    }

    /// Reacts to one frame; returns how the connection ends, or nil to keep reading.
    private func handle(
        _ frame: FanoutFrame, outbound: NIOAsyncChannelOutboundWriter<FanoutFrame>, welcomed: inout Bool,
        session: inout WatchSession
    ) async throws -> ConnectionOutcome? {
        switch frame {
        case .welcome(let welcome):
            welcomed = true
            logger.info("connected to \(welcome.serverID)", metadata: [
                "emostream.recovery": "\(welcome.recovery)", "emostream.replay_count": "\(welcome.replayCount)",
            ])
        case .window(let window):
            if show(window, session: &session) {
                try? await outbound.write(.goodbye(.init(code: .normalClosure, reason: "watch finished")))
                return .finished
            }
        case .ping(let nonce):
            try await outbound.write(.pong(nonce))
        case .pong:
            break
        case .error(let error):
            return .closed(welcomed: welcomed, policy: RefusalPolicy(code: error.code), reason: error.description)
        case .goodbye(let goodbye):
            return .closed(
                welcomed: welcomed, policy: RefusalPolicy(code: goodbye.code), reason: "goodbye: \(goodbye.code): \(goodbye.reason)"
            )
        case .hello:
            return .closed(welcomed: welcomed, policy: .reconnect, reason: "the subscriber sent a HELLO")
        }
        return nil
    }

    /// Prints `window` unless already shown; returns whether the window limit is now reached.
    private func show(_ window: FanoutFrame.Window, session: inout WatchSession) -> Bool {
        switch session.windowReceived(window) {
        case .show:
            output(configuration.format == .json ? renderer.jsonLine(for: window) : renderer.line(for: window))
        case .duplicate:
            logger.debug("skipping already shown window", metadata: ["emostream.room": "\(window.room)", "emostream.seq": "\(window.seq)"])
        case .otherRoom:
            logger.debug("skipping window of another room", metadata: ["emostream.room": "\(window.room)"])
        }
        return session.isFinished
    }
}
