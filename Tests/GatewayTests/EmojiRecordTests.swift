import Foundation
@testable import Gateway
import KafkaClient
import ServiceTestSupport
import Testing

@Suite("Produced emoji records")
struct EmojiRecordTests {
    @Test func aPostedEmojiIsInTheLogWithRoomKeyJSONValueAndArrivalTimestamp() async throws {
        try await RunningBroker.with { bootstrap in
            let before = WallClock.nowMilliseconds()
            try await withGateway(bootstrap) { client, _ in
                try await client.waitUntilReady(liveSubscribers: 0)
                let answer = try await client.post("/emoji", json: """
                    {"emoji_type": "👩‍💻", "timestamp": "2025-08-13T20:45:00.123456", "user_id": "u-7", "room": "final"}
                    """)
                #expect(answer.status == .ok)
                _ = try await client.post("/emoji", json: #"{"emoji_type": "🇫🇷"}"#)
            }
            let after = WallClock.nowMilliseconds()

            let records = try await readAll(topic: "emoji_stream", partitions: 3, count: 2, bootstrap: bootstrap)
            let byKey = Dictionary(uniqueKeysWithValues: records.map { (String(decoding: $0.key ?? [], as: UTF8.self), $0) })
            let record = try #require(byKey["final"])
            let value = try decodeJSON(.init(bytes: record.value ?? []))
            let timestamp = try #require(record.timestamp?.millisecondsSinceEpoch)
            #expect((before...after).contains(timestamp))
            #expect(value == json("""
                {"emoji_type": "👩‍💻", "user_id": "u-7", "room": "final",
                 "client_timestamp": "2025-08-13T20:45:00.123456", "received_at": "\(WallClock.iso8601(milliseconds: timestamp))"}
                """))

            let defaulted = try #require(byKey["main"])
            #expect(try decodeJSON(.init(bytes: defaulted.value ?? [])).removing("received_at") == json("""
                {"emoji_type": "🇫🇷", "user_id": null, "room": "main", "client_timestamp": null}
                """))
        }
    }
}

/// Reads `count` records from partitions `0..<partitions` of `topic`, from the beginning.
func readAll(topic: String, partitions: Int32, count: Int, bootstrap: String) async throws -> [KafkaConsumerMessage] {
    var configuration = KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: "reader-\(UUID().uuidString)")
    configuration.extra["fetch.wait.max.ms"] = "100"
    let consumer = try KafkaConsumer(configuration: configuration, logger: .quiet)
    try await consumer.assign((0..<partitions).map { TopicPartitionOffset(topic: topic, partition: $0, offset: .beginning) })
    let messages = try await withHangGuard("reading \(count) records of \(topic)") {
        var messages: [KafkaConsumerMessage] = []
        for try await message in consumer.messages {
            messages.append(message)
            if messages.count == count { break }
        }
        return messages
    }
    await consumer.close()
    return messages
}

@Suite("Concurrent emoji")
struct ConcurrentEmojiTests {
    @Test func everyAnsweredPostOfAThousandConcurrentOnesIsInTheLog() async throws {
        try await RunningBroker.with { bootstrap in
            let acknowledged = try await withGateway(bootstrap) { client, _ in
                try await client.waitUntilReady(liveSubscribers: 0)
                return try await withThrowingTaskGroup(of: String?.self) { group in
                    for index in 0..<1_000 {
                        group.addTask {
                            let user = "user-\(index)"
                            let answer = try await client.post("/emoji", json: #"{"emoji_type": "❤️", "user_id": "\#(user)"}"#)
                            return answer.status == .ok ? user : nil
                        }
                    }
                    return try await group.reduce(into: Set<String>()) { users, user in
                        if let user { users.insert(user) }
                    }
                }
            }
            // Nothing went wrong on the way, so every request must have been acknowledged.
            #expect(acknowledged.count == 1_000)
            let records = try await readAll(topic: "emoji_stream", partitions: 3, count: acknowledged.count, bootstrap: bootstrap)
            let users = Set(try records.compactMap { try decodeJSON(.init(bytes: $0.value ?? []))["user_id"]?.stringValue })
            #expect(users == acknowledged)
        }
    }
}
