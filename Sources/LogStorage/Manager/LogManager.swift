import Logging
import Synchronization

/// Every topic-partition log under one data directory: loading and recovery, topic creation,
/// group commit, retention, compaction and producer ids.
///
/// Layout: `<directory>/<topic>-<partition>/` per partition with its segment files, the topic's
/// metadata in `<directory>/<topic>-0/topic.json`, `.lock` while open, `.clean-shutdown` after
/// ``shutdown()``.
public final class LogManager: Sendable {
    struct TopicEntry: Sendable {
        var info: TopicInfo
        var logs: [PartitionLog]
    }

    struct State: Sendable {
        var topics: [String: TopicEntry] = [:]
        /// Names reserved by a `createTopic` or `deleteTopic` still doing its file work.
        var creating: Set<String> = []
        var isShutdown = false
    }

    static let cleanShutdownMarker = ".clean-shutdown"
    /// Most partitions one topic may have.
    public static let maximumPartitions = 10_000

    public let directory: String
    public let defaults: LogConfig
    public let fsyncPolicy: FsyncPolicy
    let environment: LogEnvironment
    let state: Mutex<State>
    private let directoryLock: DataDirectoryLock
    private let retentionThread = Mutex<PeriodicThread?>(nil)
    private let cleanerThread = Mutex<PeriodicThread?>(nil)
    /// Held for a whole compaction pass, so the cleaner and ``runCompaction()`` never overlap.
    let compactionPass = Mutex(())
    private let producerIds: ProducerIdAllocator

    /// Opens the data directory, loading and recovering every topic, and starts the flusher and
    /// retention threads.
    ///
    /// - Parameters:
    ///   - retentionCheckInterval: how often retention runs in the background.
    ///   - cleanerCheckInterval: how often the cleaner looks for compacted logs dirty enough to compact.
    ///   - observers: told when high watermarks advance and group commits finish.
    /// - Throws: `LogStorageError.directoryLocked` if another manager has the directory open; I/O and
    ///   metadata errors that make a log unusable.
    public convenience init(
        directory: String, defaults: LogConfig, fsync: FsyncPolicy, logger: Logger,
        retentionCheckInterval: Duration = .seconds(300), cleanerCheckInterval: Duration = .seconds(15),
        observers: LogObservers = LogObservers()
    ) throws {
        try self.init(
            directory: directory, defaults: defaults, fsync: fsync, logger: logger,
            retentionCheckInterval: retentionCheckInterval, cleanerCheckInterval: cleanerCheckInterval,
            observers: observers, startsFlusher: true)
    }

    /// - Parameter startsFlusher: false lets tests observe the state before any fsync.
    init(
        directory: String, defaults: LogConfig, fsync: FsyncPolicy, logger: Logger,
        retentionCheckInterval: Duration, cleanerCheckInterval: Duration = .seconds(15),
        observers: LogObservers = LogObservers(), startsFlusher: Bool
    ) throws {
        self.directory = directory
        self.defaults = defaults
        self.fsyncPolicy = fsync
        try FileSystem.createDirectory(directory)
        directoryLock = try DataDirectoryLock(directory: directory)
        let markerPath = "\(directory)/\(Self.cleanShutdownMarker)"
        let cleanShutdown = FileSystem.fileExists(markerPath)
        if cleanShutdown {
            // From here on a crash must count as unclean, so the marker's removal must be durable.
            try FileSystem.removeFile(markerPath)
            try FileSystem.syncDirectory(directory)
        } else {
            logger.info("no clean-shutdown marker: validating every segment", metadata: ["emostream.log.dir": "\(directory)"])
        }
        let flusher = Flusher(policy: fsync, logger: logger, passFinished: observers.flushed)
        environment = LogEnvironment(
            fsyncPolicy: fsync, flusher: flusher, logger: logger, highWatermarkAdvanced: observers.highWatermarkAdvanced)
        let topics = try Self.loadTopics(
            directory: directory, defaults: defaults, environment: environment, cleanShutdown: cleanShutdown)
        let largestProducerId = topics.values.flatMap(\.logs).compactMap(\.largestProducerId).max() ?? -1
        producerIds = try ProducerIdAllocator(directory: directory, atLeast: largestProducerId + 1)
        state = Mutex(State(topics: topics))
        if startsFlusher { flusher.start() }
        let thread = PeriodicThread(name: "emostream-log-retention", interval: retentionCheckInterval) { [weak self] in
            self?.runRetention()
        }
        retentionThread.withLock { $0 = thread }
        let cleaner = PeriodicThread(name: "emostream-log-cleaner", interval: cleanerCheckInterval) { [weak self] in
            self?.runScheduledCompaction()
        }
        cleanerThread.withLock { $0 = cleaner }
    }

