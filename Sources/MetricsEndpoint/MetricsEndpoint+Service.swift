import Logging
import ServiceLifecycle

extension MetricsEndpoint {
    /// Runs a service with its metrics endpoint beside it in one `ServiceGroup`, until SIGTERM or SIGINT.
    ///
    /// `MetricsSystem` is bootstrapped before `makeService` runs, so the metrics the service creates land in the
    /// registry the endpoint serves. The endpoint is listed first so it stops last: the final numbers stay
    /// scrapeable while the service drains.
    /// - Parameters:
    ///   - beforeScrape: runs before each render with the service, to refresh gauges that are read, not recorded.
    ///   - isHealthy: `/health` answers 200 while it returns true for the service, else 503.
    public static func run<Served: Service>(
        _ configuration: MetricsEndpointConfiguration,
        beside makeService: () throws -> Served,
        logger: Logger,
        beforeScrape: @escaping @Sendable (Served) -> Void = { _ in },
        isHealthy: @escaping @Sendable (Served) -> Bool = { _ in true }
    ) async throws {
        let registry = MetricsBootstrap.bootstrap()
        let service = try makeService()
        let endpoint = MetricsEndpoint(
            configuration: configuration, registry: registry, logger: logger,
            beforeScrape: { beforeScrape(service) }, isHealthy: { isHealthy(service) }
        )
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: endpoint), .init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
