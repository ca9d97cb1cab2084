import Broker
import KafkaProtocol
import NIOCore
import ServiceTestSupport
import Testing

/// Fetches the broker cannot serve: below the log start after retention, or for a topic that does not exist.
@Suite("Fetch errors on the wire", .serialized)
struct FetchOutOfRangeWireTests {
    @Test("a fetch below the log start gets OFFSET_OUT_OF_RANGE, the log start, and an empty (not null) record set")
    func belowTheLogStart() async throws {
        try await RunningBroker.withPort(configure: { $0.retentionCheckIntervalMs = 50 }) { port in
            try await WireExchange.createTopic(
                "retained", partitions: 1, configs: ["segment.bytes": "1024", "retention.bytes": "2048"], port: port)
            for round in 0..<40 {
                let values = (0..<5).map { "round \(round) record \($0) " + String(repeating: "x", count: 40) }
                #expect(try await WireExchange.produce(topic: "retained", values: values, port: port).errorCode == .none)
            }
            // Retention runs every 50 ms; wait until a few passes in a row leave the log start where it is.
            let start = try await withHangGuard("retention advancing the log start") {
                var seen: [Int64] = []
                while true {
                    seen.append(try await WireExchange.fetch(topic: "retained", offset: 190, port: port).logStartOffset)
                    if seen.count >= 5, let last = seen.last, last > 0, seen.suffix(5).allSatisfy({ $0 == last }) { return last }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            let old = try await WireExchange.fetch(topic: "retained", offset: 0, port: port)
            #expect(old.errorCode == .offsetOutOfRange)
            #expect(old.logStartOffset == start && old.highWatermark == 200)
            // librdkafka 2.x cannot parse a null record set and would retry this fetch forever instead of resetting.
            #expect(old.records?.readableBytes == 0)
            let first = try await WireExchange.fetch(topic: "retained", offset: old.logStartOffset, port: port)
            #expect(first.errorCode == .none && (first.records?.readableBytes ?? 0) > 0)
        }
    }

    @Test("a fetch for an unknown topic gets UNKNOWN_TOPIC_OR_PARTITION with an empty record set")
    func unknownTopic() async throws {
        try await RunningBroker.withPort { port in
            let answer = try await WireExchange.fetch(topic: "nowhere", offset: 0, port: port)
            #expect(answer.errorCode == .unknownTopicOrPartition)
            #expect(answer.records?.readableBytes == 0)
        }
    }
}
