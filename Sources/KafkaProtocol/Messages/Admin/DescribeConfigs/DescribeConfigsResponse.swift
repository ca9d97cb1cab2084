import NIOCore

/// DescribeConfigs response (key 32), v0–3: per resource, an error or its configuration entries.
public struct DescribeConfigsResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.describeConfigs
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public struct Result: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?
        public var resourceType: Int8
        public var resourceName: String
        public var configs: [Config]

        public init(
            errorCode: KafkaErrorCode = .none,
            errorMessage: String? = nil,
            resourceType: Int8,
            resourceName: String,
            configs: [Config]
        ) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configs = configs
        }
    }

    public var throttleTimeMs: Int32
    public var results: [Result]

    public init(throttleTimeMs: Int32 = 0, results: [Result]) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = try buffer.readKafkaInteger()
        results = try buffer.readKafkaArray { buffer in
            Result(
                errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInteger()),
                errorMessage: try buffer.readKafkaNullableString(),
                resourceType: try buffer.readKafkaInteger(),
                resourceName: try buffer.readKafkaString(),
                configs: try buffer.readKafkaArray { try Config(from: &$0, version: version) }
            )
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(results) { buffer, result in
            buffer.writeInteger(result.errorCode.rawValue)
            buffer.writeKafkaNullableString(result.errorMessage)
            buffer.writeInteger(result.resourceType)
            buffer.writeKafkaString(result.resourceName)
            buffer.writeKafkaArray(result.configs) { $1.encode(into: &$0, version: version) }
        }
    }
}
