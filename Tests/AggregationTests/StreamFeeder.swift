import Aggregation
import Foundation
import KafkaClient
import Synchronization

/// Produces a steady stream of emoji to several rooms, stamped with the send time as the gateway does.
final class StreamFeeder: Sendable {
    let total: Int
    let rooms = ["r0", "r1", "r2", "r3", "r4"]
    private let sentCount = Mutex(0)

    init(total: Int) {
        self.total = total
    }

    var sent: Int { sentCount.withLock { $0 } }

    /// Sends `total` records in small acknowledged batches, pausing between them so the stream spans seconds.
    func run(topics: TestTopics, producer: KafkaProducer) async throws {
        let emoji = ["❤️", "😂", "🎉"]
        for batchStart in stride(from: 0, to: total, by: 50) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in batchStart..<min(batchStart + 50, total) {
                    let room = rooms[index % rooms.count]
                    group.addTask {
                        _ = try await producer.send(
                            topic: topics.input, key: Array(room.utf8),
                            value: emojiValue(emoji[index % emoji.count], room: room, user: index)
                        )
                    }
                }
                try await group.waitForAll()
            }
            sentCount.withLock { $0 = min(batchStart + 50, total) }
            try await Task.sleep(for: .milliseconds(40))
        }
    }
}

extension [WindowRecord] {
    /// Windows by `(room, seq)`; each key's list holds every copy received.
    var byRoomAndSeq: [String: [WindowRecord]] {
        Dictionary(grouping: self) { "\($0.room)#\($0.seq)" }
    }

    /// The sum of totals over distinct `(room, seq)`, taking the first copy of each.
    var distinctTotal: Int {
        byRoomAndSeq.values.map { $0[0].total }.reduce(0, +)
    }
}
