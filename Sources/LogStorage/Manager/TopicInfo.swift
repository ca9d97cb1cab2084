/// A topic as the log manager knows it.
public struct TopicInfo: Sendable, Hashable {
    public var name: String
    public var partitionCount: Int
    /// The effective configuration: the manager's defaults with `overrides` applied.
    public var config: LogConfig
    /// The settings given when the topic was created; only these are persisted, so later changes to
    /// the broker's defaults apply to every topic that did not override them.
    public var overrides: [String: String]

    public init(name: String, partitionCount: Int, config: LogConfig, overrides: [String: String]) {
        self.name = name
        self.partitionCount = partitionCount
        self.config = config
        self.overrides = overrides
    }
}
