import Logging

/// What every partition log of one manager shares: the fsync policy, the flusher, the logger and
/// the high watermark observer.
final class LogEnvironment: Sendable {
    let fsyncPolicy: FsyncPolicy
    let flusher: Flusher
    let logger: Logger
    private let observer = ObserverSlot<PartitionLog>()

    init(fsyncPolicy: FsyncPolicy, flusher: Flusher, logger: Logger) {
        self.fsyncPolicy = fsyncPolicy
        self.flusher = flusher
        self.logger = logger
    }

    /// Whether consumers see only fsynced data (the high watermark trails the log end until synced).
    var highWatermarkWaitsForFsync: Bool { fsyncPolicy == .ack }

    func setHighWatermarkObserver(_ observer: @escaping @Sendable (PartitionLog) -> Void) {
        self.observer.install(observer)
    }

    func highWatermarkAdvanced(_ log: PartitionLog) {
        observer.notify(log)
    }
}
