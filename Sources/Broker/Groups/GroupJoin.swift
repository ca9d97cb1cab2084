/// A JoinGroup request reduced to what the coordinator decides on.
public struct GroupJoin: Sendable, Hashable {
    /// One partition-assignment protocol the member can run, with its opaque subscription metadata.
    public struct SupportedProtocol: Sendable, Hashable {
        public var name: String
        public var metadata: [UInt8]

        public init(name: String, metadata: [UInt8]) {
            self.name = name
            self.metadata = metadata
        }
    }

    /// Empty when the member joins for the first time.
    public var memberId: String
    /// Set by members using static membership (JoinGroup v5+).
    public var groupInstanceId: String?
    public var clientId: String
    public var clientHost: String
    public var sessionTimeoutMs: Int32
    /// For JoinGroup v0, which has no rebalance timeout, pass the session timeout.
    public var rebalanceTimeoutMs: Int32
    public var protocolType: String
    /// In the member's order of preference.
    public var protocols: [SupportedProtocol]
    /// The JoinGroup version: MEMBER_ID_REQUIRED is only ever sent to v4 and later.
    public var apiVersion: Int16
    public var requestID: GroupRequestID

    public init(
        memberId: String,
        groupInstanceId: String? = nil,
        clientId: String,
        clientHost: String,
        sessionTimeoutMs: Int32,
        rebalanceTimeoutMs: Int32,
        protocolType: String,
        protocols: [SupportedProtocol],
        apiVersion: Int16,
        requestID: GroupRequestID
    ) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.clientId = clientId
        self.clientHost = clientHost
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.protocolType = protocolType
        self.protocols = protocols
        self.apiVersion = apiVersion
        self.requestID = requestID
    }
}
