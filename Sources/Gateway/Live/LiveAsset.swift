import Crypto
import Foundation
import Hummingbird

/// One file of the live page, held in memory with what a browser needs to cache it correctly.
struct LiveAsset: Sendable {
    /// Media types by file extension; files of other kinds in the page folder are not served.
    static let contentTypes = [
        "html": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "svg": "image/svg+xml",
    ]

    let bytes: ByteBuffer
    let contentType: String
    /// A short hash of the content: it versions the asset's URL (`?v=…`) and is the entity tag.
    let version: String

    /// A strong validator, quoted as HTTP wants it.
    var entityTag: String { "\"\(version)\"" }

    init(bytes: some Collection<UInt8>, contentType: String) {
        self.bytes = ByteBuffer(bytes: bytes)
        self.contentType = contentType
        // 16 hex digits of SHA-256: collisions between two versions of one small file are not a practical concern.
        version = SHA256.hash(data: Array(bytes)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
