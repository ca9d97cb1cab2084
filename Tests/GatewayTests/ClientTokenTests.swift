import EmoStreamCore
import Testing

@Suite("Client tokens")
struct ClientTokenTests {
    let token = ClientToken(clientID: "my_first_client", clusterID: 1, subscriberID: 2, expiresAt: 2_000)

    @Test func aSignedTokenVerifiesForItsAssignment() throws {
        let text = token.signed(secret: "s3cret")
        #expect(text.hasPrefix("2000."))
        #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
        let verified = try ClientToken.verify(
            text, clientID: "my_first_client", clusterID: 1, subscriberID: 2, secret: "s3cret", now: 1_999
        )
        #expect(verified == token)
    }

    @Test(arguments: [
        ("other_client", 1, 2, "s3cret", Int64(1_000), ClientToken.Rejection.badSignature),
        ("my_first_client", 0, 2, "s3cret", 1_000, .badSignature),
        ("my_first_client", 1, 1, "s3cret", 1_000, .badSignature),
        ("my_first_client", 1, 2, "wrong", 1_000, .badSignature),
        ("my_first_client", 1, 2, "s3cret", 2_000, .expired),
    ])
    func aTokenIsRefusedForAnythingElse(
        clientID: String, cluster: Int, subscriber: Int, secret: String, now: Int64, reason: ClientToken.Rejection
    ) {
        let text = token.signed(secret: "s3cret")
        #expect(throws: reason) {
            try ClientToken.verify(text, clientID: clientID, clusterID: cluster, subscriberID: subscriber, secret: secret, now: now)
        }
    }

    @Test(arguments: ["", "abc", "2000", "x.abc", "2000.!!!", "2000.abc.def"])
    func malformedTokensAreRefused(_ text: String) {
        #expect(throws: ClientToken.Rejection.malformed) {
            try ClientToken.verify(text, clientID: "c", clusterID: 1, subscriberID: 2, secret: "s", now: 0)
        }
    }

    @Test func anExtendedExpiryBreaksTheSignature() {
        let text = token.signed(secret: "s3cret")
        let forged = "9999" + text.dropFirst(4)
        #expect(throws: ClientToken.Rejection.badSignature) {
            try ClientToken.verify(forged, clientID: "my_first_client", clusterID: 1, subscriberID: 2, secret: "s3cret", now: 0)
        }
    }
}
