import Foundation
import Hummingbird

/// Reads a JSON request body with the checks the API documents: content type (415), size (413), syntax (400).
struct RequestBodyReader: Sendable {
    /// The largest body accepted, in bytes.
    let maxBytes: Int

    /// The parsed body of a POST request.
    ///
    /// - Throws: `APIError` with 415 for a missing or non-JSON content type, 413 for an oversized body and
    ///   400 for bytes that are not JSON.
    func json(from request: Request) async throws -> JSONValue {
        guard Self.isJSON(request.headers[.contentType]) else { throw APIError.unsupportedMediaType }
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw APIError.payloadTooLarge(limit: maxBytes)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge(limit: maxBytes)
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("Request body must be JSON") }
        do {
            return try JSONParser.parse(buffer.readableBytesView)
        } catch {
            throw APIError.badRequest("Request body is not valid JSON")
        }
    }

    /// Whether the media type is `application/json` (any case; parameters such as `charset` are allowed).
    ///
    /// Compared byte by byte: this runs on every POST, and Foundation's `trimmingCharacters` showed up in profiles.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        var mediaType = contentType.utf8.prefix { $0 != UInt8(ascii: ";") }[...]
        while let first = mediaType.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            mediaType.removeFirst()
        }
        while let last = mediaType.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            mediaType.removeLast()
        }
        return mediaType.elementsEqual("application/json".utf8) { byte, expected in
            let lowercased = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            return lowercased == expected
        }
    }
}
