import Foundation
import Testing
import WasmCore
@testable import WasmSmith

/// The path of `tool` on PATH, if any.
func executableOnPath(_ tool: String) -> String? {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    return paths.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Writes `count` swarm modules into a fresh temporary directory.
func writeModules(count: Int, base: UInt64) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smith-\(base)-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (seed, module) in generatedModules(count: count, base: base, swarm: true) {
        try Data(encodeModule(module)).write(to: dir.appendingPathComponent("\(seed).wasm"))
    }
    return dir
}

func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `wasm-tools validate` accepts a few hundred generated modules (skipped without wasm-tools).
@Test func wasmToolsValidatesGeneratedModules() throws {
    guard let tool = executableOnPath("wasm-tools") else {
        print("wasm-tools is not on PATH: skipping the wasm-tools validation test")
        return
    }
    let dir = try writeModules(count: 300, base: 400_000)
    defer { try? FileManager.default.removeItem(at: dir) }
    for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
        let result = try run(tool, ["validate", dir.appendingPathComponent(file).path])
        #expect(result.status == 0, "\(file): \(result.output)")
    }
}

/// V8's `WebAssembly.Module` (through node) accepts a few hundred generated modules (skipped
/// without node).
@Test func v8ValidatesGeneratedModules() throws {
    guard let node = executableOnPath("node") else {
        print("node is not on PATH: skipping the V8 validation test")
        return
    }
    let dir = try writeModules(count: 300, base: 500_000)
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = """
    const fs = require('fs'); const dir = process.argv[1]; let bad = 0, ok = 0;
    for (const f of fs.readdirSync(dir)) {
      try { new WebAssembly.Module(fs.readFileSync(dir + '/' + f)); ok++; }
      catch (e) { bad++; console.log(f + ': ' + e.message); }
    }
    console.log('valid ' + ok); process.exit(bad ? 1 : 0);
    """
    let result = try run(node, ["-e", script, dir.path])
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("valid 300"))
}
