import Foundation
import WasmCore
import WasmCorpus
import WasmOracle

/// The machine-readable form of a finding (report.json).
public struct FindingReport: Codable, Hashable, Sendable {
    public struct EngineOutcome: Codable, Hashable, Sendable {
        public var engine: String
        public var outcome: String
    }

    public var kind: String
    public var step: String
    public var arguments: [String]
    public var outcomes: [EngineOutcome]
    public var detail: String
    public var location: String?
    public var epochDeadline: UInt64?
    public var fuel: UInt64?
    public var moduleSize: Int

    public init(_ divergence: Divergence, options: RunOptions, moduleSize: Int) {
        kind = divergence.kind.rawValue
        step = divergence.step
        arguments = divergence.arguments.map(\.description)
        outcomes = divergence.outcomes.map { EngineOutcome(engine: $0.engine, outcome: $0.outcome) }
        detail = divergence.detail
        location = divergence.location
        epochDeadline = options.epochDeadline
        fuel = options.fuel
        self.moduleSize = moduleSize
    }

    /// The human-readable form (report.md).
    public var markdown: String {
        var lines = ["# \(kind) divergence", "", "- step: `\(step)(\(arguments.joined(separator: ", ")))`", "- detail: \(detail)"]
        if let location { lines.append("- first differing point: \(location)") }
        if let epochDeadline { lines.append("- epoch deadline: \(epochDeadline) ticks") }
        if let fuel { lines.append("- fuel: \(fuel)") }
        lines.append("- module: \(moduleSize) bytes (module.wasm, module.wat)")
        lines += ["", "| engine | outcome |", "|---|---|"]
        lines += outcomes.map { "| \($0.engine) | \($0.outcome.replacingOccurrences(of: "|", with: "\\|")) |" }
        lines += ["", "Reproduce: `swift run fuzz diff module.wasm` (add the deadline/fuel options above)."]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Writes findings under a directory, one folder each: the input bytes, the module (.wasm and .wat)
/// and the report (.json and .md).
public struct FindingStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// Saves a finding; returns its folder. The folder is named by kind and input hash, so the
    /// same finding is saved once.
    @discardableResult
    public func save(_ fuzzCase: FuzzCase, divergence: Divergence) throws -> String {
        let folder = (directory as NSString).appendingPathComponent("\(divergence.kind.rawValue)-\(corpusEntryName(for: fuzzCase.input).prefix(12))")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func write(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
        }
        let report = FindingReport(divergence, options: fuzzCase.options, moduleSize: fuzzCase.bytes.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try write("input.bin", fuzzCase.input)
        try write("module.wasm", fuzzCase.bytes)
        try write("module.wat", Array(printWAT(fuzzCase.module).utf8))
        try write("report.json", Array(try encoder.encode(report)))
        try write("report.md", Array(report.markdown.utf8))
        return folder
    }
}
