import NIOCore

extension Record {
    /// Reads one length-prefixed record from `buffer`.
    ///
    /// - Throws: `RecordBatchError.malformedRecord` if the record is truncated, its fields overrun its
    ///   length prefix, or bytes are left over inside it.
    public init(decoding buffer: inout ByteBuffer) throws {
        let length = try buffer.readZigZagVarint32()
        guard length >= 0, var body = buffer.readSlice(length: Int(length)) else {
            throw RecordBatchError.malformedRecord("record length \(length) exceeds the remaining \(buffer.readableBytes) bytes")
        }
        guard let attributes = body.readInteger(as: Int8.self) else {
            throw RecordBatchError.malformedRecord("record has no attributes")
        }
        self.attributes = attributes
        timestampDelta = try body.readZigZagVarint64()
        offsetDelta = try body.readZigZagVarint32()
        key = try body.readRecordNullableBytes()
        value = try body.readRecordNullableBytes()
        let headerCount = try body.readZigZagVarint32()
        guard headerCount >= 0, Int(headerCount) <= body.readableBytes else {
            throw RecordBatchError.malformedRecord("invalid header count \(headerCount)")
        }
        var headers: [RecordHeader] = []
        headers.reserveCapacity(Int(headerCount))
        for _ in 0..<headerCount {
            guard var keyBytes = try body.readRecordNullableBytes() else {
                throw RecordBatchError.malformedRecord("record header with a null key")
            }
            guard let key = keyBytes.readString(length: keyBytes.readableBytes) else {
                throw RecordBatchError.malformedRecord("record header key is not UTF-8")
            }
            headers.append(RecordHeader(key: key, value: try body.readRecordNullableBytes()))
        }
        self.headers = headers
        guard body.readableBytes == 0 else {
            throw RecordBatchError.malformedRecord("\(body.readableBytes) bytes left over inside a record")
        }
    }

    /// Writes the record with its length prefix; returns the bytes written.
    @discardableResult
    public func write(into buffer: inout ByteBuffer) -> Int {
        let bodySize = encodedBodySize
        var written = buffer.writeZigZagVarint32(Int32(bodySize))
        written += buffer.writeInteger(attributes)
        written += buffer.writeZigZagVarint64(timestampDelta)
        written += buffer.writeZigZagVarint32(offsetDelta)
        written += buffer.writeRecordNullableBytes(key)
        written += buffer.writeRecordNullableBytes(value)
        written += buffer.writeZigZagVarint32(Int32(headers.count))
        for header in headers {
            written += buffer.writeZigZagVarint32(Int32(header.key.utf8.count))
            written += buffer.writeString(header.key)
            written += buffer.writeRecordNullableBytes(header.value)
        }
        return written
    }

    /// Size of the record after its length prefix.
    var encodedBodySize: Int {
        var size = 1 + ByteBuffer.zigZagVarintSize(timestampDelta) + ByteBuffer.zigZagVarintSize(Int64(offsetDelta))
        size += Self.nullableBytesSize(key?.readableBytes)
        size += Self.nullableBytesSize(value?.readableBytes)
        size += ByteBuffer.zigZagVarintSize(Int64(headers.count))
        for header in headers {
            size += Self.nullableBytesSize(header.key.utf8.count)
            size += Self.nullableBytesSize(header.value?.readableBytes)
        }
        return size
    }

    private static func nullableBytesSize(_ length: Int?) -> Int {
        guard let length else { return 1 }
        return ByteBuffer.zigZagVarintSize(Int64(length)) + length
    }
}

extension ByteBuffer {
    /// Reads varint-length-prefixed bytes where -1 means null.
    fileprivate mutating func readRecordNullableBytes() throws -> ByteBuffer? {
        let length = try readZigZagVarint32()
        if length == -1 { return nil }
        guard length >= 0, let bytes = readSlice(length: Int(length)) else {
            throw RecordBatchError.malformedRecord("field length \(length) exceeds the remaining \(readableBytes) bytes")
        }
        return bytes
    }

    fileprivate mutating func writeRecordNullableBytes(_ bytes: ByteBuffer?) -> Int {
        guard var bytes else { return writeZigZagVarint32(-1) }
        return writeZigZagVarint32(Int32(bytes.readableBytes)) + writeBuffer(&bytes)
    }
}
