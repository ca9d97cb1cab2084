import FanoutProtocol
import Foundation
import KafkaClient
import Subscriber
import Testing

@Suite("Windows flow from processed_emojis through publisher and subscriber to viewers", .timeLimit(.minutes(2)))
struct DeliveryTests {
    @Test func efpAndWebSocketViewersGetTheirRoomOnly() async throws {
        try await FanoutHarness.with { harness in
            let (subscriber, runner, port) = try await harness.startSubscriber()
            try await stopping([runner]) {
                try await harness.warmUp(subscriber)
                try await EFPTestClient.session(
                    port: port, hello: EFPTestClient.viewerHello("efp-viewer", rooms: [.init(room: "stage")])
                ) { efp, _ in
                    #expect(try await efp.welcome().recovery == .notRequested)
                    try await WebSocketTestClient.session(port: port) { ws in
                        try await ws.send(json: [
                            "type": "hello", "client_id": "ws-viewer", "token": token(for: "ws-viewer"),
                            "rooms": [["room": "lobby", "last_seq": -1]],
                        ])
                        let welcome = try await ws.nextMessage()
                        #expect(welcome?["type"] as? String == "welcome")
                        #expect(welcome?["recovery"] as? String == "not_requested")
                        for seq in Int64(1)...2 {
                            try await harness.produce(makeWindow(room: "stage", seq: seq))
                            try await harness.produce(makeWindow(room: "lobby", seq: seq, emoji: ["🎉": 1_001]))
                        }
                        for seq in Int64(1)...2 {
                            let window = try await efp.window()
                            #expect(window == makeWindow(room: "stage", seq: seq))
                            let message = try #require(try await ws.nextMessage())
                            #expect(message["type"] as? String == "window")
                            #expect(message["room"] as? String == "lobby")
                            #expect(message["seq"] as? Int == Int(seq))
                            #expect(message["counts"] as? [String: Int] == ["🎉": 1_001])
                            #expect(message["scaled"] as? [String: Int] == ["🎉": 2])
                            #expect(message["replayed"] as? Bool == false)
                        }
                        // The lobby windows were fanned out before this one: had they been sent to the stage
                        // viewer, they would arrive before it.
                        try await harness.produce(makeWindow(room: "stage", seq: 3))
                        #expect(try await efp.window().seq == 3)
                    }
                }
                #expect(subscriber.statistics.slowViewersDropped == 0)
            }
        }
    }

    @Test func aReconnectingViewerGetsExactlyWhatItMissed() async throws {
        try await FanoutHarness.with { harness in
            let (subscriber, runner, port) = try await harness.startSubscriber()
            try await stopping([runner]) {
                try await harness.warmUp(subscriber)
                let hello = EFPTestClient.viewerHello("returning", rooms: [.init(room: "main")])
                let lastSeen = try await EFPTestClient.session(port: port, hello: hello) { reader, _ in
                    _ = try await reader.welcome()
                    for seq in Int64(1)...3 { try await harness.produce(makeWindow(room: "main", seq: seq)) }
                    var seqs: [Int64] = []
                    for _ in 1...3 { seqs.append(try await reader.window().seq) }
                    #expect(seqs == [1, 2, 3])
                    return seqs.last!
                }
                for seq in Int64(4)...6 { try await harness.produce(makeWindow(room: "main", seq: seq)) }
                let back = EFPTestClient.viewerHello("returning", rooms: [.init(room: "main", lastSeq: lastSeen)])
                let (welcome, replay) = try await EFPTestClient.replay(port: port, hello: back, count: 3)
                #expect(welcome.recovery == .complete)
                #expect(replay.map(\.seq) == [4, 5, 6])
                #expect(replay.allSatisfy { $0.replayed })
                try await EFPTestClient.session(port: port, hello: back) { reader, _ in
                    #expect(try await reader.welcome().replayCount == 3)
                    for _ in 1...3 { _ = try await reader.window() }
                    try await harness.produce(makeWindow(room: "main", seq: 7))
                    let live = try await reader.window()
                    #expect(live.seq == 7)
                    #expect(!live.replayed)
                }
            }
        }
    }

    @Test func aRestartedSubscriberCatchesUpFromThePublisher() async throws {
        try await FanoutHarness.with { harness in
            let (first, firstRunner, firstPort) = try await harness.startSubscriber()
            try await stopping([firstRunner]) {
                try await harness.warmUp(first)
                let hello = EFPTestClient.viewerHello("viewer", rooms: [.init(room: "main")])
                try await EFPTestClient.session(port: firstPort, hello: hello) { reader, _ in
                    _ = try await reader.welcome()
                    for seq in Int64(1)...2 { try await harness.produce(makeWindow(room: "main", seq: seq)) }
                    #expect(try await reader.window().seq == 1)
                    #expect(try await reader.window().seq == 2)
                }
            }
            // While no subscriber runs, windows keep coming; the publisher keeps them in its history. Asking the
            // publisher directly, as a subscriber would, shows when it holds them.
            for seq in Int64(3)...4 { try await harness.produce(makeWindow(room: "main", seq: seq)) }
            let asSubscriber = FanoutFrame.Hello(role: .subscriber, clientID: "probe", token: "", rooms: [.init(room: "main", lastSeq: 2)])
            let held = try await EFPTestClient.replay(port: harness.publisher.listeningPort!, hello: asSubscriber, count: 2)
            #expect(held.windows.map(\.seq) == [3, 4])

            let (_, secondRunner, port) = try await harness.startSubscriber()
            try await stopping([secondRunner]) {
                let back = EFPTestClient.viewerHello("viewer", rooms: [.init(room: "main", lastSeq: 1)])
                let (welcome, replay) = try await EFPTestClient.replay(port: port, hello: back, count: 3)
                #expect(welcome.recovery == .complete)
                #expect(replay.map(\.seq) == [2, 3, 4])
            }
        }
    }
}
