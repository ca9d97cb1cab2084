import NIOCore

/// SyncGroup request (key 14), v0–3: the leader hands in every member's assignment; followers send none.
///
/// v4+ is flexible and not implemented.
public struct SyncGroupRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.syncGroup
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    /// One member's assignment, opaque to the coordinator.
    public struct Assignment: Hashable, Sendable {
        public var memberId: String
        /// For protocol type "consumer", a `ConsumerProtocolAssignment`.
        public var assignment: ByteBuffer

        public init(memberId: String, assignment: ByteBuffer) {
            self.memberId = memberId
            self.assignment = assignment
        }
    }

    public var groupId: String
    public var generationId: Int32
    public var memberId: String
    /// v3+.
    public var groupInstanceId: String?
    /// Filled by the leader only.
    public var assignments: [Assignment]

    public init(groupId: String, generationId: Int32, memberId: String, groupInstanceId: String? = nil, assignments: [Assignment] = []) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.assignments = assignments
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        groupId = try buffer.readKafkaString()
        generationId = try buffer.readKafkaInteger()
        memberId = try buffer.readKafkaString()
        groupInstanceId = version >= 3 ? try buffer.readKafkaNullableString() : nil
        assignments = try buffer.readKafkaArray { buffer in
            Assignment(memberId: try buffer.readKafkaString(), assignment: try buffer.readKafkaBytes())
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeKafkaString(groupId)
        buffer.writeInteger(generationId)
        buffer.writeKafkaString(memberId)
        if version >= 3 {
            buffer.writeKafkaNullableString(groupInstanceId)
        }
        buffer.writeKafkaArray(assignments) { buffer, assignment in
            buffer.writeKafkaString(assignment.memberId)
            buffer.writeKafkaBytes(assignment.assignment)
        }
    }
}
