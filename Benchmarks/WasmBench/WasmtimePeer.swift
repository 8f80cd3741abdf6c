import Foundation

/// wasmtime as a benchmark peer: `Benchmarks/wasmtime_bench.py` run by the Python of the peers'
/// virtual environment (`ci/peers/install.sh`), which times inside Python so that process start-up
/// is not counted. Found at `$PEERS_VENV/bin/python`, else `.venv-peers/bin/python` at the package root.
struct WasmtimePeer {
    let python: String
    let script: String

    static func locate(packageRoot: String) -> WasmtimePeer? {
        let venv = ProcessInfo.processInfo.environment["PEERS_VENV"] ?? "\(packageRoot)/.venv-peers"
        let python = "\(venv)/bin/python"
        let script = "\(packageRoot)/Benchmarks/wasmtime_bench.py"
        guard FileManager.default.isExecutableFile(atPath: python), FileManager.default.fileExists(atPath: script) else { return nil }
        return WasmtimePeer(python: python, script: script)
    }

    /// Best-of-3 compile and run seconds of `run(argument)` in `file`, and the result as unsigned decimal.
    func run(_ file: String, argument: Int32) -> (compile: Double, run: Double, result: String)? {
        guard let json = invoke(["run", file, String(argument), "3"]),
              let compile = json["compile"] as? Double, let run = json["run"] as? Double else { return nil }
        return (compile, run, json["result"] as? String ?? "?")
    }

    /// Best of `repeats` rounds: seconds to compile all `modules`.
    func compile(_ modules: [[UInt8]], repeats: Int) -> Double? {
        let dir = NSTemporaryDirectory() + "wasm-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var files: [String] = []
        for (i, bytes) in modules.enumerated() {
            let path = "\(dir)/\(i).wasm"
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return nil }
            files.append(path)
        }
        return invoke(["compile", String(repeats)] + files)?["compile"] as? Double
    }

    private func invoke(_ arguments: [String]) -> [String: Any]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        let out = Pipe()
        process.standardOutput = out
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}

let wasmtimePeer = WasmtimePeer.locate(
    packageRoot: URL(fileURLWithPath: programsDirectory).deletingLastPathComponent().deletingLastPathComponent().path)
