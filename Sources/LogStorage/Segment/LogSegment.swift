/// The data file of one segment, shared by the partition's state and by in-flight reads.
///
/// Immutable: everything that changes as the segment grows lives in ``SegmentState``. Because
/// readers hold this object (not a descriptor number), retention can unlink the files while a
/// fetch is still reading; the descriptor closes when the last holder lets go.
final class LogSegment: Sendable {
    let baseOffset: Int64
    let directory: String
    let log: StorageFile

    init(baseOffset: Int64, directory: String, log: StorageFile) {
        self.baseOffset = baseOffset
        self.directory = directory
        self.log = log
    }

    var logPath: String { SegmentFileNames.logPath(directory: directory, baseOffset: baseOffset) }
    var offsetIndexPath: String { SegmentFileNames.offsetIndexPath(directory: directory, baseOffset: baseOffset) }
    var timeIndexPath: String { SegmentFileNames.timeIndexPath(directory: directory, baseOffset: baseOffset) }

    /// Creates the three files of a new, empty segment (replacing stale leftovers of the same name).
    static func create(baseOffset: Int64, directory: String) throws -> (LogSegment, SegmentIndexFiles) {
        let log = try StorageFile.open(
            SegmentFileNames.logPath(directory: directory, baseOffset: baseOffset), create: true, truncate: true)
        let segment = LogSegment(baseOffset: baseOffset, directory: directory, log: log)
        let indexFiles = SegmentIndexFiles(
            offsetIndex: try StorageFile.open(segment.offsetIndexPath, create: true, truncate: true),
            timeIndex: try StorageFile.open(segment.timeIndexPath, create: true, truncate: true))
        return (segment, indexFiles)
    }

    /// Unlinks the segment's files; open descriptors stay valid until released.
    func removeFiles() throws {
        try FileSystem.removeFile(logPath)
        try FileSystem.removeFile(offsetIndexPath)
        try FileSystem.removeFile(timeIndexPath)
    }
}

/// The open index files of the active segment, appended to as batches arrive.
///
/// Closed segments keep their indexes in memory only, so a partition holds one descriptor per
/// segment plus two.
final class SegmentIndexFiles: Sendable {
    let offsetIndex: StorageFile
    let timeIndex: StorageFile

    init(offsetIndex: StorageFile, timeIndex: StorageFile) {
        self.offsetIndex = offsetIndex
        self.timeIndex = timeIndex
    }

    func sync() throws {
        try offsetIndex.sync()
        try timeIndex.sync()
    }
}
