import FanoutProtocol
import FanoutServer
import NIOCore
import NIOPosix

extension ClusterPublisher {
    /// Binds the subscriber port with one EFP pipeline per connection.
    func bind() async throws -> any Channel {
        let keepalive = TimeAmount.milliseconds(Int64(configuration.keepaliveIntervalMs))
        return try await ServerBootstrap.forFanoutPeers(
            backlog: 256, maxQueuedBytesPerPeer: configuration.maxQueuedBytesPerSubscriber,
            socketSendBufferBytes: configuration.socketSendBufferBytes
        )
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
