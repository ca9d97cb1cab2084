import NIOCore

extension DescribeConfigsResponse {
    /// One configuration entry of a resource.
    ///
    /// v0 says only whether the value is a default (`isDefault`); v1+ says where it comes from (`configSource`).
    /// The initializer derives `isDefault` from the source unless told otherwise, so a broker can fill one field.
    public struct Config: Hashable, Sendable {
        /// `configSource`: a dynamic topic config (set with CreateTopics or AlterConfigs).
        public static let topicConfigSource: Int8 = 1
        /// `configSource`: from the broker's static configuration.
        public static let staticBrokerConfigSource: Int8 = 4
        /// `configSource`: the built-in default.
        public static let defaultConfigSource: Int8 = 5

        public var name: String
        /// nil for sensitive values.
        public var value: String?
        public var readOnly: Bool
        /// v0 only on the wire; derived from `configSource` when decoding v1+.
        public var isDefault: Bool
        /// v1+; -1 when unknown (every v0 entry).
        public var configSource: Int8
        public var isSensitive: Bool
        /// v1+: where else a value for this key is set, highest precedence first.
        public var synonyms: [Synonym]
        /// v3+: 0 unknown, 1 boolean, 2 string, 3 int, 4 short, 5 long, 6 double, 7 list, 8 class, 9 password.
        public var configType: Int8
        /// v3+.
        public var documentation: String?

        public init(
            name: String,
            value: String?,
            readOnly: Bool = false,
            isDefault: Bool? = nil,
            configSource: Int8 = -1,
            isSensitive: Bool = false,
            synonyms: [Synonym] = [],
            configType: Int8 = 0,
            documentation: String? = nil
        ) {
            self.name = name
            self.value = value
            self.readOnly = readOnly
            self.isDefault = isDefault ?? (configSource == Self.defaultConfigSource)
            self.configSource = configSource
            self.isSensitive = isSensitive
            self.synonyms = synonyms
            self.configType = configType
            self.documentation = documentation
        }

        init(from buffer: inout ByteBuffer, version: Int16) throws {
            name = try buffer.readKafkaString()
            value = try buffer.readKafkaNullableString()
            readOnly = try buffer.readKafkaBoolean()
            if version == 0 {
                isDefault = try buffer.readKafkaBoolean()
                configSource = -1
            } else {
                configSource = try buffer.readKafkaInteger()
                isDefault = configSource == Self.defaultConfigSource
            }
            isSensitive = try buffer.readKafkaBoolean()
            synonyms = version >= 1 ? try buffer.readKafkaArray(Synonym.init(from:)) : []
            configType = version >= 3 ? try buffer.readKafkaInteger() : 0
            documentation = version >= 3 ? try buffer.readKafkaNullableString() : nil
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaNullableString(value)
            buffer.writeKafkaBoolean(readOnly)
            if version == 0 {
                buffer.writeKafkaBoolean(isDefault)
            } else {
                buffer.writeInteger(configSource)
            }
            buffer.writeKafkaBoolean(isSensitive)
            if version >= 1 {
                buffer.writeKafkaArray(synonyms) { $1.encode(into: &$0) }
            }
            if version >= 3 {
                buffer.writeInteger(configType)
                buffer.writeKafkaNullableString(documentation)
            }
        }
    }

    /// Another place a configuration key is set, e.g. the broker default behind a topic override.
    public struct Synonym: Hashable, Sendable {
        public var name: String
        public var value: String?
        /// A `Config` source constant.
        public var source: Int8

        public init(name: String, value: String?, source: Int8) {
            self.name = name
            self.value = value
            self.source = source
        }

        init(from buffer: inout ByteBuffer) throws {
            name = try buffer.readKafkaString()
            value = try buffer.readKafkaNullableString()
            source = try buffer.readKafkaInteger()
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaNullableString(value)
            buffer.writeInteger(source)
        }
    }
}
