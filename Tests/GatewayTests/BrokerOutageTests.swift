import Broker
import Foundation
@testable import Gateway
import HummingbirdTesting
import ServiceLifecycle
import ServiceTestSupport
import Testing

@Suite("Broker outages")
struct BrokerOutageTests {
    @Test func anUnreachableBrokerIsAPrompt503AndTheGatewayResumesWhenItComesUp() async throws {
        let port = try await RunningBroker.freePort()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("emostream-gateway-outage-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var brokerConfiguration = BrokerConfiguration()
        brokerConfiguration.host = "127.0.0.1"
        brokerConfiguration.port = port
        brokerConfiguration.dataDirectory = directory
        let broker = ServiceGroup(services: [try KafkaBroker(configuration: brokerConfiguration, logger: .quiet)], logger: .quiet)
        let (started, start) = AsyncStream.makeStream(of: Void.self)

        try await withThrowingTaskGroup(of: Void.self) { group in
            // The broker starts only when the test says so, and stops after the gateway has.
            group.addTask {
                for await _ in started { break }
                try await broker.run()
            }
            try await withGateway("127.0.0.1:\(port)", configure: { $0.produceTimeoutMilliseconds = 1_000 }) { client, _ in
                let body = #"{"emoji_type": "😊", "timestamp": "2025-08-13T20:45:00Z"}"#
                for _ in 0..<3 {
                    let answer = try await withHangGuard("POST /emoji with the broker down", seconds: 15) {
                        try await client.post("/emoji", json: body)
                    }
                    #expect(answer.status == .serviceUnavailable)
                    #expect(answer.body?["error"]?.stringValue?.isEmpty == false)
                }
                let health = try await client.get("/health")
                #expect(health.status == .serviceUnavailable)
                #expect(health.body?["broker_reachable"] == .bool(false))
                let register = try await client.post("/register_client", json: #"{"client_id": "early-bird"}"#)
                #expect(register.status == .serviceUnavailable)

                start.yield()
                try await eventually("POST /emoji succeeds once the broker is up") {
                    try await client.post("/emoji", json: body).status == .ok
                }
                try await client.waitUntilReady(liveSubscribers: 0)
            }
            start.finish()
            await broker.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }
}
