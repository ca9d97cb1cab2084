#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Kafka record timestamp: milliseconds since the Unix epoch, and who stamped it.
public struct KafkaTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Who set a record's timestamp.
    public enum Kind: Sendable, Hashable {
        /// The producer stamped the record when it was created.
        case createTime
        /// The broker stamped the record when it appended it (topics with `message.timestamp.type=LogAppendTime`).
        case logAppendTime
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSinceEpoch: Int64
    /// Who set it.
    public var kind: Kind

    public init(millisecondsSinceEpoch: Int64, kind: Kind = .createTime) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
        self.kind = kind
    }

    /// The current wall-clock time.
    public static func now() -> KafkaTimestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return KafkaTimestamp(millisecondsSinceEpoch: Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000)
    }

    public static func < (lhs: KafkaTimestamp, rhs: KafkaTimestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public var description: String { "\(millisecondsSinceEpoch)ms" }
}
