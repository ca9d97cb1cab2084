/// The client registry: which subscriber each client is assigned to, and how to assign new ones.
///
/// The durable copy is the compacted topic `emostream_clients`; this is its in-memory image. Every change —
/// read from the topic or written by this gateway and acknowledged — arrives through `apply(...)` with its
/// offset, and a change older than the one already applied for that client is ignored, so replaying the topic
/// and applying one's own acknowledged writes in any interleaving gives the same result.
///
/// Registrations in flight hold a reservation that counts towards their subscriber's load, so concurrent
/// registrations spread out instead of all choosing the same least-loaded subscriber.
struct ClientRegistry: Sendable {
    /// What to do with a registration request.
    enum Registration: Sendable, Hashable {
        /// The client has a live assignment (or one being written); answer it unchanged.
        case existing(ClientAssignment)
        /// Write this new assignment to the topic, then call `registrationWritten` or `registrationFailed`.
        case write(ClientAssignment)
        /// No subscriber is alive.
        case noSubscriber
        /// The registry has not finished reading the topic yet.
        case loading
    }

    private(set) var isLoaded = false
    /// Acknowledged assignments.
    private(set) var assignments: [String: ClientAssignment] = [:]
    /// The offset of the last record applied per client, tombstones included.
    private var appliedOffsets: [String: Int64] = [:]
    /// Assignments being written.
    private var reservations: [String: ClientAssignment] = [:]
    /// Clients per subscriber, counting reservations in place of what they replace.
    private(set) var loads: [SubscriberID: Int] = [:]

    /// The topic has been read up to its end as of start-up; requests may be answered from now on.
    mutating func loaded() { isLoaded = true }

    /// Decides how to register `clientID`, given the subscribers alive now.
    mutating func register(
        _ clientID: String, alive: [SubscriberID: SubscriberHeartbeat], registeredAt: String
    ) -> Registration {
        guard isLoaded else { return .loading }
        if let reserved = reservations[clientID] { return .existing(reserved) }
        if let current = assignments[clientID], alive[current.subscriber] != nil { return .existing(current) }
        // Least loaded first; ties go to the lowest cluster, then the lowest subscriber.
        let chosen = alive.keys.min { (load($0), $0) < (load($1), $1) }
        guard let chosen, let heartbeat = alive[chosen] else { return .noSubscriber }
        let assignment = ClientAssignment(clientID: clientID, heartbeat: heartbeat, registeredAt: registeredAt)
        changeEffective(of: clientID) { $0.reservations[clientID] = assignment }
        return .write(assignment)
    }

    /// The reservation's record was acknowledged at `offset`.
    mutating func registrationWritten(_ assignment: ClientAssignment, offset: Int64) {
        changeEffective(of: assignment.clientID) { $0.reservations[assignment.clientID] = nil }
        apply(clientID: assignment.clientID, assignment: assignment, offset: offset)
    }

    /// The reservation's record could not be written; the client keeps what it had.
    mutating func registrationFailed(_ clientID: String) {
        changeEffective(of: clientID) { $0.reservations[clientID] = nil }
    }

    /// Applies a record of `emostream_clients`: an assignment, or nil for a deregistration (tombstone).
    mutating func apply(clientID: String, assignment: ClientAssignment?, offset: Int64) {
        if let applied = appliedOffsets[clientID], offset <= applied { return }
        appliedOffsets[clientID] = offset
        changeEffective(of: clientID) { $0.assignments[clientID] = assignment }
    }

    func load(_ subscriber: SubscriberID) -> Int { loads[subscriber] ?? 0 }

    private func effective(_ clientID: String) -> ClientAssignment? {
        reservations[clientID] ?? assignments[clientID]
    }

    /// Runs `change` and moves the client's unit of load from its old effective subscriber to its new one.
    private mutating func changeEffective(of clientID: String, _ change: (inout ClientRegistry) -> Void) {
        let before = effective(clientID)?.subscriber
        change(&self)
        let after = effective(clientID)?.subscriber
        guard before != after else { return }
        if let before {
            loads[before, default: 0] -= 1
            if loads[before] == 0 { loads[before] = nil }
        }
        if let after { loads[after, default: 0] += 1 }
    }
}
