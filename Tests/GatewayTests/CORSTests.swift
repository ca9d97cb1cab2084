import Foundation
@testable import Gateway
import Hummingbird
import HummingbirdTesting
import ServiceTestSupport
import Testing

/// CORS on the REST API: preflights answered, headers on answers (errors included), origins as configured.
@Suite("CORS")
struct CORSTests {
    static let elsewhere = "https://elsewhere.example"
    static let preflight: HTTPFields = [
        .origin: elsewhere, .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "content-type",
    ]

    @Test func everyOriginByDefault() async throws {
        try await RunningBroker.with { bootstrap in
            try await withGateway(bootstrap) { client, gateway in
                #expect(gateway.configuration.corsOrigins == .any)
                for path in ["/emoji", "/emojis", "/register_client", "/deregister_client", "/list_clients", "/"] {
                    let answer = try await client.fetch(path, method: .options, headers: Self.preflight)
                    #expect(answer.status == .noContent, "\(path)")
                    #expect(answer.headers[.accessControlAllowOrigin] == "*", "\(path)")
                    #expect(answer.headers[.accessControlAllowMethods]?.contains("POST") == true, "\(path)")
                    #expect(answer.headers[.accessControlAllowHeaders]?.lowercased().contains("content-type") == true)
                    #expect(answer.headers[.accessControlMaxAge] == "600")
                }

                let root = try await client.fetch("/", headers: [.origin: Self.elsewhere])
                #expect(root.status == .ok)
                #expect(root.headers[.accessControlAllowOrigin] == "*")
                #expect(root.headers[.accessControlExposeHeaders] == "Retry-After")

                // Errors carry the headers too, or a page could not read why it was refused.
                let refused = try await client.execute(
                    uri: "/register_client", method: .post,
                    headers: [.origin: Self.elsewhere, .contentType: "application/json"], body: ByteBuffer(string: "{}")
                ) { $0 }
                #expect(refused.status == .badRequest)
                #expect(refused.headers[.accessControlAllowOrigin] == "*")
                #expect(try decodeJSON(refused.body) == json(#"{"error": "client_id is required"}"#))

                // A page opened from a file has the origin "null"; `*` covers it.
                let file = try await client.fetch("/", headers: [.origin: "null"])
                #expect(file.headers[.accessControlAllowOrigin] == "*")

                // Same-origin and non-browser requests carry no Origin and get no CORS headers.
                let plain = try await client.fetch("/")
                #expect(plain.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }

    @Test func onlyTheListedOrigins() async throws {
        let allowed = "http://localhost:8080"
        try await RunningBroker.with { bootstrap in
            try await withGateway(bootstrap, configure: { $0.corsOrigins = .only([allowed, Self.elsewhere]) }) { client, _ in
                let preflight = try await client.fetch(
                    "/emoji", method: .options,
                    headers: [.origin: allowed, .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "content-type"]
                )
                #expect(preflight.status == .noContent)
                #expect(preflight.headers[.accessControlAllowOrigin] == allowed)
                #expect(preflight.headers[values: .vary].contains("Origin"))

                let answer = try await client.fetch("/", headers: [.origin: Self.elsewhere])
                #expect(answer.headers[.accessControlAllowOrigin] == Self.elsewhere)
                #expect(answer.headers[values: .vary].contains("Origin"))

                let stranger = "https://stranger.example"
                let refusedPreflight = try await client.fetch(
                    "/emoji", method: .options,
                    headers: [.origin: stranger, .accessControlRequestMethod: "POST"]
                )
                #expect(refusedPreflight.status != .noContent)
                #expect(refusedPreflight.headers[.accessControlAllowOrigin] == nil)
                let strangerAnswer = try await client.fetch("/", headers: [.origin: stranger])
                #expect(strangerAnswer.status == .ok)
                #expect(strangerAnswer.headers[.accessControlAllowOrigin] == nil)
                #expect(strangerAnswer.headers[values: .vary].contains("Origin"))
            }
        }
    }

    @Test func noneTurnsCORSOff() async throws {
        try await RunningBroker.with { bootstrap in
            try await withGateway(bootstrap, configure: { $0.corsOrigins = .none }) { client, _ in
                let preflight = try await client.fetch("/emoji", method: .options, headers: Self.preflight)
                #expect(preflight.status != .noContent)
                #expect(preflight.headers[.accessControlAllowOrigin] == nil)
                let answer = try await client.fetch("/", headers: [.origin: Self.elsewhere])
                #expect(answer.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }

    @Test(arguments: [
        ("*", CORSOrigins.any), ("", .none), ("none", .none), (" , ", .none),
        ("https://a.example", .only(["https://a.example"])),
        ("https://a.example, http://localhost:5173", .only(["https://a.example", "http://localhost:5173"])),
        ("http://[::1]:8080", .only(["http://[::1]:8080"])),
    ])
    func parsesTheFlag(text: String, expected: CORSOrigins) throws {
        #expect(try CORSOrigins(parsing: text) == expected)
    }

    @Test(arguments: ["https://a.example/", "a.example", "https://a.example/path", "://a.example", "https://", "*, https://a.example"])
    func refusesWhatIsNotAnOrigin(text: String) {
        #expect(throws: CORSOriginsError.self) { try CORSOrigins(parsing: text) }
    }
}
