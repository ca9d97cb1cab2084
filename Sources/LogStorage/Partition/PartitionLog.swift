import KafkaProtocol
import Logging
import NIOCore
import Synchronization

/// One topic-partition's durable log: a directory of segments with their indexes.
///
/// Appends write to the page cache on the caller's thread under the partition's lock; fsync
/// happens on the manager's flusher thread (see ``LogManager/whenDurable(_:_:)``). Reads copy whole
/// batches out of the files without holding the lock.
public final class PartitionLog: Sendable {
    public let topic: String
    public let partition: Int32
    /// The partition's directory, `<data dir>/<topic>-<partition>`.
    public let directory: String
    public let config: LogConfig
    let environment: LogEnvironment
    let state: Mutex<PartitionState>

    init(topic: String, partition: Int32, directory: String, config: LogConfig, environment: LogEnvironment,
         state: PartitionState) {
        self.topic = topic
        self.partition = partition
        self.directory = directory
        self.config = config
        self.environment = environment
        self.state = Mutex(state)
    }

    /// The first offset still in the log; earlier ones were deleted by retention.
    public var logStartOffset: Int64 { state.withLock { $0.logStartOffset } }

    /// The offset the next appended record will get.
    public var logEndOffset: Int64 { state.withLock { $0.logEndOffset } }

    /// The end of what consumers may read: the fsynced end under `FsyncPolicy.ack`, else the log end.
    public var highWatermark: Int64 { state.withLock { $0.highWatermark } }

    /// Bytes in all segments.
    public var sizeInBytes: Int64 { state.withLock { $0.sizeInBytes } }

    /// Number of segments, the active one included.
    public var segmentCount: Int { state.withLock { $0.segments.count } }

    var logger: Logger {
        var logger = environment.logger
        logger[metadataKey: LogMetadataKey.topic] = "\(topic)"
        logger[metadataKey: LogMetadataKey.partition] = "\(partition)"
        return logger
    }
}

/// Logger metadata keys used by this module.
enum LogMetadataKey {
    static let topic = "kafka.topic"
    static let partition = "kafka.partition"
    static let file = "emostream.log.file"
}
