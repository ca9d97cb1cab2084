import FanoutServer
import Foundation
import NIOCore
import NIOEmbedded
import Testing

/// Where a server says it listens: its own answer and the port file scripts read.
@Suite struct BoundPortTests {
    @Test func recordsTheBoundPortAndWritesThePortFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bound-port-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let portFile = directory.appendingPathComponent("port").path
        let server = EmbeddedChannel()
        server.localAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 43_210)

        let bound = BoundPort()
        #expect(bound.value == nil)
        #expect(try bound.record(server, configuredPort: 0, portFile: portFile) == 43_210)
        #expect(bound.value == 43_210)
        #expect(try String(contentsOfFile: portFile, encoding: .utf8) == "43210\n")
    }

    @Test func fallsBackToTheConfiguredPortWithoutALocalAddress() throws {
        let bound = BoundPort()
        #expect(try bound.record(EmbeddedChannel(), configuredPort: 7_001, portFile: nil) == 7_001)
        #expect(bound.value == 7_001)
    }

    @Test func anUnwritablePortFileIsAnError() throws {
        let server = EmbeddedChannel()
        server.localAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 43_211)
        #expect(throws: (any Error).self) {
            try BoundPort().record(server, configuredPort: 0, portFile: "/nonexistent-directory-\(UUID().uuidString)/port")
        }
    }
}
