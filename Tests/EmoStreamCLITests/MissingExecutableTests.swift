@testable import EmoStreamCLI
import Foundation
import Testing

@Suite struct MissingExecutableTests {
    @Test func upNamesEveryMissingServiceBinaryBeforeStartingAnything() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("emostream-cli-bin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["emostream-broker", "emostream-gateway", "emostream-cluster-publisher"] {
            _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        }
        // Present but not executable counts as missing.
        _ = FileManager.default.createFile(atPath: directory + "/emostream-subscriber", contents: Data(), attributes: [.posixPermissions: 0o644])
        let supervisor = ClusterSupervisor(
            topology: ClusterTopology(), binaryDirectory: directory, logDirectory: directory + "/logs", environment: [:],
            startupTimeout: .seconds(1)
        )
        #expect(throws: CLIError.missingExecutables(["emostream-aggregator", "emostream-subscriber"], directory: directory)) {
            try supervisor.checkExecutables()
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/logs"))
    }
}
