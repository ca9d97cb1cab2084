import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import ServiceLifecycle
import Synchronization

/// A small HTTP/1 server for one service: `GET /metrics` (Prometheus text format) and `GET /health`.
///
/// Run it in the service's `ServiceGroup`, listed first so it stops last and the final numbers stay
/// scrapeable while the rest drains. A port it cannot bind is logged as an error and the service keeps running
/// without metrics: a busy scrape port must never take the broker or a subscriber down.
public final class MetricsEndpoint: Service, Sendable {
    let configuration: MetricsEndpointConfiguration
    private let router: MetricsRequestRouter
    private let logger: Logger
    private let group: any EventLoopGroup
    private let boundPort = Mutex<Int?>(nil)

    /// - Parameters:
    ///   - registry: what `/metrics` renders, usually ``MetricsBootstrap/bootstrap()``'s.
    ///   - beforeScrape: runs before each render, to refresh gauges that are read rather than recorded
    ///     (log end offsets, group counts).
    ///   - isHealthy: `/health` answers 200 while it returns true, else 503.
    public init(
        configuration: MetricsEndpointConfiguration,
        registry: PrometheusCollectorRegistry,
        logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        beforeScrape: @escaping @Sendable () -> Void = {},
        isHealthy: @escaping @Sendable () -> Bool = { true }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.group = group
        self.router = MetricsRequestRouter(
            service: configuration.service,
            render: {
                beforeScrape()
                return registry.emitToBuffer()
            },
            isHealthy: isHealthy
        )
    }

    /// The port `/metrics` is served on, once `run()` has bound it.
    public var listeningPort: Int? {
        boundPort.withLock { $0 }
    }

    /// Serves until graceful shutdown.
    public func run() async throws {
        let channel: any Channel
        do {
            channel = try await bind()
        } catch {
            logger.error("Metrics endpoint could not listen; running without /metrics", metadata: [
                "net.host": "\(configuration.host)", "net.port": "\(configuration.port)", "error": "\(error)",
            ])
            // Returning now would end the whole service group; wait for its shutdown instead.
            try await gracefulShutdown()
            return
        }
        let port = channel.localAddress?.port ?? configuration.port
        boundPort.withLock { $0 = port }
        logger.info("Metrics at http://\(configuration.host):\(port)/metrics", metadata: ["net.port": "\(port)"])
        try await withGracefulShutdownHandler {
            try await channel.closeFuture.get()
        } onGracefulShutdown: {
            channel.close(promise: nil)
        }
    }

    private func bind() async throws -> any Channel {
        let router = self.router
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(router: router))
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
    }
}
