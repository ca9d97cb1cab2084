/// How a child process ended, decoded from `waitpid`'s status.
public enum ChildExitStatus: Sendable, Hashable, CustomStringConvertible {
    case exited(code: Int32)
    case signalled(signal: Int32)

    /// Decodes a raw `waitpid` status (the WIFEXITED/WTERMSIG macros, which Swift does not import).
    public init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited(code: (status >> 8) & 0xff) : .signalled(signal: signal)
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit code \(code)"
        case .signalled(let signal): "signal \(signal)"
        }
    }
}
