/// A SyncGroup request reduced to what the coordinator decides on.
public struct GroupSync: Sendable, Hashable {
    public var memberId: String
    public var groupInstanceId: String?
    public var generationId: Int32
    /// Only the leader sends assignments: member id → opaque assignment bytes.
    public var assignments: [String: [UInt8]]?
    public var requestID: GroupRequestID

    public init(
        memberId: String,
        groupInstanceId: String? = nil,
        generationId: Int32,
        assignments: [String: [UInt8]]? = nil,
        requestID: GroupRequestID
    ) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.generationId = generationId
        self.assignments = assignments
        self.requestID = requestID
    }
}
