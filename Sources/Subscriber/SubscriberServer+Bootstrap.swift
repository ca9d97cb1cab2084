import FanoutProtocol
import FanoutServer
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

extension SubscriberServer {
    /// The path WebSocket viewers upgrade at.
    static let webSocketPath = "/ws"
    private static let healthHandlerName = "emostream.health"

    /// Binds the viewer port; each connection starts with a protocol sniffer that installs the EFP or HTTP pipeline.
    func bind() async throws -> any Channel {
        let keepalive = TimeAmount.milliseconds(Int64(configuration.keepaliveIntervalMs))
        return try await ServerBootstrap.forFanoutPeers(
            backlog: 1024, maxQueuedBytesPerPeer: configuration.maxQueuedBytesPerViewer,
            socketSendBufferBytes: configuration.viewerSocketSendBufferBytes
        )
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let sniffer = ProtocolSniffingHandler { [self] detected, context in
                        switch detected {
                        case .efp: try addEFPHandlers(to: context.pipeline, after: context.handler)
                        case .http: try addHTTPHandlers(to: context.pipeline, after: context.handler)
                        }
                    }
                    try channel.pipeline.syncOperations.addHandlers([IdleStateHandler(readTimeout: keepalive), sniffer])
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
    }

    private func addEFPHandlers(to pipeline: ChannelPipeline, after sniffer: any ChannelHandler) throws {
        try pipeline.syncOperations.addHandlers(
            [
                ByteToMessageHandler(FanoutFrameDecoder(maxFrameLength: configuration.maxInboundFrameBytes)),
                KeepaliveHandler(),
                makeConnectionHandler(transport: .efp),
            ],
            position: .after(sniffer)
        )
    }

    private func addHTTPHandlers(to pipeline: ChannelPipeline, after sniffer: any ChannelHandler) throws {
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: configuration.maxInboundFrameBytes,
            shouldUpgrade: { channel, head in
                let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
                return channel.eventLoop.makeSucceededFuture(path == Self.webSocketPath ? HTTPHeaders() : nil)
            },
            upgradePipelineHandler: { [self] channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        NIOWebSocketFrameAggregator(
                            minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 16,
                            maxAccumulatedFrameSize: configuration.maxInboundFrameBytes
                        ),
                        KeepaliveHandler.webSocket(),
                        WebSocketMessageHandler(),
                        makeConnectionHandler(transport: .webSocket),
                    ])
                }
            }
        )
        let statistics = self.statistics
        let settings = configuration
        let health = HealthHandler {
            [
                "status": "healthy", "service": "EmoStream subscriber", "cluster_id": settings.cluster,
                "subscriber_id": settings.subscriber, "clients": statistics.connectedViewers,
                "windows_received": statistics.windowsReceived,
            ]
        }
        try pipeline.syncOperations.addHandler(health, name: Self.healthHandlerName, position: .after(sniffer))
        try pipeline.syncOperations.configureHTTPServerPipeline(
            position: .after(sniffer),
            withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
                context.pipeline.removeHandler(name: Self.healthHandlerName, promise: nil)
            })
        )
    }

    private func makeConnectionHandler(transport: ViewerTransport) -> ViewerConnectionHandler {
        ViewerConnectionHandler(
            id: nextViewerIDValue(), transport: transport, verifier: verifier, fanout: fanout,
            statistics: statistics, logger: logger
        )
    }
}
