import FanoutProtocol
import NIOCore

/// Frames shared by the round-trip, verifier and compatibility-vector tests, covering every type and edge value.
enum FrameSamples {
    static let heartAndLaugh = FanoutFrame.Window(
        room: "main", seq: 7, windowStart: 14_000, windowEnd: 16_000, total: 3795,
        entries: [.init(emoji: "❤️", count: 3785, scaled: 4), .init(emoji: "😂", count: 10, scaled: 1)]
    )

    /// Named so failures and the compatibility vectors say which one.
    static let named: [(name: String, frame: FanoutFrame)] = [
        ("hello_viewer", .hello(.init(role: .viewer, clientID: "c1", token: "t", rooms: [.init(room: "main", lastSeq: 41)]))),
        ("hello_doc_example", .hello(.init(
            role: .viewer, clientID: "alice", token: "1767225600.bWFj",
            rooms: [.init(room: "main", lastSeq: 882_345), .init(room: "lobby")]
        ))),
        ("hello_subscriber_all_rooms", .hello(.init(
            role: .subscriber, clientID: "subscriber-1-2", token: "",
            rooms: [.init(room: "main", lastSeq: 9), .init(room: FanoutFrame.Hello.allRooms, lastSeq: 0)]
        ))),
        ("hello_no_rooms", .hello(.init(role: .viewer, clientID: "", token: "", rooms: []))),
        ("welcome_complete", .welcome(.init(serverID: "subscriber-1-2", heartbeatIntervalMs: 5000, recovery: .complete, replayCount: 2))),
        ("welcome_not_requested", .welcome(.init(serverID: "", heartbeatIntervalMs: 0, recovery: .notRequested, replayCount: 0))),
        ("welcome_incomplete", .welcome(.init(serverID: "p", heartbeatIntervalMs: .max, recovery: .incomplete, replayCount: .max))),
        ("window_live", .window(heartAndLaugh)),
        ("window_replayed", .window({ var window = heartAndLaugh; window.replayed = true; return window }())),
        ("window_empty", .window(.init(room: "", seq: 0, windowStart: -1, windowEnd: 0, total: 0, entries: []))),
        ("window_extremes", .window(.init(
            room: "r", seq: .max, windowStart: .min, windowEnd: .max, total: .max,
            entries: [.init(emoji: "👍🏽", count: .max, scaled: .max)]
        ))),
        ("ping", .ping(0x0102_0304_0506_0708)),
        ("pong_max", .pong(.max)),
        ("error_bad_token", .error(.init(code: .badToken, reason: "signature does not match"))),
        ("error_unknown_code", .error(.init(code: FanoutErrorCode(rawValue: 999), reason: "é"))),
        ("goodbye_normal", .goodbye(.init(reason: "bye"))),
        ("goodbye_shutdown", .goodbye(.init(code: .shuttingDown, reason: ""))),
    ]

    static func encoded(_ frame: FanoutFrame) -> ByteBuffer {
        var buffer = ByteBuffer()
        frame.encode(into: &buffer)
        return buffer
    }
}

extension ByteBuffer {
    /// Bytes from hex text; spaces and newlines are ignored so golden bytes can be laid out by field.
    init(hex: String) {
        let digits = Array(hex.filter(\.isHexDigit))
        precondition(digits.count.isMultiple(of: 2), "odd number of hex digits")
        self.init(bytes: stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! })
    }

    /// Lowercase hex, two digits per byte.
    var hexString: String {
        readableBytesView.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
