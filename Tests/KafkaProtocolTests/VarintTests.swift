import KafkaProtocol
import NIOCore
import Testing

@Suite struct VarintTests {
    static let encodings: [(value: Int64, bytes: [UInt8])] = [
        (0, [0x00]),
        (-1, [0x01]),
        (1, [0x02]),
        (-64, [0x7F]),
        (63, [0x7E]),
        (64, [0x80, 0x01]),
        (-65, [0x81, 0x01]),
        (300, [0xD8, 0x04]),
        (Int64(Int32.max), [0xFE, 0xFF, 0xFF, 0xFF, 0x0F]),
        (Int64(Int32.min), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        (Int64.max, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        (Int64.min, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test(arguments: encodings)
    func varlongEncodings(value: Int64, bytes: [UInt8]) throws {
        var buffer = ByteBuffer()
        #expect(buffer.writeZigZagVarint64(value) == bytes.count)
        #expect(Array(buffer.readableBytesView) == bytes)
        #expect(ByteBuffer.zigZagVarintSize(value) == bytes.count)
        #expect(try buffer.readZigZagVarint64() == value)
        #expect(buffer.readableBytes == 0)

        if let small = Int32(exactly: value) {
            var buffer32 = ByteBuffer()
            buffer32.writeZigZagVarint32(small)
            #expect(Array(buffer32.readableBytesView) == bytes)
            #expect(try buffer32.readZigZagVarint32() == small)
        }
    }

    static let malformed32: [[UInt8]] = [
        [],
        [0x80],
        [0xFF, 0xFF],
        [0x80, 0x80, 0x80, 0x80, 0x80, 0x00],  // six bytes: overlong for 32 bits
        [0xFE, 0xFF, 0xFF, 0xFF, 0x1F],  // five bytes, but more than 32 bits
    ]

    @Test(arguments: malformed32)
    func malformedVarintsThrow(bytes: [UInt8]) {
        var buffer = ByteBuffer(bytes: bytes)
        #expect(throws: RecordBatchError.self) { try buffer.readZigZagVarint32() }
    }

    static let malformed64: [[UInt8]] = [
        [],
        [0x80, 0x80],
        [UInt8](repeating: 0x80, count: 10) + [0x00],  // eleven bytes
        [UInt8](repeating: 0xFF, count: 9) + [0x02],  // tenth byte overflows 64 bits
    ]

    @Test(arguments: malformed64)
    func malformedVarlongsThrow(bytes: [UInt8]) {
        var buffer = ByteBuffer(bytes: bytes)
        #expect(throws: RecordBatchError.self) { try buffer.readZigZagVarint64() }
    }

    @Test func malformedVarintsAreCorrupt() {
        var buffer = ByteBuffer(bytes: [0x80])
        do {
            _ = try buffer.readZigZagVarint32()
            Issue.record("expected an error")
        } catch let error as RecordBatchError {
            #expect(error.isCorrupt)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
