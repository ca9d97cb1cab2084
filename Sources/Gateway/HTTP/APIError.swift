import Hummingbird

/// A failure the gateway answers with `{"error": message}` and a specific status.
///
/// Every error the API documents is built through one of the static members, so the set of statuses the
/// gateway can answer with is visible in one place (and in `proto-docs/openapi.yaml`).
struct APIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, which fixes the HTTP status.
    struct Code: Sendable, Hashable {
        private enum Base: Sendable, Hashable {
            case badRequest, notFound, payloadTooLarge, unsupportedMediaType, tooManyRequests
            case serviceUnavailable
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        static let badRequest = Code(.badRequest)
        static let notFound = Code(.notFound)
        static let payloadTooLarge = Code(.payloadTooLarge)
        static let unsupportedMediaType = Code(.unsupportedMediaType)
        static let tooManyRequests = Code(.tooManyRequests)
        static let serviceUnavailable = Code(.serviceUnavailable)

        var status: HTTPResponse.Status {
            switch base {
            case .badRequest: .badRequest
            case .notFound: .notFound
            case .payloadTooLarge: .contentTooLarge
            case .unsupportedMediaType: .unsupportedMediaType
            case .tooManyRequests: .tooManyRequests
            case .serviceUnavailable: .serviceUnavailable
            }
        }
    }

    let code: Code
    /// The sentence sent to the client as `error`.
    let message: String
    /// Seconds the client should wait before retrying (sent as `Retry-After`), for 429 and some 503 answers.
    var retryAfterSeconds: Int?

    var status: HTTPResponse.Status { code.status }
    var description: String { "\(status.code) \(message)" }

    static func badRequest(_ message: String) -> APIError { APIError(code: .badRequest, message: message) }
    static func notFound(_ message: String) -> APIError { APIError(code: .notFound, message: message) }
    static func payloadTooLarge(limit: Int) -> APIError {
        APIError(code: .payloadTooLarge, message: "Request body is larger than \(limit) bytes")
    }
    static let unsupportedMediaType = APIError(
        code: .unsupportedMediaType, message: "Content-Type must be application/json"
    )
    static func tooManyRequests(retryAfterSeconds: Int) -> APIError {
        APIError(code: .tooManyRequests, message: "Rate limit exceeded", retryAfterSeconds: retryAfterSeconds)
    }
    static func unavailable(_ message: String, retryAfterSeconds: Int? = 1) -> APIError {
        APIError(code: .serviceUnavailable, message: message, retryAfterSeconds: retryAfterSeconds)
    }
    static let clientNotFound = APIError.notFound("Client not found")
    static let noSubscriber = APIError.unavailable("No subscriber available", retryAfterSeconds: 2)
    static let registryLoading = APIError.unavailable("Client registry is still loading from the broker")
}
