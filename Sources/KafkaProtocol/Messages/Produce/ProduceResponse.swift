import NIOCore

/// Produce response (key 0), v0–8: where each partition's batches landed, or why not.
public struct ProduceResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.produce
    public static let supportedVersions: ClosedRange<Int16> = 0...8

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    public struct Partition: Hashable, Sendable {
        public var index: Int32
        public var errorCode: KafkaErrorCode
        public var baseOffset: Int64
        /// v2+; -1 unless the topic uses LogAppendTime.
        public var logAppendTimeMs: Int64
        /// v5+.
        public var logStartOffset: Int64
        /// v8+: the records that made the broker drop the batch.
        public var recordErrors: [RecordError]
        /// v8+.
        public var errorMessage: String?

        public init(
            index: Int32,
            errorCode: KafkaErrorCode = .none,
            baseOffset: Int64,
            logAppendTimeMs: Int64 = -1,
            logStartOffset: Int64 = -1,
            recordErrors: [RecordError] = [],
            errorMessage: String? = nil
        ) {
            self.index = index
            self.errorCode = errorCode
            self.baseOffset = baseOffset
            self.logAppendTimeMs = logAppendTimeMs
            self.logStartOffset = logStartOffset
            self.recordErrors = recordErrors
            self.errorMessage = errorMessage
        }
    }

    public struct RecordError: Hashable, Sendable {
        public var batchIndex: Int32
        public var batchIndexErrorMessage: String?

        public init(batchIndex: Int32, batchIndexErrorMessage: String?) {
            self.batchIndex = batchIndex
            self.batchIndexErrorMessage = batchIndexErrorMessage
        }
    }

    public var responses: [Topic]
    /// v1+.
    public var throttleTimeMs: Int32

    public init(responses: [Topic], throttleTimeMs: Int32 = 0) {
        self.responses = responses
        self.throttleTimeMs = throttleTimeMs
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        responses = try buffer.readKafkaArray { buffer in
            Topic(
                name: try buffer.readKafkaString(),
                partitions: try buffer.readKafkaArray { try Partition(from: &$0, version: version) }
            )
        }
        throttleTimeMs = version >= 1 ? try buffer.readKafkaInteger() : 0
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeKafkaArray(responses) { buffer, topic in
            buffer.writeKafkaString(topic.name)
            buffer.writeKafkaArray(topic.partitions) { $1.encode(into: &$0, version: version) }
        }
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
    }
}

extension ProduceResponse.Partition {
    init(from buffer: inout ByteBuffer, version: Int16) throws {
        index = try buffer.readKafkaInteger()
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
        baseOffset = try buffer.readKafkaInteger()
        logAppendTimeMs = version >= 2 ? try buffer.readKafkaInteger() : -1
        logStartOffset = version >= 5 ? try buffer.readKafkaInteger() : -1
        if version >= 8 {
            recordErrors = try buffer.readKafkaArray { buffer in
                ProduceResponse.RecordError(
                    batchIndex: try buffer.readKafkaInteger(),
                    batchIndexErrorMessage: try buffer.readKafkaNullableString()
                )
            }
            errorMessage = try buffer.readKafkaNullableString()
        } else {
            recordErrors = []
            errorMessage = nil
        }
    }

    func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(index)
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeInteger(baseOffset)
        if version >= 2 {
            buffer.writeInteger(logAppendTimeMs)
        }
        if version >= 5 {
            buffer.writeInteger(logStartOffset)
        }
        if version >= 8 {
            buffer.writeKafkaArray(recordErrors) { buffer, recordError in
                buffer.writeInteger(recordError.batchIndex)
                buffer.writeKafkaNullableString(recordError.batchIndexErrorMessage)
            }
            buffer.writeKafkaNullableString(errorMessage)
        }
    }
}
