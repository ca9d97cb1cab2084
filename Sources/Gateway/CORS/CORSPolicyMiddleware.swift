import Hummingbird

/// Cross-origin access to the API for the configured origins, through Hummingbird's `CORSMiddleware`.
///
/// `CORSMiddleware` takes a fixed list of origins only as variadic arguments, so a list read from a flag cannot be
/// handed to it; this middleware checks the origin against the list and lets an allowed request through the
/// reflecting `CORSMiddleware`. A request from any other origin gets no CORS headers (the browser then refuses
/// it), and its answer varies by `Origin` so a shared cache does not hand it to an allowed origin.
struct CORSPolicyMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    static let allowedMethods: [HTTPRequest.Method] = [.get, .head, .post, .options]
    /// `Retry-After` tells a page how long to wait after 429 or 503. Browsers read this list from actual answers,
    /// not from the preflight (where `CORSMiddleware` puts its `exposedHeaders`), so it is added here.
    static let exposedHeaders = "Retry-After"
    /// How long browsers may reuse a preflight answer (Chromium caps it at two hours).
    static let preflightMaxAgeSeconds: Int64 = 600

    private let origins: CORSOrigins
    private let cors: CORSMiddleware<Context>

    init(origins: CORSOrigins) {
        self.origins = origins
        cors = CORSMiddleware(
            allowOrigin: origins == .any ? .all : .originBased,
            // What a page may send: JSON bodies are not a "simple" request, so browsers ask before POSTing them.
            allowHeaders: [.accept, .contentType], allowMethods: Self.allowedMethods, allowCredentials: false,
            maxAge: .seconds(Self.preflightMaxAgeSeconds)
        )
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        if origins.allows(origin) {
            var response = try await cors.handle(request, context: context, next: next)
            if request.method != .options {
                response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
            }
            return response
        }
        var response = try await next(request, context)
        if origins != .any {
            response.headers[values: .vary].append("Origin")
        }
        return response
    }
}
