import KafkaProtocol
import NIOCore
import Testing

@Suite struct PrimitivesTests {
    static let varints: [(value: UInt32, bytes: [UInt8])] = [
        (0, [0x00]),
        (1, [0x01]),
        (127, [0x7F]),
        (128, [0x80, 0x01]),
        (300, [0xAC, 0x02]),
        (16_383, [0xFF, 0x7F]),
        (16_384, [0x80, 0x80, 0x01]),
        (UInt32.max, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
    ]

    @Test(arguments: varints)
    func unsignedVarint(value: UInt32, bytes: [UInt8]) throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaUnsignedVarint(value)
        #expect(Array(buffer.readableBytesView) == bytes)
        #expect(try buffer.readKafkaUnsignedVarint() == value)
        #expect(buffer.readableBytes == 0)
    }

    @Test(arguments: [
        [UInt8(0xFF), 0xFF, 0xFF, 0xFF, 0x1F],   // 33 bits
        [0x80, 0x80, 0x80, 0x80, 0x80, 0x01],    // six bytes
    ])
    func overlongUnsignedVarintIsInvalid(bytes: [UInt8]) {
        var buffer = ByteBuffer(bytes: bytes)
        #expect(throws: KafkaProtocolError.invalidVarint) { try buffer.readKafkaUnsignedVarint() }
    }

    @Test func unterminatedUnsignedVarintIsTruncated() {
        var buffer = ByteBuffer(bytes: [0x80, 0x80])
        #expect(throws: KafkaProtocolError.truncated) { try buffer.readKafkaUnsignedVarint() }
    }

    @Test func stringsAndNull() throws {
        var buffer = ByteBuffer(bytes: [0x00, 0x03] + ascii("abc") + [0xFF, 0xFF, 0x00, 0x00, 0x00, 0x02, 0xC3, 0xA9])
        #expect(try buffer.readKafkaString() == "abc")
        #expect(try buffer.readKafkaNullableString() == nil)
        #expect(try buffer.readKafkaNullableString() == "")
        #expect(try buffer.readKafkaString() == "é")
    }

    @Test func invalidUTF8IsRejected() {
        var buffer = ByteBuffer(bytes: [0x00, 0x02, 0xC3, 0x28])
        #expect(throws: KafkaProtocolError.invalidString) { try buffer.readKafkaString() }
    }

    @Test func stringLongerThanTheInputIsTruncated() {
        var buffer = ByteBuffer(bytes: [0x7F, 0xFF, 0x61])
        #expect(throws: KafkaProtocolError.truncated) { try buffer.readKafkaString() }
    }

    @Test func nullForANonNullableStringIsInvalid() {
        var buffer = ByteBuffer(bytes: [0xFF, 0xFF])
        #expect(throws: KafkaProtocolError.invalidLength) { try buffer.readKafkaString() }
    }

    @Test func classicEncodingsMatchTheSpec() {
        var buffer = ByteBuffer()
        buffer.writeKafkaString("ab")
        buffer.writeKafkaNullableString(nil)
        buffer.writeKafkaNullableBytes(ByteBuffer(bytes: [7]))
        buffer.writeKafkaNullableBytes(nil)
        buffer.writeKafkaNullableArray([Int32(5)]) { $0.writeInteger($1) }
        buffer.writeKafkaNullableArray([Int32]?.none) { $0.writeInteger($1) }
        buffer.writeKafkaBoolean(true)
        #expect(Array(buffer.readableBytesView) == [
            0x00, 0x02, 0x61, 0x62,
            0xFF, 0xFF,
            0x00, 0x00, 0x00, 0x01, 0x07,
            0xFF, 0xFF, 0xFF, 0xFF,
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05,
            0xFF, 0xFF, 0xFF, 0xFF,
            0x01,
        ])
    }

    @Test func compactEncodingsMatchTheSpec() throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaCompactString("ab")
        buffer.writeKafkaCompactNullableString(nil)
        buffer.writeKafkaCompactNullableBytes(ByteBuffer(bytes: [7]))
        buffer.writeKafkaCompactNullableArray([Int16(5)]) { $0.writeInteger($1) }
        buffer.writeKafkaCompactNullableArray([Int16]?.none) { $0.writeInteger($1) }
        buffer.writeKafkaEmptyTaggedFields()
        #expect(Array(buffer.readableBytesView) == [0x03, 0x61, 0x62, 0x00, 0x02, 0x07, 0x02, 0x00, 0x05, 0x00, 0x00])

        #expect(try buffer.readKafkaCompactString() == "ab")
        #expect(try buffer.readKafkaCompactNullableString() == nil)
        #expect(try buffer.readKafkaCompactNullableBytes().map { Array($0.readableBytesView) } == [7])
        #expect(try buffer.readKafkaCompactNullableArray { try $0.readKafkaInteger(as: Int16.self) } == [5])
        #expect(try buffer.readKafkaCompactNullableArray { try $0.readKafkaInteger(as: Int16.self) } == nil)
        try buffer.skipKafkaTaggedFields()
        try buffer.requireFullyConsumed()
    }

    @Test func taggedFieldsAreSkippedAndSizesChecked() throws {
        var buffer = ByteBuffer(bytes: [0x02, 0x00, 0x01, 0xAA, 0x03, 0x02, 0xBB, 0xCC, 0x42])
        try buffer.skipKafkaTaggedFields()
        #expect(Array(buffer.readableBytesView) == [0x42])

        var lying = ByteBuffer(bytes: [0x01, 0x00, 0x10, 0xAA])
        #expect(throws: KafkaProtocolError.truncated) { try lying.skipKafkaTaggedFields() }

        var hugeCount = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(throws: KafkaProtocolError.truncated) { try hugeCount.skipKafkaTaggedFields() }
    }

    @Test func hugeCompactArrayCountFailsBeforeAllocating() {
        var buffer = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00])
        #expect(throws: KafkaProtocolError.truncated) {
            try buffer.readKafkaCompactArray { try $0.readKafkaInteger(as: Int64.self) }
        }
    }

    @Test func shortIntegerIsTruncated() {
        var buffer = ByteBuffer(bytes: [0x00, 0x01, 0x02])
        #expect(throws: KafkaProtocolError.truncated) { try buffer.readKafkaInteger(as: Int32.self) }
    }

    @Test func anyNonZeroByteIsTrue() throws {
        var buffer = ByteBuffer(bytes: [0x00, 0x01, 0x7F])
        #expect(try buffer.readKafkaBoolean() == false)
        #expect(try buffer.readKafkaBoolean() == true)
        #expect(try buffer.readKafkaBoolean() == true)
    }
}
