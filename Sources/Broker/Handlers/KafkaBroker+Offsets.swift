import Foundation
import KafkaProtocol
import NIOCore

extension KafkaBroker {
    /// Kafka's default limit on the metadata string stored with a committed offset.
    static let maxOffsetMetadataLength = 4096

    /// Stores committed offsets durably, after checking the member and generation.
    func offsetCommit(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let commit = try OffsetCommitRequest(from: &body, version: request.version)
        let membership = groups.validateOffsetCommit(
            groupId: commit.groupId, generationId: commit.generationId,
            memberId: commit.memberId, groupInstanceId: commit.groupInstanceId
        )
        return onStoragePool(request) { [self] in
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            var entries: [OffsetCommitEntry] = []
            var topics = commit.topics.map { topic in
                OffsetCommitResponse.Topic(name: topic.name, partitions: topic.partitions.map { partition in
                    let error: KafkaErrorCode
                    if membership != .none {
                        error = KafkaErrorCode(rawValue: membership.rawValue)
                    } else if logs.log(topic: topic.name, partition: partition.partitionIndex) == nil {
                        error = .unknownTopicOrPartition
                    } else if (partition.committedMetadata?.utf8.count ?? 0) > Self.maxOffsetMetadataLength {
                        error = .offsetMetadataTooLarge
                    } else {
                        error = .none
                        entries.append(OffsetCommitEntry(topic: topic.name, partition: partition.partitionIndex, committed: .init(
                            offset: partition.committedOffset, leaderEpoch: partition.committedLeaderEpoch,
                            metadata: partition.committedMetadata, commitTimestamp: now
                        )))
                    }
                    return .init(partitionIndex: partition.partitionIndex, errorCode: error)
                })
            }
            if !entries.isEmpty {
                do {
                    try offsets.commit(group: commit.groupId, entries: entries)
                    try offsets.sync()
                } catch {
                    logger.error("Could not store committed offsets", metadata: ["kafka.group": "\(commit.groupId)", "error": "\(error)"])
                    topics = topics.map { topic in
                        var topic = topic
                        topic.partitions = topic.partitions.map { .init(partitionIndex: $0.partitionIndex, errorCode: $0.errorCode == .none ? .kafkaStorageError : $0.errorCode) }
                        return topic
                    }
                }
            }
            let response = OffsetCommitResponse(topics: topics)
            return request.answer { response.encode(into: &$0, version: request.version) }
        }
    }

    /// Returns committed offsets; -1 for partitions without a commit. A null topic list (v2+) means every commit.
    func offsetFetch(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let fetch = try OffsetFetchRequest(from: &body, version: request.version)
        let topics: [OffsetFetchResponse.Topic]
        if let requested = fetch.topics {
            topics = requested.map { topic in
                OffsetFetchResponse.Topic(name: topic.name, partitions: topic.partitionIndexes.map { index in
                    let committed = offsets.fetch(group: fetch.groupId, topic: topic.name, partition: index)
                    return fetchedPartition(index, committed)
                })
            }
        } else {
            let all = offsets.fetchAll(group: fetch.groupId)
            topics = Dictionary(grouping: all.keys.sorted(), by: \.topic).sorted { $0.key < $1.key }.map { name, keys in
                OffsetFetchResponse.Topic(name: name, partitions: keys.map { fetchedPartition($0.partition, all[$0]) })
            }
        }
        let response = OffsetFetchResponse(topics: topics)
        return request.answerNow(request.answer { response.encode(into: &$0, version: request.version) })
    }

    private func fetchedPartition(_ index: Int32, _ committed: CommittedOffset?) -> OffsetFetchResponse.Partition {
        guard let committed else {
            return .init(partitionIndex: index, committedOffset: -1, metadata: "")
        }
        return .init(
            partitionIndex: index, committedOffset: committed.offset,
            committedLeaderEpoch: committed.leaderEpoch, metadata: committed.metadata
        )
    }
}
