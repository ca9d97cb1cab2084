/// Names a JoinGroup or SyncGroup request that the coordinator may hold until its phase completes.
///
/// The caller picks the value (a counter is enough) and keeps the connection and correlation id
/// under it, so that when an action answers this id it knows where to write the response.
/// Ids must be unique across every group of one coordinator.
public struct GroupRequestID: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public var description: String { "request#\(rawValue)" }
}

extension GroupRequestID: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: UInt64) {
        self.init(value)
    }
}
