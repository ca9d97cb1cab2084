import Foundation
import Hummingbird

/// The self-contained live page (`GET /live`) and its assets (`GET /live/<file>`), read once at start.
///
/// The page names its assets with their content hash in the query (`/live/live.js?v=…`), so a versioned asset
/// may be cached for a year as immutable while the page itself is revalidated on every load (`no-cache` with an
/// entity tag): a new gateway version is picked up at once, and a returning viewer downloads nothing unchanged.
struct LivePage: Sendable {
    static let path = "/live"
    /// SwiftPM's name for the Gateway target's resource bundle (`<package>_<target>.resources`).
    static let resourceBundleName = "EmoStream_Gateway.resources"
    /// The folder inside the bundle (the target's `Live/Page`, copied as is).
    static let pageFolder = "Page"
    static let pageFile = "index.html"

    private static let pageCacheControl = "no-cache"
    private static let versionedAssetCacheControl = "public, max-age=31536000, immutable"
    private static let unversionedAssetCacheControl = "no-cache"
    /// Everything the page loads comes from the gateway; it connects to the API (here or `?api=`) and to the
    /// assigned subscriber's WebSocket port, which is another origin.
    static let contentSecurityPolicy = "default-src 'self'; connect-src 'self' http: https: ws: wss:; "
        + "img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'; "
        + "frame-ancestors 'none'"

    private let page: LiveAsset?
    private let assets: [String: LiveAsset]
    /// Why the page cannot be served, when its files were not found or not readable.
    let unavailableReason: String?

    private init(page: LiveAsset?, assets: [String: LiveAsset], unavailableReason: String?) {
        self.page = page
        self.assets = assets
        self.unavailableReason = unavailableReason
    }

    /// Reads the page folder.
    ///
    /// - Parameter directory: the folder holding `index.html` and its assets; nil looks for the resource bundle
    ///   next to the running executable, where SwiftPM puts it.
    /// - Returns: a page that answers every request with a clear 404 when the folder is missing or incomplete:
    ///   the API works without the page, so a missing page must not stop the gateway.
    static func load(from directory: URL? = nil) -> LivePage {
        guard let folder = directory ?? defaultDirectory() else {
            return LivePage(
                page: nil, assets: [:],
                unavailableReason: "the live page is not installed: \(resourceBundleName) was not found next to the gateway executable"
            )
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var assets: [String: LiveAsset] = [:]
        var pageText: String?
        for name in names.sorted() {
            let url = folder.appendingPathComponent(name)
            let kind = url.pathExtension.lowercased()
            guard let contentType = LiveAsset.contentTypes[kind], let data = try? Data(contentsOf: url) else { continue }
            if name == pageFile {
                pageText = String(decoding: data, as: UTF8.self)
            } else {
                assets[name] = LiveAsset(bytes: data, contentType: contentType)
            }
        }
        guard var text = pageText else {
            return LivePage(
                page: nil, assets: [:], unavailableReason: "the live page is not installed: \(folder.path)/\(pageFile) is missing"
            )
        }
        for (name, asset) in assets {
            text = text.replacingOccurrences(of: "\"\(path)/\(name)\"", with: "\"\(path)/\(name)?v=\(asset.version)\"")
        }
        let page = LiveAsset(bytes: Array(text.utf8), contentType: LiveAsset.contentTypes["html"]!)
        return LivePage(page: page, assets: assets, unavailableReason: nil)
    }

    /// `<folder of the executable>/EmoStream_Gateway.resources/Page`, if it exists.
    ///
    /// SwiftPM's generated `Bundle.module` traps when the bundle is missing (a binary copied without it); the
    /// gateway must keep serving the API then, so it looks for the bundle itself, where `Bundle.module` would.
    static func defaultDirectory() -> URL? {
        var candidates = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            candidates.append(executable.deletingLastPathComponent())
        }
        for base in candidates {
            let folder = base.appendingPathComponent(resourceBundleName).appendingPathComponent(pageFolder)
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(pageFile).path) {
                return folder
            }
        }
        return nil
    }

    /// The answer to `GET /live`.
    func pageResponse(to request: Request) throws(APIError) -> Response {
        guard let page else { throw APIError.notFound(unavailableReason ?? "Not found") }
        var response = Self.response(for: page, cacheControl: Self.pageCacheControl, request: request)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        return response
    }

    /// The answer to `GET /live/<name>`; `?v=` equal to the asset's current version makes it cacheable for good.
    func assetResponse(named name: String, to request: Request) throws(APIError) -> Response {
        guard page != nil else { throw APIError.notFound(unavailableReason ?? "Not found") }
        guard let asset = assets[name] else { throw APIError.notFound("No such live page file: \(name)") }
        let versioned = request.uri.queryParameters.get("v") == asset.version
        return Self.response(
            for: asset,
            cacheControl: versioned ? Self.versionedAssetCacheControl : Self.unversionedAssetCacheControl,
            request: request
        )
    }

    private static func response(for asset: LiveAsset, cacheControl: String, request: Request) -> Response {
        var headers: HTTPFields = [
            .eTag: asset.entityTag, .cacheControl: cacheControl, .xContentTypeOptions: "nosniff",
        ]
        if matches(request.headers[values: .ifNoneMatch], entityTag: asset.entityTag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        headers[.contentLength] = String(asset.bytes.readableBytes)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: asset.bytes))
    }

    /// Whether an `If-None-Match` header (possibly several, each a list) names `entityTag` or `*`.
    static func matches(_ ifNoneMatch: [String], entityTag: String) -> Bool {
        ifNoneMatch.flatMap { $0.split(separator: ",") }.contains { candidate in
            let tag = candidate.trimmingCharacters(in: .whitespaces)
            // A weak comparison, as RFC 9110 asks for If-None-Match.
            return tag == "*" || tag == entityTag || tag == "W/\(entityTag)"
        }
    }
}
