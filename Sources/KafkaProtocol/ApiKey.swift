/// The Kafka APIs this broker knows by name.
///
/// A request header carries the key as a raw `Int16` because peers may send keys not listed here;
/// those are answered by closing the connection, never by guessing at the body.
public enum ApiKey: Int16, Sendable, CaseIterable {
    case produce = 0
    case fetch = 1
    case listOffsets = 2
    case metadata = 3
    case offsetCommit = 8
    case offsetFetch = 9
    case findCoordinator = 10
    case joinGroup = 11
    case heartbeat = 12
    case leaveGroup = 13
    case syncGroup = 14
    case describeGroups = 15
    case listGroups = 16
    case apiVersions = 18
    case createTopics = 19
    case deleteTopics = 20
    case initProducerId = 22
    case describeConfigs = 32

    /// The first version that uses the flexible encoding (compact strings and arrays, tagged fields),
    /// from `flexibleVersions` in Apache Kafka's message specs.
    public var firstFlexibleVersion: Int16 {
        switch self {
        case .produce: 9
        case .fetch: 12
        case .listOffsets: 6
        case .metadata: 9
        case .offsetCommit: 8
        case .offsetFetch: 6
        case .findCoordinator: 3
        case .joinGroup: 6
        case .heartbeat: 4
        case .leaveGroup: 4
        case .syncGroup: 4
        case .describeGroups: 5
        case .listGroups: 3
        case .apiVersions: 3
        case .createTopics: 5
        case .deleteTopics: 4
        case .initProducerId: 2
        case .describeConfigs: 4
        }
    }

    /// Whether `version` of this API uses the flexible encoding.
    public func isFlexible(version: Int16) -> Bool {
        version >= firstFlexibleVersion
    }

    /// The request header version a client uses for `version`: 2 (with tagged fields) when flexible, else 1.
    public func requestHeaderVersion(for version: Int16) -> Int16 {
        isFlexible(version: version) ? 2 : 1
    }

    /// The response header version to answer `version` with: 1 (with tagged fields) when flexible, else 0.
    ///
    /// ApiVersions always answers with header v0, even at v3: a client that does not yet know which
    /// versions the broker speaks must be able to read the correlation id without guessing.
    public func responseHeaderVersion(for version: Int16) -> Int16 {
        if self == .apiVersions {
            return 0
        }
        return isFlexible(version: version) ? 1 : 0
    }
}
