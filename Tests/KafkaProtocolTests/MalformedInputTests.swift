import KafkaProtocol
import NIOCore
import Testing

/// Bad bodies throw `KafkaProtocolError`; none crashes or allocates according to a hostile length.
@Suite struct MalformedInputTests {
    /// Every (message, version) pair this module supports.
    static let cases: [MessageCase] = MessageSamples.all.indices.flatMap { index in
        MessageSamples.all[index].type.supportedVersions.map { MessageCase(index: index, version: $0) }
    }

    struct MessageCase: Sendable, CustomTestStringConvertible {
        var index: Int
        var version: Int16

        var type: any KafkaMessage.Type { MessageSamples.all[index].type }
        var sample: any KafkaMessage { MessageSamples.all[index].sample(version) }
        var testDescription: String { "\(type) v\(version)" }
    }

    @Test(arguments: cases)
    func everyTruncationThrows(_ messageCase: MessageCase) {
        let bytes = encodedBytes(messageCase.sample, version: messageCase.version)
        for length in 0..<bytes.count {
            var buffer = ByteBuffer(bytes: bytes[0..<length])
            #expect(throws: KafkaProtocolError.self, "prefix of \(length) bytes") {
                _ = try messageCase.type.init(from: &buffer, version: messageCase.version)
            }
        }
    }

    @Test(arguments: cases)
    func trailingBytesAreRejected(_ messageCase: MessageCase) {
        var buffer = ByteBuffer(bytes: encodedBytes(messageCase.sample, version: messageCase.version) + [0])
        #expect(throws: KafkaProtocolError.trailingBytes) {
            _ = try messageCase.type.init(from: &buffer, version: messageCase.version)
        }
    }

    @Test(arguments: cases)
    func randomBodiesNeverCrash(_ messageCase: MessageCase) {
        var random = SplitMix64(seed: UInt64(messageCase.index) << 16 | UInt64(messageCase.version))
        for _ in 0..<300 {
            let length = Int.random(in: 0...96, using: &random)
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &random) }
            var buffer = ByteBuffer(bytes: bytes)
            do {
                _ = try messageCase.type.init(from: &buffer, version: messageCase.version)
            } catch {
                #expect(error is KafkaProtocolError)
            }
        }
    }

    @Test(arguments: cases)
    func corruptedEncodingsNeverCrash(_ messageCase: MessageCase) {
        let valid = encodedBytes(messageCase.sample, version: messageCase.version)
        guard !valid.isEmpty else { return }
        var random = SplitMix64(seed: 0xC0DEC ^ UInt64(messageCase.index) << 8 ^ UInt64(messageCase.version))
        for _ in 0..<300 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: .min ... .max, using: &random)
            }
            var buffer = ByteBuffer(bytes: bytes)
            do {
                _ = try messageCase.type.init(from: &buffer, version: messageCase.version)
            } catch {
                #expect(error is KafkaProtocolError)
            }
        }
    }

    @Test(arguments: MessageSamples.all.indices)
    func versionsOutsideTheSupportedRangeAreRefused(_ index: Int) {
        let type = MessageSamples.all[index].type
        for version in [type.supportedVersions.upperBound + 1, -1, .max] {
            var buffer = ByteBuffer()
            #expect(throws: KafkaProtocolError.unsupportedVersion(apiKey: type.apiKey.rawValue, version: version)) {
                _ = try type.init(from: &buffer, version: version)
            }
        }
    }

    @Test func hugeArrayCountFailsBeforeAllocating() {
        // Produce v0: acks, timeout, then a topic count of 2^31-1 with nothing behind it.
        let bytes: [UInt8] = [0x00, 0x01, 0x00, 0x00, 0x03, 0xE8, 0x7F, 0xFF, 0xFF, 0xFF]
        #expect(throws: KafkaProtocolError.truncated) {
            _ = try decode(ProduceRequest.self, bytes, version: 0)
        }
    }

    @Test func hugeRecordsLengthFailsWithoutReading() {
        // Produce v0 with one topic "t", one partition, records length 2^31-1 and three bytes behind it.
        let bytes: [UInt8] = [
            0x00, 0x01, 0x00, 0x00, 0x03, 0xE8,
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74,
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
            0x7F, 0xFF, 0xFF, 0xFF, 0x01, 0x02, 0x03,
        ]
        #expect(throws: KafkaProtocolError.truncated) {
            _ = try decode(ProduceRequest.self, bytes, version: 0)
        }
    }

    @Test func negativeLengthsOtherThanNullAreInvalid() {
        // Metadata v1 with a topic count of -2.
        #expect(throws: KafkaProtocolError.invalidLength) {
            _ = try decode(MetadataRequest.self, [0xFF, 0xFF, 0xFF, 0xFE], version: 1)
        }
        // Metadata v1 with one topic whose name length is -2.
        #expect(throws: KafkaProtocolError.invalidLength) {
            _ = try decode(MetadataRequest.self, [0x00, 0x00, 0x00, 0x01, 0xFF, 0xFE], version: 1)
        }
    }

    @Test func nullWhereTheSpecForbidsItIsInvalid() {
        // Metadata v0 topics may not be null; nor may a topic name.
        #expect(throws: KafkaProtocolError.invalidLength) {
            _ = try decode(MetadataRequest.self, [0xFF, 0xFF, 0xFF, 0xFF], version: 0)
        }
        #expect(throws: KafkaProtocolError.invalidLength) {
            _ = try decode(MetadataRequest.self, [0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF], version: 1)
        }
    }
}
