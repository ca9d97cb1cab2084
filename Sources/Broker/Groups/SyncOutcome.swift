/// What one SyncGroup response must say.
public struct SyncOutcome: Sendable, Hashable {
    public var error: GroupErrorCode
    /// The member's own assignment bytes; empty on errors or when the leader gave it nothing.
    public var assignment: [UInt8]
    public var protocolType: String?
    public var protocolName: String?

    static func failure(_ error: GroupErrorCode) -> SyncOutcome {
        SyncOutcome(error: error, assignment: [], protocolType: nil, protocolName: nil)
    }
}
