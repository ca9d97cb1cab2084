import FanoutProtocol
import Foundation
import KafkaClient
import ServiceTestSupport
import Subscriber
import Testing

@Suite("Subscriber heartbeats, health and refusals on the wire", .timeLimit(.minutes(2)))
struct SubscriberSurfaceTests {
    @Test func heartbeatsHealthAndRefusedTokens() async throws {
        try await FanoutHarness.with { harness in
            let (subscriber, runner, port) = try await harness.startSubscriber()
            try await stopping([runner]) {
                let health = try await WebSocketTestClient.get(port: port, path: "/health")
                #expect(health.status == "HTTP/1.1 200 OK")
                let status = try JSONSerialization.jsonObject(with: Data(health.body.utf8)) as? [String: Any]
                #expect(status?["status"] as? String == "healthy")
                #expect(try await WebSocketTestClient.get(port: port, path: "/nothing").status == "HTTP/1.1 404 Not Found")

                let forged = FanoutFrame.Hello(role: .viewer, clientID: "mallory", token: token(for: "alice"), rooms: [])
                try await EFPTestClient.session(port: port, hello: forged) { reader, _ in
                    guard case .error(let error) = try await reader.next() else {
                        Issue.record("another client's token was not refused")
                        return
                    }
                    #expect(error.code == .badToken)
                    #expect(try await reader.next() == nil)
                }
                try await WebSocketTestClient.session(port: port) { ws in
                    try await ws.send(json: [
                        "type": "hello", "client_id": "late", "token": token(for: "late", validFor: -10), "rooms": ["main"],
                    ])
                    let refusal = try await ws.nextMessage()
                    #expect(refusal?["type"] as? String == "error")
                    #expect(refusal?["code"] as? Int == Int(FanoutErrorCode.tokenExpired.rawValue))
                }
                #expect(subscriber.statistics.handshakesRefused == 2)

                let heartbeat = try await firstHeartbeat(bootstrap: harness.bootstrap)
                #expect(heartbeat.key == "0-0")
                #expect(heartbeat.value["cluster_id"] as? Int == 0)
                #expect(heartbeat.value["subscriber_id"] as? Int == 0)
                #expect(heartbeat.value["host"] as? String == "127.0.0.1")
                #expect(heartbeat.value["port"] as? Int == port)
                #expect(heartbeat.value["clients"] as? Int == 0)
                #expect(heartbeat.value["ts"] is Int)
            }
        }
    }

    private func firstHeartbeat(bootstrap: String) async throws -> (key: String, value: [String: Any]) {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: "heartbeat-reader")
        configuration.autoOffsetReset = .earliest
        let consumer = try KafkaConsumer(configuration: configuration, logger: .quiet)
        // Auto-created with the broker's default partition count; the key picks one of them.
        try await consumer.assign((0..<3).map {
            TopicPartitionOffset(topic: "emostream_subscribers", partition: $0, offset: .beginning)
        })
        var iterator = consumer.messages.makeAsyncIterator()
        let message = try #require(try await iterator.next())
        await consumer.close()
        let value = try JSONSerialization.jsonObject(with: Data(message.value ?? [])) as? [String: Any]
        return (String(decoding: message.key ?? [], as: UTF8.self), value ?? [:])
    }
}
