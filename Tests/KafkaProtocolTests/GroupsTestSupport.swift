import KafkaProtocol
import NIOCore
import Testing

// Shared by the Groups*, Admin* and Producer* tests. Builds on TestSupport.swift (`decode`, `encodedBytes`,
// `roundTrip`, `ascii`, `SplitMix64`).

/// A message type with a sample per version, so tables of messages can be tested alike.
struct SampledMessage: Sendable, CustomTestStringConvertible {
    let type: any KafkaMessage.Type
    let sample: @Sendable (Int16) -> any KafkaMessage
    /// Equality of two values of `type`, which the existential cannot offer by itself.
    let areEqual: @Sendable (any KafkaMessage, any KafkaMessage) -> Bool

    init<Message: KafkaMessage & Equatable>(_ sample: @escaping @Sendable (Int16) -> Message) {
        type = Message.self
        self.sample = sample
        areEqual = { lhs, rhs in
            guard let lhs = lhs as? Message, let rhs = rhs as? Message else {
                return false
            }
            return lhs == rhs
        }
    }

    var testDescription: String { "\(type)" }

    /// One entry per supported version, for parameterised tests.
    var versionCases: [SampledVersion] {
        type.supportedVersions.map { SampledVersion(message: self, version: $0) }
    }
}

struct SampledVersion: Sendable, CustomTestStringConvertible {
    var message: SampledMessage
    var version: Int16

    var testDescription: String { "\(message.type) v\(version)" }

    /// A seed fixed per case (FNV-1a of the description), so random tests fail reproducibly.
    var seed: UInt64 {
        testDescription.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }
}

/// Wire-format builders for golden bytes, so expected frames read field by field like the JSON specs.
enum Wire {
    static func int8(_ value: Int8) -> [UInt8] { [UInt8(bitPattern: value)] }
    static func int16(_ value: Int16) -> [UInt8] { bigEndian(value) }
    static func int32(_ value: Int32) -> [UInt8] { bigEndian(value) }
    static func int64(_ value: Int64) -> [UInt8] { bigEndian(value) }
    static func bool(_ value: Bool) -> [UInt8] { [value ? 1 : 0] }

    /// A classic string: int16 length, then UTF-8.
    static func string(_ value: String) -> [UInt8] { int16(Int16(value.utf8.count)) + ascii(value) }
    /// A null classic string or bytes field: length -1 (int16 for strings).
    static let nullString: [UInt8] = [0xFF, 0xFF]
    /// Classic bytes: int32 length, then the bytes.
    static func bytes(_ value: [UInt8]) -> [UInt8] { int32(Int32(value.count)) + value }
    static let nullBytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
    /// An array header: the int32 element count (-1 for null).
    static func count(_ value: Int32) -> [UInt8] { int32(value) }

    private static func bigEndian<Integer: FixedWidthInteger>(_ value: Integer) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}

/// Encoding `message` at `version` gives `bytes`, and decoding `bytes` gives `message`.
func expectGolden<Message: KafkaMessage & Equatable>(
    _ message: Message,
    version: Int16,
    _ bytes: [UInt8],
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(encodedBytes(message, version: version) == bytes, sourceLocation: sourceLocation)
    #expect(try decode(Message.self, bytes, version: version) == message, sourceLocation: sourceLocation)
}

/// Encode → decode → encode reproduces the bytes, and the decoded value equals the sample
/// (every sample only sets fields its version carries).
func expectRoundTrip(_ sampled: SampledVersion, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let sample = sampled.message.sample(sampled.version)
    let bytes = encodedBytes(sample, version: sampled.version)
    var buffer = ByteBuffer(bytes: bytes)
    let decoded = try sampled.message.type.init(from: &buffer, version: sampled.version)
    #expect(encodedBytes(decoded, version: sampled.version) == bytes, sourceLocation: sourceLocation)
    #expect(sampled.message.areEqual(decoded, sample), "decoded \(decoded)", sourceLocation: sourceLocation)
}

/// Every strict prefix of a valid body, and the body plus one byte, are rejected.
func expectTruncationsAndTrailingBytesRejected(_ sampled: SampledVersion, sourceLocation: SourceLocation = #_sourceLocation) {
    let bytes = encodedBytes(sampled.message.sample(sampled.version), version: sampled.version)
    for length in 0..<bytes.count {
        var buffer = ByteBuffer(bytes: bytes[0..<length])
        #expect(throws: KafkaProtocolError.truncated, "prefix of \(length) bytes", sourceLocation: sourceLocation) {
            _ = try sampled.message.type.init(from: &buffer, version: sampled.version)
        }
    }
    var buffer = ByteBuffer(bytes: bytes + [0])
    #expect(throws: KafkaProtocolError.trailingBytes, sourceLocation: sourceLocation) {
        _ = try sampled.message.type.init(from: &buffer, version: sampled.version)
    }
}

/// Random and randomly corrupted bodies either decode or throw `KafkaProtocolError`; none crashes.
func expectGarbageRejectedCleanly(_ sampled: SampledVersion, sourceLocation: SourceLocation = #_sourceLocation) {
    var random = SplitMix64(seed: sampled.seed)
    let valid = encodedBytes(sampled.message.sample(sampled.version), version: sampled.version)
    for round in 0..<400 {
        var bytes: [UInt8]
        if round.isMultiple(of: 2) || valid.isEmpty {
            bytes = (0..<Int.random(in: 0...96, using: &random)).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        } else {
            bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: .min ... .max, using: &random)
            }
        }
        var buffer = ByteBuffer(bytes: bytes)
        do {
            _ = try sampled.message.type.init(from: &buffer, version: sampled.version)
        } catch {
            #expect(error is KafkaProtocolError, "\(error)", sourceLocation: sourceLocation)
        }
    }
}

/// Versions just outside the supported range are refused before the body is read.
func expectUnsupportedVersionsRefused(_ sampled: SampledMessage, sourceLocation: SourceLocation = #_sourceLocation) {
    let type = sampled.type
    for version in [type.supportedVersions.lowerBound - 1, type.supportedVersions.upperBound + 1, .max] {
        var buffer = ByteBuffer(bytes: encodedBytes(sampled.sample(type.supportedVersions.upperBound), version: type.supportedVersions.upperBound))
        #expect(
            throws: KafkaProtocolError.unsupportedVersion(apiKey: type.apiKey.rawValue, version: version),
            sourceLocation: sourceLocation
        ) {
            _ = try type.init(from: &buffer, version: version)
        }
    }
}
