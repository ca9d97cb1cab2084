import FanoutProtocol
import FanoutServer
import NIOCore
import NIOPosix

extension ClusterPublisher {
    /// Binds the subscriber port with one EFP pipeline per connection.
    func bind() async throws -> any Channel {
        let keepalive = TimeAmount.milliseconds(Int64(configuration.keepaliveIntervalMs))
        let highWatermark = max(configuration.maxQueuedBytesPerSubscriber, 2)
        var bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: highWatermark / 2, high: highWatermark))
        if let sendBuffer = configuration.socketSendBufferBytes {
            bootstrap = bootstrap.childChannelOption(.socketOption(.so_sndbuf), value: .init(sendBuffer))
        }
        return try await bootstrap
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: keepalive),
                        ByteToMessageHandler(FanoutFrameDecoder(maxFrameLength: configuration.maxInboundFrameBytes)),
                        KeepaliveHandler(),
                        SubscriberConnectionHandler(
                            id: nextConnectionIDValue(), fanout: fanout, statistics: statistics, logger: logger
                        ),
                    ])
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
    }
}
