import KafkaProtocol
import Logging
import NIOCore
import NIOPosix

/// The listening socket: a frame decoder, a frame encoder and a connection handler on every accepted channel.
struct KafkaServer {
    let broker: KafkaBroker
    let configuration: BrokerConfiguration
    let group: any EventLoopGroup
    let logger: Logger

    /// Binds the listening socket and returns the bound channel.
    func bind() async throws -> any Channel {
        let broker = self.broker
        let configuration = self.configuration
        let logger = self.logger
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(KafkaFrameDecoder(maxFrameLength: configuration.maxRequestBytes)),
                        KafkaConnectionHandler(
                            broker: broker,
                            maxInFlight: configuration.maxInFlightRequestsPerConnection,
                            logger: logger
                        ),
                    ])
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
    }
}
