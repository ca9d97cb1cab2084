import KafkaProtocol
import NIOCore
import Testing

@Suite struct RecordBatchValidatorTests {
    private static func batch(records: Int = 2, baseTimestamp: Int64 = 1_000) -> ByteBuffer {
        var builder = RecordBatchBuilder(baseTimestamp: baseTimestamp)
        for index in 0..<records {
            builder.append(key: ByteBuffer(string: "k\(index)"), value: ByteBuffer(string: "value \(index)"))
        }
        return builder.build()
    }

    /// Recomputes the CRC after a test edits CRC-covered bytes, so only the intended check fails.
    private static func resealed(_ batch: ByteBuffer, at index: Int = 0) -> ByteBuffer {
        var batch = batch
        let header = try! RecordBatchHeader(parsing: batch, at: index)
        batch.setInteger(header.computeCRC(in: batch, at: index), at: index + 17)
        return batch
    }

    private static func validationError(_ records: ByteBuffer) -> RecordBatchError? {
        do {
            _ = try RecordBatchValidator.validate(records)
            return nil
        } catch {
            return error as? RecordBatchError
        }
    }

    @Test func acceptsSeveralConcatenatedBatches() throws {
        var records = Self.batch(records: 3)
        var second = Self.batch(records: 1)
        let firstSize = records.readableBytes
        records.writeBuffer(&second)
        let batches = try RecordBatchValidator.validate(records)
        #expect(batches.map(\.position) == [0, firstSize])
        #expect(batches.map(\.header.recordsCount) == [3, 1])
    }

    @Test func honoursTheReaderIndex() throws {
        var records = ByteBuffer(bytes: [1, 2, 3])
        var batch = Self.batch()
        records.writeBuffer(&batch)
        records.moveReaderIndex(forwardBy: 3)
        #expect(try RecordBatchValidator.validate(records).map(\.position) == [3])
    }

    @Test func rejectsAnEmptyBlob() {
        #expect(Self.validationError(ByteBuffer()) == .empty)
        #expect(Self.validationError(ByteBuffer())?.isCorrupt == false)
    }

    @Test(arguments: [1, 11, 12, 60, 61])
    func truncatedBatchesAreCorrupt(bytesDropped: Int) throws {
        var records = Self.batch()
        records.moveWriterIndex(to: records.writerIndex - bytesDropped)
        let error = try #require(Self.validationError(records))
        #expect(error.isCorrupt)
        #expect(error.kafkaErrorCode == 2)
    }

    @Test func trailingGarbageAfterAGoodBatchIsCorrupt() throws {
        var records = Self.batch()
        records.writeBytes([0, 0, 0, 0])
        #expect(try #require(Self.validationError(records)).isCorrupt)
    }

    @Test(arguments: [Int32(0), 48, -1, Int32.min])
    func tooSmallBatchLengthIsCorrupt(batchLength: Int32) throws {
        var records = Self.batch()
        records.setInteger(batchLength, at: 8)
        #expect(Self.validationError(records) == .invalidBatchLength(position: 0, batchLength: batchLength))
    }

    @Test func flippedByteFailsTheCRC() throws {
        var records = Self.batch()
        let index = records.writerIndex - 3
        records.setInteger(records.getInteger(at: index, as: UInt8.self)! ^ 0x40, at: index)
        let error = try #require(Self.validationError(records))
        #expect(error.isCorrupt)
        #expect("\(error)".contains("CRC"))
    }

    @Test func wrongMagicIsInvalid() throws {
        var records = Self.batch()
        records.setInteger(Int8(1), at: 16)
        #expect(Self.validationError(records) == .unsupportedMagic(position: 0, magic: 1))
        #expect(Self.validationError(records)?.kafkaErrorCode == 87)
    }

    static let inconsistentCounts: [(recordsCount: Int32, lastOffsetDelta: Int32)] = [(1, 1), (2, 2), (0, -1), (3, 2)]

    @Test(arguments: inconsistentCounts)
    func recordsCountMustMatchLastOffsetDelta(recordsCount: Int32, lastOffsetDelta: Int32) throws {
        var records = Self.batch()
        records.setInteger(recordsCount, at: 57)
        records.setInteger(lastOffsetDelta, at: 23)
        let error = try #require(Self.validationError(Self.resealed(records)))
        #expect(!error.isCorrupt)
    }

    @Test func controlBatchesFromClientsAreInvalid() {
        var records = Self.batch()
        records.setInteger(Int16(0x20), at: 21)
        #expect(Self.validationError(Self.resealed(records)) == .controlBatch(position: 0))
    }

    @Test func unknownCodecIsInvalid() {
        var records = Self.batch()
        records.setInteger(Int16(6), at: 21)
        #expect(Self.validationError(Self.resealed(records)) == .unsupportedCompression(position: 0, codec: 6))
    }

    @Test func recordsThatDoNotFillTheBatchAreInvalid() throws {
        // Three records' worth of bytes, header claims two (with a consistent lastOffsetDelta and CRC).
        var records = Self.batch(records: 3)
        records.setInteger(Int32(2), at: 57)
        records.setInteger(Int32(1), at: 23)
        let error = try #require(Self.validationError(Self.resealed(records)))
        #expect(!error.isCorrupt)
        #expect("\(error)".contains("3 records"))
    }

    @Test func compressedBatchesAreAcceptedWithoutLookingInside() throws {
        var records = Self.batch()
        records.setInteger(Int16(4), at: 21)  // zstd: the body is opaque to the broker
        #expect(try RecordBatchValidator.validate(Self.resealed(records)).count == 1)
    }
}
