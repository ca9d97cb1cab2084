import EmoStreamCLI
import Foundation
import Testing

@Suite struct RegistrationTests {
    static let answer = GatewayAnswer(status: 200, body: Data("""
        {"message": "Client c1 is already registered.", "assigned_subscriber": {"cluster_id": 1, "subscriber_id": 2,
         "port": 6005, "host": "0.0.0.0", "ws_url": "ws://0.0.0.0:6005/ws", "token": "123.abc",
         "token_expires_at": "2026-01-01T00:00:00Z"}}
        """.utf8))

    @Test func readsTheAssignmentAndToken() throws {
        let registration = try Registration(answer: Self.answer)
        #expect(registration.clusterID == 1)
        #expect(registration.subscriberID == 2)
        #expect(registration.port == 6005)
        #expect(registration.token == "123.abc")
        #expect(registration.message == "Client c1 is already registered.")
    }

    @Test func wildcardHostsAreDialledAtTheGatewaysHost() throws {
        let registration = try Registration(answer: Self.answer)
        #expect(registration.dialHost(fallback: "10.0.0.5") == "10.0.0.5")
        var named = registration
        named.host = "sub-1-2"
        #expect(named.dialHost(fallback: "10.0.0.5") == "sub-1-2")
    }

    @Test func aMissingTokenOrAssignmentIsReported() {
        #expect(throws: CLIError.self) {
            try Registration(answer: GatewayAnswer(status: 200, body: Data(#"{"assigned_subscriber": {"cluster_id": 1, "subscriber_id": 2, "port": 6005}}"#.utf8)))
        }
        #expect(throws: CLIError.self) {
            try Registration(answer: GatewayAnswer(status: 200, body: Data(#"{"message": "hi"}"#.utf8)))
        }
    }

    @Test func errorAnswersCarryTheGatewaysMessage() {
        let answer = GatewayAnswer(status: 404, body: Data(#"{"error": "Client not found"}"#.utf8))
        #expect(answer.errorMessage == "Client not found")
        #expect(throws: CLIError.gateway(status: 404, message: "Client not found")) { try answer.requireSuccess() }
        #expect(GatewayAnswer(status: 502, body: Data("bad gateway".utf8)).errorMessage == "bad gateway")
    }

    @Test func prettyBodySortsKeys() {
        let answer = GatewayAnswer(status: 200, body: Data(#"{"b": 1, "a": "x/y"}"#.utf8))
        #expect(answer.prettyBody.replacingOccurrences(of: " ", with: "") == "{\n\"a\":\"x/y\",\n\"b\":1\n}")
    }
}
