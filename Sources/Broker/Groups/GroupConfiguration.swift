/// Limits the coordinator enforces on every group.
public struct GroupConfiguration: Sendable, Hashable {
    /// The shortest session timeout a member may ask for (Kafka's `group.min.session.timeout.ms`).
    public var minimumSessionTimeoutMs: Int32
    /// The longest session timeout a member may ask for (Kafka's `group.max.session.timeout.ms`).
    public var maximumSessionTimeoutMs: Int32

    public init(minimumSessionTimeoutMs: Int32 = 6_000, maximumSessionTimeoutMs: Int32 = 1_800_000) {
        self.minimumSessionTimeoutMs = minimumSessionTimeoutMs
        self.maximumSessionTimeoutMs = maximumSessionTimeoutMs
    }

    func acceptsSessionTimeout(_ milliseconds: Int32) -> Bool {
        (minimumSessionTimeoutMs...maximumSessionTimeoutMs).contains(milliseconds)
    }
}