    /// Names of all topics, sorted.
    public func topicNames() -> [String] {
        state.withLock { $0.topics.keys.sorted() }
    }

    public func topic(named name: String) -> TopicInfo? {
        state.withLock { $0.topics[name]?.info }
    }

    /// The log of one partition, or nil if the topic or partition does not exist.
    public func log(topic: String, partition: Int32) -> PartitionLog? {
        state.withLock { state in
            guard let logs = state.topics[topic]?.logs, partition >= 0, Int(partition) < logs.count else { return nil }
            return logs[Int(partition)]
        }
    }

    /// Every partition log of every topic.
    public func allLogs() -> [PartitionLog] {
        state.withLock { $0.topics.values.flatMap(\.logs) }
    }

    /// Calls `completion` once every append made so far to `logs` is durable.
    ///
    /// Under `.ack` that is after the group-commit pass covering them (at once if they are already
    /// synced); under `.interval` and `.never` it is at once, since those policies acknowledge
    /// before syncing. The completion runs on the flusher thread or the caller's; keep it short.
    public func whenDurable(_ logs: [PartitionLog], _ completion: @escaping @Sendable (Result<Void, any Error>) -> Void) {
        guard fsyncPolicy == .ack, !logs.allSatisfy(\.isDurableToEnd) else {
            completion(.success(()))
            return
        }
        environment.flusher.afterNextPass(logs, completion)
    }

    /// A new idempotent producer id, never handed out before by a broker on this directory.
    ///
    /// Usually immediate; once every 1000 ids it writes and fsyncs a small file, so call it off the
    /// event loops.
    /// - Throws: an I/O error if the reservation could not be made durable.
    public func allocateProducerId() throws -> Int64 {
        try producerIds.allocate()
    }

    /// One retention pass over every log at wall-clock time `now` (ms since the epoch); it also
    /// forgets idempotent producers idle for a day.
    public func runRetention(now: Int64) {
        for log in allLogs() {
            log.applyRetention(nowMs: now)
            log.expireProducers(nowMs: now)
        }
    }

    /// One retention pass at the current time.
    public func runRetention() {
        runRetention(now: WallClock.nowMs)
    }

    /// Stops the background threads, fsyncs and closes every log and, if all went well, writes the
    /// clean-shutdown marker that lets the next start skip validating closed segments.
    public func shutdown() {
        let logs = state.withLock { state -> [PartitionLog]? in
            guard !state.isShutdown else { return nil }
            state.isShutdown = true
            return state.topics.values.flatMap(\.logs)
        }
        guard let logs else { return }
        retentionThread.withLock { $0 }?.stop()
        cleanerThread.withLock { $0 }?.stop()
        environment.flusher.stop()
        var clean = true
        for log in logs {
            do {
                try log.close()
            } catch {
                clean = false
                environment.logger.error("could not close log \(log.topic)-\(log.partition): \(error)")
            }
        }
        if clean {
            do {
                try FileSystem.writeAtomically([], to: "\(directory)/\(Self.cleanShutdownMarker)")
            } catch {
                environment.logger.error("could not write the clean-shutdown marker: \(error)")
            }
        }
        directoryLock.release()
    }

    /// Leaves the directory as a crash would: stops the threads and releases the lock without
    /// closing the logs or writing the clean-shutdown marker. Lets tests exercise recovery.
    func simulateCrash() {
        state.withLock { $0.isShutdown = true }
        retentionThread.withLock { $0 }?.stop()
        cleanerThread.withLock { $0 }?.stop()
        environment.flusher.stop()
        directoryLock.release()
    }
}
