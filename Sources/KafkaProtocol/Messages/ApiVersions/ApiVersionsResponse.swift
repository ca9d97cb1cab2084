import NIOCore

/// ApiVersions response (key 18): the broker's error code and supported version range per API.
///
/// Always sent with response header v0 (see `ApiKey.responseHeaderVersion(for:)`).
public struct ApiVersionsResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.apiVersions
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    /// One API's supported range. The key is raw so responses from other brokers decode in full.
    public struct ApiVersion: Hashable, Sendable {
        public var apiKey: Int16
        public var minVersion: Int16
        public var maxVersion: Int16

        public init(apiKey: Int16, minVersion: Int16, maxVersion: Int16) {
            self.apiKey = apiKey
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }
    }

    public var errorCode: KafkaErrorCode
    public var apiKeys: [ApiVersion]
    /// Throttle time (v1+, 0 before).
    public var throttleTimeMs: Int32

    public init(errorCode: KafkaErrorCode = .none, apiKeys: [ApiVersion], throttleTimeMs: Int32 = 0) {
        self.errorCode = errorCode
        self.apiKeys = apiKeys
        self.throttleTimeMs = throttleTimeMs
    }

    /// The answer to an ApiVersions request at a version the broker lacks: UNSUPPORTED_VERSION and only
    /// the ApiVersions range, to be encoded at version 0 so any client can read it and retry lower.
    public static var unsupportedVersionAnswer: ApiVersionsResponse {
        ApiVersionsResponse(
            errorCode: .unsupportedVersion,
            apiKeys: [ApiVersion(apiKey: ApiKey.apiVersions.rawValue, minVersion: supportedVersions.lowerBound, maxVersion: supportedVersions.upperBound)]
        )
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        let flexible = version >= 3
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
        let readApiVersion = { (buffer: inout ByteBuffer) throws -> ApiVersion in
            let apiVersion = ApiVersion(
                apiKey: try buffer.readKafkaInteger(),
                minVersion: try buffer.readKafkaInteger(),
                maxVersion: try buffer.readKafkaInteger()
            )
            if flexible {
                try buffer.skipKafkaTaggedFields()
            }
            return apiVersion
        }
        apiKeys = flexible ? try buffer.readKafkaCompactArray(readApiVersion) : try buffer.readKafkaArray(readApiVersion)
        throttleTimeMs = version >= 1 ? try buffer.readKafkaInteger() : 0
        if flexible {
            try buffer.skipKafkaTaggedFields()
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        let flexible = version >= 3
        buffer.writeInteger(errorCode.rawValue)
        let writeApiVersion = { (buffer: inout ByteBuffer, apiVersion: ApiVersion) in
            buffer.writeInteger(apiVersion.apiKey)
            buffer.writeInteger(apiVersion.minVersion)
            buffer.writeInteger(apiVersion.maxVersion)
            if flexible {
                buffer.writeKafkaEmptyTaggedFields()
            }
        }
        if flexible {
            buffer.writeKafkaCompactArray(apiKeys, writeApiVersion)
        } else {
            buffer.writeKafkaArray(apiKeys, writeApiVersion)
        }
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        if flexible {
            buffer.writeKafkaEmptyTaggedFields()
        }
    }
}
