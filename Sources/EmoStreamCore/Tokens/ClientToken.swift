import Crypto
import Foundation

/// The credential a registered client presents to its assigned subscriber, verifiable without a lookup.
///
/// Format (also in `proto-docs/openapi.yaml`): `<expiry>.<mac>` where `expiry` is the expiry time in whole
/// seconds since the Unix epoch (decimal ASCII) and `mac` is the unpadded base64url encoding of
/// `HMAC-SHA256(secret, "<client_id>|<cluster_id>|<subscriber_id>|<expiry>")` (UTF-8). The expiry travels inside
/// the token so a subscriber needs only the client_id, its own cluster and subscriber ids, and the shared secret.
public struct ClientToken: Sendable, Hashable {
    public var clientID: String
    public var clusterID: Int
    public var subscriberID: Int
    /// Seconds since the Unix epoch after which the token is refused.
    public var expiresAt: Int64

    public init(clientID: String, clusterID: Int, subscriberID: Int, expiresAt: Int64) {
        self.clientID = clientID
        self.clusterID = clusterID
        self.subscriberID = subscriberID
        self.expiresAt = expiresAt
    }

    /// The token text for this assignment, signed with `secret`.
    public func signed(secret: String) -> String {
        "\(expiresAt).\(Self.base64URL(mac(secret: secret)))"
    }

    /// Why a presented token was refused.
    public enum Rejection: Error, Sendable, Hashable {
        case malformed
        case badSignature
        case expired
    }

    /// Checks a presented token against the assignment the verifier knows.
    ///
    /// - Parameter now: seconds since the Unix epoch.
    /// - Returns: the verified token (with its expiry).
    /// - Throws: `Rejection` when the text is malformed, signed for another assignment or secret, or expired.
    public static func verify(
        _ token: String, clientID: String, clusterID: Int, subscriberID: Int, secret: String, now: Int64
    ) throws(Rejection) -> ClientToken {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let expiresAt = Int64(parts[0]), let mac = base64URLDecode(parts[1]) else {
            throw .malformed
        }
        let claimed = ClientToken(clientID: clientID, clusterID: clusterID, subscriberID: subscriberID, expiresAt: expiresAt)
        // The constant-time comparison of swift-crypto, so timing does not leak how much of a MAC was right.
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: claimed.payload, using: key(secret)) else {
            throw .badSignature
        }
        guard now < expiresAt else { throw .expired }
        return claimed
    }

    /// The signed bytes: `client_id|cluster_id|subscriber_id|expiry`.
    var payload: Data { Data("\(clientID)|\(clusterID)|\(subscriberID)|\(expiresAt)".utf8) }

    private func mac(secret: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: payload, using: Self.key(secret)))
    }

    private static func key(_ secret: String) -> SymmetricKey { SymmetricKey(data: Data(secret.utf8)) }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64URLDecode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
