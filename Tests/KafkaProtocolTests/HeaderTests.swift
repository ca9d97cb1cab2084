import KafkaProtocol
import NIOCore
import Testing

@Suite struct HeaderTests {
    @Test func requestHeaderV1() throws {
        let bytes: [UInt8] = [0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x00, 0x07, 0x00, 0x07] + ascii("rdkafka") + [0xEE]
        var buffer = ByteBuffer(bytes: bytes)
        let header = try RequestHeader.decode(from: &buffer)
        #expect(header == RequestHeader(apiKey: .metadata, apiVersion: 4, correlationID: 7, clientID: "rdkafka"))
        #expect(header.headerVersion == 1)
        #expect(Array(buffer.readableBytesView) == [0xEE])

        var encoded = ByteBuffer()
        header.encode(into: &encoded)
        #expect(Array(encoded.readableBytesView) == bytes.dropLast())
    }

    @Test func requestHeaderV2SkipsTaggedFields() throws {
        // Metadata v9 is flexible: header v2 with one tagged field (tag 0, 1 byte).
        let bytes: [UInt8] = [0x00, 0x03, 0x00, 0x09, 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0x01, 0x00, 0x01, 0x55, 0xEE]
        var buffer = ByteBuffer(bytes: bytes)
        let header = try RequestHeader.decode(from: &buffer)
        #expect(header == RequestHeader(apiKey: .metadata, apiVersion: 9, correlationID: 1, clientID: nil))
        #expect(header.headerVersion == 2)
        #expect(Array(buffer.readableBytesView) == [0xEE])
    }

    @Test func unknownApiKeyIsReadAsHeaderV1() throws {
        let bytes: [UInt8] = [0x03, 0xE7, 0x00, 0x63, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01] + ascii("x") + [0x00]
        var buffer = ByteBuffer(bytes: bytes)
        let header = try RequestHeader.decode(from: &buffer)
        #expect(header.apiKey == 999)
        #expect(header.knownApiKey == nil)
        #expect(header.correlationID == 2)
        #expect(buffer.readableBytes == 1)
    }

    @Test func truncatedHeadersThrow() {
        let bytes: [UInt8] = [0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x61, 0x62, 0x00]
        for length in 0..<bytes.count {
            var buffer = ByteBuffer(bytes: bytes[0..<length])
            #expect(throws: KafkaProtocolError.truncated) { try RequestHeader.decode(from: &buffer) }
        }
    }

    @Test func responseHeaders() throws {
        var v0 = ByteBuffer()
        ResponseHeader(correlationID: 258).encode(into: &v0, headerVersion: 0)
        #expect(v0 == ByteBuffer(bytes: [0x00, 0x00, 0x01, 0x02]))

        var v1 = ByteBuffer()
        ResponseHeader(correlationID: 258).encode(into: &v1, headerVersion: 1)
        #expect(v1 == ByteBuffer(bytes: [0x00, 0x00, 0x01, 0x02, 0x00]))
        #expect(try ResponseHeader.decode(from: &v1, headerVersion: 1) == ResponseHeader(correlationID: 258))
    }
}
