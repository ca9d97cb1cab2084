import Foundation

/// Starting, signalling and reaping `up`'s children with posix_spawn and waitpid.
///
/// Each child leads its own process group, so signals sent to the group also reach anything it started, and
/// a Ctrl-C at the terminal reaches only `up`, which then stops the children in order.
enum ChildProcess {
    /// Starts `path` with `arguments`; stdin reads /dev/null, stdout and stderr append to `logFile`.
    ///
    /// - Returns: the child's process id (also its process group id).
    /// - Throws: `CLIError.startup` with the system's reason when posix_spawn fails.
    static func spawn(path: String, arguments: [String], environment: [String: String], logFile: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Ignored signals stay ignored across exec: give SIGINT/SIGTERM back their defaults, which `up`
        // itself replaced to catch them, and unblock everything.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signalNumber in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, signalNumber) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw CLIError.startup("cannot start \(path): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Sends `signal` to the process group led by `pid`; a group already gone is not an error.
    static func signal(_ signal: Int32, group pid: pid_t) {
        if kill(-pid, signal) != 0, errno == ESRCH {
            // The leader may have left its group, or the group is empty: signal the process itself.
            kill(pid, signal)
        }
    }

    /// The exit status of `pid` if it has ended (reaping it), nil while it runs.
    static func reap(_ pid: pid_t) -> ChildExitStatus? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid { return ChildExitStatus(waitStatus: status) }
        // ECHILD: not our child any more (reaped elsewhere); count it as gone rather than wait forever.
        if result < 0, errno == ECHILD { return .exited(code: -1) }
        return nil
    }

    /// Whether `path` names an executable file.
    static func isExecutable(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }
}
