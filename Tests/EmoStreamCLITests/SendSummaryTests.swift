import EmoStreamCLI
import Testing

@Suite struct SendSummaryTests {
    @Test func countsEmojiByOutcome() {
        var summary = SendSummary()
        summary.record(emoji: 100, failure: nil)
        summary.record(emoji: 100, failure: .status(429))
        summary.record(emoji: 1, failure: .status(429))
        summary.record(emoji: 1, failure: .noAnswer)
        #expect(summary.sent == 202)
        #expect(summary.succeeded == 100)
        #expect(summary.failed == 102)
        #expect(summary.requests == 4)
        #expect(summary.failures == [.status(429): 101, .noAnswer: 1])
    }

    @Test func reportNamesTotalsRateAndEachFailureKind() {
        var summary = SendSummary()
        summary.record(emoji: 3, failure: nil)
        summary.record(emoji: 1, failure: .status(503))
        let lines = summary.report(gateway: "http://localhost:5000", elapsed: .seconds(2))
        #expect(lines == [
            "sent 4 emoji in 2 requests to http://localhost:5000",
            "ok 3, failed 1",
            "elapsed 2.00 s, 2.00 emoji/s",
            "  HTTP 503: 1",
        ])
    }

    @Test func rateOfAnInstantRunIsZero() {
        #expect(SendSummary.rate(count: 10, elapsed: .zero) == 0)
        #expect(SendSummary.rate(count: 10, elapsed: .milliseconds(500)) == 20)
    }

    @Test func reactionBodySpreadsUsersRoundRobin() throws {
        let reaction = EmojiSender.Reaction(emoji: "😊", room: "r1", userIDs: ["u-0", "u-1"])
        let first = reaction.body(index: 0, timestamp: "2026-01-01T00:00:00Z")
        let third = reaction.body(index: 2, timestamp: "2026-01-01T00:00:00Z")
        #expect(first["user_id"] as? String == "u-0")
        #expect(third["user_id"] as? String == "u-0")
        #expect(reaction.body(index: 1, timestamp: "t")["user_id"] as? String == "u-1")
        #expect(first["emoji_type"] as? String == "😊")
        #expect(first["room"] as? String == "r1")
        let anonymous = EmojiSender.Reaction(emoji: "😊", room: nil, userIDs: []).body(index: 0, timestamp: "t")
        #expect(anonymous["user_id"] == nil)
        #expect(anonymous["room"] == nil)
    }
}
