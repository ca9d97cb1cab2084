import Foundation
@testable import Gateway
import Hummingbird
import HummingbirdTesting
import ServiceTestSupport
import Testing

/// `GET /live`: the page and its assets from the Gateway target's resource bundle, with types and caching right.
@Suite("Live page")
struct LivePageTests {
    @Test func servesThePageWithSecurityAndRevalidationHeaders() async throws {
        try await RunningBroker.with { bootstrap in
            try await withGateway(bootstrap) { client, _ in
                let page = try await client.fetch("/live")
                #expect(page.status == .ok)
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.headers[.cacheControl] == "no-cache")
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
                #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                let tag = try #require(page.headers[.eTag])
                #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""))
                #expect(page.text.contains("<title>EmoStream live</title>"))
                #expect(page.text.components(separatedBy: "class=\"emoji\"").count - 1 == 12)
                // Self-contained: nothing is loaded from another host.
                #expect(!page.text.contains("http://") && !page.text.contains("https://"))

                let revalidated = try await client.fetch("/live", headers: [.ifNoneMatch: tag])
                #expect(revalidated.status == .notModified)
                #expect(revalidated.body.readableBytes == 0)
                #expect(revalidated.headers[.eTag] == tag)
                let changed = try await client.fetch("/live", headers: [.ifNoneMatch: "\"something-else\""])
                #expect(changed.status == .ok)

                let head = try await client.fetch("/live", method: .head)
                #expect(head.status == .ok)
                #expect(head.headers[.contentType] == "text/html; charset=utf-8")
                #expect(head.body.readableBytes == 0)
            }
        }
    }

    @Test func servesEveryReferencedAssetWithItsTypeAndVersionedCaching() async throws {
        try await RunningBroker.with { bootstrap in
            try await withGateway(bootstrap) { client, _ in
                let page = try await client.fetch("/live")
                let references = Self.assetReferences(in: page.text)
                #expect(Set(references.map(\.name)) == ["live.css", "live.js", "icon.svg"])
                let expectedTypes = [
                    "live.css": "text/css; charset=utf-8", "live.js": "text/javascript; charset=utf-8",
                    "icon.svg": "image/svg+xml",
                ]
                for reference in references {
                    let versioned = try await client.fetch("/live/\(reference.name)?v=\(reference.version)")
                    #expect(versioned.status == .ok, "\(reference.name)")
                    #expect(versioned.headers[.contentType] == expectedTypes[reference.name], "\(reference.name)")
                    #expect(versioned.headers[.cacheControl] == "public, max-age=31536000, immutable")
                    #expect(versioned.headers[.eTag] == "\"\(reference.version)\"")
                    #expect(versioned.body.readableBytes > 0)

                    // The version is the content's: an unversioned or stale URL must be revalidated.
                    let unversioned = try await client.fetch("/live/\(reference.name)")
                    #expect(unversioned.headers[.cacheControl] == "no-cache")
                    #expect(unversioned.body == versioned.body)
                    let stale = try await client.fetch("/live/\(reference.name)?v=0000000000000000")
                    #expect(stale.headers[.cacheControl] == "no-cache")
                    let notModified = try await client.fetch(
                        "/live/\(reference.name)", headers: [.ifNoneMatch: "\"a\", W/\"\(reference.version)\""]
                    )
                    #expect(notModified.status == .notModified)
                }
            }
        }
    }

    @Test func unknownFilesAreNotFoundInTheAPIErrorShape() async throws {
        try await RunningBroker.with { bootstrap in
            try await withGateway(bootstrap) { client, _ in
                for path in ["/live/nope.js", "/live/index.html", "/live/..%2F..%2FPackage.swift", "/live/%2E%2E"] {
                    let answer = try await client.get(path)
                    #expect(answer.status == .notFound, "\(path)")
                    #expect(answer.body?["error"]?.stringValue != nil, "\(path)")
                }
            }
        }
    }

    @Test func aMissingPageIsAClear404AndTheAPIStillWorks() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("emostream-no-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        try await RunningBroker.with { bootstrap in
            try await withGateway(bootstrap, configure: { $0.livePageDirectory = empty.path }) { client, _ in
                let page = try await client.get("/live")
                #expect(page.status == .notFound)
                #expect(page.body?["error"]?.stringValue?.contains("index.html is missing") == true)
                #expect(try await client.get("/live/live.js").status == .notFound)
                #expect(try await client.get("/").status == .ok)
            }
        }
    }

    @Test func versionsFollowTheContentOfAFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("emostream-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"<script src="/live/app.js"></script><link href="/live/notes.txt">"#
            .write(to: folder.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "console.log(1);".write(to: folder.appendingPathComponent("app.js"), atomically: true, encoding: .utf8)
        try "not served".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let version = LiveAsset(bytes: Array("console.log(1);".utf8), contentType: "").version
        #expect(version.count == 16)

        try await RunningBroker.with { bootstrap in
            try await withGateway(bootstrap, configure: { $0.livePageDirectory = folder.path }) { client, _ in
                let page = try await client.fetch("/live")
                #expect(page.text == #"<script src="/live/app.js?v=\#(version)"></script><link href="/live/notes.txt">"#)
                let script = try await client.fetch("/live/app.js?v=\(version)")
                #expect(script.text == "console.log(1);")
                #expect(script.headers[.eTag] == "\"\(version)\"")
                // Only known kinds of file are served.
                #expect(try await client.get("/live/notes.txt").status == .notFound)
            }
        }
    }

    @Test(arguments: [
        (["\"abc\""], true), (["W/\"abc\""], true), (["*"], true), (["\"x\", \"abc\""], true), (["\"x\"", "\"abc\""], true),
        (["\"x\""], false), ([], false), (["abc"], false),
    ])
    func ifNoneMatch(headers: [String], matches: Bool) {
        #expect(LivePage.matches(headers, entityTag: "\"abc\"") == matches)
    }

    /// `(name, version)` of every `/live/<name>?v=<version>` the page references.
    static func assetReferences(in html: String) -> [(name: String, version: String)] {
        let pattern = try! Regex(#"/live/([A-Za-z0-9._-]+)\?v=([0-9a-f]+)"#)
        return html.matches(of: pattern).compactMap { match in
            guard let name = match.output[1].substring, let version = match.output[2].substring else { return nil }
            return (String(name), String(version))
        }
    }
}

extension TestClientProtocol {
    /// Any request, answering status, headers and the raw body.
    func fetch(
        _ uri: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer, text: String) {
        try await execute(uri: uri, method: method, headers: headers, body: nil) { response in
            (response.status, response.headers, response.body, String(buffer: response.body))
        }
    }
}
