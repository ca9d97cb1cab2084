import Logging

/// What every partition log of one manager shares: the fsync policy, the flusher, the logger and
/// the high watermark observer.
final class LogEnvironment: Sendable {
    let fsyncPolicy: FsyncPolicy
    let flusher: Flusher
    let logger: Logger
    private let notifyHighWatermarkAdvanced: @Sendable (PartitionLog) -> Void

    init(
        fsyncPolicy: FsyncPolicy, flusher: Flusher, logger: Logger,
        highWatermarkAdvanced: @escaping @Sendable (PartitionLog) -> Void
    ) {
        self.fsyncPolicy = fsyncPolicy
        self.flusher = flusher
        self.logger = logger
        self.notifyHighWatermarkAdvanced = highWatermarkAdvanced
    }

    /// Whether consumers see only fsynced data (the high watermark trails the log end until synced).
    var highWatermarkWaitsForFsync: Bool { fsyncPolicy == .ack }

    func highWatermarkAdvanced(_ log: PartitionLog) {
        notifyHighWatermarkAdvanced(log)
    }
}
