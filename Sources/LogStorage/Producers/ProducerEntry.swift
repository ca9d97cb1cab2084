/// What a partition remembers about one idempotent producer.
struct ProducerEntry: Sendable, Hashable {
    /// How many recent batches are kept: librdkafka and the Java client keep at most five requests
    /// in flight per partition with idempotence on, so a retry always names one of the last five.
    static let cachedBatchCount = 5
    /// How long a producer may stay idle before its state is forgotten (Kafka's default
    /// `producer.id.expiration.ms`, one day).
    static let expirationMs: Int64 = 24 * 60 * 60 * 1000

    var epoch: Int16
    /// Up to ``cachedBatchCount`` batches of `epoch`, oldest first.
    private(set) var batches: [ProducerBatch] = []
    /// When the producer last appended (ms since the epoch), for expiring idle producers.
    var lastTimestamp: Int64

    init(epoch: Int16, batches: [ProducerBatch] = [], lastTimestamp: Int64) {
        self.epoch = epoch
        self.batches = Array(batches.suffix(Self.cachedBatchCount))
        self.lastTimestamp = lastTimestamp
    }

    /// The sequence of the last batch appended in this epoch, nil if none is known.
    var lastSequence: Int32? { batches.last?.lastSequence }

    /// The cached batch with exactly this sequence range, if any.
    func batch(firstSequence: Int32, lastSequence: Int32) -> ProducerBatch? {
        batches.last { $0.firstSequence == firstSequence && $0.lastSequence == lastSequence }
    }

    /// Records an appended batch; a newer epoch forgets the older epoch's batches.
    mutating func record(_ batch: ProducerBatch, epoch: Int16, timestamp: Int64) {
        if epoch != self.epoch {
            self.epoch = epoch
            batches.removeAll()
        }
        batches.append(batch)
        if batches.count > Self.cachedBatchCount { batches.removeFirst(batches.count - Self.cachedBatchCount) }
        lastTimestamp = max(lastTimestamp, timestamp)
    }
}
