import NIOCore

extension MetadataResponse {
    /// One topic's metadata, or its error.
    public struct Topic: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var name: String
        /// v1+.
        public var isInternal: Bool
        public var partitions: [Partition]
        /// v8+.
        public var topicAuthorizedOperations: Int32

        public init(
            errorCode: KafkaErrorCode = .none,
            name: String,
            isInternal: Bool = false,
            partitions: [Partition],
            topicAuthorizedOperations: Int32 = MetadataResponse.authorizedOperationsOmitted
        ) {
            self.errorCode = errorCode
            self.name = name
            self.isInternal = isInternal
            self.partitions = partitions
            self.topicAuthorizedOperations = topicAuthorizedOperations
        }

        init(from buffer: inout ByteBuffer, version: Int16) throws {
            errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
            name = try buffer.readKafkaString()
            isInternal = version >= 1 ? try buffer.readKafkaBoolean() : false
            partitions = try buffer.readKafkaArray { try Partition(from: &$0, version: version) }
            topicAuthorizedOperations = version >= 8 ? try buffer.readKafkaInteger() : MetadataResponse.authorizedOperationsOmitted
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaString(name)
            if version >= 1 {
                buffer.writeKafkaBoolean(isInternal)
            }
            buffer.writeKafkaArray(partitions) { $1.encode(into: &$0, version: version) }
            if version >= 8 {
                buffer.writeInteger(topicAuthorizedOperations)
            }
        }
    }

    /// One partition: its leader and replica sets.
    public struct Partition: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var partitionIndex: Int32
        public var leaderId: Int32
        /// v7+; -1 keeps clients from validating positions with OffsetForLeaderEpoch.
        public var leaderEpoch: Int32
        public var replicaNodes: [Int32]
        public var isrNodes: [Int32]
        /// v5+.
        public var offlineReplicas: [Int32]

        public init(
            errorCode: KafkaErrorCode = .none,
            partitionIndex: Int32,
            leaderId: Int32,
            leaderEpoch: Int32 = -1,
            replicaNodes: [Int32],
            isrNodes: [Int32],
            offlineReplicas: [Int32] = []
        ) {
            self.errorCode = errorCode
            self.partitionIndex = partitionIndex
            self.leaderId = leaderId
            self.leaderEpoch = leaderEpoch
            self.replicaNodes = replicaNodes
            self.isrNodes = isrNodes
            self.offlineReplicas = offlineReplicas
        }

        init(from buffer: inout ByteBuffer, version: Int16) throws {
            errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
            partitionIndex = try buffer.readKafkaInteger()
            leaderId = try buffer.readKafkaInteger()
            leaderEpoch = version >= 7 ? try buffer.readKafkaInteger() : -1
            replicaNodes = try buffer.readKafkaArray { try $0.readKafkaInteger() }
            isrNodes = try buffer.readKafkaArray { try $0.readKafkaInteger() }
            offlineReplicas = version >= 5 ? try buffer.readKafkaArray { try $0.readKafkaInteger() } : []
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(leaderId)
            if version >= 7 {
                buffer.writeInteger(leaderEpoch)
            }
            buffer.writeKafkaArray(replicaNodes) { $0.writeInteger($1) }
            buffer.writeKafkaArray(isrNodes) { $0.writeInteger($1) }
            if version >= 5 {
                buffer.writeKafkaArray(offlineReplicas) { $0.writeInteger($1) }
            }
        }
    }
}
