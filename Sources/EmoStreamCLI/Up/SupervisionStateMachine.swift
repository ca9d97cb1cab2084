/// Decides what `emostream up` does with its children: when to (re)start them, when to signal them, when done.
///
/// Pure: it is told what happened (a child started, exited, a stop was requested, time passed) and answers
/// with actions for the supervisor to carry out, so crash → backoff → restart and stop → terminate → kill are
/// tested without processes. Time is a monotonic `Duration` since any fixed origin.
///
/// Children come in stages (the broker, then its clients, then the subscribers): a stop terminates the last
/// stage first and each earlier one once the later ones have exited, so no service loses the broker while it
/// still commits offsets and flushes on its way out. The stop timeout covers the whole stop.
public struct SupervisionStateMachine: Sendable {
    public typealias ProcessID = Int32

    public struct Policy: Sendable, Hashable {
        /// Delay before restart number n of a child that keeps crashing.
        public var backoff = ExponentialBackoff(initial: .milliseconds(500), maximum: .seconds(30))
        /// A child that ran this long before exiting is restarted after the initial delay again.
        public var stableAfter: Duration = .seconds(30)
        /// How long children get to exit after SIGTERM before SIGKILL.
        public var stopTimeout: Duration = .seconds(10)
        /// How long after SIGKILL to wait for the kernel to report the children gone before giving up.
        public var killTimeout: Duration = .seconds(5)

        public init() {}
    }

    /// What the supervisor must do.
    public enum Action: Sendable, Hashable {
        /// Start the named child now and report `spawned` or `spawnFailed`.
        case spawn(String)
        /// Tell the user the child ended and will be restarted after `delay` (restart number `restart`).
        case restartScheduled(name: String, status: ChildExitStatus?, delay: Duration, restart: Int)
        /// Send SIGTERM to these children's process groups.
        case terminate([ProcessID])
        /// Send SIGKILL to these children's process groups.
        case kill([ProcessID])
        /// Every child is gone (`leftover` empty) or could not be stopped (`leftover` lists them); stop supervising.
        case finished(leftover: [ProcessID])
    }

    enum ChildState: Sendable, Hashable {
        /// Not running; `restartAt` nil means not scheduled (never started, or stopped).
        case idle(restartAt: Duration?, failures: Int)
        /// A spawn was requested and not yet reported.
        case spawning(failures: Int)
        case running(pid: ProcessID, since: Duration, failures: Int)
    }

    enum Phase: Sendable, Hashable {
        case supervising
        /// `stage`: the earliest stage signalled so far; stages before it still run until the later ones are gone.
        case stopping(killAt: Duration, giveUpAt: Duration, killed: Bool, stage: Int)
        case finished
    }

    public let policy: Policy
    private(set) var children: [String: ChildState]
    private(set) var phase = Phase.supervising
    /// Each child's stage: its index in `init(stages:)`.
    private let stages: [String: Int]

    /// Children that start together and stop together.
    public init(names: [String], policy: Policy = Policy()) {
        self.init(stages: [names], policy: policy)
    }

    /// Children in start order by stage; they stop in the reverse order.
    public init(stages: [[String]], policy: Policy = Policy()) {
        self.policy = policy
        self.stages = Dictionary(uniqueKeysWithValues: stages.enumerated().flatMap { index, names in names.map { ($0, index) } })
        self.children = self.stages.mapValues { _ in ChildState.idle(restartAt: nil, failures: 0) }
    }

    /// Whether supervision is over.
    public var isFinished: Bool { phase == .finished }

    /// Whether a stop was requested and children are still being stopped.
    public var isStopping: Bool {
        if case .stopping = phase { true } else { false }
    }

    /// Whether the named child is running (started and not yet exited).
    public func isRunning(_ name: String) -> Bool {
        if case .running = children[name] { true } else { false }
    }

    /// The process ids of running children.
    public var runningProcesses: [ProcessID] {
        children.values.compactMap { if case .running(let pid, _, _) = $0 { pid } else { nil } }.sorted()
    }

    /// The name of the child with `pid`, if it is running.
    public func name(of pid: ProcessID) -> String? {
        children.first { if case .running(pid, _, _) = $0.value { true } else { false } }?.key
    }

    /// First start of a child.
    public mutating func startRequested(_ name: String) -> [Action] {
        guard phase == .supervising, case .idle(_, let failures) = children[name] else { return [] }
        children[name] = .spawning(failures: failures)
        return [.spawn(name)]
    }

