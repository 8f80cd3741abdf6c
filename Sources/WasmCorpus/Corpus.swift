import Crypto
import Foundation

/// A file of a corpus that could not be used, and why. Reported by name, then skipped.
public struct CorpusProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}

/// The content hash that names corpus entries: SHA-1 hex of the uncompressed bytes, as libFuzzer
/// names the files it writes, so unpacked and packed names agree.
public func corpusEntryName(for bytes: [UInt8]) -> String {
    Insecure.SHA1.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}

/// One fuzz target's corpus: a directory of gzip-compressed entries named `<sha1>.gz`.
public struct CorpusDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// Paths of the `.gz` files, sorted by name.
    public func entryFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".gz") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }

    /// Every readable entry, decompressed; corrupt or unreadable files are returned as problems.
    public func load() -> (entries: [(name: String, bytes: [UInt8])], problems: [CorpusProblem]) {
        var entries: [(name: String, bytes: [UInt8])] = []
        var problems: [CorpusProblem] = []
        for file in entryFiles() {
            switch Self.readEntry(file) {
            case .success(let bytes): entries.append(((file as NSString).lastPathComponent, bytes))
            case .failure(let problem): problems.append(problem)
            }
        }
        return (entries, problems)
    }

    /// Adds `bytes` as an entry unless an entry with the same content exists. Returns its name.
    @discardableResult
    public func add(_ bytes: [UInt8]) throws -> (name: String, isNew: Bool) {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let name = corpusEntryName(for: bytes) + ".gz"
        let file = (path as NSString).appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: file) { return (name, false) }
        let compressed = try Gzip.compress(bytes)
        try Data(compressed).write(to: URL(fileURLWithPath: file), options: .atomic)
        return (name, true)
    }

    /// Writes every entry uncompressed into `directory` (named by content hash) for libFuzzer.
    public func unpack(to directory: String) throws -> (written: Int, problems: [CorpusProblem]) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (entries, problems) = load()
        for entry in entries {
            let file = (directory as NSString).appendingPathComponent(corpusEntryName(for: entry.bytes))
            try Data(entry.bytes).write(to: URL(fileURLWithPath: file), options: .atomic)
        }
        return (entries.count, problems)
    }

    /// Compresses every plain file of `directory` that is not already an entry. Subdirectories and
    /// unreadable files are reported and skipped.
    public func pack(from directory: String) throws -> (added: Int, present: Int, problems: [CorpusProblem]) {
        var added = 0, present = 0
        var problems: [CorpusProblem] = []
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        for name in names where !name.hasPrefix(".") {
            let file = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            guard let data = FileManager.default.contents(atPath: file) else {
                problems.append(CorpusProblem(file: file, reason: "unreadable"))
                continue
            }
            if try add([UInt8](data)).isNew { added += 1 } else { present += 1 }
        }
        return (added, present, problems)
    }

    /// Brings every entry of `other` (a gzip corpus) into this one and rewrites this corpus so that
    /// each content appears once under its hash name. Corrupt files of either side are reported and left alone.
    public func merge(from other: CorpusDirectory? = nil) throws -> (added: Int, removedDuplicates: Int, problems: [CorpusProblem]) {
        var problems: [CorpusProblem] = []
        var added = 0, removed = 0
        // Normalise this corpus: an entry under a name other than its hash is re-added, then removed.
        for file in entryFiles() {
            guard case .success(let bytes) = Self.readEntry(file) else { continue }
            let expected = corpusEntryName(for: bytes) + ".gz"
            if (file as NSString).lastPathComponent != expected {
                try add(bytes)
                try FileManager.default.removeItem(atPath: file)
                removed += 1
            }
        }
        if let other {
            let (entries, otherProblems) = other.load()
            problems += otherProblems
            for entry in entries where try add(entry.bytes).isNew { added += 1 }
        }
        problems += load().problems
        return (added, removed, problems)
    }

    /// Counts and sizes of the corpus.
    public func stats() -> CorpusStats {
        var stats = CorpusStats()
        for file in entryFiles() {
            let compressed = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            switch Self.readEntry(file) {
            case .success(let bytes):
                stats.entries += 1
                stats.compressedBytes += compressed
                stats.uncompressedBytes += bytes.count
                stats.largestEntry = max(stats.largestEntry, bytes.count)
                stats.smallestEntry = min(stats.smallestEntry ?? bytes.count, bytes.count)
            case .failure(let problem):
                stats.problems.append(problem)
            }
        }
        return stats
    }

    private static func readEntry(_ file: String) -> Result<[UInt8], CorpusProblem> {
        guard let data = FileManager.default.contents(atPath: file) else {
            return .failure(CorpusProblem(file: file, reason: "unreadable"))
        }
        do {
            return .success(try Gzip.decompress([UInt8](data)))
        } catch {
            return .failure(CorpusProblem(file: file, reason: "\(error)"))
        }
    }
}

/// Summary of a corpus directory.
public struct CorpusStats: Hashable, Sendable {
    public var entries = 0
    public var compressedBytes = 0
    public var uncompressedBytes = 0
    public var smallestEntry: Int?
    public var largestEntry = 0
    public var problems: [CorpusProblem] = []
}
