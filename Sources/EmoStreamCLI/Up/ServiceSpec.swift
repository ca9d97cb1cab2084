/// One child process of `emostream up`: what to run, how to tell it is ready, and when to start it.
public struct ServiceSpec: Sendable, Hashable {
    /// How `up` decides that a started service is ready for the services that depend on it.
    public enum HealthCheck: Sendable, Hashable {
        /// A TCP connection to the port succeeds.
        case tcp(port: Int)
        /// `GET path` on the port answers 200.
        case http(port: Int, path: String)

        /// The port the check dials, which the service listens on.
        public var port: Int {
            switch self {
            case .tcp(let port), .http(let port, _): port
            }
        }
    }

    /// Names the log file (`<name>.log`) and the service in messages: `subscriber-1-2`.
    public var name: String
    /// The binary's file name in the binary directory: `emostream-subscriber`.
    public var executable: String
    public var arguments: [String]
    public var health: HealthCheck
    /// Services start stage by stage; a stage starts once every service of the previous one is healthy.
    public var stage: Int
    /// Where the service serves `GET /metrics`, when on a port of its own.
    public var metricsPort: Int?

    public init(
        name: String, executable: String, arguments: [String], health: HealthCheck, stage: Int, metricsPort: Int? = nil
    ) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.health = health
        self.stage = stage
        self.metricsPort = metricsPort
    }

    /// Every port the service listens on, checked for being free before `up` starts anything.
    public var listeningPorts: [Int] {
        var ports = [health.port]
        if let metricsPort, metricsPort != health.port { ports.append(metricsPort) }
        return ports
    }
}
