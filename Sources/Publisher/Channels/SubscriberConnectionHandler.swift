import FanoutProtocol
import Logging
import NIOCore

/// Runs one subscriber connection: feeds its frames to a `SubscriberHandshake` and carries out the actions.
final class SubscriberConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = FanoutFrame

    private var handshake = SubscriberHandshake()
    private let fanout: SubscriberFanout
    private let statistics: PublisherStatistics
    private let id: Int
    private var logger: Logger
    private var output: SubscriberOutput?

    init(id: Int, fanout: SubscriberFanout, statistics: PublisherStatistics, logger: Logger) {
        self.id = id
        self.fanout = fanout
        self.statistics = statistics
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        output = SubscriberOutput(id: id, channel: context.channel, statistics: statistics)
        logger[metadataKey: "emostream.connection"] = "\(id)"
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        run(handshake.frameReceived(unwrapInboundIn(data)), context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? FanoutProtocolError {
            run(handshake.decodingFailed(error), context: context)
        } else {
            logger.debug("Subscriber connection failed", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fanout.leave(id)
        logger.debug("Subscriber connection closed")
        context.fireChannelInactive()
    }

    private func run(_ action: SubscriberHandshake.Action, context: ChannelHandlerContext) {
        guard let output else { return }
        switch action {
        case .accept(let clientID, let rooms):
            logger[metadataKey: "emostream.client_id"] = "\(clientID)"
            logger.info("Subscriber joined", metadata: ["emostream.rooms": "\(rooms.map { "\($0.room)@\($0.lastSeq)" })"])
            fanout.join(output, rooms: rooms)
        case .refuse(let error):
            logger.info("Refusing connection", metadata: ["emostream.error": "\(error)"])
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
