import CRdKafka
import Dispatch
import Synchronization

/// The state the consumer's poller thread shares with the application: buffer room, positions, commands.
///
/// Back-pressure: the poller stops calling `rd_kafka_consumer_poll` while `capacity` records wait unread, and
/// resumes as the application reads. No record is ever dropped for lack of room.
///
/// Staleness: a seek or a new assignment makes records already buffered for those partitions obsolete (librdkafka
/// refetches from the new position), so each record is stamped with the assignment epoch and its partition's seek
/// generation when polled, and the reader skips records whose stamp no longer matches.
final class ConsumerFlowControl: Sendable {
    /// Work that must run on the poller thread, between polls.
    typealias Command = @Sendable (OpaquePointer) -> Void

    /// A record with the stamp it was polled under.
    struct Stamped: Sendable {
        var message: KafkaConsumerMessage
        var epoch: UInt64
        var generation: UInt64
    }

    private struct State {
        var unread = 0
        var epoch: UInt64 = 0
        var generations: [TopicPartition: UInt64] = [:]
        var assigned: Set<TopicPartition> = []
        var commands: [Command] = []
        var closeRequested = false

        /// Records polled for these partitions before now are skipped when read.
        mutating func markStale(_ partitions: [TopicPartition]) {
            for partition in partitions { generations[partition, default: 0] += 1 }
        }
    }

    private let capacity: Int
    private let state = Mutex(State())
    /// Wakes the poller when room frees up or a command arrives.
    private let wakeUp = DispatchSemaphore(value: 0)

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    // MARK: Poller thread

    /// What the poller should do next: commands to run, whether to close, whether there is room to poll.
    func nextStep() -> (commands: [Command], close: Bool, hasRoom: Bool) {
        state.withLock { state in
            defer { state.commands = [] }
            return (state.commands, state.closeRequested, state.unread < capacity)
        }
    }

    /// Blocks the poller until woken or `milliseconds` pass.
    func waitForWakeUp(milliseconds: Int) {
        _ = wakeUp.wait(timeout: .now() + .milliseconds(milliseconds))
    }

    /// Stamps a freshly polled record and counts it as unread.
    func stamp(_ message: KafkaConsumerMessage) -> Stamped {
        state.withLock { state in
            state.unread += 1
            let partition = TopicPartition(topic: message.topic, partition: message.partition)
            return Stamped(message: message, epoch: state.epoch, generation: state.generations[partition, default: 0])
        }
    }

    /// Marks every buffered record stale: the whole assignment was replaced by `partitions`.
    func assignmentChanged(to partitions: [TopicPartition]) {
        state.withLock { state in
            state.epoch += 1
            state.assigned = Set(partitions)
        }
    }

    /// Adds partitions to the assignment (cooperative rebalancing); nothing buffered goes stale.
    func partitionsAdded(_ partitions: [TopicPartition]) {
        state.withLock { $0.assigned.formUnion(partitions) }
    }

    /// Takes partitions out of the assignment (cooperative rebalancing) and marks their buffered records stale.
    func partitionsRemoved(_ partitions: [TopicPartition]) {
        state.withLock { state in
            state.markStale(partitions)
            state.assigned.subtract(partitions)
        }
    }

    /// The partitions currently assigned to this consumer.
    ///
    /// Updated on the poller thread inside the rebalance callback, before any record of a new assignment is
    /// polled: a record that has been read belongs to a partition this set already contains.
    var assignedPartitions: Set<TopicPartition> {
        state.withLock { $0.assigned }
    }

    /// Marks buffered records of these partitions stale: they were sought or revoked.
    func positionsChanged(_ partitions: [TopicPartition]) {
        state.withLock { $0.markStale(partitions) }
    }

    // MARK: Application side

    /// Counts a record as read and says whether it is still current; wakes the poller once half the room is free.
    func read(_ stamped: Stamped) -> Bool {
        let (isCurrent, wake) = state.withLock { state in
            state.unread -= 1
            let partition = stamped.message.topicPartitionKey
            let isCurrent = stamped.epoch == state.epoch
                && stamped.generation == state.generations[partition, default: 0]
            return (isCurrent, state.unread == capacity / 2)
        }
        if wake { wakeUp.signal() }
        return isCurrent
    }

    /// Queues work for the poller thread.
    ///
    /// - Returns: false when the consumer is closing and the command will never run.
    func enqueue(_ command: @escaping Command) -> Bool {
        let accepted = state.withLock { state in
            guard !state.closeRequested else { return false }
            state.commands.append(command)
            return true
        }
        if accepted { wakeUp.signal() }
        return accepted
    }

    /// Asks the poller to leave the group and destroy the client.
    func requestClose() {
        state.withLock { $0.closeRequested = true }
        wakeUp.signal()
    }
}

extension KafkaConsumerMessage {
    fileprivate var topicPartitionKey: TopicPartition { TopicPartition(topic: topic, partition: partition) }
}
