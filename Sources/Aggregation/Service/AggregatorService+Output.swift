import KafkaClient
import Logging

/// Publishing closed windows and committing input offsets.
extension AggregatorService {
    /// Publishes windows, one room's windows in `seq` order, rooms side by side, and returns once each is
    /// acknowledged, or abandoned because the task was cancelled (it then keeps its offsets uncommitted).
    func publish(_ windows: [ClosedWindow], producer: KafkaProducer) async {
        guard !windows.isEmpty else { return }
        let byRoom = Dictionary(grouping: windows, by: \.room)
        await withTaskGroup(of: Void.self) { group in
            for roomWindows in byRoom.values {
                group.addTask {
                    for window in roomWindows.sorted(by: { $0.seq < $1.seq }) {
                        guard await self.publish(window, producer: producer) else { return }
                    }
                }
            }
        }
    }

    /// Sends one window until the broker acknowledges it; the same bytes every time, so a retry that turns out
    /// to be a duplicate is an identical one.
    private func publish(_ window: ClosedWindow, producer: KafkaProducer) async -> Bool {
        let value: [UInt8]
        do {
            value = try WindowRecord(window).encoded()
        } catch {
            preconditionFailure("a window always encodes as JSON: \(error)")
        }
        var backoff = Duration.milliseconds(100)
        while true {
            do {
                _ = try await producer.send(topic: configuration.outputTopic, key: Array(window.room.utf8), value: value)
                let now = KafkaTimestamp.now().millisecondsSinceEpoch
                state.withLock { $0.windowDelivered(window.key) }
                metrics.windowEmitted(closeLagMilliseconds: now - window.windowEnd)
                logger.debug("Window published", metadata: [
                    AggregationLogKey.room: "\(window.room)", AggregationLogKey.seq: "\(window.seq)",
                    AggregationLogKey.total: "\(window.total)",
                ])
                return true
            } catch {
                logger.warning("Window not published yet; retrying", metadata: [
                    AggregationLogKey.room: "\(window.room)", AggregationLogKey.seq: "\(window.seq)",
                    AggregationLogKey.error: "\(error)",
                ])
                do {
                    try await Task.sleep(for: backoff)
                } catch {
                    return false
                }
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }

    /// Sends a commit of the positions that moved forward without waiting for the answer (the last commit
    /// before closing, which waits for it a bounded time).
    func commitWithoutWaiting(_ offsets: [Int32: Int64], consumer: KafkaConsumer) {
        let moved = movedPositions(offsets)
        guard !moved.isEmpty else { return }
        do {
            try consumer.commitWithoutWaiting(inputPositions(moved))
            committed.withLock { $0.merge(moved) { max($0, $1) } }
        } catch {
            logger.warning("Last offset commit failed", metadata: [
                AggregationLogKey.offsets: "\(moved)", AggregationLogKey.error: "\(error)",
            ])
        }
    }

    /// Commits the positions that moved forward; a failure is logged and retried by the next tick.
    func commit(_ offsets: [Int32: Int64], consumer: KafkaConsumer) async {
        let moved = movedPositions(offsets)
        guard !moved.isEmpty else { return }
        let positions = inputPositions(moved)
        do {
            try await consumer.commit(positions)
            committed.withLock { $0.merge(moved) { max($0, $1) } }
        } catch {
            logger.warning("Offset commit failed; retrying next tick", metadata: [
                AggregationLogKey.offsets: "\(positions)", AggregationLogKey.error: "\(error)",
            ])
        }
    }

    /// The offsets beyond what was last committed for their partition.
    private func movedPositions(_ offsets: [Int32: Int64]) -> [Int32: Int64] {
        let previous = committed.withLock { $0 }
        return offsets.filter { partition, offset in previous[partition].map { offset > $0 } ?? true }
    }

    /// Offsets of `inputTopic` partitions as commit positions.
    private func inputPositions(_ offsets: [Int32: Int64]) -> [TopicPartitionOffset] {
        offsets.sorted { $0.key < $1.key }.map {
            TopicPartitionOffset(topic: configuration.inputTopic, partition: $0.key, offset: KafkaOffset($0.value))
        }
    }
}
