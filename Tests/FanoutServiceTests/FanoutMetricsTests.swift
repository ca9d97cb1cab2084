import FanoutProtocol
import Foundation
import KafkaClient
import MetricsEndpoint
import Prometheus
import Publisher
import ServiceTestSupport
import Subscriber
import Testing

/// Publisher and subscriber metrics move with real windows and viewers; each service records into its own registry.
@Suite("Publisher and subscriber metrics", .timeLimit(.minutes(2)))
struct FanoutMetricsTests {
    @Test func windowsViewersRefusalsAndDeliveryLatencyAreRecorded() async throws {
        let publisherRegistry = PrometheusCollectorRegistry()
        let subscriberRegistry = PrometheusCollectorRegistry()
        try await FanoutHarness.with(publisherMetrics: MetricsBootstrap.makeFactory(registry: publisherRegistry)) { harness in
            let subscriber = try SubscriberServer(
                configuration: harness.subscriberConfiguration(), logger: .quiet,
                metricsFactory: MetricsBootstrap.makeFactory(registry: subscriberRegistry)
            )
            let runner = ServiceRunner([subscriber])
            try await stopping([runner]) {
                try await eventually("subscriber listening") { subscriber.listeningPort != nil }
                let port = subscriber.listeningPort!
                try await harness.warmUp(subscriber)
                let publisher: @Sendable () -> String = { publisherRegistry.emitToString() }
                let viewers: @Sendable () -> String = { subscriberRegistry.emitToString() }
                #expect(sample(#"emostream_publisher_subscribers{cluster="0"}"#, in: publisher()) == 1)

                try await EFPTestClient.session(
                    port: port, hello: EFPTestClient.viewerHello("efp-viewer", rooms: [.init(room: "stage")])
                ) { efp, _ in
                    _ = try await efp.welcome()
                    try await WebSocketTestClient.session(port: port) { ws in
                        try await ws.send(json: [
                            "type": "hello", "client_id": "ws-viewer", "token": token(for: "ws-viewer"),
                            "rooms": [["room": "stage", "last_seq": -1]],
                        ])
                        #expect(try await ws.nextMessage()?["type"] as? String == "welcome")
                        let efpSeries = #"emostream_subscriber_connections{subscriber="0-0",transport="efp"}"#
                        let webSocketSeries = #"emostream_subscriber_connections{subscriber="0-0",transport="websocket"}"#
                        try await eventually("both viewers counted") {
                            sample(efpSeries, in: viewers()) == 1 && sample(webSocketSeries, in: viewers()) == 1
                        }

                        let now = Int64(Date().timeIntervalSince1970 * 1_000)
                        try await harness.produce(makeWindow(room: "stage", seq: 1, start: now - 2_000))
                        #expect(try await efp.window().seq == 1)
                        #expect(try await ws.nextMessage()?["seq"] as? Int == 1)
                    }
                }
                let delivered = viewers()
                #expect((sample(#"emostream_subscriber_windows_delivered{subscriber="0-0"}"#, in: delivered) ?? 0) >= 2)
                // Once per window, not per viewer: the two viewers of seq 1 make one sample.
                #expect((sample(#"emostream_subscriber_delivery_latency_count{subscriber="0-0"}"#, in: delivered) ?? 0) >= 1)
                #expect((sample(#"emostream_subscriber_windows_received{subscriber="0-0"}"#, in: delivered) ?? 0) >= 2)
                #expect((sample(#"emostream_subscriber_history_windows{subscriber="0-0"}"#, in: delivered) ?? 0) >= 1)
                #expect(sample(#"emostream_subscriber_queue_drops{subscriber="0-0"}"#, in: delivered) == 0)
                try await eventually("both viewers gone") {
                    sample(#"emostream_subscriber_connections{subscriber="0-0",transport="efp"}"#, in: viewers()) == 0
                        && sample(#"emostream_subscriber_connections{subscriber="0-0",transport="websocket"}"#, in: viewers()) == 0
                }

                let forged = FanoutFrame.Hello(role: .viewer, clientID: "mallory", token: token(for: "alice"), rooms: [])
                try await EFPTestClient.session(port: port, hello: forged) { reader, _ in
                    _ = try await reader.next()
                }
                #expect(sample(#"emostream_subscriber_handshakes_refused{subscriber="0-0"}"#, in: viewers()) == 1)

                let published = publisher()
                #expect((sample(#"emostream_publisher_windows_received{cluster="0"}"#, in: published) ?? 0) >= 2)
                #expect((sample(#"emostream_publisher_windows_delivered{cluster="0"}"#, in: published) ?? 0) >= 2)
                #expect((sample(#"emostream_publisher_history_windows{cluster="0"}"#, in: published) ?? 0) >= 1)
                #expect(sample(#"emostream_publisher_queue_drops{cluster="0"}"#, in: published) == 0)
            }
        }
    }
}
