import Foundation
import Logging

/// Runs `emostream up`: starts the topology's services stage by stage, restarts crashed ones, stops them all.
///
/// A single loop polls every `pollInterval`: it takes pending stop signals, reaps exited children, feeds
/// both to the `SupervisionStateMachine` and carries out its actions. Polling keeps the I/O side trivial and
/// is cheap at this scale (a handful of waitpid calls ten times a second).
struct ClusterSupervisor {
    let topology: ClusterTopology
    let binaryDirectory: String
    let logDirectory: String
    /// The children's environment (secret included).
    let environment: [String: String]
    let startupTimeout: Duration
    let policy: SupervisionStateMachine.Policy
    let logger: Logger
    var pollInterval: Duration = .milliseconds(100)

    private let clock = ContinuousClock()
    private let origin = ContinuousClock.now

    init(
        topology: ClusterTopology, binaryDirectory: String, logDirectory: String, environment: [String: String],
        startupTimeout: Duration, policy: SupervisionStateMachine.Policy = .init(),
        logger: Logger = Logger(label: "emostream.up")
    ) {
        self.topology = topology
        self.binaryDirectory = binaryDirectory
        self.logDirectory = logDirectory
        self.environment = environment
        self.startupTimeout = startupTimeout
        self.policy = policy
        self.logger = logger
    }

    /// Every binary the topology needs, checked before anything starts.
    ///
    /// - Throws: `CLIError.missingExecutables` naming every one missing.
    func checkExecutables() throws {
        let missing = Set(topology.services.map(\.executable)).sorted().filter { executable in
            !ChildProcess.isExecutable(binaryDirectory + "/" + executable)
        }
        guard missing.isEmpty else { throw CLIError.missingExecutables(missing, directory: binaryDirectory) }
    }

    /// Every port the topology listens on, checked before anything starts.
    ///
    /// - Throws: `CLIError.startup` listing the ports in use.
    func checkPortsFree() async throws {
        let ports = topology.services.flatMap(\.listeningPorts)
        let busy = await PortAvailability.busyPorts(ports, host: topology.host ?? "0.0.0.0")
        guard busy.isEmpty else {
            let list = busy.map(String.init).joined(separator: ", ")
            throw CLIError.startup("port \(list) already in use (is another cluster running? try --port-offset)")
        }
    }

    /// Starts everything, supervises until a stop signal, stops everything.
    ///
    /// - Parameter onReady: called once every service is healthy.
    /// - Throws: `CLIError` when a binary is missing, a service never becomes healthy, or children survive.
    func run(stopSignals: AsyncStream<Int32>, onReady: () -> Void) async throws {
        try checkExecutables()
        try await checkPortsFree()
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        let stops = SignalCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in stopSignals { stops.record() }
            }
            defer { group.cancelAll() }
            var run = SupervisionRun(supervisor: self, stops: stops)
            try await run.supervise(onReady: onReady)
        }
    }

    var now: Duration { clock.now - origin }

    func sleep() async {
        try? await Task.sleep(for: pollInterval)
    }
}
