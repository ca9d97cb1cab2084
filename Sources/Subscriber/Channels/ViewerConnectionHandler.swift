import FanoutProtocol
import Foundation
import Logging
import NIOCore

/// Runs one viewer connection: feeds its frames to a `ViewerHandshake` and carries out the actions.
///
/// Transport-neutral: EFP binary frames and WebSocket JSON messages both arrive here as `FanoutFrame`s.
final class ViewerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = FanoutFrame

    private var handshake: ViewerHandshake
    private let fanout: ViewerFanout
    private let statistics: SubscriberStatistics
    private let transport: ViewerTransport
    private let id: Int
    private var logger: Logger
    private var output: ViewerOutput?

    init(
        id: Int, transport: ViewerTransport, verifier: ViewerHandshake.Verifier, fanout: ViewerFanout,
        statistics: SubscriberStatistics, logger: Logger
    ) {
        self.id = id
        self.transport = transport
        self.handshake = ViewerHandshake(verifier: verifier)
        self.fanout = fanout
        self.statistics = statistics
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        output = ViewerOutput(id: id, channel: context.channel, transport: transport, statistics: statistics)
        logger[metadataKey: "emostream.connection"] = "\(id)"
        logger[metadataKey: "emostream.transport"] = "\(transport)"
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = Int64(Date().timeIntervalSince1970)
        run(handshake.frameReceived(unwrapInboundIn(data), now: now), context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? FanoutProtocolError {
            run(handshake.decodingFailed(error), context: context)
        } else {
            logger.debug("Viewer connection failed", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fanout.leave(id)
        context.fireChannelInactive()
    }

    private func run(_ action: ViewerHandshake.Action, context: ChannelHandlerContext) {
        guard let output else { return }
        switch action {
        case .accept(let subscription):
            logger[metadataKey: "emostream.client_id"] = "\(subscription.clientID)"
            logger.debug("Viewer joined", metadata: ["emostream.rooms": "\(subscription.rooms.map(\.room))"])
            fanout.join(output, subscription: subscription)
        case .refuse(let error):
            statistics.handshakeRefused()
            logger.info("Refusing viewer", metadata: ["emostream.error": "\(error)"])
            output.close(with: error)
        case .pong(let nonce):
            output.send(.pong(nonce))
        case .close:
            context.close(promise: nil)
        case .none:
            break
        }
    }
}
