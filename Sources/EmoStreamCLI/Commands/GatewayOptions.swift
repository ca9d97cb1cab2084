import ArgumentParser

/// `--gateway`, shared by every command that talks to the REST API.
struct GatewayOptions: ParsableArguments {
    @Option(help: "The gateway's base URL (env EMOSTREAM_GATEWAY).")
    var gateway: String = CLIEnvironment.gatewayURL

    func client(maxConnections: Int = 8) -> GatewayClient {
        GatewayClient(baseURL: gateway, maxConnections: maxConnections)
    }
}
