import FanoutProtocol
import NIOCore
import Testing

/// Bad input fails with a `FanoutProtocolError` (and the matching wire error code), never a trap.
@Suite struct MalformedInputTests {
    static func decode(_ hex: String, maxFrameLength: Int = FanoutFrame.defaultMaxFrameLength) throws -> FanoutFrame? {
        var decoder = FanoutFrameDecoder(maxFrameLength: maxFrameLength)
        var buffer = ByteBuffer(hex: hex)
        return try decoder.decode(buffer: &buffer)
    }

    static let malformed: [(name: String, hex: String, error: FanoutProtocolError)] = [
        ("zero length", "00000000", .emptyFrame),
        ("unknown type", "00000001 08", .unknownFrameType(8)),
        ("type 0", "00000001 00", .unknownFrameType(0)),
        ("ping without nonce", "00000001 04", .truncated),
        ("ping with short nonce", "00000005 04 00000001", .truncated),
        ("ping with trailing byte", "0000000a 04 0000000000000001 ff", .trailingBytes),
        ("string longer than frame", "00000005 06 0001 0005 61", .truncated),
        ("invalid UTF-8", "00000007 06 0001 0002 c328", .invalidString),
        ("lone continuation byte", "00000006 07 0000 0001 80", .invalidString),
        ("hello version 2", "00000003 01 0002", .unsupportedVersion(2)),
        ("welcome version 0", "00000003 02 0000", .unsupportedVersion(0)),
        ("hello unknown role", "0000000a 01 0001 02 0000 0000 0000", .invalidValue(field: "HELLO role")),
        (
            "welcome unknown recovery", "0000000e 02 0001 0000 00000000 03 00000000",
            .invalidValue(field: "WELCOME recovery")
        ),
        ("hello room count beyond the frame", "0000000a 01 0001 00 0000 0000 ffff", .truncated),
        ("window entry count beyond the frame", "00000026 03 00 0000" + String(repeating: "00", count: 32) + "0001", .truncated),
    ]

    @Test(arguments: malformed)
    func malformedFramesAreRejected(name: String, hex: String, error: FanoutProtocolError) {
        #expect(throws: error, "\(name)") {
            try Self.decode(hex)
        }
        #expect(error.errorCode == .malformedFrame || error.errorCode == .unsupportedVersion)
    }

    @Test func oversizedLengthFailsBeforeTheBodyArrives() {
        #expect(throws: FanoutProtocolError.frameTooLarge(length: 101, limit: 100)) {
            try Self.decode("00000065", maxFrameLength: 100)
        }
        #expect(FanoutProtocolError.frameTooLarge(length: 101, limit: 100).errorCode == .frameTooLarge)
    }

    @Test func defaultLimitIsOneMebibyte() throws {
        #expect(throws: FanoutProtocolError.frameTooLarge(length: 1_048_577, limit: 1_048_576)) {
            try Self.decode("00100001")
        }
        // Exactly at the limit only waits for the body.
        #expect(try Self.decode("00100000 04") == nil)
    }

    @Test func maximalLengthIsRejectedNotOverflowed() {
        #expect(throws: FanoutProtocolError.frameTooLarge(length: Int(UInt32.max), limit: 1_048_576)) {
            try Self.decode("ffffffff")
        }
    }

    @Test func incompleteFramesWaitWithoutConsuming() throws {
        var decoder = FanoutFrameDecoder()
        var buffer = ByteBuffer(hex: "00000009 04 00000000")
        #expect(try decoder.decode(buffer: &buffer) == nil)
        #expect(buffer.readableBytes == 9)
        buffer.writeBytes([0, 0, 0, 7])
        #expect(try decoder.decode(buffer: &buffer) == .ping(7))
    }

    @Test func aMalformedBodyIsConsumedWhole() {
        var decoder = FanoutFrameDecoder()
        var buffer = ByteBuffer(hex: "0000000a 04 0000000000000001 ff 00000009 05 0000000000000002")
        #expect(throws: FanoutProtocolError.trailingBytes) {
            try decoder.decode(buffer: &buffer)
        }
        #expect(buffer.readableBytes == 13)
    }

    @Test func errorsDescribeThemselves() {
        #expect(FanoutProtocolError.unknownFrameType(9).description == "unknown EFP frame type 9")
        #expect(FanoutErrorCode.tooSlow.description == "too slow")
        #expect(FanoutErrorCode(rawValue: 77).description == "code 77")
        #expect(FanoutError(code: .badToken, reason: "x").description == "bad token (3): x")
    }
}
