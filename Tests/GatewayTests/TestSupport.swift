import Foundation
@testable import Gateway
import Hummingbird
import HummingbirdTesting
import KafkaClient
import Logging
import ServiceTestSupport
import Testing

/// A gateway configuration for tests: fast timeouts, a short subscriber TTL, rate limits out of the way.
func testConfiguration(_ bootstrap: String) -> GatewayConfiguration {
    var configuration = GatewayConfiguration(secret: "test-secret")
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.brokers = [bootstrap]
    configuration.subscriberTTLMilliseconds = 4_000
    configuration.produceTimeoutMilliseconds = 3_000
    configuration.brokerCheckIntervalMilliseconds = 300
    configuration.rateLimitPerSecond = 10_000
    configuration.rateLimitBurst = 10_000
    return configuration
}

/// Runs a gateway against `bootstrap` and hands `body` a client for its router.
func withGateway<Result: Sendable>(
    _ bootstrap: String, configure: (inout GatewayConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (any TestClientProtocol, Gateway) async throws -> Result
) async throws -> Result {
    var configuration = testConfiguration(bootstrap)
    configure(&configuration)
    let gateway = try Gateway(configuration: configuration, logger: .quiet)
    return try await gateway.makeApplication().test(.router) { client in try await body(client, gateway) }
}

extension TestClientProtocol {
    /// Sends a JSON body (as text, so tests can send exactly what a client would).
    func post(
        _ uri: String, json: String, contentType: String = "application/json"
    ) async throws -> (status: HTTPResponse.Status, body: JSONValue?, headers: HTTPFields) {
        try await execute(
            uri: uri, method: .post, headers: [.contentType: contentType], body: ByteBuffer(string: json)
        ) { response in
            (response.status, try? decodeJSON(response.body), response.headers)
        }
    }

    func get(_ uri: String) async throws -> (status: HTTPResponse.Status, body: JSONValue?) {
        try await execute(uri: uri, method: .get) { response in (response.status, try? decodeJSON(response.body)) }
    }

    /// Waits until the registry is loaded and exactly `subscribers` subscribers are alive.
    func waitUntilReady(liveSubscribers subscribers: Int) async throws {
        try await eventually("gateway ready with \(subscribers) live subscribers") {
            let health = try await get("/health")
            return health.body?["registry_loaded"] == .bool(true)
                && health.body?["live_subscribers"] == .number(Double(subscribers))
        }
    }
}

func decodeJSON(_ buffer: ByteBuffer) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
}

/// Parses JSON text written in a test, so expectations read like the API's documentation.
func json(_ text: String) -> JSONValue {
    try! JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[key]
    }

    var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    var intValue: Int? {
        guard case .number(let value) = self else { return nil }
        return Int(value)
    }

    /// The object without `keys`, to compare answers whose other fields vary (tokens, times).
    func removing(_ keys: String...) -> JSONValue {
        guard case .object(var fields) = self else { return self }
        for key in keys { fields[key] = nil }
        return .object(fields)
    }
}
