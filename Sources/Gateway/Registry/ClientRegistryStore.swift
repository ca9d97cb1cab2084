import Foundation
import KafkaClient
import Logging
import ServiceLifecycle
import Synchronization

/// The client registry kept in the compacted topic `emostream_clients` (one partition; key = client_id,
/// value = `ClientAssignment` JSON, null = deregistered).
///
/// On start it creates the gateway's topics, writes a sync marker and reads the registry topic from the
/// beginning up to that marker: everything written before this gateway started is then known (a restart loses
/// no registration), without needing the partition's end offset. It keeps following the topic afterwards, so
/// writes by other gateways show up too. Its own writes are answered only after the broker acknowledged them.
final class ClientRegistryStore: Service, Sendable {
    /// Keys of sync markers; a client_id may not start with it.
    static let markerPrefix = "__emostream_sync__/"

    private let producer: KafkaProducer
    private let consumer: KafkaConsumer
    private let liveness: SubscriberLiveness
    private let topics: GatewayTopics
    private let configuration: GatewayConfiguration
    private let metrics: GatewayMetrics
    private let logger: Logger
    private let registry = Mutex(ClientRegistry())

    init(
        producer: KafkaProducer, consumer: KafkaConsumer, liveness: SubscriberLiveness, topics: GatewayTopics,
        configuration: GatewayConfiguration, metrics: GatewayMetrics, logger: Logger
    ) {
        self.producer = producer
        self.consumer = consumer
        self.liveness = liveness
        self.topics = topics
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    var isLoaded: Bool { registry.withLock(\.isLoaded) }

    /// Assigns `clientID` to the least-loaded live subscriber unless it already has a live assignment.
    ///
    /// - Throws: `APIError` 503 while loading, when no subscriber is alive, or when the write failed.
    func register(_ clientID: String) async throws(APIError) -> (ClientAssignment, RegistrationOutcome) {
        let now = WallClock.nowMilliseconds()
        let alive = liveness.alive(now: now)
        let (decision, hadAssignment) = registry.withLock { registry in
            let hadAssignment = registry.assignments[clientID] != nil
            return (registry.register(clientID, alive: alive, registeredAt: WallClock.iso8601(milliseconds: now)), hadAssignment)
        }
        switch decision {
        case .loading:
            throw APIError.registryLoading
        case .noSubscriber:
            throw APIError.noSubscriber
        case .existing(let assignment):
            return (assignment, .alreadyRegistered)
        case .write(let assignment):
            do {
                let offset = try await write(key: clientID, value: JSONResponse.bytes(assignment))
                registry.withLock { $0.registrationWritten(assignment, offset: offset) }
            } catch {
                registry.withLock { $0.registrationFailed(clientID) }
                throw writeFailure(error)
            }
            let outcome: RegistrationOutcome = hadAssignment ? .moved : .registered
            metrics.registration(outcome.rawValue)
            return (assignment, outcome)
        }
    }

    /// Removes `clientID` by writing a tombstone.
    ///
    /// - Throws: `APIError` 404 for an unknown client, 503 while loading or when the write failed.
    func deregister(_ clientID: String) async throws(APIError) {
        let known = registry.withLock { registry -> Bool? in
            registry.isLoaded ? registry.assignments[clientID] != nil : nil
        }
        guard let known else { throw APIError.registryLoading }
        guard known else { throw APIError.clientNotFound }
        do {
            let offset = try await write(key: clientID, value: nil)
            registry.withLock { $0.apply(clientID: clientID, assignment: nil, offset: offset) }
        } catch {
            throw writeFailure(error)
        }
        metrics.registration("deregistered")
    }

    /// Every registered client's assignment.
    func list() throws(APIError) -> [String: ClientAssignment] {
        let snapshot = registry.withLock { $0.isLoaded ? $0.assignments : nil }
        guard let snapshot else { throw APIError.registryLoading }
        return snapshot
    }

    /// How many clients each subscriber has.
    func loads() -> [SubscriberID: Int] { registry.withLock(\.loads) }

    func run() async throws {
        if let markerOffset = await prepare() {
            await follow(markerOffset: markerOffset)
        }
        await consumer.close()
    }

    /// Reads the registry topic from the beginning, loaded once past the marker, until graceful shutdown.
    private func follow(markerOffset: Int64) async {
        do {
            try await consumer.assign([TopicPartitionOffset(topic: configuration.topics.clients, partition: 0, offset: .beginning)])
            for try await message in consumer.messages.cancelOnGracefulShutdown() {
                recordRead(message, markerOffset: markerOffset)
            }
        } catch {
            logger.error("Registry consumer failed", metadata: ["error": "\(error)"])
        }
    }

    /// Creates the topics and writes the sync marker, retrying until the broker answers or shutdown begins.
    ///
    /// - Returns: the marker's offset, or nil on shutdown.
    private func prepare() async -> Int64? {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await topics.ensureCreated()
                let marker = Self.markerPrefix + UUID().uuidString
                let offset = try await write(key: marker, value: nil)
                logger.info("Reading the client registry", metadata: ["kafka.topic": "\(configuration.topics.clients)"])
                return offset
            } catch {
                logger.warning("Cannot reach the broker to load the client registry; retrying", metadata: [
                    "error": "\(error)",
                ])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
        return nil
    }

    private func recordRead(_ message: KafkaConsumerMessage, markerOffset: Int64) {
        defer {
            if message.offset >= markerOffset, !isLoaded {
                let count = registry.withLock { registry in
                    registry.loaded()
                    return registry.assignments.count
                }
                logger.info("Client registry loaded", metadata: ["emostream.clients": "\(count)"])
            }
        }
        guard let key = message.key.map({ String(decoding: $0, as: UTF8.self) }), !key.hasPrefix(Self.markerPrefix)
        else { return }
        var assignment: ClientAssignment?
        if let value = message.value {
            guard let decoded = try? JSONDecoder().decode(ClientAssignment.self, from: Data(value)) else {
                logger.warning("Skipping a registry record that is not an assignment", metadata: [
                    "kafka.offset": "\(message.offset)",
                ])
                return
            }
            assignment = decoded
        }
        registry.withLock { $0.apply(clientID: key, assignment: assignment, offset: message.offset) }
    }

    /// Writes a registry record to partition 0 and returns its offset once acknowledged.
    private func write(key: String, value: [UInt8]?) async throws -> Int64 {
        try await producer.send(topic: configuration.topics.clients, key: Array(key.utf8), value: value, partition: 0).offset
    }

    private func writeFailure(_ error: any Error) -> APIError {
        logger.warning("Registry write failed", metadata: ["error": "\(error)"])
        return APIError.unavailable("Broker unavailable, try again shortly")
    }
}
