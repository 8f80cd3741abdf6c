import Foundation

/// Where the WebAssembly spec test suite is: `$WASM_SPEC_DIR`, else `../shared/spec` next to
/// the package root. Either must hold a `wasm-2.0/` directory of `.wast` files (or be that directory).
/// Every test that reads the suite finds it here.
public enum SpecSuite {
    public static let environmentVariable = "WASM_SPEC_DIR"

    /// The package root, found from this file's path (Sources/WastRunner/SpecSuite.swift).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The directories looked at, in order.
    public static var candidates: [String] {
        var result: [String] = []
        if let env = ProcessInfo.processInfo.environment[environmentVariable], !env.isEmpty { result.append(env) }
        // Beside the checkout (CI), or beside its parent (a git worktree under wt/).
        for up in ["..", "../.."] {
            result.append(packageRoot.appendingPathComponent(up).appendingPathComponent("shared/spec").standardized.path)
        }
        return result
    }

    /// The `wasm-2.0` directory, if found. A candidate that is itself the `wasm-2.0` directory
    /// is accepted too (some tests of this package read `WASM_SPEC_DIR` that way).
    public static var wasm2Directory: String? {
        for candidate in candidates {
            let url = URL(fileURLWithPath: candidate)
            let dirs: [String?] = [url.appendingPathComponent("wasm-2.0").path, url.lastPathComponent == "wasm-2.0" ? url.path : nil]
            for dir in dirs {
                guard let dir else { continue }
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue { return dir }
            }
        }
        return nil
    }

    /// Whether the suite is there; prints where it looked when it is not.
    public static func isAvailable() -> Bool {
        if wasm2Directory != nil { return true }
        print("Spec suite not found: no wasm-2.0/ in \(candidates.joined(separator: " or ")); set \(environmentVariable) to a directory holding wasm-2.0/. Skipping the spec suite.")
        return false
    }

    /// The `.wast` files of `wasm-2.0/`, sorted by name.
    public static func wasm2Files() throws -> [String] {
        guard let dir = wasm2Directory else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { $0.hasSuffix(".wast") }
            .sorted()
            .map { URL(fileURLWithPath: dir).appendingPathComponent($0).path }
    }
}
