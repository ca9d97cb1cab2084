import ArgumentParser

/// The `emostream` command line: run the whole cluster, send reactions, manage clients, watch the swarm.
public struct EmoStreamCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "emostream",
        abstract: "EmoStream: live emoji swarms for events.",
        discussion: "Flags can also be set with EMOSTREAM_<FLAG> environment variables (EMOSTREAM_GATEWAY, …).",
        subcommands: [
            UpCommand.self, SendCommand.self, RegisterCommand.self, DeregisterCommand.self, ListCommand.self,
            WatchCommand.self,
        ]
    )

    public init() {}
}
