import FanoutProtocol
import NIOCore
import NIOTestUtils
import Testing

@Suite struct RoundTripTests {
    @Test(arguments: FrameSamples.named)
    func everyFrameDecodesToItself(name: String, frame: FanoutFrame) throws {
        var buffer = FrameSamples.encoded(frame)
        var decoder = FanoutFrameDecoder()
        #expect(try decoder.decode(buffer: &buffer) == frame, "\(name)")
        #expect(buffer.readableBytes == 0)
    }

    @Test(arguments: FrameSamples.named)
    func lengthPrefixCountsTypeAndPayload(name: String, frame: FanoutFrame) {
        let buffer = FrameSamples.encoded(frame)
        #expect(buffer.getInteger(at: 0, as: UInt32.self) == UInt32(buffer.readableBytes - 4), "\(name)")
    }

    @Test func encodeAppendsAfterExistingBytes() throws {
        var buffer = ByteBuffer(bytes: [0xAA])
        FanoutFrame.ping(1).encode(into: &buffer)
        #expect(buffer.hexString == "aa" + "00000009" + "04" + "0000000000000001")
    }

    @Test func encoderHandlerWritesWholeFrames() throws {
        var out = ByteBuffer()
        FanoutFrameEncoder().encode(data: .pong(2), out: &out)
        #expect(out == FrameSamples.encoded(.pong(2)))
    }

    @Test func decoderSurvivesDripFeedingAndShuffling() throws {
        var twoFrames = FrameSamples.encoded(.ping(1))
        twoFrames.writeImmutableBuffer(FrameSamples.encoded(.window(FrameSamples.heartAndLaugh)))
        var pairs = FrameSamples.named.map { (FrameSamples.encoded($0.frame), [$0.frame]) }
        pairs.append((twoFrames, [.ping(1), .window(FrameSamples.heartAndLaugh)]))
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: pairs,
            decoderFactory: { FanoutFrameDecoder() }
        )
    }
}
