import ArgumentParser

/// `emostream send 😊`.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send emoji reactions to the gateway and print a summary; exits 1 if any failed."
    )

    @Argument(help: "The emoji to send.") var emoji: String
    @Option(help: "How many to send.") var count = 1
    @Option(help: "At most this many emoji per second (default: as fast as --concurrency allows).") var rate: Double?
    @Option(help: "The room (the gateway's default room when omitted).") var room: String?
    @Option(help: "The user_id sent with each emoji.") var userID: String?
    @Option(help: "Spread the emoji over this many user ids (<user-id>-0 …), as a crowd; the gateway rate-limits per user.")
    var users = 1
    @Flag(help: "Send through POST /emojis in batches instead of one POST /emoji each.") var batch = false
    @Option(help: "Emoji per /emojis request with --batch.") var batchSize = 100
    @Option(help: "Requests in flight at once.") var concurrency = 8
    @OptionGroup var gatewayOptions: GatewayOptions

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard rate.map({ $0 > 0 }) ?? true else { throw ValidationError("--rate must be positive") }
        guard users >= 1, batchSize >= 1, concurrency >= 1 else {
            throw ValidationError("--users, --batch-size and --concurrency must be at least 1")
        }
    }

    func run() async throws {
        let sender = EmojiSender(
            client: gatewayOptions.client(maxConnections: concurrency), pacer: SendPacer(rate: rate),
            concurrency: concurrency
        )
        let reaction = EmojiSender.Reaction(emoji: emoji, room: room, userIDs: Self.userIDs(userID, users: users))
        let clock = ContinuousClock()
        let start = clock.now
        let summary = await sender.run(reaction, batches: SendBatches(count: count, batchSize: batch ? batchSize : 1), batched: batch)
        for line in summary.report(gateway: gatewayOptions.gateway, elapsed: clock.now - start) {
            StandardStreams.printLine(line)
        }
        if summary.failed > 0 { throw ExitCode.failure }
    }

    /// No id: none sent (the gateway limits by address). One user: the id as given. A crowd: numbered ids.
    static func userIDs(_ userID: String?, users: Int) -> [String] {
        guard users > 1 else { return userID.map { [$0] } ?? [] }
        let prefix = userID ?? "emostream-cli"
        return (0..<users).map { "\(prefix)-\($0)" }
    }
}
