import EmoStreamCLI
import Testing

@Suite struct SupervisionStateMachineTests {
    static var policy: SupervisionStateMachine.Policy {
        var policy = SupervisionStateMachine.Policy()
        policy.backoff = ExponentialBackoff(initial: .seconds(1), maximum: .seconds(8))
        policy.stableAfter = .seconds(60)
        policy.stopTimeout = .seconds(10)
        policy.killTimeout = .seconds(5)
        return policy
    }

    /// A machine with `a` running as pid 10 and `b` as pid 20 since time 0.
    static func running() -> SupervisionStateMachine {
        var machine = SupervisionStateMachine(names: ["a", "b"], policy: policy)
        #expect(machine.startRequested("a") == [.spawn("a")])
        #expect(machine.startRequested("b") == [.spawn("b")])
        #expect(machine.spawned("a", pid: 10, at: .zero) == [])
        #expect(machine.spawned("b", pid: 20, at: .zero) == [])
        return machine
    }

    @Test func aCrashIsRestartedAfterABackoffThatGrowsWhileItKeepsCrashing() {
        var machine = Self.running()
        #expect(machine.exited(pid: 10, status: .exited(code: 1), at: .seconds(5)) == [
            .restartScheduled(name: "a", status: .exited(code: 1), delay: .seconds(1), restart: 1),
        ])
        #expect(machine.tick(at: .milliseconds(5500)) == [])
        #expect(machine.tick(at: .seconds(6)) == [.spawn("a")])
        #expect(machine.tick(at: .seconds(7)) == [])
        _ = machine.spawned("a", pid: 11, at: .seconds(6))
        #expect(machine.exited(pid: 11, status: .signalled(signal: 9), at: .seconds(7)) == [
            .restartScheduled(name: "a", status: .signalled(signal: 9), delay: .seconds(2), restart: 2),
        ])
        #expect(machine.tick(at: .seconds(9)) == [.spawn("a")])
        _ = machine.spawned("a", pid: 12, at: .seconds(9))
        #expect(machine.runningProcesses == [12, 20])
    }

    @Test func aChildThatRanStablyStartsItsBackoffAfresh() {
        var machine = Self.running()
        _ = machine.exited(pid: 10, status: .exited(code: 1), at: .seconds(1))
        _ = machine.tick(at: .seconds(2))
        _ = machine.spawned("a", pid: 11, at: .seconds(2))
        #expect(machine.exited(pid: 11, status: .exited(code: 1), at: .seconds(100)) == [
            .restartScheduled(name: "a", status: .exited(code: 1), delay: .seconds(1), restart: 1),
        ])
    }

    @Test func aFailedSpawnIsRetriedLikeACrash() {
        var machine = SupervisionStateMachine(names: ["a"], policy: Self.policy)
        _ = machine.startRequested("a")
        #expect(machine.spawnFailed("a", at: .zero) == [.restartScheduled(name: "a", status: nil, delay: .seconds(1), restart: 1)])
        #expect(machine.tick(at: .seconds(1)) == [.spawn("a")])
    }

    @Test func stopTerminatesEveryChildAndFinishesWhenAllExited() {
        var machine = Self.running()
        #expect(machine.stopRequested(at: .seconds(3)) == [.terminate([10, 20])])
        #expect(machine.isStopping)
        #expect(machine.exited(pid: 10, status: .exited(code: 0), at: .seconds(4)) == [])
        #expect(machine.tick(at: .seconds(5)) == [])
        #expect(machine.exited(pid: 20, status: .signalled(signal: 15), at: .seconds(5)) == [.finished(leftover: [])])
        #expect(machine.isFinished)
    }

    @Test func stopCancelsPendingRestarts() {
        var machine = Self.running()
        _ = machine.exited(pid: 10, status: .exited(code: 1), at: .zero)
        #expect(machine.stopRequested(at: .milliseconds(100)) == [.terminate([20])])
        #expect(machine.tick(at: .seconds(2)) == [])
        #expect(machine.exited(pid: 20, status: .exited(code: 0), at: .seconds(2)) == [.finished(leftover: [])])
    }

    @Test func childrenThatIgnoreSIGTERMAreKilledAfterTheTimeoutThenGivenUpOn() {
        var machine = Self.running()
        _ = machine.stopRequested(at: .zero)
        _ = machine.exited(pid: 10, status: .exited(code: 0), at: .seconds(1))
        #expect(machine.tick(at: .seconds(9)) == [])
        #expect(machine.tick(at: .seconds(10)) == [.kill([20])])
        #expect(machine.tick(at: .seconds(12)) == [])
        #expect(machine.tick(at: .seconds(15)) == [.finished(leftover: [20])])
    }

    @Test func aSecondStopKillsAtOnce() {
        var machine = Self.running()
        _ = machine.stopRequested(at: .zero)
        #expect(machine.stopRequested(at: .seconds(1)) == [.kill([10, 20])])
        #expect(machine.stopRequested(at: .seconds(2)) == [])
    }

    @Test func aChildSpawnedWhileStoppingIsTerminatedToo() {
        var machine = SupervisionStateMachine(names: ["a", "b"], policy: Self.policy)
        _ = machine.startRequested("a")
        _ = machine.startRequested("b")
        _ = machine.spawned("a", pid: 10, at: .zero)
        #expect(machine.stopRequested(at: .zero) == [.terminate([10])])
        #expect(machine.spawned("b", pid: 20, at: .zero) == [.terminate([20])])
        #expect(machine.startRequested("a") == [])
    }

    /// `broker` (pid 1) in stage 0, `gateway` (2) and `publisher` (3) in stage 1, `subscriber` (4) in stage 2.
    static func stagedRunning() -> SupervisionStateMachine {
        var machine = SupervisionStateMachine(stages: [["broker"], ["gateway", "publisher"], ["subscriber"]], policy: policy)
        for (pid, name) in [(Int32(1), "broker"), (2, "gateway"), (3, "publisher"), (4, "subscriber")] {
            _ = machine.startRequested(name)
            _ = machine.spawned(name, pid: pid, at: .zero)
        }
        return machine
    }

    @Test func stopTerminatesTheLastStageFirstAndEachEarlierOneOnceTheLaterAreGone() {
        var machine = Self.stagedRunning()
        #expect(machine.stopRequested(at: .zero) == [.terminate([4])])
        #expect(machine.exited(pid: 4, status: .exited(code: 0), at: .seconds(1)) == [.terminate([2, 3])])
        #expect(machine.exited(pid: 3, status: .exited(code: 0), at: .seconds(2)) == [])
        #expect(machine.exited(pid: 2, status: .exited(code: 0), at: .seconds(2)) == [.terminate([1])])
        #expect(machine.exited(pid: 1, status: .exited(code: 0), at: .seconds(3)) == [.finished(leftover: [])])
    }

    @Test func aStagedStopSkipsStagesWithNothingRunningAndKillsEverythingLeftAtTheTimeout() {
        var machine = Self.stagedRunning()
        _ = machine.exited(pid: 4, status: .exited(code: 1), at: .zero)
        #expect(machine.stopRequested(at: .seconds(1)) == [.terminate([2, 3])])
        #expect(machine.exited(pid: 2, status: .exited(code: 0), at: .seconds(2)) == [])
        #expect(machine.tick(at: .seconds(11)) == [.kill([1, 3])])
    }

    @Test func aLaterStageChildSpawnedWhileAnEarlierStageStopsIsTerminatedAtOnce() {
        var machine = SupervisionStateMachine(stages: [["broker"], ["subscriber"]], policy: Self.policy)
        _ = machine.startRequested("broker")
        _ = machine.spawned("broker", pid: 1, at: .zero)
        _ = machine.startRequested("subscriber")
        #expect(machine.stopRequested(at: .zero) == [])
        #expect(machine.spawned("subscriber", pid: 2, at: .zero) == [.terminate([2])])
        #expect(machine.exited(pid: 2, status: .exited(code: 0), at: .seconds(1)) == [.terminate([1])])
    }

    @Test func stopWithNothingRunningFinishesAtOnce() {
        var machine = SupervisionStateMachine(names: ["a"], policy: Self.policy)
        #expect(machine.stopRequested(at: .zero) == [.finished(leftover: [])])
        #expect(machine.isFinished)
    }

    @Test(arguments: [(Int32(0), ChildExitStatus.exited(code: 0)), (0x0100, .exited(code: 1)), (9, .signalled(signal: 9)), (15, .signalled(signal: 15))])
    func waitStatusDecoding(raw: Int32, status: ChildExitStatus) {
        #expect(ChildExitStatus(waitStatus: raw) == status)
    }
}
