import EmoStreamCore
@testable import Gateway
import Hummingbird
import HummingbirdTesting
import ServiceTestSupport
import Testing

/// Every example of the original EmoStream API, answered exactly as the seed documented it.
@Suite("Original API")
struct OriginalAPITests {
    @Test func everyExampleOfTheOriginalAPI() async throws {
        try await RunningBroker.with { bootstrap in
            let pump = try HeartbeatPump(bootstrap: bootstrap, subscribers: [SubscriberID(cluster: 1, subscriber: 2)])
            try await pump.run {
                try await withGateway(bootstrap) { client, _ in
                    try await client.waitUntilReady(liveSubscribers: 1)

                    let root = try await client.get("/")
                    #expect(root.status == .ok)
                    #expect(root.body == json(#"{"status": "healthy", "service": "EmoStream API"}"#))

                    let emoji = try await client.post("/emoji", json: #"{"emoji_type": "😊", "timestamp": "2025-08-13T20:45:00Z"}"#)
                    #expect(emoji.status == .ok)
                    #expect(emoji.body == json(#"{"message": "Emoji sent successfully"}"#))

                    let registered = try await client.post("/register_client", json: #"{"client_id": "my_first_client"}"#)
                    #expect(registered.status == .ok)
                    #expect(registered.body?["message"] == .string("Client my_first_client successfully registered."))
                    let assigned = try #require(registered.body?["assigned_subscriber"])
                    #expect(assigned.removing("token", "token_expires_at") == json("""
                        {"cluster_id": 1, "subscriber_id": 2, "port": 6005,
                         "host": "127.0.0.1", "ws_url": "ws://127.0.0.1:6005/ws"}
                        """))
                    let token = try #require(assigned["token"]?.stringValue)
                    let verified = try ClientToken.verify(
                        token, clientID: "my_first_client", clusterID: 1, subscriberID: 2, secret: "test-secret",
                        now: WallClock.nowMilliseconds() / 1000
                    )
                    #expect(assigned["token_expires_at"]?.stringValue == WallClock.iso8601(milliseconds: verified.expiresAt * 1000))

                    let again = try await client.post("/register_client", json: #"{"client_id": "my_first_client"}"#)
                    #expect(again.status == .ok)
                    #expect(again.body?["message"] == .string("Client my_first_client is already registered."))
                    #expect(again.body?["assigned_subscriber"]?.removing("token", "token_expires_at")
                        == assigned.removing("token", "token_expires_at"))

                    let list = try await client.get("/list_clients")
                    #expect(list.status == .ok)
                    #expect(list.body?["my_first_client"]?.removing("registered_at") == json("""
                        {"client_id": "my_first_client", "cluster_id": 1, "subscriber_id": 2, "port": 6005,
                         "host": "127.0.0.1", "ws_url": "ws://127.0.0.1:6005/ws"}
                        """))
                    #expect(list.body?["my_first_client"]?["token"] == nil)

                    let gone = try await client.post("/deregister_client", json: #"{"client_id": "my_first_client"}"#)
                    #expect(gone.status == .ok)
                    #expect(gone.body == json(#"{"message": "Client my_first_client deregistered successfully"}"#))
                    #expect(try await client.get("/list_clients").body == json("{}"))

                    let unknown = try await client.post("/deregister_client", json: #"{"client_id": "my_first_client"}"#)
                    #expect(unknown.status == .notFound)
                    #expect(unknown.body == json(#"{"error": "Client not found"}"#))

                    let missing = try await client.post("/register_client", json: "{}")
                    #expect(missing.status == .badRequest)
                    #expect(missing.body == json(#"{"error": "client_id is required"}"#))
                    let missingOnDeregister = try await client.post("/deregister_client", json: "{}")
                    #expect(missingOnDeregister.body == json(#"{"error": "client_id is required"}"#))

                    let noEmoji = try await client.post("/emoji", json: #"{"timestamp": "2025-08-13T20:45:00Z"}"#)
                    #expect(noEmoji.status == .badRequest)
                    #expect(noEmoji.body == json(#"{"error": "emoji_type is required"}"#))
                }
            }
            await pump.shutdown()
        }
    }

    @Test func batchHealthAndMetrics() async throws {
        try await RunningBroker.with { bootstrap in
            try await withGateway(bootstrap) { client, _ in
                try await client.waitUntilReady(liveSubscribers: 0)
                let batch = try await client.post("/emojis", json: """
                    [{"emoji_type": "🎉", "room": "final"}, {"emoji_type": "❤️", "user_id": "u1"}]
                    """)
                #expect(batch.status == .ok)
                #expect(batch.body == json(#"{"message": "2 emojis sent successfully", "count": 2}"#))

                let health = try await client.get("/health")
                #expect(health.status == .ok)
                #expect(health.body == json("""
                    {"status": "healthy", "broker_reachable": true, "registry_loaded": true,
                     "live_subscribers": 0, "subscribers": []}
                    """))

                let metrics = try await client.execute(uri: "/metrics", method: .get) { response in
                    (response.status, String(buffer: response.body))
                }
                #expect(metrics.0 == .ok)
                #expect(metrics.1.contains(#"emostream_gateway_requests{route="/emojis",status="200"} 1"#))
                #expect(metrics.1.contains("emostream_gateway_produce_duration"))
            }
        }
    }

    @Test func noLiveSubscriberIsAClear503() async throws {
        try await RunningBroker.with { bootstrap in
            try await withGateway(bootstrap) { client, _ in
                try await client.waitUntilReady(liveSubscribers: 0)
                let answer = try await client.post("/register_client", json: #"{"client_id": "lonely"}"#)
                #expect(answer.status == .serviceUnavailable)
                #expect(answer.body == json(#"{"error": "No subscriber available"}"#))
                #expect(answer.headers[.retryAfter] != nil)
            }
        }
    }
}
