import ArgumentParser
import Foundation

/// `emostream up`.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run the whole EmoStream cluster on this machine until Ctrl-C.",
        discussion: """
            Starts broker, gateway, aggregator, cluster publishers and subscribers as child processes on the default \
            ports (each plus --port-offset), one log file per service in --log-dir, restarts crashed ones, and stops \
            them all on Ctrl-C or SIGTERM: subscribers first, the broker last. Each service serves GET /metrics: the \
            gateway on its API port, the aggregator on 15001, every other service on its own port + 10000 (all plus \
            --port-offset).
            """
    )

    @Option(help: "Number of clusters (one publisher each).") var clusters = Int(CLIEnvironment.value("clusters") ?? "") ?? 3
    @Option(help: "Subscribers per cluster.")
    var subscribersPerCluster = Int(CLIEnvironment.value("subscribers-per-cluster") ?? "") ?? 3
    @Option(help: "Added to every default port.") var portOffset = Int(CLIEnvironment.value("port-offset") ?? "") ?? 0
    @Option(help: "Where the service binaries are (env EMOSTREAM_BIN_DIR; default: next to this emostream).") var binDir: String?
    @Option(help: "Data directory; the broker's log is in <data-dir>/broker.") var dataDir = CLIEnvironment.value("data-dir") ?? "./data"
    @Option(help: "One <service>.log per child here.") var logDir = CLIEnvironment.value("log-dir") ?? "./logs"
    @Option(help: "Aggregation window length for the aggregator.") var windowMs: Int?
    @Option(help: "Client token secret shared by gateway and subscribers (default: EMOSTREAM_SECRET, else random per run).")
    var secret: String?
    @Option(help: "Bind address for every service (default: each service's own).") var host: String?
    @Option(help: "How long each service may take to become ready.") var startupTimeoutSeconds = 60
    @Option(help: "How long children get after SIGTERM before SIGKILL.") var stopTimeoutSeconds = 10
    @OptionGroup var logOptions: LogOptions

    func validate() throws {
        guard (1...100).contains(clusters), (1...100).contains(subscribersPerCluster),
              clusters * subscribersPerCluster <= 1000
        else {
            throw ValidationError("--clusters and --subscribers-per-cluster must be 1–100 with at most 1000 subscribers")
        }
        let maximumPortOffset = topology.maximumPortOffset
        guard (0...maximumPortOffset).contains(portOffset) else {
            throw ValidationError("--port-offset must be 0–\(maximumPortOffset)")
        }
        guard windowMs.map({ $0 >= 100 }) ?? true else { throw ValidationError("--window-ms must be at least 100") }
        guard startupTimeoutSeconds > 0, stopTimeoutSeconds > 0 else { throw ValidationError("timeouts must be positive") }
    }

    func run() async throws {
        let logger = logOptions.bootstrap(label: "emostream.up")
        let topology = self.topology
        var policy = SupervisionStateMachine.Policy()
        policy.stopTimeout = .seconds(stopTimeoutSeconds)

        let logDirectory = Self.absolute(logDir)
        let supervisor = ClusterSupervisor(
            topology: topology, binaryDirectory: (binDir ?? CLIEnvironment.value("bin-dir")).map(Self.absolute) ?? Self.ownDirectory(),
            logDirectory: logDirectory, environment: childEnvironment(), startupTimeout: .seconds(startupTimeoutSeconds),
            policy: policy, logger: logger
        )
        try supervisor.checkExecutables()
        try await supervisor.run(stopSignals: TerminationSignals.stream()) {
            for line in UpBanner(topology: topology, logDirectory: logDirectory).lines { StandardStreams.printLine(line) }
        }
        StandardStreams.printError("emostream up: every service stopped")
    }

    /// The services and ports these options ask for.
    var topology: ClusterTopology {
        var topology = ClusterTopology()
        topology.clusters = clusters
        topology.subscribersPerCluster = subscribersPerCluster
        topology.portOffset = portOffset
        topology.dataDirectory = Self.absolute(dataDir)
        topology.windowMilliseconds = windowMs
        topology.host = host
        topology.logLevel = logOptions.logLevel
        return topology
    }

    /// This environment, with the token secret and without a log directory (`up` captures stdout itself, and
    /// a service writing its own file as well would log every line twice).
    private func childEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["EMOSTREAM_LOG_DIR"] = nil
        environment["EMOSTREAM_SECRET"] = secret ?? CLIEnvironment.value("secret") ?? Self.randomSecret()
        return environment
    }

    private static func randomSecret() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The directory holding the running executable, where `swift build` also puts the service binaries.
    static func ownDirectory() -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        return URL(fileURLWithPath: executable).deletingLastPathComponent().standardizedFileURL.path
    }
}
