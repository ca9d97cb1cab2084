import KafkaProtocol
import NIOCore
import Testing

@Suite struct RecordBatchTests {
    /// One record (null key, value "hi") at 1_700_000_000_000 ms; CRC computed independently.
    static let goldenBatch: [UInt8] = bytes(fromHex:
        "00000000000000000000003affffffff02bbcc41150000000000000000018bcfe568000000018bcfe568"
            + "00ffffffffffffffffffffffffffff00000001100000000104686900")

    @Test func builderProducesTheGoldenBytes() {
        var builder = RecordBatchBuilder(baseTimestamp: 1_700_000_000_000)
        builder.append(key: nil, value: ByteBuffer(string: "hi"))
        #expect(Array(builder.build().readableBytesView) == Self.goldenBatch)
    }

    @Test func headerParsesEveryField() throws {
        let buffer = ByteBuffer(bytes: [0xEE] + Self.goldenBatch)
        let header = try RecordBatchHeader(parsing: buffer, at: 1)
        #expect(header.baseOffset == 0)
        #expect(header.batchLength == 58)
        #expect(header.totalSize == 70)
        #expect(header.partitionLeaderEpoch == -1)
        #expect(header.magic == 2)
        #expect(header.crc == 0xBBCC_4115)
        #expect(header.hasValidCRC(in: buffer, at: 1))
        #expect(header.lastOffsetDelta == 0 && header.lastOffset == 0 && header.nextOffset == 1)
        #expect(header.baseTimestamp == 1_700_000_000_000 && header.maxTimestamp == 1_700_000_000_000)
        #expect(header.producerId == -1 && header.producerEpoch == -1 && header.baseSequence == -1)
        #expect(header.recordsCount == 1)
        #expect(header.compression == RecordCompression.none && !header.isCompressed)
        #expect(!header.isTransactional && !header.isControl && header.timestampType == .createTime)
    }

    @Test func attributesBitsAreDecoded() throws {
        var bytes = ByteBuffer(bytes: Self.goldenBatch)
        bytes.setInteger(Int16(0x3B), at: 21)  // lz4 | LogAppendTime | transactional | control
        let header = try RecordBatchHeader(parsing: bytes, at: 0)
        #expect(header.compression == .lz4 && header.isCompressed)
        #expect(header.timestampType == .logAppendTime)
        #expect(header.isTransactional && header.isControl)
    }

    @Test func recordsRoundTripThroughTheBuilder() throws {
        var builder = RecordBatchBuilder(baseOffset: 100, baseTimestamp: 5_000)
        builder.producerId = 42
        builder.producerEpoch = 3
        builder.baseSequence = 7
        builder.append(key: ByteBuffer(string: "room-1"), value: ByteBuffer(string: "😊"), timestamp: 5_010)
        builder.append(key: nil, value: nil, headers: [RecordHeader(key: "h", value: ByteBuffer(string: "v")),
                                                     RecordHeader(key: "empty", value: nil)], timestamp: 4_990)
        builder.append(key: ByteBuffer(), value: ByteBuffer(repeating: 7, count: 300))
        let batch = builder.build()

        let validated = try RecordBatchValidator.validate(batch)
        #expect(validated.count == 1)
        let header = validated[0].header
        #expect(header.baseOffset == 100 && header.lastOffset == 102 && header.recordsCount == 3)
        #expect(header.maxTimestamp == 5_010)
        #expect(header.producerId == 42 && header.producerEpoch == 3 && header.baseSequence == 7)

        let records = try header.records(in: batch, at: batch.readerIndex)
        #expect(records == builder.records)
        #expect(records.map { $0.offset(in: header) } == [100, 101, 102])
        #expect(records.map { $0.timestamp(in: header) } == [5_010, 4_990, 5_000])
        #expect(records[1].headers[0].key == "h" && records[1].headers[1].value == nil)
        #expect(records[2].key == ByteBuffer() && records[2].value?.readableBytes == 300)
    }

    @Test func settingTheBaseOffsetKeepsTheCRCValid() throws {
        var batch = ByteBuffer(bytes: Self.goldenBatch)
        batch.setInteger(Int32(9), at: 12)
        batch.setRecordBatchBaseOffset(1_234_567, at: 0)
        let header = try RecordBatchHeader(parsing: batch, at: 0)
        #expect(header.baseOffset == 1_234_567)
        #expect(header.partitionLeaderEpoch == -1)
        #expect(header.hasValidCRC(in: batch, at: 0))
        #expect(try RecordBatchValidator.validate(batch).count == 1)
    }

    @Test func compressedBatchesAreNotDecoded() throws {
        var batch = ByteBuffer(bytes: Self.goldenBatch)
        batch.setInteger(Int16(1), at: 21)
        let header = try RecordBatchHeader(parsing: batch, at: 0)
        #expect(throws: RecordBatchError.compressedBatch(position: 0)) { try header.records(in: batch, at: 0) }
    }

    @Test func recordsWithGapsKeepTheirOffsetDeltas() throws {
        var builder = RecordBatchBuilder(baseOffset: 10, baseTimestamp: 0)
        builder.append(Record(offsetDelta: 0, key: ByteBuffer(string: "a"), value: nil))
        builder.append(Record(offsetDelta: 4, key: ByteBuffer(string: "b"), value: nil))
        let batch = builder.build()
        let header = try RecordBatchHeader(parsing: batch, at: 0)
        #expect(header.lastOffset == 14 && header.recordsCount == 2)
        #expect(try header.records(in: batch, at: 0).map(\.offsetDelta) == [0, 4])
    }

    private static func bytes(fromHex string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = string.startIndex
        while index < string.endIndex {
            let next = string.index(index, offsetBy: 2)
            bytes.append(UInt8(string[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }
}
