import ArgumentParser
import EmoStreamCore

/// `--metrics-port` for a service whose metrics port follows its own port by the rule of `MetricsPorts`.
///
/// Shared as an option group so the flag, its help and its checks read the same in every such executable. The
/// aggregator has no port of its own and keeps a plain `--metrics-port` with a fixed default instead.
public struct MetricsOptions: ParsableArguments {
    @Option(help: "Port for GET /metrics and /health (default: --port + 10000; a free one when --port is 0).")
    public var metricsPort: Int?

    public init() {}

    public func validate() throws {
        if let metricsPort, !Self.isPort(metricsPort) {
            throw ValidationError("--metrics-port must be 0–65535")
        }
    }

    /// Checks the service's own `--port` and the metrics port it implies; call it from the command's `validate()`,
    /// so an impossible port is reported before anything starts instead of as a bind error of an endpoint the
    /// service runs without.
    ///
    /// - Throws: `ValidationError` naming `--port` when it is not a port, or as `port(forServicePort:)` does.
    public func validate(servicePort: Int) throws {
        guard Self.isPort(servicePort) else { throw ValidationError("--port must be 0–65535, not \(servicePort)") }
        _ = try port(forServicePort: servicePort)
    }

    /// The metrics port of a service bound to `servicePort`: `--metrics-port` when given, else `servicePort` + 10 000.
    ///
    /// - Throws: `ValidationError` naming `--port` and `--metrics-port` when the default is beyond 65535.
    public func port(forServicePort servicePort: Int) throws -> Int {
        if let metricsPort { return metricsPort }
        let defaultPort = MetricsPorts.forService(port: servicePort)
        guard Self.isPort(defaultPort) else {
            throw ValidationError(
                "--port \(servicePort) leaves no room for the default metrics port (port + \(MetricsPorts.offset)); "
                    + "give --metrics-port"
            )
        }
        return defaultPort
    }

    private static func isPort(_ number: Int) -> Bool {
        (0...65_535).contains(number)
    }
}
