import NIOCore
import NIOPosix

/// One readiness check of a started service; never throws, never blocks for long.
enum HealthProbe {
    /// Whether `check` passes now.
    static func passes(_ check: ServiceSpec.HealthCheck, host: String) async -> Bool {
        switch check {
        case .tcp(let port):
            return await accepts(host: host, port: port)
        case .http(let port, let path):
            guard await accepts(host: host, port: port) else { return false }
            let client = GatewayClient(baseURL: "http://\(host):\(port)", maxConnections: 1, timeout: 2)
            defer { client.close() }
            return (try? await client.get(path))?.status == 200
        }
    }

    /// Whether a TCP connection to `host:port` can be opened (it is closed again at once).
    ///
    /// A port inside the kernel's ephemeral range (a large `--port-offset`) can be handed to the probe as its
    /// own source port while nobody listens yet, and the probe then connects to itself (TCP simultaneous
    /// open). That is not the service: it counts as not ready. SO_REUSEADDR on the probe keeps the closed
    /// probe's TIME_WAIT from blocking the service's own bind to that port for a minute.
    static func accepts(host: String, port: Int) async -> Bool {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .connectTimeout(.seconds(1))
                .connect(host: host, port: port).get()
            let connectedToItself = channel.localAddress != nil && channel.localAddress == channel.remoteAddress
            try? await channel.close()
            return !connectedToItself
        } catch {
            return false
        }
    }
}
