import NIOCore

extension DescribeGroupsResponse {
    /// One group's state as the coordinator sees it.
    public struct DescribedGroup: Hashable, Sendable {
        /// `authorizedOperations` when the client did not ask for them (or the version lacks them).
        public static let authorizedOperationsOmitted = Int32.min

        public var errorCode: KafkaErrorCode
        public var groupId: String
        /// e.g. "Stable", "Empty", "PreparingRebalance", "CompletingRebalance", "Dead".
        public var groupState: String
        /// e.g. "consumer", or empty.
        public var protocolType: String
        /// The chosen protocol name (e.g. "range"); Kafka fills it only for stable groups.
        public var protocolData: String
        public var members: [Member]
        /// v3+: a bit field of ACL operations, or `authorizedOperationsOmitted`.
        public var authorizedOperations: Int32

        public init(
            errorCode: KafkaErrorCode = .none,
            groupId: String,
            groupState: String,
            protocolType: String,
            protocolData: String,
            members: [Member],
            authorizedOperations: Int32 = DescribedGroup.authorizedOperationsOmitted
        ) {
            self.errorCode = errorCode
            self.groupId = groupId
            self.groupState = groupState
            self.protocolType = protocolType
            self.protocolData = protocolData
            self.members = members
            self.authorizedOperations = authorizedOperations
        }

        init(from buffer: inout ByteBuffer, version: Int16) throws {
            errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
            groupId = try buffer.readKafkaString()
            groupState = try buffer.readKafkaString()
            protocolType = try buffer.readKafkaString()
            protocolData = try buffer.readKafkaString()
            members = try buffer.readKafkaArray { try Member(from: &$0, version: version) }
            authorizedOperations = version >= 3 ? try buffer.readKafkaInteger() : Self.authorizedOperationsOmitted
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaString(groupId)
            buffer.writeKafkaString(groupState)
            buffer.writeKafkaString(protocolType)
            buffer.writeKafkaString(protocolData)
            buffer.writeKafkaArray(members) { $1.encode(into: &$0, version: version) }
            if version >= 3 {
                buffer.writeInteger(authorizedOperations)
            }
        }
    }

    public struct Member: Hashable, Sendable {
        public var memberId: String
        /// v4+.
        public var groupInstanceId: String?
        /// The client id from the member's latest JoinGroup request header.
        public var clientId: String
        public var clientHost: String
        /// The member's metadata for the chosen protocol (a `ConsumerProtocolSubscription` for consumers).
        public var memberMetadata: ByteBuffer
        /// The member's assignment (a `ConsumerProtocolAssignment` for consumers).
        public var memberAssignment: ByteBuffer

        public init(
            memberId: String,
            groupInstanceId: String? = nil,
            clientId: String,
            clientHost: String,
            memberMetadata: ByteBuffer = ByteBuffer(),
            memberAssignment: ByteBuffer = ByteBuffer()
        ) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.clientId = clientId
            self.clientHost = clientHost
            self.memberMetadata = memberMetadata
            self.memberAssignment = memberAssignment
        }

        init(from buffer: inout ByteBuffer, version: Int16) throws {
            memberId = try buffer.readKafkaString()
            groupInstanceId = version >= 4 ? try buffer.readKafkaNullableString() : nil
            clientId = try buffer.readKafkaString()
            clientHost = try buffer.readKafkaString()
            memberMetadata = try buffer.readKafkaBytes()
            memberAssignment = try buffer.readKafkaBytes()
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(memberId)
            if version >= 4 {
                buffer.writeKafkaNullableString(groupInstanceId)
            }
            buffer.writeKafkaString(clientId)
            buffer.writeKafkaString(clientHost)
            buffer.writeKafkaBytes(memberMetadata)
            buffer.writeKafkaBytes(memberAssignment)
        }
    }
}
