import Foundation
import Testing
@testable import WasmCorpus

private func temporaryDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

@Test func entryNamesAreSHA1OfContent() {
    // Well-known SHA-1 test vectors.
    #expect(corpusEntryName(for: []) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    #expect(corpusEntryName(for: Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
}

@Test func unpackThenPackRoundTripsAndDeduplicates() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let corpus = CorpusDirectory(path: root + "/corpus")
    let inputs: [[UInt8]] = [[0, 97, 115, 109], [1, 2, 3], [], Array(repeating: 9, count: 5000)]
    for input in inputs { #expect(try corpus.add(input).isNew) }
    #expect(try corpus.add([1, 2, 3]).isNew == false)
    #expect(corpus.entryFiles().count == 4)

    let plain = root + "/plain"
    let unpacked = try corpus.unpack(to: plain)
    #expect(unpacked.written == 4 && unpacked.problems.isEmpty)
    // libFuzzer adds a new input: pack brings back exactly that one.
    try Data([5, 5, 5]).write(to: URL(fileURLWithPath: plain + "/new-finding"))
    let packed = try corpus.pack(from: plain)
    #expect(packed.added == 1 && packed.present == 4)
    let loaded = corpus.load()
    #expect(Set(loaded.entries.map(\.bytes)) == Set(inputs + [[5, 5, 5]]))
}

@Test func corruptEntryIsReportedByNameAndSkipped() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let corpus = CorpusDirectory(path: root)
    try corpus.add([1, 2, 3, 4])
    try Data([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9]).write(to: URL(fileURLWithPath: root + "/broken.gz"))
    let (entries, problems) = corpus.load()
    #expect(entries.map(\.bytes) == [[1, 2, 3, 4]])
    #expect(problems.count == 1)
    #expect(problems.first?.file.hasSuffix("broken.gz") == true)
    let stats = corpus.stats()
    #expect(stats.entries == 1 && stats.problems.count == 1 && stats.uncompressedBytes == 4)
    // Unpacking skips the corrupt file but keeps the rest.
    let out = try corpus.unpack(to: root + "/out")
    #expect(out.written == 1 && out.problems.count == 1)
}

@Test func mergeRenamesMisnamedEntriesAndImportsOtherCorpus() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let a = CorpusDirectory(path: root + "/a"), b = CorpusDirectory(path: root + "/b")
    try a.add([1])
    try Data(try Gzip.compress([1])).write(to: URL(fileURLWithPath: root + "/a/copy-of-one.gz"))
    try b.add([1]); try b.add([2])
    let result = try a.merge(from: b)
    #expect(result.added == 1)
    #expect(result.removedDuplicates == 1)
    #expect(Set(a.load().entries.map(\.bytes)) == [[1], [2]])
    #expect(a.entryFiles().count == 2)
}
