import FanoutProtocol
import Foundation
import ServiceTestSupport
import Subscriber
import Testing

@Suite("Slow viewers", .timeLimit(.minutes(2)))
struct SlowViewerTests {
    @Test func aViewerThatNeverReadsIsCutOffWhileAnotherGetsEveryWindow() async throws {
        try await FanoutHarness.with { harness in
            let (subscriber, runner, port) = try await harness.startSubscriber { configuration in
                configuration.maxQueuedBytesPerViewer = 32 * 1024
                configuration.viewerSocketSendBufferBytes = 8 * 1024
            }
            try await stopping([runner]) {
                try await harness.warmUp(subscriber)
                let windows = (Int64(1)...60).map { makeWindow(room: "main", seq: $0, padding: 300) }
                try await EFPTestClient.session(
                    port: port, hello: EFPTestClient.viewerHello("stalled", rooms: [.init(room: "main")]),
                    receiveBufferBytes: 4 * 1024
                ) { stalled, _ in
                    _ = try await stalled.welcome()
                    try await EFPTestClient.session(
                        port: port, hello: EFPTestClient.viewerHello("reader", rooms: [.init(room: "main")])
                    ) { reader, _ in
                        _ = try await reader.welcome()
                        // One window at a time, as the aggregator emits them: a reading viewer keeps up, the stalled
                        // one falls further behind with every window.
                        for window in windows {
                            try await harness.produce(window)
                            #expect(try await reader.window() == window)
                        }
                    }
                    try await eventually("the stalled viewer to be cut off") {
                        subscriber.statistics.slowViewersDropped == 1
                    }
                    // What the stalled viewer still finds: some windows in order, then ERROR 7 or just the end.
                    var last: Int64 = 0
                    do {
                        while let frame = try await stalled.next() {
                            switch frame {
                            case .window(let window):
                                #expect(window.seq == last + 1)
                                last = window.seq
                            case .error(let error):
                                #expect(error.code == .tooSlow)
                            default:
                                Issue.record("unexpected \(frame)")
                            }
                        }
                    } catch {
                        // A reset instead of an orderly close also means the server let go of it.
                    }
                    #expect(last < 60)
                }
            }
        }
    }
}
