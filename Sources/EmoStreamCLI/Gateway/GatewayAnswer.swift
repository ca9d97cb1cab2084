import Foundation

/// One HTTP answer from the gateway.
public struct GatewayAnswer: Sendable, Hashable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The `error` field of an error answer, or the body as text when it has none.
    public var errorMessage: String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
           let message = object["error"] as? String {
            return message
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "no message" : text
    }

    /// Self when 2xx.
    ///
    /// - Throws: `CLIError.gateway` with the status and the gateway's error message otherwise.
    public func requireSuccess() throws -> GatewayAnswer {
        guard isSuccess else { throw CLIError.gateway(status: status, message: errorMessage) }
        return self
    }

    /// The body re-indented with sorted keys, for people; the raw text when it is not JSON.
    public var prettyBody: String {
        guard let object = try? JSONSerialization.jsonObject(with: body),
              let data = try? JSONSerialization.data(
                  withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
              )
        else {
            return String(decoding: body, as: UTF8.self)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
