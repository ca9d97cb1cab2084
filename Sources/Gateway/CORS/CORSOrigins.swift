/// Which web origins may call the REST API from a browser (`--cors-origins`, `EMOSTREAM_CORS_ORIGINS`).
///
/// The default is every origin: the API is public and uses no cookies or other credentials, so a page elsewhere
/// can do nothing through a visitor's browser that it could not do with its own HTTP client, and the original
/// EmoStream API answered every origin too. A deployment that wants only its own pages lists their origins.
public struct CORSOrigins: Sendable, Hashable, CustomStringConvertible {
    enum Rule: Sendable, Hashable {
        case none
        case any
        case only([String])
    }

    let rule: Rule

    private init(rule: Rule) {
        self.rule = rule
    }

    /// CORS off: browsers may call the API only from pages the gateway serves itself (`/live`).
    public static let none = CORSOrigins(rule: .none)
    /// `Access-Control-Allow-Origin: *`.
    public static let any = CORSOrigins(rule: .any)

    /// Exactly these origins; the answer echoes the request's origin when it is one of them.
    public static func only(_ origins: [String]) -> CORSOrigins {
        origins.isEmpty ? .none : CORSOrigins(rule: .only(origins))
    }

    /// Parses the flag: `*`, `none` (or nothing), or comma-separated origins such as `https://example.com`.
    ///
    /// - Throws: `CORSOriginsError` naming the first entry that is not an origin (`scheme://host[:port]`, no path).
    public init(parsing text: String) throws(CORSOriginsError) {
        let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if entries.isEmpty || entries == ["none"] {
            self = .none
        } else if entries == ["*"] {
            self = .any
        } else {
            for entry in entries where !Self.isOrigin(entry) {
                throw CORSOriginsError.notAnOrigin(entry)
            }
            self = .only(entries)
        }
    }

    /// Whether a browser's `Origin` header value is allowed.
    func allows(_ origin: String) -> Bool {
        switch rule {
        case .none: false
        case .any: true
        case .only(let origins): origins.contains(origin)
        }
    }

    public var description: String {
        switch rule {
        case .none: "none"
        case .any: "*"
        case .only(let origins): origins.joined(separator: ",")
        }
    }

    /// What browsers send as `Origin`: a scheme, `://`, a host and maybe a port, and nothing after (no slash).
    static func isOrigin(_ text: String) -> Bool {
        guard let separator = text.range(of: "://") else { return false }
        let scheme = text[..<separator.lowerBound]
        let authority = text[separator.upperBound...]
        guard let first = scheme.first, first.isLetter,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        else { return false }
        return !authority.isEmpty && !authority.contains(where: { "/?#@ ".contains($0) || $0.isWhitespace })
    }
}

/// A `--cors-origins` value that cannot be used.
public struct CORSOriginsError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case notAnOrigin
    }

    private let code: Code
    /// The entry that was refused.
    public let entry: String

    static func notAnOrigin(_ entry: String) -> CORSOriginsError { CORSOriginsError(code: .notAnOrigin, entry: entry) }

    public var description: String {
        switch code {
        case .notAnOrigin:
            "'\(entry)' is not an origin: write scheme://host[:port] without a path or trailing slash, "
                + "or use * for every origin and none for no CORS"
        }
    }
}
