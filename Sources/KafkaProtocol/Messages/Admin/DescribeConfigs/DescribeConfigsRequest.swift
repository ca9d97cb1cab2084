import NIOCore

/// DescribeConfigs request (key 32), v0–3: the configuration of topics or brokers, as admin tools show it.
///
/// v4+ is flexible and not implemented.
public struct DescribeConfigsRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.describeConfigs
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    /// `resourceType` of a topic.
    public static let topicResourceType: Int8 = 2
    /// `resourceType` of a broker (the name is the broker id).
    public static let brokerResourceType: Int8 = 4

    public struct Resource: Hashable, Sendable {
        /// `topicResourceType`, `brokerResourceType` or another Kafka resource type.
        public var resourceType: Int8
        public var resourceName: String
        /// The keys to describe, or nil for all of them.
        public var configurationKeys: [String]?

        public init(resourceType: Int8, resourceName: String, configurationKeys: [String]? = nil) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configurationKeys = configurationKeys
        }
    }

    public var resources: [Resource]
    /// v1+.
    public var includeSynonyms: Bool
    /// v3+.
    public var includeDocumentation: Bool

    public init(resources: [Resource], includeSynonyms: Bool = false, includeDocumentation: Bool = false) {
        self.resources = resources
        self.includeSynonyms = includeSynonyms
        self.includeDocumentation = includeDocumentation
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        resources = try buffer.readKafkaArray { buffer in
            Resource(
                resourceType: try buffer.readKafkaInteger(),
                resourceName: try buffer.readKafkaString(),
                configurationKeys: try buffer.readKafkaNullableArray { try $0.readKafkaString() }
            )
        }
        includeSynonyms = version >= 1 ? try buffer.readKafkaBoolean() : false
        includeDocumentation = version >= 3 ? try buffer.readKafkaBoolean() : false
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeKafkaArray(resources) { buffer, resource in
            buffer.writeInteger(resource.resourceType)
            buffer.writeKafkaString(resource.resourceName)
            buffer.writeKafkaNullableArray(resource.configurationKeys) { $0.writeKafkaString($1) }
        }
        if version >= 1 {
            buffer.writeKafkaBoolean(includeSynonyms)
        }
        if version >= 3 {
            buffer.writeKafkaBoolean(includeDocumentation)
        }
    }
}
