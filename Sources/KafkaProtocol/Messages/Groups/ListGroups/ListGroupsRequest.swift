import NIOCore

/// ListGroups request (key 16), v0–2: which groups does this coordinator know? The body is empty.
///
/// v3+ is flexible (v4 adds a state filter) and not implemented.
public struct ListGroupsRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.listGroups
    public static let supportedVersions: ClosedRange<Int16> = 0...2

    public init() {}

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
    }
}
