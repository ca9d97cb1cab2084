/// A group as DescribeGroups reports it.
public struct GroupDescription: Sendable, Hashable {
    /// A member as DescribeGroups reports it.
    public struct Member: Sendable, Hashable {
        public var memberId: String
        public var groupInstanceId: String?
        public var clientId: String
        public var clientHost: String
        /// Metadata for the chosen protocol; empty unless the group is Stable, as in Kafka.
        public var metadata: [UInt8]
        /// Empty unless the group is Stable.
        public var assignment: [UInt8]
    }

    public var groupId: String
    public var error: GroupErrorCode
    /// "Empty", "PreparingRebalance", "CompletingRebalance", "Stable" or "Dead".
    public var state: String
    public var protocolType: String
    /// The chosen protocol; empty unless the group is Stable or completing a rebalance.
    public var protocolName: String
    public var members: [Member]

    /// How DescribeGroups answers for a group the coordinator does not know.
    public static func unknown(_ groupId: String) -> GroupDescription {
        GroupDescription(groupId: groupId, error: .none, state: "Dead", protocolType: "", protocolName: "", members: [])
    }
}

/// A group as ListGroups reports it.
public struct GroupListing: Sendable, Hashable {
    public var groupId: String
    /// "consumer" for subscribing clients; empty for groups that only commit offsets.
    public var protocolType: String
    public var state: String

    public init(groupId: String, protocolType: String, state: String) {
        self.groupId = groupId
        self.protocolType = protocolType
        self.state = state
    }
}
