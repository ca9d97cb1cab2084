import NIOCore

/// One record inside an uncompressed v2 batch.
///
/// Wire form: `length varint | attributes i8 | timestampDelta varlong | offsetDelta varint |
/// key (varint length, -1 = null) | value (varint length, -1 = null) | header count varint |
/// headers (key: varint length + UTF-8, value: varint length or -1)`, all varints zigzag.
public struct Record: Hashable, Sendable {
    /// Unused by format v2; kept so a record round-trips unchanged.
    public var attributes: Int8
    /// Milliseconds after the batch's `baseTimestamp`.
    public var timestampDelta: Int64
    /// Position after the batch's `baseOffset`.
    public var offsetDelta: Int32
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    public var headers: [RecordHeader]

    public init(
        attributes: Int8 = 0,
        timestampDelta: Int64 = 0,
        offsetDelta: Int32,
        key: ByteBuffer?,
        value: ByteBuffer?,
        headers: [RecordHeader] = []
    ) {
        self.attributes = attributes
        self.timestampDelta = timestampDelta
        self.offsetDelta = offsetDelta
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The record's log offset in the batch described by `header`.
    public func offset(in header: RecordBatchHeader) -> Int64 {
        header.baseOffset + Int64(offsetDelta)
    }

    /// The record's timestamp in the batch described by `header` (the batch's time under LogAppendTime).
    public func timestamp(in header: RecordBatchHeader) -> Int64 {
        header.timestampType == .logAppendTime ? header.maxTimestamp : header.baseTimestamp + timestampDelta
    }
}

/// A record header: a string key and optional bytes.
public struct RecordHeader: Hashable, Sendable {
    public var key: String
    public var value: ByteBuffer?

    public init(key: String, value: ByteBuffer?) {
        self.key = key
        self.value = value
    }
}
