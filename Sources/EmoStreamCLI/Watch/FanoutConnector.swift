import FanoutProtocol
import NIOCore
import NIOPosix

/// Dials a subscriber and frames the connection as EFP.
enum FanoutConnector {
    typealias Connection = NIOAsyncChannel<FanoutFrame, FanoutFrame>

    /// A connected channel with the EFP decoder, encoder and silence watchdog installed.
    static func connect(
        host: String, port: Int, connectTimeout: TimeAmount = .seconds(5), handshakeTimeout: TimeAmount,
        onSilence: @escaping @Sendable (TimeAmount) -> Void
    ) async throws -> Connection {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handlers: [any ChannelHandler] = [
                        ByteToMessageHandler(FanoutFrameDecoder()),
                        MessageToByteHandler(FanoutFrameEncoder()),
                        SilenceWatchdog(handshakeTimeout: handshakeTimeout, onSilence: onSilence),
                    ]
                    try channel.pipeline.syncOperations.addHandlers(handlers)
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
    }
}
