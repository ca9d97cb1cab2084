import ArgumentParser

/// `emostream register ID`.
struct RegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register a client with the gateway and print its assignment."
    )

    @Argument(help: "The client id.") var clientID: String
    @OptionGroup var gatewayOptions: GatewayOptions

    func run() async throws {
        let answer = try await gatewayOptions.client().post("/register_client", json: ["client_id": clientID])
        StandardStreams.printLine(try answer.requireSuccess().prettyBody)
    }
}
