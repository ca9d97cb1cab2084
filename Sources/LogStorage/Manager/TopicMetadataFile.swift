import Foundation

/// The per-topic metadata file, `<data dir>/<topic>.topic.json`.
///
/// JSON: `{"version": 1, "partitions": N, "overrides": {"<kafka config name>": "<value>"}}`.
/// Only the creation-time overrides are stored, not the effective config. The file is written last
/// when a topic is created, atomically, so it is the commit point: a partition directory without one
/// is the leftover of a creation that did not finish.
struct TopicMetadataFile: Codable, Hashable {
    static let suffix = ".topic.json"
    static let currentVersion = 1

    var version: Int
    var partitions: Int
    var overrides: [String: String]

    init(partitions: Int, overrides: [String: String]) {
        self.version = Self.currentVersion
        self.partitions = partitions
        self.overrides = overrides
    }

    static func path(directory: String, topic: String) -> String {
        "\(directory)/\(topic)\(suffix)"
    }

    /// The topic a file name belongs to, if it is a metadata file name.
    static func topicName(ofFileName name: String) -> String? {
        guard name.hasSuffix(suffix), name.count > suffix.count else { return nil }
        return String(name.dropLast(suffix.count))
    }

    static func read(_ path: String) throws -> TopicMetadataFile {
        let bytes = try FileSystem.readFile(path)
        let file: TopicMetadataFile
        do {
            file = try JSONDecoder().decode(TopicMetadataFile.self, from: Data(bytes))
        } catch {
            throw LogStorageError.corruptMetadata(path: path, reason: "\(error)")
        }
        guard file.version == currentVersion, file.partitions >= 1 else {
            throw LogStorageError.corruptMetadata(path: path, reason: "version \(file.version), \(file.partitions) partitions")
        }
        return file
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(self)
        try FileSystem.writeAtomically(Array(data) + [UInt8(ascii: "\n")], to: path)
    }
}
