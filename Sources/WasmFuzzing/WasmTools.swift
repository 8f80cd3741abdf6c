import Foundation

/// The `wasm-tools` CLI (installed by `ci/peers/install.sh` into `.venv-peers/bin`): its module
/// generator (`smith`) and its validator, restricted to what our engine implements (Wasm 2.0
/// without SIMD).
public struct WasmTools: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// `$PEERS_VENV/bin/wasm-tools`, else `.venv-peers/bin/wasm-tools` in the current directory or
    /// a parent, else `wasm-tools` on `PATH`; nil when none is found.
    public static func locate() -> WasmTools? {
        let fm = FileManager.default
        var candidates: [String] = []
        if let venv = ProcessInfo.processInfo.environment["PEERS_VENV"] { candidates.append("\(venv)/bin/wasm-tools") }
        var dir = fm.currentDirectoryPath
        for _ in 0..<8 {
            candidates.append("\(dir)/.venv-peers/bin/wasm-tools")
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir { break }
            dir = parent
        }
        for entry in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(entry)/wasm-tools")
        }
        return candidates.first { fm.isExecutableFile(atPath: $0) }.map(WasmTools.init)
    }

    /// The validator's feature set: Wasm 2.0 without SIMD, as our validator's default.
    public static let features = "wasm2,-simd"

    /// `wasm-smith` settings that keep its modules inside our feature set and small enough to
    /// snapshot; termination is ensured (not every engine can be interrupted).
    public static let smithArguments = [
        "--ensure-termination",
        "--simd-enabled", "false", "--relaxed-simd-enabled", "false", "--tail-call-enabled", "false",
        "--gc-enabled", "false", "--exceptions-enabled", "false", "--threads-enabled", "false",
        "--memory64-enabled", "false", "--custom-page-sizes-enabled", "false",
        "--wide-arithmetic-enabled", "false", "--extended-const-enabled", "false",
        "--compact-imports-enabled", "false", "--custom-descriptors-enabled", "false",
        "--shared-everything-threads-enabled", "false", "--max-memories", "1", "--max-tables", "4",
        "--max-memory32-bytes", "1048576", "--max-table-elements", "1000", "--export-everything", "true",
    ]

    /// A module from `wasm-tools smith`, driven by `seedBytes` (the same bytes give the same module).
    public func smith(_ seedBytes: [UInt8]) -> [UInt8]? {
        let (status, out, _) = run(["smith"] + Self.smithArguments, stdin: seedBytes)
        return status == 0 && !out.isEmpty ? out : nil
    }

    /// `wasm-tools validate` with `features` (Wasm 2.0 without SIMD by default; components need
    /// `all`): nil when valid, otherwise its message.
    public func validate(_ bytes: [UInt8], features: String = Self.features) -> String? {
        let (status, _, err) = run(["validate", "--features", features], stdin: bytes)
        if status == 0 { return nil }
        // The message is the `error:` line (warnings, e.g. about DWARF, come first).
        let lines = String(decoding: err, as: UTF8.self).split(separator: "\n").map(String.init)
        let text = lines.first { $0.hasPrefix("error") } ?? lines.last ?? ""
        return text.isEmpty ? "rejected (status \(status))" : text
    }

    /// Runs the tool with `stdin`, returning status, stdout and stderr.
    func run(_ arguments: [String], stdin: [UInt8]) -> (Int32, [UInt8], [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        do { try process.run() } catch { return (-1, [], Array("\(error)".utf8)) }
        // Feed stdin and drain stdout/stderr concurrently so no pipe fills up.
        let writer = Thread {
            try? input.fileHandleForWriting.write(contentsOf: stdin)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let errBox = ByteBox()
        let errGroup = DispatchGroup()
        errGroup.enter()
        Thread {
            errBox.bytes = Array(error.fileHandleForReading.readDataToEndOfFile())
            errGroup.leave()
        }.start()
        let out = Array(output.fileHandleForReading.readDataToEndOfFile())
        errGroup.wait()
        process.waitUntilExit()
        return (process.terminationStatus, out, errBox.bytes)
    }
}

private final class ByteBox: @unchecked Sendable {
    var bytes: [UInt8] = []
}
