/// Segment file names: the base offset as 20 zero-padded decimal digits plus an extension, so a
/// directory listing sorts segments by offset.
enum SegmentFileNames {
    static let logExtension = ".log"
    static let offsetIndexExtension = ".index"
    static let timeIndexExtension = ".timeindex"
    /// A compacted copy of a segment being written; it replaces `<base>.log` once complete.
    static let cleanedExtension = ".log.cleaned"

    static func stem(baseOffset: Int64) -> String {
        let digits = String(baseOffset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    static func logPath(directory: String, baseOffset: Int64) -> String {
        "\(directory)/\(stem(baseOffset: baseOffset))\(logExtension)"
    }

    static func offsetIndexPath(directory: String, baseOffset: Int64) -> String {
        "\(directory)/\(stem(baseOffset: baseOffset))\(offsetIndexExtension)"
    }

    static func timeIndexPath(directory: String, baseOffset: Int64) -> String {
        "\(directory)/\(stem(baseOffset: baseOffset))\(timeIndexExtension)"
    }

    /// The base offset encoded in `fileName` if it is `<20 digits><fileExtension>`.
    static func baseOffset(of fileName: String, fileExtension: String) -> Int64? {
        guard fileName.hasSuffix(fileExtension) else { return nil }
        let stem = fileName.dropLast(fileExtension.count)
        guard stem.count == 20, stem.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return Int64(stem)
    }
}
