import KafkaProtocol
import NIOCore
import Testing

/// Encode → decode gives back the same value, at every supported version of every message.
@Suite struct RoundTripTests {
    @Test(arguments: ApiVersionsRequest.supportedVersions)
    func apiVersionsRequest(version: Int16) throws {
        let sample = MessageSamples.apiVersionsRequest(version: version)
        #expect(try roundTrip(sample, version: version) == sample)
    }

    @Test(arguments: ApiVersionsResponse.supportedVersions)
    func apiVersionsResponse(version: Int16) throws {
        let sample = MessageSamples.apiVersionsResponse(version: version)
        #expect(try roundTrip(sample, version: version) == sample)
    }

    @Test(arguments: MetadataRequest.supportedVersions)
    func metadataRequest(version: Int16) throws {
        let sample = MessageSamples.metadataRequest(version: version)
        #expect(try roundTrip(sample, version: version) == sample)
    }

    @Test(arguments: MetadataRequest.supportedVersions)
    func metadataRequestForAllTopics(version: Int16) throws {
        let sample = MetadataRequest(topics: nil)
        #expect(try roundTrip(sample, version: version) == sample)
    }

    @Test(arguments: MetadataResponse.supportedVersions)
    func metadataResponse(version: Int16) throws {
        let sample = MessageSamples.metadataResponse(version: version)
        #expect(try roundTrip(sample, version: version) == sample)
    }

    @Test(arguments: ProduceRequest.supportedVersions)
    func produceRequest(version: Int16) throws {
        let sample = MessageSamples.produceRequest(version: version)
        #expect(try roundTrip(sample, version: version) == sample)
    }

    @Test(arguments: ProduceResponse.supportedVersions)
    func produceResponse(version: Int16) throws {
        let sample = MessageSamples.produceResponse(version: version)
        #expect(try roundTrip(sample, version: version) == sample)
    }

    @Test(arguments: FetchRequest.supportedVersions)
    func fetchRequest(version: Int16) throws {
        let sample = MessageSamples.fetchRequest(version: version)
        #expect(try roundTrip(sample, version: version) == sample)
    }

    @Test(arguments: FetchResponse.supportedVersions)
    func fetchResponse(version: Int16) throws {
        let sample = MessageSamples.fetchResponse(version: version)
        #expect(try roundTrip(sample, version: version) == sample)
    }

    @Test(arguments: ListOffsetsRequest.supportedVersions)
    func listOffsetsRequest(version: Int16) throws {
        let sample = MessageSamples.listOffsetsRequest(version: version)
        #expect(try roundTrip(sample, version: version) == sample)
    }

    @Test(arguments: ListOffsetsResponse.supportedVersions)
    func listOffsetsResponse(version: Int16) throws {
        let sample = MessageSamples.listOffsetsResponse(version: version)
        #expect(try roundTrip(sample, version: version) == sample)
    }

    @Test(arguments: CreateTopicsRequest.supportedVersions)
    func createTopicsRequest(version: Int16) throws {
        let sample = MessageSamples.createTopicsRequest(version: version)
        #expect(try roundTrip(sample, version: version) == sample)
    }

    @Test(arguments: CreateTopicsResponse.supportedVersions)
    func createTopicsResponse(version: Int16) throws {
        let sample = MessageSamples.createTopicsResponse(version: version)
        #expect(try roundTrip(sample, version: version) == sample)
    }
}
