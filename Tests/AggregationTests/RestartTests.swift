import Aggregation
import Foundation
import KafkaClient
import ServiceTestSupport
import Testing

/// Stopping the aggregator mid-stream — politely or with SIGKILL — and starting it again: every record is
/// counted in exactly one distinct `(room, seq)`, and no `(room, seq)` ever carries two different contents.
@Suite("Aggregator restarts", .serialized)
struct RestartTests {
    @Test func aGracefulRestartMidStreamCountsEveryRecordOnce() async throws {
        try await RunningBroker.with { bootstrap in
            let topics = TestTopics(bootstrap: bootstrap)
            try await Self.checkRestart(topics: topics) { feeder, collector in
                try await withAggregator(topics.aggregatorConfiguration()) { _ in
                    try await eventually("a first window") { !collector.received.isEmpty }
                }
                #expect(feeder.sent < feeder.total, "the stop was not mid-stream")
            }
        }
    }

    /// Needs the executable next to the test bundle: `swift test` builds only what tests import, so run
    /// `swift build --product emostream-aggregator` (same scratch path) first.
    @Test(.enabled(if: aggregatorBinary() != nil, "build the emostream-aggregator product first"))
    func aKilledAggregatorRestartedFromItsCommitsCountsEveryRecordOnce() async throws {
        let binary = try #require(aggregatorBinary())
        try await RunningBroker.with { bootstrap in
            let topics = TestTopics(bootstrap: bootstrap)
            try await Self.checkRestart(topics: topics) { feeder, collector in
                let child = Process()
                child.executableURL = binary
                child.arguments = [
                    "--brokers", bootstrap, "--input-topic", topics.input, "--output-topic", topics.output,
                    "--group", topics.group, "--window-ms", "500", "--idle-timeout-ms", "1500",
                    "--session-timeout-ms", "6000", "--log-level", "error",
                ]
                child.standardOutput = FileHandle.nullDevice
                try child.run()
                do {
                    try await eventually("a first window from the child") { !collector.received.isEmpty }
                } catch {
                    child.terminate()
                    throw error
                }
                kill(child.processIdentifier, SIGKILL)
                child.waitUntilExit()
                #expect(child.terminationReason == .uncaughtSignal)
                #expect(feeder.sent < feeder.total, "the kill was not mid-stream")
            }
        }
    }

    /// Feeds a stream, lets `interrupt` run (and stop) a first aggregator, then runs a second one to the end.
    static func checkRestart(
        topics: TestTopics, interrupt: @Sendable (StreamFeeder, WindowCollector) async throws -> Void
    ) async throws {
        let producer = try topics.producer()
        try await topics.createInput(using: producer)
        let feeder = StreamFeeder(total: 4_000)
        let collector = try WindowCollector(topics: topics)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await collector.run() }
            group.addTask { try await feeder.run(topics: topics, producer: producer) }
            try await interrupt(feeder, collector)
            try await withAggregator(topics.aggregatorConfiguration()) { _ in
                try await eventually("every record counted", seconds: 45) {
                    feeder.sent == feeder.total && collector.received.distinctTotal >= feeder.total
                }
            }
            await collector.close()
            try await group.waitForAll()
        }
        await producer.shutdown()

        let windows = collector.received
        for (key, copies) in windows.byRoomAndSeq {
            #expect(copies.allSatisfy { $0 == copies[0] }, "\(key) was published with different contents: \(copies)")
        }
        #expect(windows.distinctTotal == feeder.total)
    }

}

/// The `emostream-aggregator` executable SwiftPM puts next to the test bundle, when it was built.
func aggregatorBinary() -> URL? {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL.deletingLastPathComponent(),
        Bundle.main.bundleURL,
    ]
    return candidates.map { $0.appendingPathComponent("emostream-aggregator") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
}
