import Aggregation
import KafkaClient
import ServiceTestSupport
import Testing

/// The aggregator against a real in-process broker, read back by a real consumer.
@Suite("AggregatorService", .serialized)
struct AggregatorServiceTests {
    @Test func aWindowOfThousandsIsCountedExactlyAndScaledDown() async throws {
        try await RunningBroker.with { bootstrap in
            let topics = TestTopics(bootstrap: bootstrap)
            let producer = try topics.producer()
            try await topics.createInput(using: producer)
            // Every record inside one 500 ms window (the record timestamp is what counts, not the send time).
            let windowStart = KafkaTimestamp.now().millisecondsSinceEpoch / 500 * 500
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<3_795 {
                    let emoji = index < 3_785 ? "❤️" : "😂"
                    let timestamp = KafkaTimestamp(millisecondsSinceEpoch: windowStart + Int64(index % 500))
                    group.addTask {
                        _ = try await producer.send(
                            topic: topics.input, key: Array("stage".utf8), value: emojiValue(emoji, room: "stage", user: index),
                            timestamp: timestamp
                        )
                    }
                    if index % 500 == 499 { try await group.waitForAll() }
                }
                try await group.waitForAll()
            }
            // A record that is not an emoji is skipped, not fatal.
            _ = try await producer.send(topic: topics.input, key: Array("stage".utf8), value: Array("not json".utf8))
            await producer.shutdown()

            let collector = try WindowCollector(topics: topics)
            try await withAggregator(topics.aggregatorConfiguration()) { _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await collector.run() }
                    try await eventually("the window is published") { !collector.received.isEmpty }
                    await collector.close()
                    try await group.waitForAll()
                }
            }
            let window = try #require(collector.received.first)
            #expect(window.room == "stage")
            #expect(window.seq == windowStart / 500)
            #expect(window.windowStart == windowStart)
            #expect(window.windowEnd == windowStart + 500)
            #expect(window.counts == ["❤️": 3_785, "😂": 10])
            #expect(window.scaled == ["❤️": 4, "😂": 1])
            #expect(window.total == 3_795)
            #expect(collector.received.allSatisfy { $0 == window })
        }
    }
}
