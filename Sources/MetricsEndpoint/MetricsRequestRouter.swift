import NIOHTTP1

/// Decides the answer to one request: the whole HTTP surface of a metrics endpoint, without sockets.
struct MetricsRequestRouter: Sendable {
    /// What to send back; the handler only writes it.
    struct Answer: Sendable {
        var status: HTTPResponseStatus
        var contentType: String
        var body: [UInt8]
        /// Extra headers, such as `Allow` on a 405.
        var headers: [(String, String)] = []
    }

    private static let allowedMethods = "GET, HEAD"

    let service: String
    let render: @Sendable () -> [UInt8]
    let isHealthy: @Sendable () -> Bool

    /// Answers `method uri`; the query string is ignored.
    func answer(method: HTTPMethod, uri: String) -> Answer {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
        guard path == "/metrics" || path == "/health" else {
            return Self.json(.notFound, #"{"error":"not found: GET /metrics or GET /health"}"#)
        }
        guard method == .GET || method == .HEAD else {
            var answer = Self.json(.methodNotAllowed, #"{"error":"method not allowed"}"#)
            answer.headers = [("Allow", Self.allowedMethods)]
            return answer
        }
        if path == "/metrics" {
            return Answer(status: .ok, contentType: PrometheusExposition.contentType, body: render())
        }
        let healthy = isHealthy()
        return Self.json(
            healthy ? .ok : .serviceUnavailable,
            #"{"status":"\#(healthy ? "healthy" : "unavailable")","service":"\#(Self.escaped(service))"}"#
        )
    }

    private static func json(_ status: HTTPResponseStatus, _ text: String) -> Answer {
        Answer(status: status, contentType: "application/json", body: Array(text.utf8))
    }

    /// Service names are ours (`subscriber-1-2`), but a quote or backslash must still not break the JSON.
    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
