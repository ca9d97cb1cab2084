import NIOCore
import NIOPosix

/// Whether the ports `up` is about to use are free, so a second `up` fails clearly instead of taking the
/// first one's listeners for its own healthy services.
enum PortAvailability {
    /// The ports among `ports` that cannot be bound on `host` right now.
    static func busyPorts(_ ports: [Int], host: String) async -> [Int] {
        var busy: [Int] = []
        for port in ports {
            do {
                let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .bind(host: host, port: port).get()
                try? await channel.close()
            } catch {
                busy.append(port)
            }
        }
        return busy
    }
}