    /// The child started as `pid`.
    public mutating func spawned(_ name: String, pid: ProcessID, at now: Duration) -> [Action] {
        guard case .spawning(let failures) = children[name] else { return [] }
        children[name] = .running(pid: pid, since: now, failures: failures)
        // A stop that came while spawning reaches this child too, once its stage is being stopped.
        if case .stopping(_, _, let killed, let stage) = phase {
            if killed { return [.kill([pid])] }
            if stages[name, default: 0] >= stage { return [.terminate([pid])] }
        }
        return []
    }

    /// The child could not be started (e.g. the binary vanished): retried like a crash.
    public mutating func spawnFailed(_ name: String, at now: Duration) -> [Action] {
        guard case .spawning(let failures) = children[name] else { return [] }
        return scheduleRestart(name, status: nil, failures: failures + 1, now: now)
    }

    /// The child `pid` ended with `status`.
    public mutating func exited(pid: ProcessID, status: ChildExitStatus, at now: Duration) -> [Action] {
        guard let name = name(of: pid), case .running(_, let since, let failures) = children[name] else { return [] }
        if phase != .supervising {
            children[name] = .idle(restartAt: nil, failures: failures)
            return finishIfDone() + stopNextStageIfDone()
        }
        let failuresSoFar = now - since >= policy.stableAfter ? 0 : failures
        return scheduleRestart(name, status: status, failures: failuresSoFar + 1, now: now)
    }

    /// Ctrl-C or SIGTERM: terminate everything, last stage first; a second request kills at once.
    public mutating func stopRequested(at now: Duration) -> [Action] {
        switch phase {
        case .finished:
            return []
        case .stopping(_, _, let killed, let stage):
            guard !killed else { return [] }
            phase = .stopping(killAt: now, giveUpAt: now + policy.killTimeout, killed: true, stage: stage)
            return [.kill(runningProcesses)]
        case .supervising:
            for (name, state) in children {
                if case .idle(_, let failures) = state { children[name] = .idle(restartAt: nil, failures: failures) }
            }
            phase = .stopping(
                killAt: now + policy.stopTimeout, giveUpAt: now + policy.stopTimeout + policy.killTimeout, killed: false,
                stage: (stages.values.max() ?? 0) + 1
            )
            return finishIfDone() + stopNextStageIfDone()
        }
    }

    /// Time passed: restarts that are due, and the stop's escalation.
    public mutating func tick(at now: Duration) -> [Action] {
        switch phase {
        case .finished:
            return []
        case .supervising:
            var actions: [Action] = []
            for (name, state) in children.sorted(by: { $0.key < $1.key }) {
                if case .idle(let restartAt?, let failures) = state, restartAt <= now {
                    children[name] = .spawning(failures: failures)
                    actions.append(.spawn(name))
                }
            }
            return actions
        case .stopping(let killAt, let giveUpAt, let killed, let stage):
            if now >= giveUpAt {
                phase = .finished
                return [.finished(leftover: runningProcesses)]
            }
            if !killed, now >= killAt {
                phase = .stopping(killAt: killAt, giveUpAt: giveUpAt, killed: true, stage: stage)
                return [.kill(runningProcesses)]
            }
            return []
        }
    }

    private mutating func scheduleRestart(_ name: String, status: ChildExitStatus?, failures: Int, now: Duration) -> [Action] {
        let delay = policy.backoff.delay(attempt: failures)
        children[name] = .idle(restartAt: now + delay, failures: failures)
        return [.restartScheduled(name: name, status: status, delay: delay, restart: failures)]
    }

    /// While stopping: once no child of the stages already signalled is left, terminates the latest earlier stage
    /// that still has running children.
    private mutating func stopNextStageIfDone() -> [Action] {
        guard case .stopping(let killAt, let giveUpAt, let killed, var stage) = phase, !killed else { return [] }
        var actions: [Action] = []
        while stage > 0, !isBusy(fromStage: stage) {
            stage -= 1
            let running = children.compactMap { name, state -> ProcessID? in
                guard stages[name] == stage, case .running(let pid, _, _) = state else { return nil }
                return pid
            }.sorted()
            if !running.isEmpty { actions.append(.terminate(running)) }
        }
        phase = .stopping(killAt: killAt, giveUpAt: giveUpAt, killed: killed, stage: stage)
        return actions
    }

    /// Whether a child of `stage` or a later one is running or being spawned.
    private func isBusy(fromStage stage: Int) -> Bool {
        children.contains { name, state in
            guard stages[name, default: 0] >= stage else { return false }
            if case .idle = state { return false }
            return true
        }
    }

    private mutating func finishIfDone() -> [Action] {
        guard !isBusy(fromStage: .min) else { return [] }
        phase = .finished
        return [.finished(leftover: [])]
    }
}
