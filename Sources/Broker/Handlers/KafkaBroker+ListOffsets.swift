import KafkaProtocol
import LogStorage
import NIOCore

extension KafkaBroker {
    /// Resolves earliest (-2), latest (-1) and timestamp lookups to offsets.
    func listOffsets(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let listOffsets = try ListOffsetsRequest(from: &body, version: request.version)
        // A timestamp lookup reads the time index from disk.
        return onStoragePool(request) { [self] in
            let response = ListOffsetsResponse(throttleTimeMs: 0, topics: listOffsets.topics.map { topic in
                ListOffsetsResponse.Topic(name: topic.name, partitions: topic.partitions.map { partition in
                    lookUp(topic: topic.name, partition: partition.partitionIndex, timestamp: partition.timestamp)
                })
            })
            return request.answer { response.encode(into: &$0, version: request.version) }
        }
    }

    private func lookUp(topic: String, partition: Int32, timestamp: Int64) -> ListOffsetsResponse.Partition {
        var answer = resolve(topic: topic, partition: partition, timestamp: timestamp)
        // v0 answers with a list of offsets rather than one.
        answer.oldStyleOffsets = answer.offset >= 0 ? [answer.offset] : []
        return answer
    }

    private func resolve(topic: String, partition: Int32, timestamp: Int64) -> ListOffsetsResponse.Partition {
        guard let log = logs.log(topic: topic, partition: partition) else {
            return .init(partitionIndex: partition, errorCode: .unknownTopicOrPartition, timestamp: -1, offset: -1)
        }
        switch timestamp {
        case ListOffsetsRequest.latestTimestamp:
            return .init(partitionIndex: partition, errorCode: .none, timestamp: -1, offset: log.highWatermark)
        case ListOffsetsRequest.earliestTimestamp:
            return .init(partitionIndex: partition, errorCode: .none, timestamp: -1, offset: log.logStartOffset)
        default:
            do {
                guard let found = try log.offset(forTimestamp: timestamp) else {
                    return .init(partitionIndex: partition, errorCode: .none, timestamp: -1, offset: -1)
                }
                return .init(partitionIndex: partition, errorCode: .none, timestamp: found.timestamp, offset: found.offset)
            } catch {
                return .init(partitionIndex: partition, errorCode: kafkaErrorCode(for: error), timestamp: -1, offset: -1)
            }
        }
    }
}
