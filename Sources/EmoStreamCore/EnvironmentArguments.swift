import Foundation

/// Turns `EMOSTREAM_<FLAG>` environment variables into command-line options.
///
/// Every service flag can also be set from the environment (`--data-dir` from
/// `EMOSTREAM_DATA_DIR`), which is how containers configure services. A flag
/// given on the command line wins over the environment.
public enum EnvironmentArguments {
    /// Returns `arguments` with an option appended for each known flag set in `environment` but absent from `arguments`.
    ///
    /// - Parameters:
    ///   - options: the long option names the command accepts, without dashes (`data-dir`).
    ///   - aliases: extra environment names per option, e.g. `KAFKA_BROKER` for `brokers`.
    public static func merge(
        _ arguments: [String],
        options: [String],
        aliases: [String: [String]] = [:],
        environment: [String: String]
    ) -> [String] {
        var merged = arguments
        for option in options where !arguments.contains(where: { $0 == "--\(option)" || $0.hasPrefix("--\(option)=") }) {
            let primary = "EMOSTREAM_" + option.uppercased().replacingOccurrences(of: "-", with: "_")
            let names = [primary] + (aliases[option] ?? [])
            if let value = names.lazy.compactMap({ environment[$0] }).first {
                merged.append("--\(option)=\(value)")
            }
        }
        return merged
    }
}
