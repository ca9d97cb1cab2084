import CRdKafka
import Dispatch
import Synchronization

/// The state the consumer's poller thread shares with the application: buffer room, positions, commands, and
/// which partitions the application has read to their end.
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

    /// What the poller polled: a record, or librdkafka's report that it has fetched everything in a partition.
    enum Polled: Sendable {
        case record(KafkaConsumerMessage)
        case endOfPartition
    }

    /// Something polled, with the stamp it was polled under.
    struct Stamped: Sendable {
        var polled: Polled
        var partition: TopicPartition
        var epoch: UInt64
        var generation: UInt64
    }

    private struct State {
        var unread = 0
        var epoch: UInt64 = 0
        var generations: [TopicPartition: UInt64] = [:]
        var assigned: Set<TopicPartition> = []
        /// Partitions whose end the application has reached: it asked for more after their last record.
        var readToEnd: Set<TopicPartition> = []
        var commands: [Command] = []
        var closeRequested = false

        /// Records polled for these partitions before now are skipped when read.
        mutating func markStale(_ partitions: [TopicPartition]) {
            for partition in partitions { generations[partition, default: 0] += 1 }
            readToEnd.subtract(partitions)
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

    /// Stamps something freshly polled from `partition` and counts it as unread.
    func stamp(_ polled: Polled, partition: TopicPartition) -> Stamped {
        state.withLock { state in
            state.unread += 1
            return Stamped(
                polled: polled, partition: partition, epoch: state.epoch,
                generation: state.generations[partition, default: 0]
            )
        }
    }

    /// Marks every buffered record stale: the whole assignment was replaced by `partitions`.
    func assignmentChanged(to partitions: [TopicPartition]) {
        state.withLock { state in
            state.epoch += 1
            state.assigned = Set(partitions)
            state.readToEnd = []
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

    /// The partitions the application has read to their end; see `KafkaConsumer.partitionsReadToEnd`.
    var partitionsReadToEnd: Set<TopicPartition> {
        state.withLock { $0.readToEnd }
    }

    /// Marks buffered records of these partitions stale: they were sought or revoked.
    func positionsChanged(_ partitions: [TopicPartition]) {
        state.withLock { $0.markStale(partitions) }
    }

    // MARK: Application side

    /// Takes what the application read off the stream: returns the record to hand over, or nil for a stale one or
    /// an end-of-partition report (noted instead); wakes the poller once half the room is free.
    ///
    /// The application asks for the next element only after it finished with the previous one, so an end reached
    /// here means every earlier record of the partition has been processed.
    func read(_ stamped: Stamped) -> KafkaConsumerMessage? {
        let (message, wake) = state.withLock { state -> (KafkaConsumerMessage?, Bool) in
            state.unread -= 1
            let wake = state.unread == capacity / 2
            guard stamped.epoch == state.epoch && stamped.generation == state.generations[stamped.partition, default: 0]
            else { return (nil, wake) }
            switch stamped.polled {
            case .record(let message):
                state.readToEnd.remove(stamped.partition)
                return (message, wake)
            case .endOfPartition:
                state.readToEnd.insert(stamped.partition)
                return (nil, wake)
            }
        }
        if wake { wakeUp.signal() }
        return message
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
