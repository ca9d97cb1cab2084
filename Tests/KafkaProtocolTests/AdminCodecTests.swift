import KafkaProtocol
import NIOCore
import Testing

/// Round trips and malformed input for every admin message at every supported version.
@Suite struct AdminCodecTests {
    static let cases = AdminMessageSamples.all.flatMap(\.versionCases)

    @Test(arguments: cases)
    func roundTripPreservesEveryField(_ sampled: SampledVersion) throws {
        try expectRoundTrip(sampled)
    }

    @Test(arguments: cases)
    func truncatedOrOverlongBodiesAreRejected(_ sampled: SampledVersion) {
        expectTruncationsAndTrailingBytesRejected(sampled)
    }

    @Test(arguments: cases)
    func garbageThrowsKafkaProtocolErrorOnly(_ sampled: SampledVersion) {
        expectGarbageRejectedCleanly(sampled)
    }

    @Test(arguments: AdminMessageSamples.all)
    func versionsOutsideTheRangeAreRefused(_ sampled: SampledMessage) {
        expectUnsupportedVersionsRefused(sampled)
    }
}
