import Foundation
import WasmCore
import WasmOracle
import WasmSmith

/// What a divergence reduction keeps: the divergence kind and, when the oracle localised it, the
/// mnemonic of the instruction at the localised point.
public struct DivergenceSignature: Hashable, Codable, Sendable, CustomStringConvertible {
    public var kind: String
    public var mnemonic: String?

    public var description: String { mnemonic.map { "\(kind) at \($0)" } ?? kind }

    /// Whether `other` shows the same divergence (the mnemonic only counts when this one has it).
    public func isReproduced(by other: DivergenceSignature) -> Bool {
        kind == other.kind && (mnemonic == nil || mnemonic == other.mnemonic)
    }
}

/// A reduced divergence: the smallest module found, how it is run, and the oracle's report.
public struct MinimizedDivergence: Sendable {
    /// The reduced generator input, when the reduction started from one.
    public var input: [UInt8]?
    public var module: ModuleDefinition
    public var bytes: [UInt8]
    public var options: RunOptions
    public var argumentSeed: UInt64
    public var divergence: Divergence
    public var signature: DivergenceSignature
    /// Predicate runs spent.
    public var checks: Int

    public var instructionCount: Int { ModuleEdits.instructionCount(module) }

    /// Writes `minimized.wasm`, `minimized.wat`, `report.json`, `report.md` (and `input.bin`) into
    /// `directory`; returns the paths written.
    @discardableResult
    public func write(to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var written: [String] = []
        func write(_ name: String, _ bytes: [UInt8]) throws {
            let path = (directory as NSString).appendingPathComponent(name)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            written.append(path)
        }
        let report = FindingReport(divergence, options: options, moduleSize: bytes.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let input { try write("input.bin", input) }
        try write("minimized.wasm", bytes)
        try write("minimized.wat", Array(printWAT(module).utf8))
        try write("report.json", Array(try encoder.encode(report)))
        var markdown = report.markdown.replacingOccurrences(of: "module.wasm, module.wat", with: "minimized.wasm, minimized.wat")
        markdown += "\nMinimized (\(instructionCount) instructions, \(checks) checks), keeping: \(signature).\n"
        markdown += "Reproduce: `swift run fuzz diff minimized.wasm --argument-seed \(argumentSeed)"
        if let fuel = options.fuel { markdown += " --fuel \(fuel)" }
        if let deadline = options.epochDeadline { markdown += " --epoch-deadline \(deadline)" }
        markdown += "`\n"
        try write("report.md", Array(markdown.utf8))
        return written
    }
}

/// Reduces a differential finding: byte-level on the generator input, then structurally on the
/// module, keeping the divergence signature. The engines come from one closure, so testing a
/// different backend (the JIT, a fault-injecting wrapper) is a one-line change.
public struct DivergenceMinimizer {
    public var makeEngines: () -> [any DiffEngine]
    /// Budget of oracle runs for the byte-level and the structural phase.
    public var byteChecks = 400
    public var structuralChecks = 4000
    /// The generator configuration the inputs were made with; nil for swarm (drawn from the input),
    /// as in campaigns and the libFuzzer targets.
    public var config: SmithConfig?
    /// Require the same instruction mnemonic at the localised point (when the original has one).
    public var matchLocation = true

    public init(engines: @escaping () -> [any DiffEngine]) {
        makeEngines = engines
    }

    /// The divergence of one module run and its signature, or nil when the engines agree.
    public func probe(_ bytes: [UInt8], options: RunOptions, argumentSeed: UInt64, localizing: Bool) -> (Divergence, DivergenceSignature)? {
        var arguments = InterestingArguments(seed: argumentSeed)
        let report = Oracle(engines: makeEngines()).run(bytes, options: options, arguments: &arguments, localizing: localizing)
        guard let divergence = report.divergence else { return nil }
        let mnemonic = localizing ? Self.mnemonic(at: divergence.location, in: bytes) : nil
        return (divergence, DivergenceSignature(kind: divergence.kind.rawValue, mnemonic: mnemonic))
    }

    /// The mnemonic of the instruction at a location such as "the fuel segment at func 3 @ 0x4f".
    public static func mnemonic(at location: String?, in bytes: [UInt8]) -> String? {
        guard let location, let funcRange = location.range(of: "func "), let atRange = location.range(of: " @ 0x") else { return nil }
        let funcDigits = location[funcRange.upperBound...].prefix { $0.isNumber }
        let hexDigits = location[atRange.upperBound...].prefix { $0.isHexDigit }
        guard let function = Int(funcDigits), let offset = Int(hexDigits, radix: 16),
              let module = try? decodeModule(bytes) else { return nil }
        let defined = function - module.importedFunctions.count
        guard defined >= 0, defined < module.codes.count else { return nil }
        let body = module.codes[defined]
        guard let index = body.offsets.lastIndex(where: { $0 <= offset }), index < body.instructions.count else { return nil }
        return body.instructions[index].mnemonic
    }

    func fuzzCase(_ input: [UInt8]) -> FuzzCase {
        FuzzCase(input: input, swarm: config == nil, config: config ?? SmithConfig())
    }

    /// Reduces a generator input (the bytes a fuzz target received). Nil when it does not diverge.
    public func minimize(input: [UInt8]) -> MinimizedDivergence? {
        let original = fuzzCase(input)
        guard let (_, target) = probe(original.bytes, options: original.options, argumentSeed: original.argumentSeed, localizing: matchLocation) else { return nil }
        var bytes = ByteReducer(maxChecks: byteChecks)
        let reducedInput = bytes.reduce(input) { candidate in
            let c = fuzzCase(candidate)
            guard let (_, s) = probe(c.bytes, options: c.options, argumentSeed: c.argumentSeed, localizing: target.mnemonic != nil) else { return false }
            return target.isReproduced(by: s)
        }
        let reduced = fuzzCase(reducedInput)
        guard var result = minimize(module: reduced.module, options: reduced.options, argumentSeed: reduced.argumentSeed, target: target) else { return nil }
        result.input = reducedInput
        result.checks += bytes.checks
        return result
    }

    /// Reduces a module run with `options` and `argumentSeed`. Nil when it does not diverge.
    public func minimize(module: ModuleDefinition, options: RunOptions, argumentSeed: UInt64, target: DivergenceSignature? = nil) -> MinimizedDivergence? {
        let bytes = encodeModule(module)
        guard let (_, found) = probe(bytes, options: options, argumentSeed: argumentSeed, localizing: matchLocation) else { return nil }
        let target = target ?? found
        var reducer = StructuralReducer(module, maxChecks: structuralChecks) { candidate in
            guard let (_, s) = probe(encodeModule(candidate), options: options, argumentSeed: argumentSeed, localizing: target.mnemonic != nil) else { return false }
            return target.isReproduced(by: s)
        }
        let smallest = reducer.reduce()
        let smallestBytes = encodeModule(smallest)
        guard let (divergence, signature) = probe(smallestBytes, options: options, argumentSeed: argumentSeed, localizing: true) else { return nil }
        return MinimizedDivergence(input: nil, module: smallest, bytes: smallestBytes, options: options, argumentSeed: argumentSeed,
                                   divergence: divergence, signature: signature, checks: reducer.checks)
    }
}
