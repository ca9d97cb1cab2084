import Foundation
import Logging
import Metrics
import MetricsEndpoint
import Prometheus
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct MetricsEndpointTests {
    @Test func aCounterRecordedThroughSwiftMetricsIsServedInTheTextFormat() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = MetricsBootstrap.makeFactory(registry: registry)
        let counter = Counter(label: "emostream.test.requests", dimensions: [("route", "/emoji")], factory: factory)
        counter.increment(by: 3)
        try await RunningEndpoint.with(registry: registry) { port in
            let response = try await RawHTTPClient.request("GET", "/metrics", port: port)
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(response.headers["content-length"] == "\(response.body.utf8.count)")
            #expect(response.body.contains("# TYPE emostream_test_requests counter\n"))
            #expect(response.body.contains(#"emostream_test_requests{route="/emoji"} 3"#))
        }
    }

    @Test func timersBecomeHistogramsWithSubMillisecondBuckets() async throws {
        let registry = PrometheusCollectorRegistry()
        let timer = Metrics.Timer(label: "emostream.test.fsync", factory: MetricsBootstrap.makeFactory(registry: registry))
        timer.recordMicroseconds(300)
        try await RunningEndpoint.with(registry: registry) { port in
            let body = try await RawHTTPClient.request("GET", "/metrics", port: port).body
            #expect(body.contains("# TYPE emostream_test_fsync histogram"))
            #expect(body.contains(#"emostream_test_fsync_bucket{le="0.00025"} 0"#))
            #expect(body.contains(#"emostream_test_fsync_bucket{le="0.0005"} 1"#))
            #expect(body.contains("emostream_test_fsync_count 1"))
        }
    }

    @Test func everyScrapeRefreshesFirst() async throws {
        let registry = PrometheusCollectorRegistry()
        let gauge = Gauge(label: "emostream.test.refreshes", factory: MetricsBootstrap.makeFactory(registry: registry))
        let refreshes = Atomic<Int>(0)
        try await RunningEndpoint.with(registry: registry, beforeScrape: { gauge.record(refreshes.add(1, ordering: .relaxed).newValue) }) { port in
            _ = try await RawHTTPClient.request("GET", "/metrics", port: port)
            let body = try await RawHTTPClient.request("GET", "/metrics", port: port).body
            #expect(body.contains("emostream_test_refreshes 2"))
        }
    }

    @Test func otherPathsAre404AndOtherMethods405() async throws {
        try await RunningEndpoint.with(registry: PrometheusCollectorRegistry()) { port in
            #expect(try await RawHTTPClient.request("GET", "/", port: port).status == 404)
            #expect(try await RawHTTPClient.request("GET", "/metricsx", port: port).status == 404)
            #expect(try await RawHTTPClient.request("GET", "/metrics/../secret", port: port).status == 404)
            let post = try await RawHTTPClient.request("POST", "/metrics", port: port)
            #expect(post.status == 405)
            #expect(post.headers["allow"] == "GET, HEAD")
            #expect(try await RawHTTPClient.request("DELETE", "/health", port: port).status == 405)
            // Still serving after all that.
            #expect(try await RawHTTPClient.request("GET", "/metrics?debug=1", port: port).status == 200)
        }
    }

    @Test func headAnswersHeadersWithoutABody() async throws {
        let registry = PrometheusCollectorRegistry()
        Counter(label: "emostream.test.head", factory: MetricsBootstrap.makeFactory(registry: registry)).increment()
        try await RunningEndpoint.with(registry: registry) { port in
            let response = try await RawHTTPClient.request("HEAD", "/metrics", port: port)
            #expect(response.status == 200)
            #expect(response.body.isEmpty)
            #expect(Int(response.headers["content-length"] ?? "") ?? 0 > 0)
        }
    }

    @Test func healthFollowsTheServicesAnswer() async throws {
        let healthy = Atomic<Bool>(false)
        try await RunningEndpoint.with(registry: PrometheusCollectorRegistry(), isHealthy: { healthy.load(ordering: .relaxed) }) { port in
            let starting = try await RawHTTPClient.request("GET", "/health", port: port)
            #expect(starting.status == 503)
            #expect(starting.body == #"{"status":"unavailable","service":"test-service"}"#)
            healthy.store(true, ordering: .relaxed)
            let ready = try await RawHTTPClient.request("GET", "/health", port: port)
            #expect(ready.status == 200)
            #expect(ready.headers["content-type"] == "application/json")
            #expect(ready.body == #"{"status":"healthy","service":"test-service"}"#)
        }
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n",
        "GET /metrics HTTP/9.9 extra\r\n\r\n",
        "GET /metrics HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
        String(repeating: "A", count: 1_000) + "\r\n\r\n",
    ])
    func malformedRequestsGet400AndTheEndpointKeepsServing(request: String) async throws {
        try await RunningEndpoint.with(registry: PrometheusCollectorRegistry()) { port in
            let raw = try await RawHTTPClient.exchange(request, port: port)
            #expect(raw.hasPrefix("HTTP/1.1 400"))
            #expect(try await RawHTTPClient.request("GET", "/health", port: port).status == 200)
        }
    }

    @Test func keepAliveConnectionsGetOneAnswerPerRequest() async throws {
        try await RunningEndpoint.with(registry: PrometheusCollectorRegistry()) { port in
            let two = "GET /health HTTP/1.1\r\nHost: a\r\n\r\nGET /nope HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
            let raw = try await RawHTTPClient.exchange(two, port: port)
            #expect(raw.components(separatedBy: "HTTP/1.1 200 OK").count == 2)
            #expect(raw.components(separatedBy: "HTTP/1.1 404 Not Found").count == 2)
        }
    }

    @Test func aBusyPortLeavesTheServiceRunningWithoutMetrics() async throws {
        let registry = PrometheusCollectorRegistry()
        try await RunningEndpoint.with(registry: registry) { busyPort in
            let second = MetricsEndpoint(
                configuration: .init(host: "127.0.0.1", port: busyPort, service: "second"), registry: registry,
                logger: quietLogger
            )
            let group = ServiceGroup(services: [second], logger: quietLogger)
            async let run: Void = group.run()
            // It must neither throw nor return on its own (that would stop its whole service group)...
            try await Task.sleep(for: .milliseconds(200))
            #expect(second.listeningPort == nil)
            // ...and it still stops when asked.
            await group.triggerGracefulShutdown()
            try await run
        }
    }
}
