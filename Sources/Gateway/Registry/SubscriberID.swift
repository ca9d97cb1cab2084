/// A subscriber's place in the fan-out tree: its cluster and its index within the cluster.
public struct SubscriberID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var cluster: Int
    public var subscriber: Int

    public init(cluster: Int, subscriber: Int) {
        self.cluster = cluster
        self.subscriber = subscriber
    }

    /// Lowest cluster first, then lowest subscriber: the tie-break order of assignment.
    public static func < (lhs: SubscriberID, rhs: SubscriberID) -> Bool {
        (lhs.cluster, lhs.subscriber) < (rhs.cluster, rhs.subscriber)
    }

    /// The `emostream_subscribers` record key, `"<cluster>-<subscriber>"`.
    public var description: String { "\(cluster)-\(subscriber)" }
}
