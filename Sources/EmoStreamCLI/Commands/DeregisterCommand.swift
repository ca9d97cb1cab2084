import ArgumentParser

/// `emostream deregister ID`.
struct DeregisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deregister",
        abstract: "Remove a client's registration."
    )

    @Argument(help: "The client id.") var clientID: String
    @OptionGroup var gatewayOptions: GatewayOptions

    func run() async throws {
        let answer = try await gatewayOptions.client().post("/deregister_client", json: ["client_id": clientID])
        StandardStreams.printLine(try answer.requireSuccess().prettyBody)
    }
}
