@testable import Gateway
import Testing

@Suite("Client registry state machine")
struct ClientRegistryTests {
    static func heartbeat(_ cluster: Int, _ subscriber: Int) -> SubscriberHeartbeat {
        SubscriberHeartbeat(
            clusterID: cluster, subscriberID: subscriber, host: "h\(cluster)\(subscriber)",
            port: 6000 + 3 * cluster + subscriber, ts: 0
        )
    }

    static func alive(_ ids: [(Int, Int)]) -> [SubscriberID: SubscriberHeartbeat] {
        Dictionary(uniqueKeysWithValues: ids.map { (SubscriberID(cluster: $0.0, subscriber: $0.1), heartbeat($0.0, $0.1)) })
    }

    static func loadedRegistry() -> ClientRegistry {
        var registry = ClientRegistry()
        registry.loaded()
        return registry
    }

    @Test func answersLoadingUntilTheTopicHasBeenRead() {
        var registry = ClientRegistry()
        #expect(registry.register("a", alive: Self.alive([(0, 0)]), registeredAt: "t") == .loading)
    }

    @Test func choosesTheLeastLoadedThenTheLowestClusterAndSubscriber() throws {
        var registry = Self.loadedRegistry()
        let alive = Self.alive([(1, 2), (0, 1), (1, 0)])
        guard case .write(let first) = registry.register("a", alive: alive, registeredAt: "t") else {
            Issue.record("expected a write"); return
        }
        #expect(first.subscriber == SubscriberID(cluster: 0, subscriber: 1))
        #expect(first.port == 6001 && first.host == "h01" && first.wsURL == "ws://h01:6001/ws")
        // The reservation already counts, before the write is acknowledged.
        guard case .write(let second) = registry.register("b", alive: alive, registeredAt: "t") else {
            Issue.record("expected a write"); return
        }
        #expect(second.subscriber == SubscriberID(cluster: 1, subscriber: 0))
        registry.registrationWritten(first, offset: 0)
        registry.registrationFailed("b")
        guard case .write(let third) = registry.register("c", alive: alive, registeredAt: "t") else {
            Issue.record("expected a write"); return
        }
        #expect(third.subscriber == SubscriberID(cluster: 1, subscriber: 0))
    }

    @Test func aLiveAssignmentIsAnsweredAgainUnchanged() {
        var registry = Self.loadedRegistry()
        let alive = Self.alive([(1, 2)])
        guard case .write(let assignment) = registry.register("a", alive: alive, registeredAt: "t") else {
            Issue.record("expected a write"); return
        }
        #expect(registry.register("a", alive: alive, registeredAt: "later") == .existing(assignment))
        registry.registrationWritten(assignment, offset: 7)
        #expect(registry.register("a", alive: alive, registeredAt: "later") == .existing(assignment))
        #expect(registry.load(SubscriberID(cluster: 1, subscriber: 2)) == 1)
    }

    @Test func aClientOfADeadSubscriberMovesToALiveOne() {
        var registry = Self.loadedRegistry()
        guard case .write(let old) = registry.register("a", alive: Self.alive([(0, 0)]), registeredAt: "t") else {
            Issue.record("expected a write"); return
        }
        registry.registrationWritten(old, offset: 0)
        guard case .write(let new) = registry.register("a", alive: Self.alive([(2, 1)]), registeredAt: "t") else {
            Issue.record("expected a move"); return
        }
        #expect(new.subscriber == SubscriberID(cluster: 2, subscriber: 1))
        registry.registrationWritten(new, offset: 1)
        #expect(registry.loads == [SubscriberID(cluster: 2, subscriber: 1): 1])
    }

    @Test func noLiveSubscriberMeansNoAssignment() {
        var registry = Self.loadedRegistry()
        #expect(registry.register("a", alive: [:], registeredAt: "t") == .noSubscriber)
    }

    @Test func olderRecordsNeverOverwriteNewerOnes() {
        var registry = Self.loadedRegistry()
        let first = ClientAssignment(clientID: "a", heartbeat: Self.heartbeat(0, 0), registeredAt: "t1")
        let second = ClientAssignment(clientID: "a", heartbeat: Self.heartbeat(0, 1), registeredAt: "t2")
        registry.apply(clientID: "a", assignment: second, offset: 5)
        // The consumer reads an older write after the acknowledged newer one was applied.
        registry.apply(clientID: "a", assignment: first, offset: 3)
        #expect(registry.assignments["a"] == second)
        registry.apply(clientID: "a", assignment: nil, offset: 6)
        registry.apply(clientID: "a", assignment: second, offset: 5)
        #expect(registry.assignments["a"] == nil)
        #expect(registry.loads.isEmpty)
    }

    @Test func nineHundredRegistrationsOverNineSubscribersAreEven() {
        var registry = Self.loadedRegistry()
        let alive = Self.alive((0..<3).flatMap { cluster in (0..<3).map { (cluster, $0) } })
        for index in 0..<900 {
            guard case .write(let assignment) = registry.register("c\(index)", alive: alive, registeredAt: "t") else {
                Issue.record("expected a write"); return
            }
            if index.isMultiple(of: 2) { registry.registrationWritten(assignment, offset: Int64(index)) }
        }
        #expect(registry.loads.count == 9)
        #expect(registry.loads.values.allSatisfy { $0 == 100 })
    }
}

@Suite("Subscriber liveness")
struct SubscriberDirectoryTests {
    let heartbeat = ClientRegistryTests.heartbeat(1, 2)

    @Test func aSubscriberIsAliveForTheTTLAfterItsLastHeartbeat() {
        var directory = SubscriberDirectory(ttlMilliseconds: 1_000)
        directory.heartbeatReceived(heartbeat, sentAt: 10_000, now: 10_000)
        #expect(directory.isAlive(heartbeat.id, now: 11_000))
        #expect(!directory.isAlive(heartbeat.id, now: 11_001))
        #expect(directory.alive(now: 11_001).isEmpty)
    }

    @Test func aHeartbeatFromTheFutureCountsAsNow() {
        var directory = SubscriberDirectory(ttlMilliseconds: 1_000)
        directory.heartbeatReceived(heartbeat, sentAt: 99_000, now: 10_000)
        #expect(!directory.isAlive(heartbeat.id, now: 11_001))
    }

    @Test func anOlderHeartbeatReadLateDoesNotReplaceANewerOne() {
        var directory = SubscriberDirectory(ttlMilliseconds: 1_000)
        directory.heartbeatReceived(heartbeat, sentAt: 10_000, now: 10_000)
        var moved = heartbeat
        moved.port = 1
        directory.heartbeatReceived(moved, sentAt: 9_000, now: 10_100)
        #expect(directory.alive(now: 10_100)[heartbeat.id]?.port == heartbeat.port)
    }
}
