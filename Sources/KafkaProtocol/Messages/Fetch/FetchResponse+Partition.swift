import NIOCore

extension FetchResponse {
    /// One partition's answer: its offsets and the batches read from it.
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode
        public var highWatermark: Int64
        /// v4+; equals the high watermark when there are no open transactions.
        public var lastStableOffset: Int64
        /// v5+.
        public var logStartOffset: Int64
        /// v4+; nil or empty without transactions.
        public var abortedTransactions: [AbortedTransaction]?
        /// v11+; -1 means "keep fetching from the leader".
        public var preferredReadReplica: Int32
        /// Whole record batches, or nil.
        public var records: ByteBuffer?

        public init(
            partitionIndex: Int32,
            errorCode: KafkaErrorCode = .none,
            highWatermark: Int64,
            lastStableOffset: Int64 = -1,
            logStartOffset: Int64 = -1,
            abortedTransactions: [AbortedTransaction]? = nil,
            preferredReadReplica: Int32 = -1,
            records: ByteBuffer?
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.highWatermark = highWatermark
            self.lastStableOffset = lastStableOffset
            self.logStartOffset = logStartOffset
            self.abortedTransactions = abortedTransactions
            self.preferredReadReplica = preferredReadReplica
            self.records = records
        }

        init(from buffer: inout ByteBuffer, version: Int16) throws {
            partitionIndex = try buffer.readKafkaInteger()
            errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
            highWatermark = try buffer.readKafkaInteger()
            lastStableOffset = version >= 4 ? try buffer.readKafkaInteger() : -1
            logStartOffset = version >= 5 ? try buffer.readKafkaInteger() : -1
            if version >= 4 {
                abortedTransactions = try buffer.readKafkaNullableArray { buffer in
                    AbortedTransaction(producerId: try buffer.readKafkaInteger(), firstOffset: try buffer.readKafkaInteger())
                }
            } else {
                abortedTransactions = nil
            }
            preferredReadReplica = version >= 11 ? try buffer.readKafkaInteger() : -1
            records = try buffer.readKafkaNullableBytes()
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(highWatermark)
            if version >= 4 {
                buffer.writeInteger(lastStableOffset)
            }
            if version >= 5 {
                buffer.writeInteger(logStartOffset)
            }
            if version >= 4 {
                buffer.writeKafkaNullableArray(abortedTransactions) { buffer, aborted in
                    buffer.writeInteger(aborted.producerId)
                    buffer.writeInteger(aborted.firstOffset)
                }
            }
            if version >= 11 {
                buffer.writeInteger(preferredReadReplica)
            }
            buffer.writeKafkaNullableBytes(records)
        }
    }

    public struct AbortedTransaction: Hashable, Sendable {
        public var producerId: Int64
        public var firstOffset: Int64

        public init(producerId: Int64, firstOffset: Int64) {
            self.producerId = producerId
            self.firstOffset = firstOffset
        }
    }
}
