import Hummingbird
import Logging
import MetricsEndpoint

/// The HTTP API. Handlers only read the request, call the state and Kafka types, and shape the answer.
struct GatewayRoutes: Sendable {
    let configuration: GatewayConfiguration
    let publisher: EmojiPublisher
    let registry: ClientRegistryStore
    let liveness: SubscriberLiveness
    let limiter: RateLimiter
    let health: BrokerHealth
    let metrics: GatewayMetrics
    let bodyReader: RequestBodyReader
    let livePage: LivePage

    /// The original API's answer to `GET /`, encoded once.
    private static let rootAnswer = JSONResponse.encodeOnce(["status": "healthy", "service": "EmoStream API"])

    func makeRouter() -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self, options: .autoGenerateHeadEndpoints)
        // Outermost, so preflights are answered before routing and every answer, errors included, carries the headers.
        if configuration.corsOrigins != .none {
            router.add(middleware: CORSPolicyMiddleware(origins: configuration.corsOrigins))
        }
        router.add(middleware: ErrorAndMetricsMiddleware(metrics: metrics))
        router.get("/") { _, _ in JSONResponse.make(encoded: Self.rootAnswer) }
        router.post("/emoji") { request, context in try await postEmoji(request, context: context) }
        router.post("/emojis") { request, context in try await postEmojis(request, context: context) }
        router.post("/register_client") { request, _ in try await registerClient(request) }
        router.get("/list_clients") { _, _ in try listClients() }
        router.post("/deregister_client") { request, _ in try await deregisterClient(request) }
        router.get("/health") { _, _ in healthAnswer() }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: PrometheusExposition.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render()))
            )
        }
        addLiveRoutes(to: router)
        return router
    }
}
