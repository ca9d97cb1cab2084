import ArgumentParser
import Foundation

/// `emostream list`.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List registered clients and their subscribers."
    )

    @Flag(help: "Print the gateway's JSON instead of a table.") var json = false
    @OptionGroup var gatewayOptions: GatewayOptions

    func run() async throws {
        let answer = try await gatewayOptions.client().get("/list_clients").requireSuccess()
        if json {
            StandardStreams.printLine(answer.prettyBody)
            return
        }
        guard let clients = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any] else {
            throw CLIError.invalidAnswer("list_clients answer is not a JSON object")
        }
        StandardStreams.printLine(ClientTable(clients: clients).rendered)
    }
}
