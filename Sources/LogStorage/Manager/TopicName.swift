/// Kafka's topic naming rules, which also make every name a safe file name.
enum TopicName {
    static let maximumLength = 249

    /// - Throws: `LogStorageError.invalidTopicName` unless `name` is 1–249 characters of
    ///   `[a-zA-Z0-9._-]` and not "." or "..".
    static func validate(_ name: String) throws {
        guard !name.isEmpty else { throw LogStorageError.invalidTopicName("the name is empty") }
        guard name != "." && name != ".." else { throw LogStorageError.invalidTopicName("'\(name)' is reserved") }
        guard name.utf8.count <= maximumLength else {
            throw LogStorageError.invalidTopicName("longer than \(maximumLength) characters")
        }
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard allowed else {
            throw LogStorageError.invalidTopicName("'\(name)' contains characters outside [a-zA-Z0-9._-]")
        }
    }
}
