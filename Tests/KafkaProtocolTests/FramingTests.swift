import KafkaProtocol
import NIOCore
import NIOTestUtils
import Testing

@Suite struct FramingTests {
    static func frame(_ body: [UInt8]) -> ByteBuffer {
        let length = UInt32(body.count)
        return ByteBuffer(bytes: [UInt8(length >> 24), UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)] + body)
    }

    @Test func decoderSurvivesDripFeedingAndShuffling() throws {
        let header = ApiVersionsGoldenTests.librdkafkaFrameBody
        var twoFrames = Self.frame([1, 2, 3])
        twoFrames.writeImmutableBuffer(Self.frame([4]))
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [
                (Self.frame(header), [ByteBuffer(bytes: header)]),
                (Self.frame([]), [ByteBuffer()]),
                (twoFrames, [ByteBuffer(bytes: [1, 2, 3]), ByteBuffer(bytes: [4])]),
                (Self.frame(Array(repeating: 0xAB, count: 1000)), [ByteBuffer(repeating: 0xAB, count: 1000)]),
            ],
            decoderFactory: { KafkaFrameDecoder(maxFrameLength: 4096) }
        )
    }

    @Test func waitsForTheWholeFrame() throws {
        var decoder = KafkaFrameDecoder(maxFrameLength: 100)
        var buffer = ByteBuffer(bytes: [0x00, 0x00, 0x00, 0x03, 0x01, 0x02])
        #expect(try decoder.decode(buffer: &buffer) == nil)
        #expect(buffer.readableBytes == 6)
        buffer.writeInteger(UInt8(3))
        #expect(try decoder.decode(buffer: &buffer) == ByteBuffer(bytes: [1, 2, 3]))
        #expect(buffer.readableBytes == 0)
    }

    @Test func oversizedLengthFailsBeforeTheBodyArrives() {
        var decoder = KafkaFrameDecoder(maxFrameLength: 100)
        var buffer = ByteBuffer(bytes: [0x00, 0x00, 0x00, 0x65])
        #expect(throws: KafkaProtocolError.frameTooLarge(length: 101, limit: 100)) {
            try decoder.decode(buffer: &buffer)
        }
    }

    @Test func lengthAtTheLimitIsAccepted() throws {
        var decoder = KafkaFrameDecoder(maxFrameLength: 2)
        var buffer = ByteBuffer(bytes: [0x00, 0x00, 0x00, 0x02, 0x09, 0x09])
        #expect(try decoder.decode(buffer: &buffer) == ByteBuffer(bytes: [9, 9]))
    }

    @Test func negativeLengthFails() {
        var decoder = KafkaFrameDecoder(maxFrameLength: 100)
        var buffer = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFE])
        #expect(throws: KafkaProtocolError.negativeFrameLength) {
            try decoder.decode(buffer: &buffer)
        }
    }

    @Test func encoderPrefixesTheLength() throws {
        var out = ByteBuffer()
        try KafkaFrameEncoder().encode(data: ByteBuffer(bytes: [0xAA, 0xBB]), out: &out)
        #expect(out == ByteBuffer(bytes: [0x00, 0x00, 0x00, 0x02, 0xAA, 0xBB]))
    }

    @Test func writeKafkaFrameBackfillsTheLength() {
        var out = ByteBuffer(bytes: [0x77])
        let length = out.writeKafkaFrame { body in
            ResponseHeader(correlationID: 5).encode(into: &body, headerVersion: 0)
            body.writeInteger(Int16(0))
        }
        #expect(length == 6)
        #expect(out == ByteBuffer(bytes: [0x77, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00]))
    }

    @Test func encodedFramesDecode() throws {
        var stream = ByteBuffer()
        stream.writeKafkaFrame { $0.writeBytes([1, 2]) }
        stream.writeKafkaFrame { _ in }
        var decoder = KafkaFrameDecoder(maxFrameLength: 10)
        #expect(try decoder.decode(buffer: &stream) == ByteBuffer(bytes: [1, 2]))
        #expect(try decoder.decode(buffer: &stream) == ByteBuffer())
        #expect(try decoder.decode(buffer: &stream) == nil)
    }
}
