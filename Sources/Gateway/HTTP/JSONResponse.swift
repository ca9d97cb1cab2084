import Foundation
import Hummingbird

/// Builds JSON answers with one encoder configuration, so every route writes the same bytes for the same value.
enum JSONResponse {
    /// Sorted keys make answers reproducible; unescaped slashes keep `ws_url` readable.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A response with `value` encoded as JSON.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        // Encoding the gateway's own answer types cannot fail; a failure here is a programming error.
        let data = (try? encoder.encode(value)) ?? Data(#"{"error": "Internal error"}"#.utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    /// `value` encoded once, for a fixed answer on a hot path (`make(encoded:)` sends it).
    static func encodeOnce(_ value: some Encodable) -> ByteBuffer {
        // The gateway's own answer types always encode; a failure here is a programming error.
        ByteBuffer(bytes: try! encoder.encode(value))
    }

    /// A 200 response with a body from `encodeOnce`; the buffer's storage is shared, not copied.
    static func make(encoded body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
    }

    /// The `{"error": …}` answer for an `APIError`, with `Retry-After` where the error carries one.
    static func make(_ error: APIError) -> Response {
        var response = make(["error": error.message], status: error.status)
        if let seconds = error.retryAfterSeconds {
            response.headers[.retryAfter] = String(seconds)
        }
        return response
    }

    /// Encodes `value` to bytes, for record values written to Kafka.
    static func bytes(_ value: some Encodable) throws -> [UInt8] {
        Array(try encoder.encode(value))
    }
}
