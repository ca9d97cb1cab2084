import FanoutProtocol
import NIOCore
import Testing

/// Frames against bytes assembled by hand from `proto-docs/fanout.md`, field by field.
@Suite struct GoldenFrameTests {
    static let cases: [(name: String, frame: FanoutFrame, hex: String)] = [
        (
            "HELLO",
            .hello(.init(role: .viewer, clientID: "c1", token: "t", rooms: [.init(room: "main", lastSeq: 41)])),
            """
            0000001b 01
            0001 00
            0002 6331
            0001 74
            0001
            0004 6d61696e 0000000000000029
            """
        ),
        (
            "HELLO subscriber with * and lastSeq -1",
            .hello(.init(role: .subscriber, clientID: "s", token: "", rooms: [.init(room: "*")])),
            """
            00000016 01
            0001 01
            0001 73
            0000
            0001
            0001 2a ffffffffffffffff
            """
        ),
        (
            "WELCOME",
            .welcome(.init(serverID: "s1", heartbeatIntervalMs: 5000, recovery: .incomplete, replayCount: 3)),
            """
            00000010 02
            0001
            0002 7331
            00001388
            02
            00000003
            """
        ),
        (
            "WINDOW",
            .window(FrameSamples.heartAndLaugh),
            """
            00000050 03
            00
            0004 6d61696e
            0000000000000007
            00000000000036b0
            0000000000003e80
            0000000000000ed3
            0002
            0006 e29da4efb88f 0000000000000ec9 00000004
            0004 f09f9882     000000000000000a 00000001
            """
        ),
        (
            "WINDOW replayed",
            .window(.init(room: "a", seq: -1, windowStart: 0, windowEnd: 1, total: 0, entries: [], replayed: true)),
            """
            00000027 03
            01
            0001 61
            ffffffffffffffff
            0000000000000000
            0000000000000001
            0000000000000000
            0000
            """
        ),
        ("PING", .ping(258), "00000009 04 0000000000000102"),
        ("PONG", .pong(.max), "00000009 05 ffffffffffffffff"),
        ("ERROR", .error(.init(code: .tooSlow, reason: "queue")), "0000000a 06 0007 0005 7175657565"),
        ("GOODBYE", .goodbye(.init(reason: "")), "00000005 07 0000 0000"),
    ]

    @Test(arguments: cases)
    func encodesToTheDocumentedBytes(name: String, frame: FanoutFrame, hex: String) {
        #expect(FrameSamples.encoded(frame).hexString == ByteBuffer(hex: hex).hexString, "\(name)")
    }

    @Test(arguments: cases)
    func decodesFromTheDocumentedBytes(name: String, frame: FanoutFrame, hex: String) throws {
        var decoder = FanoutFrameDecoder()
        var buffer = ByteBuffer(hex: hex)
        #expect(try decoder.decode(buffer: &buffer) == frame, "\(name)")
        #expect(buffer.readableBytes == 0)
    }

    @Test func reservedWindowFlagBitsAreIgnored() throws {
        var buffer = ByteBuffer(hex: "00000027 03 fe 0001 61" + String(repeating: "00", count: 32) + "0000")
        var decoder = FanoutFrameDecoder()
        guard case .window(let window) = try decoder.decode(buffer: &buffer) else {
            Issue.record("not a window")
            return
        }
        #expect(window.replayed == false)
    }

    @Test func welcomeExposesTheHeartbeatAsADuration() {
        let welcome = FanoutFrame.Welcome(serverID: "", heartbeatIntervalMs: 1500, recovery: .complete, replayCount: 0)
        #expect(welcome.heartbeatInterval == .milliseconds(1500))
    }
}
