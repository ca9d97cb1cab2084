@testable import Gateway
import Hummingbird
import HummingbirdTesting
import ServiceTestSupport
import Testing

/// A request the API must refuse, and how.
struct BadInput: Sendable, CustomTestStringConvertible {
    var uri: String
    var body: String
    var contentType = "application/json"
    var status: HTTPResponse.Status
    /// The exact error message, when the test pins it.
    var error: String?

    var testDescription: String { "\(uri) \(body.prefix(40)) → \(status.code)" }
}

@Suite("Bad input")
struct BadInputTests {
    static let oversized = #"{"emoji_type": "😊", "user_id": ""# + String(repeating: "x", count: 70_000) + #""}"#

    static let cases: [BadInput] = [
        BadInput(uri: "/emoji", body: #"{"emoji_type": ""}"#, status: .badRequest, error: "emoji_type is required"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": null}"#, status: .badRequest, error: "emoji_type is required"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": "smile"}"#, status: .badRequest, error: "emoji_type must be exactly one emoji"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": "😊😊"}"#, status: .badRequest, error: "emoji_type must be exactly one emoji"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": "7"}"#, status: .badRequest, error: "emoji_type must be exactly one emoji"),
        BadInput(uri: "/emoji", body: "not json", status: .badRequest, error: "Request body is not valid JSON"),
        BadInput(uri: "/emoji", body: "", status: .badRequest, error: "Request body must be JSON"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": "😊"}"#, contentType: "text/plain", status: .unsupportedMediaType,
                 error: "Content-Type must be application/json"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": "😊"}"#, contentType: "application/x-www-form-urlencoded",
                 status: .unsupportedMediaType),
        BadInput(uri: "/emoji", body: oversized, status: .contentTooLarge, error: "Request body is larger than 65536 bytes"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": 5}"#, status: .badRequest, error: "emoji_type must be a string, not number"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": ["😊"]}"#, status: .badRequest, error: "emoji_type must be a string, not array"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": "😊", "timestamp": 12}"#, status: .badRequest,
                 error: "timestamp must be a string, not number"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": "😊", "timestamp": "yesterday"}"#, status: .badRequest,
                 error: "timestamp must be an ISO-8601 date-time"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": "😊", "user_id": "\#(String(repeating: "u", count: 65))"}"#,
                 status: .badRequest, error: "user_id must be at most 64 characters"),
        // One grapheme, 65 code points: lengths are counted as JSON Schema counts them, in code points.
        BadInput(uri: "/emoji", body: #"{"emoji_type": "😊", "user_id": "e\#(String(repeating: "\u{301}", count: 64))"}"#,
                 status: .badRequest, error: "user_id must be at most 64 characters"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": "😊", "user_id": true}"#, status: .badRequest,
                 error: "user_id must be a string, not boolean"),
        BadInput(uri: "/emoji", body: #"{"emoji_type": "😊", "room": "main room"}"#, status: .badRequest),
        BadInput(uri: "/emoji", body: #"{"emoji_type": "😊", "mood": "happy"}"#, status: .badRequest, error: "Unknown field: mood"),
        BadInput(uri: "/emoji", body: #"["😊"]"#, status: .badRequest, error: "Request body must be a JSON object, not array"),
        BadInput(uri: "/emojis", body: #"{"emoji_type": "😊"}"#, status: .badRequest,
                 error: "Request body must be a JSON array of emoji objects"),
        BadInput(uri: "/emojis", body: "[]", status: .badRequest, error: "The array must hold at least one emoji"),
        BadInput(uri: "/emojis", body: #"[{"emoji_type": "😊"}, {"emoji_type": "x"}]"#, status: .badRequest,
                 error: "emojis[1]: emoji_type must be exactly one emoji"),
        BadInput(uri: "/emojis", body: "[" + Array(repeating: #"{"emoji_type": "😊"}"#, count: 101).joined(separator: ",") + "]",
                 status: .badRequest, error: "The array may hold at most 100 emoji"),
        BadInput(uri: "/register_client", body: #"{"client_id": ""}"#, status: .badRequest, error: "client_id is required"),
        BadInput(uri: "/register_client", body: #"{"client_id": 42}"#, status: .badRequest,
                 error: "client_id must be a string, not number"),
        BadInput(uri: "/register_client", body: #"{"client_id": "a", "room": "x"}"#, status: .badRequest,
                 error: "Unknown field: room"),
        BadInput(uri: "/register_client", body: "[1]", status: .badRequest),
        BadInput(uri: "/register_client", body: #"{"client_id": "a"}"#, contentType: "text/plain",
                 status: .unsupportedMediaType),
        BadInput(uri: "/deregister_client", body: #"{"client_id": null}"#, status: .badRequest, error: "client_id is required"),
        BadInput(uri: "/deregister_client", body: "{", status: .badRequest, error: "Request body is not valid JSON"),
        BadInput(uri: "/no_such_route", body: "{}", status: .notFound),
    ]

    /// Validation answers before the broker is involved, so an unreachable broker is enough here.
    @Test(arguments: cases)
    func isRefusedWithTheDocumentedStatusAndAnError(_ input: BadInput) async throws {
        try await withGateway("127.0.0.1:1") { client, _ in
            let answer = try await client.post(input.uri, json: input.body, contentType: input.contentType)
            #expect(answer.status == input.status)
            let message = try #require(answer.body?["error"]?.stringValue)
            if let error = input.error { #expect(message == error) }
            #expect(answer.body.map { $0.removing("error") } == json("{}"))
        }
    }

    @Test func aUserOverTheRateLimitGets429WithRetryAfter() async throws {
        try await RunningBroker.with { bootstrap in
            try await withGateway(bootstrap, configure: {
                $0.rateLimitBurst = 2
                $0.rateLimitPerSecond = 0.01
            }) { client, _ in
                let body = #"{"emoji_type": "🔥", "user_id": "eager"}"#
                #expect(try await client.post("/emoji", json: body).status == .ok)
                #expect(try await client.post("/emoji", json: body).status == .ok)
                let limited = try await client.post("/emoji", json: body)
                #expect(limited.status == .tooManyRequests)
                #expect(limited.body == json(#"{"error": "Rate limit exceeded"}"#))
                #expect(limited.headers[.retryAfter].flatMap(Int.init).map { $0 >= 1 } == true)
                // Another user has a bucket of their own.
                #expect(try await client.post("/emoji", json: #"{"emoji_type": "🔥", "user_id": "calm"}"#).status == .ok)
            }
        }
    }
}
