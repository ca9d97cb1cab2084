/// The API versions the broker advertises in its ApiVersions response.
///
/// Only non-flexible versions are offered, plus ApiVersions v3 itself: clients then never send a
/// flexible request other than ApiVersions, and every advertised version has a codec here.
public enum SupportedVersions {
    /// The advertised range per API. An API missing here is not advertised and its requests are refused.
    public static let ranges: [ApiKey: ClosedRange<Int16>] = [
        .produce: ProduceRequest.supportedVersions,
        .fetch: FetchRequest.supportedVersions,
        .listOffsets: ListOffsetsRequest.supportedVersions,
        .metadata: MetadataRequest.supportedVersions,
        .apiVersions: ApiVersionsRequest.supportedVersions,
        .createTopics: CreateTopicsRequest.supportedVersions,
        .deleteTopics: DeleteTopicsRequest.supportedVersions,
        .describeConfigs: DescribeConfigsRequest.supportedVersions,
        .findCoordinator: FindCoordinatorRequest.supportedVersions,
        .joinGroup: JoinGroupRequest.supportedVersions,
        .syncGroup: SyncGroupRequest.supportedVersions,
        .heartbeat: HeartbeatRequest.supportedVersions,
        .leaveGroup: LeaveGroupRequest.supportedVersions,
        .offsetCommit: OffsetCommitRequest.supportedVersions,
        .offsetFetch: OffsetFetchRequest.supportedVersions,
        .listGroups: ListGroupsRequest.supportedVersions,
        .describeGroups: DescribeGroupsRequest.supportedVersions,
        .initProducerId: InitProducerIdRequest.supportedVersions,
    ]

    /// The advertised range for `apiKey`, or nil if it is not advertised.
    public static func range(for apiKey: ApiKey) -> ClosedRange<Int16>? {
        ranges[apiKey]
    }

    /// Whether a request with this raw key and version is advertised.
    public static func supports(apiKey: Int16, version: Int16) -> Bool {
        guard let key = ApiKey(rawValue: apiKey), let range = ranges[key] else {
            return false
        }
        return range.contains(version)
    }

    /// The ApiVersions response entries, ordered by API key.
    public static var apiVersions: [ApiVersionsResponse.ApiVersion] {
        ranges
            .sorted { $0.key.rawValue < $1.key.rawValue }
            .map { ApiVersionsResponse.ApiVersion(apiKey: $0.key.rawValue, minVersion: $0.value.lowerBound, maxVersion: $0.value.upperBound) }
    }
}
