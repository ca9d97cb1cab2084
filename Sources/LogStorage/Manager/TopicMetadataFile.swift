import Foundation

/// The per-topic metadata file, `<data dir>/<topic>-0/topic.json` (in partition 0's directory, so
/// its path stays within the 255-byte file name limit that Kafka's 249-character topic names are
/// designed around).
///
/// JSON: `{"version": 1, "partitions": N, "overrides": {"<kafka config name>": "<value>"}}`.
/// Only the creation-time overrides are stored, not the effective config. The file is written last
/// when a topic is created, atomically, so it is the commit point: partition directories without it
/// are the leftovers of a creation that did not finish.
struct TopicMetadataFile: Codable, Hashable {
    static let fileName = "topic.json"
    /// Suffix of the directory holding the file: partition 0's.
    static let directorySuffix = "-0"
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
        "\(directory)/\(topic)\(directorySuffix)/\(fileName)"
    }

    /// The topic whose metadata a directory entry of the data directory would hold, if its name fits.
    static func topicName(ofDirectoryEntry name: String) -> String? {
        guard name.hasSuffix(directorySuffix), name.count > directorySuffix.count else { return nil }
        return String(name.dropLast(directorySuffix.count))
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
