import KafkaProtocol
import NIOCore

@testable import LogStorage

enum IdempotentRecords {
    /// A batch of `count` records as an idempotent producer sends it: producer id, epoch and base sequence set.
    static func batch(producerId: Int64, epoch: Int16 = 0, sequence: Int32, count: Int = 1, tag: String = "") -> ByteBuffer {
        let now = WallClock.nowMs
        var builder = RecordBatchBuilder(baseTimestamp: now)
        builder.producerId = producerId
        builder.producerEpoch = epoch
        builder.baseSequence = sequence
        for index in 0..<count {
            builder.append(key: ByteBuffer(string: "k\(index)"), value: ByteBuffer(string: "\(tag)p\(producerId)s\(sequence)#\(index)"))
        }
        return builder.build()
    }

    /// Several batches concatenated into one produce blob.
    static func blob(_ batches: [ByteBuffer]) -> ByteBuffer {
        var blob = ByteBuffer()
        for var batch in batches { blob.writeBuffer(&batch) }
        return blob
    }

    /// The Kafka error code `body` throws with, or nil if it does not throw a `LogStorageError`.
    static func errorCode(_ body: () throws -> Void) -> Int16? {
        do {
            try body()
            return nil
        } catch let error as LogStorageError {
            return error.kafkaErrorCode
        } catch {
            return nil
        }
    }
}
