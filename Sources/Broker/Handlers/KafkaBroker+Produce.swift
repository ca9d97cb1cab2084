import KafkaProtocol
import LogStorage
import NIOCore

extension KafkaBroker {
    /// Appends every partition's batches, then answers once they are durable (or at once for acks=0).
    func produce(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let produce = try ProduceRequest(from: &body, version: request.version)
        let eventLoop = request.eventLoop

        guard [-1, 0, 1].contains(produce.acks) else {
            let results = produce.topics.map { topic in
                ProducedTopic(name: topic.name, partitions: topic.partitions.map {
                    ProducedPartition(index: $0.index, errorCode: .invalidRequiredAcks)
                })
            }
            return request.answerNow(produceAnswer(results, request: request))
        }

        return storagePool.runIfActive(eventLoop: eventLoop) { [self] in
            appendAll(produce)
        }.map { [self] appended in
            if produce.acks == 0 { return eventLoop.makeSucceededFuture(.none) }
            let promise = eventLoop.makePromise(of: Void.self)
            logs.whenDurable(appended.logs) { promise.completeWith($0) }
            return promise.futureResult.map { [self] in
                produceAnswer(appended.topics, request: request)
            }.recover { [self] error in
                // The bytes are written but their fsync failed: nothing written may be acknowledged.
                logger.error("fsync failed; answering produce with KAFKA_STORAGE_ERROR", metadata: ["error": "\(error)"])
                return produceAnswer(appended.topics.map { $0.failingAppended(with: .kafkaStorageError) }, request: request)
            }
        }
    }

    private func appendAll(_ produce: ProduceRequest) -> (topics: [ProducedTopic], logs: [PartitionLog]) {
        var touched: [PartitionLog] = []
        let topics = produce.topics.map { topic in
            ProducedTopic(name: topic.name, partitions: topic.partitions.map { partition in
                guard let log = logs.log(topic: topic.name, partition: partition.index) else {
                    return ProducedPartition(index: partition.index, errorCode: .unknownTopicOrPartition)
                }
                guard let records = partition.records, records.readableBytes > 0 else {
                    return ProducedPartition(index: partition.index, errorCode: .invalidRecord)
                }
                do {
                    let result = try log.append(records)
                    // A duplicate is answered with the original offsets, after the same durability
                    // wait: the original may not be fsynced yet.
                    touched.append(log)
                    if result.isDuplicate {
                        logger.debug("Answered a retried idempotent batch with its original offsets", metadata: [
                            "kafka.topic": "\(topic.name)", "kafka.partition": "\(partition.index)",
                            "kafka.offset": "\(result.baseOffset)",
                        ])
                    } else {
                        metrics.produced(topic: topic.name, bytes: records.readableBytes, records: result.recordCount)
                    }
                    return ProducedPartition(
                        index: partition.index, errorCode: .none, baseOffset: result.baseOffset,
                        logAppendTimeMs: -1, logStartOffset: result.logStartOffset
                    )
                } catch {
                    let code = kafkaErrorCode(for: error)
                    logger.notice("Rejected produced batch", metadata: [
                        "kafka.topic": "\(topic.name)", "kafka.partition": "\(partition.index)",
                        "kafka.error": "\(code)", "error": "\(error)",
                    ])
                    return ProducedPartition(
                        index: partition.index, errorCode: code, logStartOffset: log.logStartOffset, errorMessage: "\(error)"
                    )
                }
            })
        }
        return (topics, touched)
    }

    private func produceAnswer(_ topics: [ProducedTopic], request: IncomingRequest) -> Answer {
        let response = ProduceResponse(
            responses: topics.map { topic in
                ProduceResponse.Topic(name: topic.name, partitions: topic.partitions.map {
                    ProduceResponse.Partition(
                        index: $0.index, errorCode: $0.errorCode, baseOffset: $0.baseOffset,
                        logAppendTimeMs: $0.logAppendTimeMs, logStartOffset: $0.logStartOffset,
                        recordErrors: [], errorMessage: $0.errorMessage
                    )
                })
            },
            throttleTimeMs: 0
        )
        return request.answer { response.encode(into: &$0, version: request.version) }
    }
}

/// The outcome of appending one topic's partitions, before it is encoded.
private struct ProducedTopic: Sendable {
    var name: String
    var partitions: [ProducedPartition]

    func failingAppended(with code: KafkaErrorCode) -> ProducedTopic {
        var copy = self
        copy.partitions = partitions.map { $0.errorCode == .none ? ProducedPartition(index: $0.index, errorCode: code) : $0 }
        return copy
    }
}

private struct ProducedPartition: Sendable {
    var index: Int32
    var errorCode: KafkaErrorCode
    var baseOffset: Int64 = -1
    var logAppendTimeMs: Int64 = -1
    var logStartOffset: Int64 = -1
    var errorMessage: String?
}
