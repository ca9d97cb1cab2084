import Foundation

/// Sends emoji to the gateway on a schedule, at most `concurrency` requests in flight.
public struct EmojiSender: Sendable {
    /// What every emoji of a run carries.
    public struct Reaction: Sendable, Hashable {
        public var emoji: String
        public var room: String?
        /// The user ids to spread emoji over, round robin; empty sends no `user_id`.
        public var userIDs: [String]

        public init(emoji: String, room: String?, userIDs: [String]) {
            self.emoji = emoji
            self.room = room
            self.userIDs = userIDs
        }

        /// The JSON object for emoji number `index`, stamped with `timestamp`.
        public func body(index: Int, timestamp: String) -> [String: Any] {
            var body: [String: Any] = ["emoji_type": emoji, "timestamp": timestamp]
            if let room { body["room"] = room }
            if !userIDs.isEmpty { body["user_id"] = userIDs[index % userIDs.count] }
            return body
        }
    }

    public let client: GatewayClient
    public let pacer: SendPacer
    public let concurrency: Int

    public init(client: GatewayClient, pacer: SendPacer, concurrency: Int) {
        precondition(concurrency >= 1)
        self.client = client
        self.pacer = pacer
        self.concurrency = concurrency
    }

    /// Sends `batches.count` reactions; `batched` uses `POST /emojis` with one array per batch.
    public func run(_ reaction: Reaction, batches: SendBatches, batched: Bool) async -> SendSummary {
        let clock = ContinuousClock()
        let start = clock.now
        var summary = SendSummary()
        await withTaskGroup(of: (Int, SendSummary.Failure?).self) { group in
            var inFlight = 0
            for range in batches {
                if inFlight == concurrency, let (emoji, failure) = await group.next() {
                    summary.record(emoji: emoji, failure: failure)
                    inFlight -= 1
                }
                let delay = pacer.delay(beforeEmojiAt: range.lowerBound, elapsed: clock.now - start)
                if delay > .zero { try? await Task.sleep(for: delay) }
                if Task.isCancelled { break }
                group.addTask { (range.count, await send(reaction, range: range, batched: batched)) }
                inFlight += 1
            }
            for await (emoji, failure) in group {
                summary.record(emoji: emoji, failure: failure)
            }
        }
        return summary
    }

    private func send(_ reaction: Reaction, range: Range<Int>, batched: Bool) async -> SendSummary.Failure? {
        let timestamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        do {
            let answer = if batched {
                try await client.post("/emojis", json: range.map { reaction.body(index: $0, timestamp: timestamp) })
            } else {
                try await client.post("/emoji", json: reaction.body(index: range.lowerBound, timestamp: timestamp))
            }
            return answer.isSuccess ? nil : .status(answer.status)
        } catch {
            return .noAnswer
        }
    }
}
