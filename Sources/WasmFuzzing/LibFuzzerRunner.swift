import Foundation
import WasmCorpus

/// The libFuzzer side of `fuzz libfuzzer` and `fuzz minimize --kind crash`: how the instrumented
/// targets in `Fuzz/` are built and run. Commands are returned as argument vectors so they can
/// be printed, tested and run.
public struct LibFuzzerSetup: Sendable {
    /// The root of the repository (holding `Fuzz/`, `corpus/`, `findings/`).
    public var root: String
    /// `-sanitize=` value: `fuzzer,address` (default), `fuzzer` (ASan-free, faster) or `fuzzer,thread`.
    public var sanitizers: String

    public init(root: String = FileManager.default.currentDirectoryPath, sanitizers: String = "fuzzer,address") {
        self.root = root
        self.sanitizers = sanitizers
    }

    /// Each sanitizer set builds into its own scratch directory, so variants do not rebuild each other.
    public var scratchPath: String {
        let suffix = sanitizers == "fuzzer,address" ? "" : "-" + sanitizers.replacingOccurrences(of: ",", with: "-")
        return "\(root)/Fuzz/.build\(suffix)"
    }

    /// `swift build` of every fuzz target with the sanitizers as one flag (so the root library is
    /// instrumented too) and `-parse-as-library` (the targets have no `main.swift`).
    public var buildCommand: [String] {
        ["swift", "build", "--package-path", "\(root)/Fuzz", "--scratch-path", scratchPath, "-c", "release",
         "-Xswiftc", "-sanitize=\(sanitizers)", "-Xswiftc", "-parse-as-library"]
    }

    public func binary(_ target: String) -> String { "\(scratchPath)/release/\(target)" }

    /// The fuzzing run: corpus directory first, then the dictionary, time and artifact options.
    public func runCommand(_ target: String, corpus: String, dictionary: String, seconds: Int, jobs: Int, extra: [String]) -> [String] {
        var command = [binary(target), corpus, "-dict=\(dictionary)", "-max_total_time=\(seconds)",
                       "-artifact_prefix=\(root)/findings/\(target)/"]
        if jobs > 1 { command += ["-jobs=\(jobs)", "-workers=\(jobs)"] }
        return command + extra
    }

    /// libFuzzer's corpus merge: keeps the inputs of `from` that add coverage, into `into`.
    public func mergeCommand(_ target: String, into: String, from: [String]) -> [String] {
        [binary(target), "-merge=1", into] + from
    }

    /// libFuzzer's crash minimization of one input.
    public func minimizeCrashCommand(_ target: String, crash: String, output: String, runs: Int) -> [String] {
        [binary(target), "-minimize_crash=1", "-runs=\(runs)", "-exact_artifact_path=\(output)", crash]
    }

    /// The environment for every run: Swift's backtracer off (under ASan it turns a `fatalError`
    /// into a bogus report and can hang `-minimize_crash`).
    public static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        return env
    }

    /// Runs a command with inherited output; returns its exit status (or -signal).
    @discardableResult
    public static func run(_ command: [String], quiet: Bool = false) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = environment
        if quiet {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
    }
}

/// A libFuzzer dictionary of WebAssembly tokens: magic and version, section ids, value and block
/// types, common opcodes and prefixes, and LEB128 patterns (long forms, extremes).
public func wasmDictionary() -> String {
    func escaped(_ bytes: [UInt8]) -> String { "\"" + bytes.map { String(format: "\\x%02X", $0) }.joined() + "\"" }
    var entries: [(String, [UInt8])] = [
        ("magic", [0x00, 0x61, 0x73, 0x6D]), ("version", [0x01, 0x00, 0x00, 0x00]),
        ("header", [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]),
        ("functype", [0x60]), ("i32", [0x7F]), ("i64", [0x7E]), ("f32", [0x7D]), ("f64", [0x7C]),
        ("v128", [0x7B]), ("funcref", [0x70]), ("externref", [0x6F]), ("empty_blocktype", [0x40]),
        ("limits_min_max", [0x01, 0x00, 0x01]), ("mut", [0x01]),
        ("leb_zero_long", [0x80, 0x80, 0x80, 0x80, 0x00]), ("leb_u32_max", [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        ("leb_s32_min", [0x80, 0x80, 0x80, 0x80, 0x78]), ("leb_minus_one", [0x7F]), ("leb_128", [0x80, 0x01]),
        ("leb_u64_max", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        ("leb_overlong", [0x80, 0x80, 0x80, 0x80, 0x80, 0x00]),
        ("i32_const_0_end", [0x41, 0x00, 0x0B]), ("empty_body", [0x02, 0x00, 0x0B]),
        ("name_section", [0x00, 0x04, 0x6E, 0x61, 0x6D, 0x65]),
    ]
    for id in 0...12 { entries.append(("section_\(id)", [UInt8(id)])) }
    let opcodes: [(String, UInt8)] = [
        ("unreachable", 0x00), ("nop", 0x01), ("block", 0x02), ("loop", 0x03), ("if", 0x04), ("else", 0x05),
        ("end", 0x0B), ("br", 0x0C), ("br_if", 0x0D), ("br_table", 0x0E), ("return", 0x0F), ("call", 0x10),
        ("call_indirect", 0x11), ("drop", 0x1A), ("select", 0x1B), ("select_t", 0x1C), ("local_get", 0x20),
        ("local_set", 0x21), ("local_tee", 0x22), ("global_get", 0x23), ("global_set", 0x24),
        ("table_get", 0x25), ("table_set", 0x26), ("i32_load", 0x28), ("i64_load", 0x29), ("i32_store", 0x36),
        ("memory_size", 0x3F), ("memory_grow", 0x40), ("i32_const", 0x41), ("i64_const", 0x42),
        ("f32_const", 0x43), ("f64_const", 0x44), ("i32_add", 0x6A), ("i32_div_s", 0x6D), ("i64_div_s", 0x7F),
        ("ref_null", 0xD0), ("ref_is_null", 0xD1), ("ref_func", 0xD2), ("prefix_fc", 0xFC), ("prefix_fd", 0xFD),
    ]
    entries += opcodes.map { ("op_\($0.0)", [$0.1]) }
    for sub: UInt8 in [0, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17] { entries.append(("op_fc_\(sub)", [0xFC, sub])) }
    return entries.map { "\($0.0)=\(escaped($0.1))" }.joined(separator: "\n") + "\n"
}
