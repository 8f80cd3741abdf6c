import Foundation
import Testing
@testable import WasmCorpus

@Test func gzipRoundTripsBuffersOfManySizes() throws {
    var rng = SystemRandomNumberGenerator()
    for size in [0, 1, 2, 100, 65_535, 65_536, 300_000] {
        let data = (0..<size).map { _ in UInt8.random(in: 0...3, using: &rng) }
        let packed = try Gzip.compress(data)
        #expect(packed.prefix(2) == [0x1F, 0x8B])
        #expect(try Gzip.decompress(packed) == data)
    }
}

@Test func gzipOutputIsReadableBySystemGunzip() throws {
    let text = Array("the quick brown fox jumps over the lazy dog\n".utf8)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("x.gz")
    try Data(try Gzip.compress(text)).write(to: file)
    let gunzip = Process()
    gunzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    gunzip.arguments = ["gzip", "-dc", file.path]
    let pipe = Pipe()
    gunzip.standardOutput = pipe
    try gunzip.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    gunzip.waitUntilExit()
    #expect(gunzip.terminationStatus == 0)
    #expect([UInt8](out) == text)
}

@Test func corruptAndTruncatedGzipAreRejected() throws {
    let packed = try Gzip.compress(Array(repeating: 7, count: 10_000))
    #expect(throws: Gzip.Error.self) { try Gzip.decompress(Array(packed.prefix(packed.count / 2))) }
    var flipped = packed
    flipped[flipped.count / 2] ^= 0xFF
    #expect(throws: Gzip.Error.self) { try Gzip.decompress(flipped) }
    #expect(throws: Gzip.Error.self) { try Gzip.decompress([1, 2, 3]) }
    #expect(throws: Gzip.Error.self) { try Gzip.decompress(Array(repeating: 0, count: 100)) }
}

@Test func decompressionRespectsSizeLimit() throws {
    let packed = try Gzip.compress(Array(repeating: 0, count: 1 << 20))
    #expect(throws: Gzip.Error.self) { try Gzip.decompress(packed, maxSize: 1000) }
}
