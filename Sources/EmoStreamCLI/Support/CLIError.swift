/// A failure the CLI reports as one sentence on stderr before exiting non-zero.
public struct CLIError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case gateway(status: Int, message: String)
        case unreachable(url: String, reason: String)
        case invalidAnswer(String)
        case missingExecutables(names: [String], directory: String)
        case startup(String)
        case refused(String)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The gateway answered with an HTTP error; `message` is its `error` field (or the raw body).
    public static func gateway(status: Int, message: String) -> CLIError {
        CLIError(.gateway(status: status, message: message))
    }

    /// No HTTP answer at all: connection refused, timeout, bad URL.
    public static func unreachable(url: String, reason: String) -> CLIError {
        CLIError(.unreachable(url: url, reason: reason))
    }

    /// The gateway answered 2xx with a body this CLI cannot read.
    public static func invalidAnswer(_ reason: String) -> CLIError {
        CLIError(.invalidAnswer(reason))
    }

    /// `emostream up` needs service binaries that are not in the binary directory.
    public static func missingExecutables(_ names: [String], directory: String) -> CLIError {
        CLIError(.missingExecutables(names: names, directory: directory))
    }

    /// `emostream up` could not bring the cluster up.
    public static func startup(_ reason: String) -> CLIError {
        CLIError(.startup(reason))
    }

    /// A subscriber refused the watch client for a reason retrying cannot fix.
    public static func refused(_ reason: String) -> CLIError {
        CLIError(.refused(reason))
    }

    /// The HTTP status, for gateway errors.
    public var httpStatus: Int? {
        if case .gateway(let status, _) = code { return status }
        return nil
    }

    public var description: String {
        switch code {
        case .gateway(let status, let message): "gateway answered \(status): \(message)"
        case .unreachable(let url, let reason): "cannot reach \(url): \(reason)"
        case .invalidAnswer(let reason): "unexpected gateway answer: \(reason)"
        case .missingExecutables(let names, let directory):
            "missing executable\(names.count == 1 ? "" : "s") \(names.joined(separator: ", ")) in \(directory) "
                + "(build with `swift build` or pass --bin-dir)"
        case .startup(let reason): reason
        case .refused(let reason): "refused by the subscriber: \(reason)"
        }
    }
}
