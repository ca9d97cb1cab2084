import CRdKafka

/// One record on its way into librdkafka's queue.
struct ProducerRecord: Sendable {
    var topic: String
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [KafkaHeader]
    var timestamp: KafkaTimestamp?
    var partition: Int32?

    /// Hands the record to librdkafka (which copies every byte), tagging it with `opaque` for its delivery report.
    ///
    /// - Throws: `KafkaClientError`, e.g. `.queueFull` when librdkafka's local queue has no room.
    func produce(on client: OpaquePointer, opaque: UInt) throws {
        let headerList = makeHeaderList()
        let error: OpaquePointer? = topic.withCString { topicName in
            Self.withBytes(key) { keyBytes in
                Self.withBytes(value) { valueBytes in
                    var arguments: [rd_kafka_vu_t] = []
                    arguments.append(.init(RD_KAFKA_VTYPE_TOPIC) { $0.cstr = topicName })
                    arguments.append(.init(RD_KAFKA_VTYPE_MSGFLAGS) { $0.i = RD_KAFKA_MSG_F_COPY })
                    arguments.append(.init(RD_KAFKA_VTYPE_OPAQUE) { $0.ptr = UnsafeMutableRawPointer(bitPattern: opaque) })
                    if let keyBytes { arguments.append(.memory(RD_KAFKA_VTYPE_KEY, keyBytes)) }
                    if let valueBytes { arguments.append(.memory(RD_KAFKA_VTYPE_VALUE, valueBytes)) }
                    if let partition { arguments.append(.init(RD_KAFKA_VTYPE_PARTITION) { $0.i32 = partition }) }
                    if let timestamp {
                        arguments.append(.init(RD_KAFKA_VTYPE_TIMESTAMP) { $0.i64 = timestamp.millisecondsSinceEpoch })
                    }
                    if let headerList { arguments.append(.init(RD_KAFKA_VTYPE_HEADERS) { $0.headers = headerList }) }
                    return rd_kafka_produceva(client, arguments, arguments.count)
                }
            }
        }
        guard let error else { return }
        // librdkafka owns the headers only once the record is accepted.
        if let headerList { rd_kafka_headers_destroy(headerList) }
        throw KafkaClientError(consuming: error)
    }

    private func makeHeaderList() -> OpaquePointer? {
        guard !headers.isEmpty, let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            _ = Self.withBytes(header.value) { value in
                rd_kafka_header_add(list, header.key, -1, value?.baseAddress, value?.count ?? 0)
            }
        }
        return list
    }

    /// Calls `body` with the bytes, or nil for a null field; an empty array still gets a non-null pointer,
    /// because librdkafka reads a null pointer as a null field rather than an empty one.
    private static func withBytes<Result>(
        _ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> Result
    ) -> Result {
        guard let bytes else { return body(nil) }
        if bytes.isEmpty {
            return withUnsafeBytes(of: UInt8(0)) { body(UnsafeRawBufferPointer(start: $0.baseAddress, count: 0)) }
        }
        return bytes.withUnsafeBytes { body($0) }
    }
}

extension rd_kafka_vu_t {
    fileprivate init(_ type: rd_kafka_vtype_t, _ set: (inout rd_kafka_vu_s.__Unnamed_union_u) -> Void) {
        self.init()
        vtype = type
        set(&u)
    }

    fileprivate static func memory(_ type: rd_kafka_vtype_t, _ bytes: UnsafeRawBufferPointer) -> rd_kafka_vu_t {
        rd_kafka_vu_t(type) { field in
            field.mem.ptr = UnsafeMutableRawPointer(mutating: bytes.baseAddress)
            field.mem.size = bytes.count
        }
    }
}
