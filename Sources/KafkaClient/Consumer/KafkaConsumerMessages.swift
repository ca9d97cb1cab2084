/// The records a `KafkaConsumer` reads, in partition order, as an async sequence.
///
/// Iterate it from one task at a time. It ends when the consumer closes, and throws if librdkafka reports a fatal
/// error. Reading is what makes room for the poller thread to fetch more.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerMessage

    let stream: AsyncThrowingStream<ConsumerFlowControl.Stamped, any Error>
    let flow: ConsumerFlowControl

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), flow: flow)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<ConsumerFlowControl.Stamped, any Error>.AsyncIterator
        let flow: ConsumerFlowControl

        public mutating func next() async throws -> KafkaConsumerMessage? {
            while let stamped = try await base.next() {
                // Records buffered before a seek or reassignment are skipped (librdkafka refetches from the new
                // position); end-of-partition reports are noted, not returned.
                if let message = flow.read(stamped) { return message }
            }
            return nil
        }
    }
}
