import Foundation
import WasmCore
import WasmCorpus
import WasmOracle

/// The machine-readable form of a validator disagreement (report.json).
public struct ValidatorFindingReport: Codable, Hashable, Sendable {
    public var kind = "validator"
    public var source: String
    /// Our decoder/validator's error, nil when it accepted.
    public var ours: String?
    /// `wasm-tools validate`'s error, nil when it accepted.
    public var wasmTools: String?
    public var moduleSize: Int

    public var markdown: String {
        """
        # validator disagreement (\(source) module)

        - ours: \(ours.map { "rejects: \($0)" } ?? "accepts")
        - wasm-tools validate --features \(WasmTools.features): \(wasmTools.map { "rejects: \($0)" } ?? "accepts")
        - module: \(moduleSize) bytes (module.wasm)

        Reproduce: `swift run wasm validate module.wasm` and `wasm-tools validate --features \(WasmTools.features) module.wasm`.

        """
    }
}

extension FindingStore {
    /// Saves an execution divergence on a module that did not come from our generator (no
    /// input.bin: `fuzz regress` replays module.wasm directly).
    @discardableResult
    public func saveModule(_ bytes: [UInt8], divergence: Divergence, options: RunOptions, source: String) throws -> String {
        let folder = try makeFolder("\(source)-\(divergence.kind.rawValue)-\(corpusEntryName(for: bytes).prefix(12))")
        let report = FindingReport(divergence, options: options, moduleSize: bytes.count)
        try write(folder, "module.wasm", bytes)
        if let module = try? decodeModule(bytes) { try write(folder, "module.wat", Array(printWAT(module).utf8)) }
        try write(folder, "report.json", try Self.json(report))
        try write(folder, "report.md", Array(report.markdown.utf8))
        return folder
    }

    /// Saves a module on which our validator and `wasm-tools validate` disagree.
    @discardableResult
    public func saveValidatorDisagreement(_ bytes: [UInt8], ours: String?, wasmTools: String?, source: String) throws -> String {
        let folder = try makeFolder("validator-\(corpusEntryName(for: bytes).prefix(12))")
        let report = ValidatorFindingReport(source: source, ours: ours, wasmTools: wasmTools, moduleSize: bytes.count)
        try write(folder, "module.wasm", bytes)
        try write(folder, "report.json", try Self.json(report))
        try write(folder, "report.md", Array(report.markdown.utf8))
        return folder
    }

    private func makeFolder(_ name: String) throws -> String {
        let folder = (directory as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    private func write(_ folder: String, _ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
    }

    static func json(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array(try encoder.encode(value))
    }
}
