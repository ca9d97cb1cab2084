import Foundation
import Logging

/// The mutable side of one `ClusterSupervisor.run`: the state machine, the children's start times, their health.
struct SupervisionRun {
    private let supervisor: ClusterSupervisor
    private let stops: SignalCounter
    private var machine: SupervisionStateMachine
    private let services: [String: ServiceSpec]
    private var leftover: [SupervisionStateMachine.ProcessID] = []

    init(supervisor: ClusterSupervisor, stops: SignalCounter) {
        self.supervisor = supervisor
        self.stops = stops
        let stages = Dictionary(grouping: supervisor.topology.services, by: \.stage).sorted { $0.key < $1.key }
        self.machine = SupervisionStateMachine(stages: stages.map { $0.value.map(\.name) }, policy: supervisor.policy)
        self.services = Dictionary(uniqueKeysWithValues: supervisor.topology.services.map { ($0.name, $0) })
    }

    private var logger: Logger { supervisor.logger }

    /// Starts the stages in order, then supervises until stopped.
    mutating func supervise(onReady: () -> Void) async throws {
        let stages = Dictionary(grouping: supervisor.topology.services, by: \.stage).sorted { $0.key < $1.key }
        for (_, stage) in stages {
            for service in stage { perform(machine.startRequested(service.name)) }
            if let failure = await waitUntilHealthy(stage) {
                perform(machine.stopRequested(at: supervisor.now))
                await runUntilFinished()
                throw CLIError.startup(failure)
            }
        }
        if !machine.isFinished, !machine.isStopping { onReady() }
        await runUntilFinished()
        if !leftover.isEmpty {
            throw CLIError.startup("\(leftover.count) children did not exit even after SIGKILL: \(leftover)")
        }
    }

    /// Polls until every service of `stage` passes its check; nil when they all do or a stop came.
    private mutating func waitUntilHealthy(_ stage: [ServiceSpec]) async -> String? {
        let deadline = supervisor.now + supervisor.startupTimeout
        var waiting = stage
        while !waiting.isEmpty {
            step()
            if machine.isFinished || machine.isStopping { return nil }
            var stillWaiting: [ServiceSpec] = []
            for service in waiting {
                if machine.isRunning(service.name), await HealthProbe.passes(service.health, host: supervisor.topology.localAddress) {
                    logger.info("\(service.name) is ready")
                } else {
                    stillWaiting.append(service)
                }
            }
            waiting = stillWaiting
            if waiting.isEmpty { break }
            if supervisor.now >= deadline {
                let names = waiting.map(\.name).joined(separator: ", ")
                let logs = waiting.map { "\(supervisor.logDirectory)/\($0.name).log" }.joined(separator: ", ")
                return "\(names) not ready within \(supervisor.startupTimeout); see \(logs)"
            }
            await supervisor.sleep()
        }
        return nil
    }

    /// Supervises (restarting crashed children) until a stop signal has stopped every child.
    private mutating func runUntilFinished() async {
        while !machine.isFinished {
            step()
            if machine.isFinished { break }
            await supervisor.sleep()
        }
    }

    /// One poll: stop signals, exited children, due restarts and escalations.
    private mutating func step() {
        let now = supervisor.now
        for _ in 0..<stops.take() { perform(machine.stopRequested(at: now)) }
        for pid in machine.runningProcesses {
            if let status = ChildProcess.reap(pid) { perform(machine.exited(pid: pid, status: status, at: now)) }
        }
        perform(machine.tick(at: now))
    }

    private mutating func perform(_ actions: [SupervisionStateMachine.Action]) {
        for action in actions {
            switch action {
            case .spawn(let name):
                spawn(name)
            case .restartScheduled(let name, let status, let delay, let restart):
                let why = status.map { "exited with \($0)" } ?? "could not be started"
                StandardStreams.printError("emostream up: \(name) \(why); restart #\(restart) in \(delay) (log: \(supervisor.logDirectory)/\(name).log)")
            case .terminate(let pids):
                for pid in pids { ChildProcess.signal(SIGTERM, group: pid) }
            case .kill(let pids):
                if !pids.isEmpty { StandardStreams.printError("emostream up: killing \(pids.count) children that did not stop") }
                for pid in pids { ChildProcess.signal(SIGKILL, group: pid) }
            case .finished(let remaining):
                leftover = remaining
            }
        }
    }

    private mutating func spawn(_ name: String) {
        guard let service = services[name] else { return }
        let path = supervisor.binaryDirectory + "/" + service.executable
        let logFile = supervisor.logDirectory + "/" + name + ".log"
        let now = supervisor.now
        Self.appendBanner(to: logFile, line: "emostream up: starting \(([path] + service.arguments).joined(separator: " "))")
        do {
            let pid = try ChildProcess.spawn(path: path, arguments: service.arguments, environment: supervisor.environment, logFile: logFile)
            logger.debug("started \(name)", metadata: ["emostream.pid": "\(pid)"])
            perform(machine.spawned(name, pid: pid, at: now))
        } catch {
            StandardStreams.printError("emostream up: \(error)")
            perform(machine.spawnFailed(name, at: now))
        }
    }

    /// Marks each (re)start in the service's log, so restarts are visible where the crash is.
    private static func appendBanner(to path: String, line: String) {
        let stamp = Date().formatted(.iso8601)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let text = "\(stamp) \(line)\n"
        _ = text.withCString { write(fd, $0, strlen($0)) }
    }
}
