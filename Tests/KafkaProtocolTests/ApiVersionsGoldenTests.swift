import KafkaProtocol
import NIOCore
import Testing

/// ApiVersions bytes assembled by hand from ApiVersionsRequest.json / ApiVersionsResponse.json.
@Suite struct ApiVersionsGoldenTests {
    /// The frame librdkafka sends first: header v2, ApiVersions v3 naming its software.
    static let librdkafkaFrameBody: [UInt8] =
        [0x00, 0x12, 0x00, 0x03]            // api key 18, version 3
        + [0x00, 0x00, 0x00, 0x01]          // correlation id 1
        + [0x00, 0x07] + ascii("rdkafka")   // client id (classic nullable string even in header v2)
        + [0x00]                            // header tagged fields: none
        + [0x0B] + ascii("librdkafka")      // compact string: length 10 + 1
        + [0x06] + ascii("2.0.2")           // compact string: length 5 + 1
        + [0x00]                            // body tagged fields: none

    @Test func librdkafkaApiVersionsV3RequestDecodes() throws {
        var buffer = ByteBuffer(bytes: Self.librdkafkaFrameBody)
        let header = try RequestHeader.decode(from: &buffer)
        #expect(header == RequestHeader(apiKey: .apiVersions, apiVersion: 3, correlationID: 1, clientID: "rdkafka"))
        let request = try ApiVersionsRequest(from: &buffer, version: header.apiVersion)
        #expect(request.clientSoftwareName == "librdkafka")
        #expect(request.clientSoftwareVersion == "2.0.2")
    }

    @Test func v3RequestWithUnknownTaggedFieldsDecodes() throws {
        let body: [UInt8] = [0x03] + ascii("py") + [0x02] + ascii("1")
            + [0x02, 0x05, 0x02, 0xAA, 0xBB, 0x09, 0x00]  // two tagged fields: tag 5 (2 bytes), tag 9 (empty)
        let request = try decode(ApiVersionsRequest.self, body, version: 3)
        #expect(request == ApiVersionsRequest(clientSoftwareName: "py", clientSoftwareVersion: "1"))
    }

    @Test func v3RequestEncodesAsSpecified() {
        let bytes = encodedBytes(ApiVersionsRequest(clientSoftwareName: "librdkafka", clientSoftwareVersion: "2.0.2"), version: 3)
        #expect(bytes == Array(Self.librdkafkaFrameBody.dropFirst(18)))
    }

    @Test func requestHeaderForAnUnsupportedVersionStillDecodes() throws {
        // kafka-python starts at ApiVersions v4, which the broker does not implement.
        let bytes: [UInt8] = [0x00, 0x12, 0x00, 0x04, 0x00, 0x00, 0x00, 0x2A, 0xFF, 0xFF, 0x00] + [0x00, 0x00, 0x00]
        var buffer = ByteBuffer(bytes: bytes)
        let header = try RequestHeader.decode(from: &buffer)
        #expect(header == RequestHeader(apiKey: .apiVersions, apiVersion: 4, correlationID: 42, clientID: nil))
        #expect(throws: KafkaProtocolError.unsupportedVersion(apiKey: 18, version: 4)) {
            _ = try ApiVersionsRequest(from: &buffer, version: header.apiVersion)
        }
    }

    @Test func unsupportedVersionAnswerIsAVersionZeroBody() {
        let expected: [UInt8] =
            [0x00, 0x23]                                // error 35 UNSUPPORTED_VERSION
            + [0x00, 0x00, 0x00, 0x01]                  // one api key
            + [0x00, 0x12, 0x00, 0x00, 0x00, 0x03]      // ApiVersions 0...3
        #expect(encodedBytes(ApiVersionsResponse.unsupportedVersionAnswer, version: 0) == expected)
    }

    static let v3Response: [UInt8] =
        [0x00, 0x00]                                    // error none
        + [0x03]                                        // compact array: 2 + 1
        + [0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00]    // Produce 0...8, no tags
        + [0x00, 0x12, 0x00, 0x00, 0x00, 0x03, 0x00]    // ApiVersions 0...3, no tags
        + [0x00, 0x00, 0x00, 0x00]                      // throttle time
        + [0x00]                                        // no tagged fields

    @Test func v3ResponseMatchesTheSpec() throws {
        let response = ApiVersionsResponse(apiKeys: [
            .init(apiKey: 0, minVersion: 0, maxVersion: 8),
            .init(apiKey: 18, minVersion: 0, maxVersion: 3),
        ])
        #expect(encodedBytes(response, version: 3) == Self.v3Response)
        #expect(try decode(ApiVersionsResponse.self, Self.v3Response, version: 3) == response)
    }

    @Test func advertisedRangesMatchTheNotes() {
        let advertised = Dictionary(uniqueKeysWithValues: SupportedVersions.apiVersions.map { ($0.apiKey, $0.minVersion...$0.maxVersion) })
        #expect(advertised[ApiKey.produce.rawValue] == 0...8)
        #expect(advertised[ApiKey.fetch.rawValue] == 0...11)
        #expect(advertised[ApiKey.listOffsets.rawValue] == 0...5)
        #expect(advertised[ApiKey.metadata.rawValue] == 0...8)
        #expect(advertised[ApiKey.apiVersions.rawValue] == 0...3)
        #expect(advertised[ApiKey.createTopics.rawValue] == 0...4)
        #expect(SupportedVersions.apiVersions.map(\.apiKey) == SupportedVersions.apiVersions.map(\.apiKey).sorted())
    }

    @Test func onlyApiVersionsIsAdvertisedAtAFlexibleVersion() {
        for (key, range) in SupportedVersions.ranges where key != .apiVersions {
            #expect(!key.isFlexible(version: range.upperBound), "\(key) advertises flexible v\(range.upperBound)")
        }
    }
}
