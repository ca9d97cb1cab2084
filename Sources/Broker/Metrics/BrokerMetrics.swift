import KafkaProtocol
import Metrics
import Synchronization

/// The broker's metrics, created through a factory (the global `MetricsSystem` unless a test injects one).
///
/// Traffic is recorded as it happens; storage state (log end offsets, partition, topic and group counts) is read
/// when metrics are scraped (``KafkaBroker/refreshStorageMetrics()``), so the produce path pays nothing for it.
/// Per-topic metrics of a deleted topic are removed at the next refresh.
public final class BrokerMetrics: Sendable {
    /// One time series per (topic, partition).
    private struct PartitionKey: Hashable {
        var topic: String
        var partition: Int32
    }

    /// The traffic counters of one topic.
    private struct TopicTraffic {
        var producedBytes: Counter
        var producedRecords: Counter
        var fetchedBytes: Counter
        var fetchedRecords: Counter

        var all: [Counter] { [producedBytes, producedRecords, fetchedBytes, fetchedRecords] }
    }

    private struct Series {
        var topics: [String: TopicTraffic] = [:]
        var logEndOffsets: [PartitionKey: Gauge] = [:]
    }

    private let factory: any MetricsFactory
    private let requestsByKey: [Int16: Counter]
    private let unknownRequests: Counter
    private let connections: Meter
    private let fsync: Timer
    private let partitions: Gauge
    private let topics: Gauge
    private let groups: Gauge
    private let series = Mutex(Series())

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        func requests(_ api: String) -> Counter {
            Counter(label: "emostream.broker.requests", dimensions: [("api", api)], factory: factory)
        }
        requestsByKey = Dictionary(uniqueKeysWithValues: ApiKey.allCases.map { ($0.rawValue, requests("\($0)")) })
        unknownRequests = requests("unknown")
        connections = Meter(label: "emostream.broker.connections", dimensions: [], factory: factory)
        fsync = Timer(label: "emostream.broker.fsync.duration", dimensions: [], factory: factory)
        partitions = Gauge(label: "emostream.broker.partitions", dimensions: [], factory: factory)
        topics = Gauge(label: "emostream.broker.topics", dimensions: [], factory: factory)
        groups = Gauge(label: "emostream.broker.groups", dimensions: [], factory: factory)
    }

    /// Counts a request by API key (keys this broker does not know share one series, so the set stays bounded).
    func requestReceived(apiKey: Int16) {
        (requestsByKey[apiKey] ?? unknownRequests).increment()
    }

    func connectionOpened() { connections.increment() }

    func connectionClosed() { connections.decrement() }

    /// One group-commit pass: every fsync it made, end to end.
    func flushed(after duration: Duration) {
        fsync.record(duration: duration)
    }

    /// Batches appended to `topic` (idempotent retries that wrote nothing are not counted).
    func produced(topic: String, bytes: Int, records: Int) {
        let traffic = self.traffic(topic)
        traffic.producedBytes.increment(by: bytes)
        traffic.producedRecords.increment(by: records)
    }

    /// Batches sent to a consumer from `topic`: whole batches, so records before the fetch offset count too.
    func fetched(topic: String, bytes: Int, records: Int) {
        let traffic = self.traffic(topic)
        traffic.fetchedBytes.increment(by: bytes)
        traffic.fetchedRecords.increment(by: records)
    }

    /// Records the storage state read at scrape time and forgets the series of topics and partitions gone since.
    func storageObserved(logEndOffsets: [(topic: String, partition: Int32, endOffset: Int64)], groupCount: Int) {
        partitions.record(logEndOffsets.count)
        groups.record(groupCount)
        let current = Set(logEndOffsets.map(\.topic))
        topics.record(current.count)
        let gone = series.withLock { series in
            var gone: (gauges: [Gauge], counters: [Counter]) = ([], [])
            for entry in logEndOffsets {
                let key = PartitionKey(topic: entry.topic, partition: entry.partition)
                let gauge = series.logEndOffsets[key] ?? Gauge(
                    label: "emostream.broker.log_end_offset",
                    dimensions: [("topic", entry.topic), ("partition", "\(entry.partition)")], factory: factory
                )
                series.logEndOffsets[key] = gauge
                gauge.record(entry.endOffset)
            }
            let known = Set(logEndOffsets.map { PartitionKey(topic: $0.topic, partition: $0.partition) })
            for (key, gauge) in series.logEndOffsets where !known.contains(key) {
                series.logEndOffsets[key] = nil
                gone.gauges.append(gauge)
            }
            for (topic, traffic) in series.topics where !current.contains(topic) {
                series.topics[topic] = nil
                gone.counters.append(contentsOf: traffic.all)
            }
            return gone
        }
        for gauge in gone.gauges { gauge.destroy() }
        for counter in gone.counters { counter.destroy() }
    }

    private func traffic(_ topic: String) -> TopicTraffic {
        series.withLock { series in
            if let traffic = series.topics[topic] { return traffic }
            func counter(_ label: String) -> Counter {
                Counter(label: label, dimensions: [("topic", topic)], factory: factory)
            }
            let traffic = TopicTraffic(
                producedBytes: counter("emostream.broker.produce.bytes"),
                producedRecords: counter("emostream.broker.produce.records"),
                fetchedBytes: counter("emostream.broker.fetch.bytes"),
                fetchedRecords: counter("emostream.broker.fetch.records")
            )
            series.topics[topic] = traffic
            return traffic
        }
    }
}
