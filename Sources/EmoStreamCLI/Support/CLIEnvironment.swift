import Foundation

/// Defaults for command-line options that can also come from `EMOSTREAM_<FLAG>` environment variables.
///
/// The CLI reads the environment into option defaults (rather than appending arguments, as the services do)
/// because each subcommand accepts a different set of flags.
enum CLIEnvironment {
    /// The value of `EMOSTREAM_<FLAG>` (`gateway` → `EMOSTREAM_GATEWAY`), if set and not empty.
    static func value(_ flag: String, in environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let name = variableName(flag)
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The environment variable that stands for `flag`.
    static func variableName(_ flag: String) -> String {
        "EMOSTREAM_" + flag.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The gateway URL used when `--gateway` is not given.
    static var gatewayURL: String {
        value("gateway") ?? "http://localhost:5000"
    }
}
