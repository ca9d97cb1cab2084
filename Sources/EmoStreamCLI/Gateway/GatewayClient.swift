import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The gateway's REST API as the CLI uses it.
///
/// Every call returns the raw answer (status and body) or throws `CLIError.unreachable` when there was none;
/// deciding what a status means is left to the caller, because `send` counts failures while `register` stops.
public struct GatewayClient: Sendable {
    /// The gateway's base URL, without a trailing slash.
    public let baseURL: String
    private let session: URLSession

    /// - Parameter maxConnections: how many requests may be in flight to the gateway at once.
    public init(baseURL: String, maxConnections: Int = 8, timeout: TimeInterval = 10) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maxConnections
        configuration.timeoutIntervalForRequest = timeout
        self.session = URLSession(configuration: configuration)
    }

    /// The host part of the base URL, used when a subscriber advertises an unroutable address.
    public var host: String? {
        URL(string: baseURL)?.host
    }

    /// Lets in-flight requests finish and releases the connections; the client cannot be used afterwards.
    public func close() {
        session.finishTasksAndInvalidate()
    }

    /// `GET path`.
    public func get(_ path: String) async throws -> GatewayAnswer {
        try await send(method: "GET", path: path, body: nil)
    }

    /// `POST path` with a JSON body.
    public func post(_ path: String, json: Any) async throws -> GatewayAnswer {
        let body = try JSONSerialization.data(withJSONObject: json, options: [.withoutEscapingSlashes])
        return try await send(method: "POST", path: path, body: body)
    }

    /// `POST /register_client`; "already registered" is a success and carries the same assignment.
    public func register(clientID: String) async throws -> Registration {
        let answer = try await post("/register_client", json: ["client_id": clientID])
        return try Registration(answer: try answer.requireSuccess())
    }

    private func send(method: String, path: String, body: Data?) async throws -> GatewayAnswer {
        guard let url = URL(string: baseURL + path) else {
            throw CLIError.unreachable(url: baseURL + path, reason: "not a valid URL")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw CLIError.unreachable(url: url.absoluteString, reason: error.localizedDescription)
        }
        guard let http = response as? HTTPURLResponse else {
            throw CLIError.unreachable(url: url.absoluteString, reason: "not an HTTP answer")
        }
        return GatewayAnswer(status: http.statusCode, body: data)
    }
}
