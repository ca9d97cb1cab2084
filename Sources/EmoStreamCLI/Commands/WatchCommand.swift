import ArgumentParser
import FanoutProtocol
import Logging

/// `emostream watch --client-id ID`.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Register, connect to the assigned subscriber and show the emoji swarm live.",
        discussion: "With --json, stdout carries exactly one JSON object per window per line; everything else goes to stderr."
    )

    @Option(help: "The client id to register as (env EMOSTREAM_CLIENT_ID).")
    var clientID: String = CLIEnvironment.value("client-id") ?? ""
    @Option(name: .customLong("room"), help: "A room to follow; repeat for several (default: main).") var rooms: [String] = []
    @Flag(help: "One JSON object per window per line on stdout, nothing else.") var json = false
    @Option(help: "Exit after this many windows.") var count: Int?
    @Option(help: "Last seq already seen, for the first connection: -1 live only, 0 all the history the subscriber holds.")
    var fromSeq: Int64 = FanoutFrame.RoomPosition.noneSeen
    @OptionGroup var gatewayOptions: GatewayOptions
    @OptionGroup var logOptions: LogOptions

    func validate() throws {
        guard !clientID.isEmpty else { throw ValidationError("--client-id is required") }
        guard count.map({ $0 >= 1 }) ?? true else { throw ValidationError("--count must be at least 1") }
        guard fromSeq >= -1 else { throw ValidationError("--from-seq must be -1 or more") }
    }

    func run() async throws {
        let logger = logOptions.bootstrap(label: "emostream.watch")
        var configuration = WatchClient.Configuration(clientID: clientID, rooms: rooms.isEmpty ? ["main"] : rooms)
        configuration.format = json ? .json : .text
        configuration.limit = count
        configuration.startSeq = fromSeq
        let client = WatchClient(registrar: gatewayOptions.client(), configuration: configuration, logger: logger)
        try await UntilSignalled.run(logger: logger) { try await client.run() }
    }
}
