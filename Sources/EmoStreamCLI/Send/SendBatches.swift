/// How `send` splits `count` emoji into requests: one each, or `/emojis` batches of at most `batchSize`.
public struct SendBatches: Sendable, Hashable, Sequence {
    public let count: Int
    public let batchSize: Int

    public init(count: Int, batchSize: Int) {
        precondition(count >= 0 && batchSize >= 1)
        self.count = count
        self.batchSize = batchSize
    }

    /// The number of requests.
    public var requestCount: Int {
        (count + batchSize - 1) / batchSize
    }

    /// Each request's range of emoji indexes; the pacer times a request by its first index.
    public func makeIterator() -> some IteratorProtocol<Range<Int>> {
        stride(from: 0, to: count, by: batchSize).lazy.map { start in start..<Swift.min(start + batchSize, count) }
            .makeIterator()
    }
}
