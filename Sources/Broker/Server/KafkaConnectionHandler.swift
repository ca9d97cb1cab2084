import KafkaProtocol
import Logging
import NIOCore

/// Runs one client connection: hands each request frame to the broker and writes the answers back in request order.
///
/// Requests are *processed* one after another (a connection's produce requests are appended in the order sent),
/// but a request does not wait for the previous one's *answer*: a produce waiting for its fsync or a fetch in its
/// long poll lets the next requests proceed, and only the writing of answers is kept in order, as Kafka requires.
final class KafkaConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let broker: KafkaBroker
    private let maxInFlight: Int
    private var logger: Logger
    /// Completes when the previous request's synchronous part (e.g. the append) is done.
    private var processing: EventLoopFuture<Void>?
    /// Completes when the previous request's answer has been written.
    private var answering: EventLoopFuture<Void>?
    private var clientHost = "unknown"
    private var inFlight = 0
    private var closing = false

    init(broker: KafkaBroker, maxInFlight: Int, logger: Logger) {
        self.broker = broker
        self.maxInFlight = maxInFlight
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        clientHost = context.remoteAddress?.ipAddress ?? "unknown"
        logger[metadataKey: "net.peer"] = "\(clientHost)"
        processing = context.eventLoop.makeSucceededVoidFuture()
        answering = context.eventLoop.makeSucceededVoidFuture()
        logger.debug("Connection opened")
        broker.metrics.connectionOpened()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing, let processing, let answering else { return }
        let frame = unwrapInboundIn(data)
        let eventLoop = context.eventLoop
        let broker = self.broker
        let clientHost = self.clientHost

        inFlight += 1
        if inFlight >= maxInFlight {
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        }

        let processed = processing.flatMap { broker.process(frame: frame, clientHost: clientHost, on: eventLoop) }
        self.processing = processed.map { _ in () }.recover { _ in () }

        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: eventLoop)
        self.answering = answering.flatMap { processed.flatMap { $0 } }.map { answer in
            let (handler, context) = loopBound.value
            if let bytes = answer.bytes {
                context.writeAndFlush(handler.wrapOutboundOut(bytes), promise: nil)
            }
            if answer.closeAfterwards {
                handler.closing = true
                context.close(promise: nil)
            }
            handler.requestFinished(context: context)
        }.flatMapErrorThrowing { error in
            let (handler, context) = loopBound.value
            handler.close(context: context, because: error)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        close(context: context, because: error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        logger.debug("Connection closed")
        broker.metrics.connectionClosed()
        closing = true
        context.fireChannelInactive()
    }

    private func requestFinished(context: ChannelHandlerContext) {
        inFlight -= 1
        if inFlight == maxInFlight - 1 {
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
        }
    }

    /// A peer that sends something we cannot parse loses its connection, never the broker.
    private func close(context: ChannelHandlerContext, because error: any Error) {
        guard !closing else { return }
        closing = true
        logger.notice("Closing connection after a bad request", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
