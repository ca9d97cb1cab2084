import KafkaProtocol
import LogStorage
import NIOCore

extension KafkaBroker {
    /// Reads what is there; if it is less than `minBytes`, parks the fetch until data arrives or `maxWaitMs` passes.
    func fetch(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let fetch = try FetchRequest(from: &body, version: request.version)
        let eventLoop = request.eventLoop
        let deadline = NIODeadline.now() + .milliseconds(Int64(max(0, fetch.maxWaitMs)))

        return storagePool.runIfActive(eventLoop: eventLoop) { [self] in
            read(fetch, version: request.version)
        }.map { [self] result in
            if result.isEnough(for: fetch) || fetch.maxWaitMs <= 0 {
                return eventLoop.makeSucceededFuture(fetchAnswer(result, request: request))
            }
            let promise = eventLoop.makePromise(of: Answer.self)
            waitForData(fetch, request: request, deadline: deadline, promise: promise)
            return promise.futureResult
        }
    }

    /// Parks the fetch; on wake-up re-reads, and answers if there is enough or the deadline has passed.
    private func waitForData(_ fetch: FetchRequest, request: IncomingRequest, deadline: NIODeadline, promise: EventLoopPromise<Answer>) {
        let eventLoop = request.eventLoop
        let keys = fetch.topics.flatMap { topic in
            topic.partitions.map { FetchWaiters.Key(topic: topic.topic, partition: $0.partition) }
        }
        let retry: @Sendable () -> Void = { [self] in
            storagePool.runIfActive(eventLoop: eventLoop) { [self] in
                read(fetch, version: request.version)
            }.whenComplete { [self] outcome in
                switch outcome {
                case .success(let result) where result.isEnough(for: fetch) || NIODeadline.now() >= deadline:
                    promise.succeed(fetchAnswer(result, request: request))
                case .success:
                    waitForData(fetch, request: request, deadline: deadline, promise: promise)
                case .failure(let error):
                    promise.fail(error)
                }
            }
        }
        let id = fetchWaiters.register(keys: keys, wake: retry)
        eventLoop.scheduleTask(deadline: deadline) { [fetchWaiters] in
            if fetchWaiters.remove(id) { retry() }
        }
        // Data that arrived between the read and the registration would otherwise wait for the deadline.
        if hasDataBeyondFetchPositions(fetch), fetchWaiters.remove(id) { retry() }
    }

    private func hasDataBeyondFetchPositions(_ fetch: FetchRequest) -> Bool {
        fetch.topics.contains { topic in
            topic.partitions.contains { partition in
                guard let log = logs.log(topic: topic.topic, partition: partition.partition) else { return false }
                return log.highWatermark > partition.fetchOffset
            }
        }
    }

    private func read(_ fetch: FetchRequest, version: Int16) -> FetchResult {
        var remaining = version >= 3 ? Int(fetch.maxBytes) : Int.max
        var total = 0
        var hasError = false
        var traffic: [String: (bytes: Int, records: Int)] = [:]
        let topics = fetch.topics.map { topic in
            FetchResponse.Topic(topic: topic.topic, partitions: topic.partitions.map { partition in
                // Records are never null, even beside an error: librdkafka 2.x rejects a null record set
                // ("invalid MessageSetSize -1") and then retries forever instead of handling the error.
                guard let log = logs.log(topic: topic.topic, partition: partition.partition) else {
                    hasError = true
                    return .init(
                        partitionIndex: partition.partition, errorCode: .unknownTopicOrPartition, highWatermark: -1,
                        records: ByteBuffer())
                }
                // Without transactions the last stable offset is the high watermark.
                let highWatermark = log.highWatermark
                var answer = FetchResponse.Partition(
                    partitionIndex: partition.partition, highWatermark: highWatermark,
                    lastStableOffset: highWatermark, logStartOffset: log.logStartOffset, abortedTransactions: [],
                    records: ByteBuffer()
                )
                // The response limit is soft for the first partition with data: a batch bigger than the limit must still
                // reach the consumer, or it would be stuck forever.
                guard remaining > 0 || total == 0 else { return answer }
                do {
                    let slice = try log.read(
                        from: partition.fetchOffset,
                        maxBytes: max(1, min(Int(partition.partitionMaxBytes), remaining))
                    )
                    answer.records = slice.records
                    if slice.records.readableBytes > 0 {
                        traffic[topic.topic, default: (0, 0)].bytes += slice.records.readableBytes
                        traffic[topic.topic, default: (0, 0)].records += slice.recordCount
                    }
                    total += slice.records.readableBytes
                    remaining -= slice.records.readableBytes
                } catch {
                    hasError = true
                    answer.errorCode = kafkaErrorCode(for: error)
                }
                return answer
            })
        }
        return FetchResult(topics: topics, bytes: total, hasError: hasError, traffic: traffic)
    }

    /// Encodes the read that answers the fetch; only this one counts as fetched (earlier reads of a waiting fetch
    /// did not reach the client).
    private func fetchAnswer(_ result: FetchResult, request: IncomingRequest) -> Answer {
        for (topic, traffic) in result.traffic {
            metrics.fetched(topic: topic, bytes: traffic.bytes, records: traffic.records)
        }
        let response = FetchResponse(throttleTimeMs: 0, errorCode: .none, sessionId: 0, responses: result.topics)
        return request.answer { response.encode(into: &$0, version: request.version) }
    }
}

/// The partitions read for one fetch, before they are encoded.
private struct FetchResult: Sendable {
    var topics: [FetchResponse.Topic]
    var bytes: Int
    var hasError: Bool
    /// Bytes and records read per topic, for the metrics once this read is the answer.
    var traffic: [String: (bytes: Int, records: Int)]

    func isEnough(for fetch: FetchRequest) -> Bool {
        hasError || bytes >= max(1, Int(fetch.minBytes))
    }
}
