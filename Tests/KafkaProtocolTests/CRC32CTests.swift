import KafkaProtocol
import NIOCore
import Testing

@Suite struct CRC32CTests {
    /// Bit-at-a-time CRC-32C: slow but obviously right, the reference for the sliced tables.
    private func referenceCRC(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
            }
        }
        return ~crc
    }

    static let vectors: [(bytes: [UInt8], crc: UInt32)] = [
        (Array("123456789".utf8), 0xE306_9283),
        ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),  // RFC 3720 B.4
        ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        ((0..<32).map { UInt8($0) }, 0x46DD_794E),
        ((0..<32).reversed().map { UInt8($0) }, 0x113F_DB5C),
        ([], 0),
    ]

    @Test(arguments: vectors)
    func knownVectors(bytes: [UInt8], expected: UInt32) {
        #expect(CRC32C.checksum(bytes) == expected)
        #expect(CRC32C.checksum(ByteBuffer(bytes: bytes)) == expected)
    }

    @Test func everyLengthAndAlignmentMatchesTheBitwiseReference() {
        let data = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for start in 0..<9 {
            for end in stride(from: start, through: data.count, by: 7) {
                let slice = Array(data[start..<end])
                #expect(CRC32C.checksum(slice) == referenceCRC(slice))
            }
        }
    }

    @Test func updateContinuesAChecksum() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            let first = data[..<split].withUnsafeBytes { CRC32C.checksum($0) }
            let both = data[split...].withUnsafeBytes { CRC32C.update(first, with: $0) }
            #expect(both == CRC32C.checksum(data))
        }
    }

    @Test func checksumOfAByteBufferCoversOnlyReadableBytes() {
        var buffer = ByteBuffer(bytes: [0xAA, 0xBB] + Array("123456789".utf8))
        buffer.moveReaderIndex(forwardBy: 2)
        #expect(CRC32C.checksum(buffer) == 0xE306_9283)
    }
}
