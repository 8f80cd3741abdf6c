import Foundation
import WasmCore
import WasmOracle
import WasmSmith

/// Settings of a cross-check run against the external peers.
public struct CrossCheckOptions: Sendable {
    /// Modules to draw from each generator (our generator and `wasm-tools smith`).
    public var modules = 100
    /// Wall-clock budget in seconds; the run stops at whichever limit comes first.
    public var duration: Double = 120
    public var seed: UInt64 = 0
    /// Engines the modules run on (the first is the reference).
    public var backends = ["interpreter", "jit", "wasmtime"]
    /// Mutants of each valid module whose accept/reject is compared between validators.
    public var mutantsPerModule = 2
    public var findingsDirectory = "findings"

    public init() {}
}

/// The counts a cross-check reports (also its JSON form).
public struct CrossCheckStats: Codable, Sendable {
    public var generatorModules = 0
    public var smithModules = 0
    /// `wasm-tools smith` runs that produced no module.
    public var smithFailures = 0
    /// Modules run through the oracle with wasmtime taking part (not sitting out).
    public var comparedAgainstWasmtime = 0
    /// Modules run through the oracle with the JIT taking part.
    public var comparedAgainstJIT = 0
    public var executionDivergences = 0
    /// Validator comparisons by source: `generator`, `wasm-smith`, `mutated`.
    public var validatorComparisons: [String: Int] = [:]
    public var validatorAgreements = 0
    public var validatorDisagreements = 0
    /// Of the mutants, how many both validators rejected (the interesting agreements).
    public var mutantsBothRejected = 0
    /// Runs each engine sat out, by engine.
    public var satOut: [String: Int] = [:]
    public var findings: [String] = []
    public var elapsed: Double = 0
}

/// Cross-checks against the peers: modules from our generator and from `wasm-tools smith` run on
/// every backend through the oracle, and our validator's accept/reject compared with
/// `wasm-tools validate` on generated and on mutated binaries. Every disagreement is a finding.
public final class CrossCheck {
    public let options: CrossCheckOptions
    public let tools: WasmTools
    private let oracle: Oracle
    private let findings: FindingStore
    public private(set) var stats = CrossCheckStats()

    public init(options: CrossCheckOptions, tools: WasmTools) throws {
        self.options = options
        self.tools = tools
        oracle = Oracle(engines: try makeEngines(options.backends))
        findings = FindingStore(directory: options.findingsDirectory)
    }

    /// Runs until the module count or the time budget is spent; `progress` gets a line now and then.
    public func run(progress: (String) -> Void = { _ in }) -> CrossCheckStats {
        let start = Date()
        var mutator = Mutator(seed: options.seed)
        for index in 0..<options.modules {
            guard Date().timeIntervalSince(start) < options.duration else { break }
            let seedBytes = mutator.randomInput(maxLength: 4096)

            let fuzzCase = FuzzCase(input: seedBytes)
            stats.generatorModules += 1
            compareValidators(fuzzCase.bytes, source: "generator")
            record(fuzzCase.run(oracle)) { try self.findings.save(fuzzCase, divergence: $0) }
            var valid = [fuzzCase.bytes]

            if let smithBytes = tools.smith(seedBytes) {
                stats.smithModules += 1
                if compareValidators(smithBytes, source: "wasm-smith") {
                    var arguments = InterestingArguments(seed: fnv1a(smithBytes))
                    let report = oracle.run(smithBytes, arguments: &arguments)
                    record(report) { try self.findings.saveModule(smithBytes, divergence: $0, options: RunOptions(), source: "wasm-smith") }
                    valid.append(smithBytes)
                }
            } else {
                stats.smithFailures += 1
            }

            for base in valid {
                for _ in 0..<options.mutantsPerModule {
                    compareValidators(mutator.mutate(base), source: "mutated")
                }
            }
            if index % 10 == 9 { progress(line(start)) }
        }
        stats.elapsed = Date().timeIntervalSince(start)
        progress(line(start))
        return stats
    }

    private func line(_ start: Date) -> String {
        let comparisons = stats.validatorComparisons.values.reduce(0, +)
        return String(format: "crosscheck %.0fs: %d+%d modules, %d vs wasmtime, %d vs jit, %d validator comparisons (%d disagree), %d execution divergences",
                      Date().timeIntervalSince(start), stats.generatorModules, stats.smithModules, stats.comparedAgainstWasmtime,
                      stats.comparedAgainstJIT, comparisons, stats.validatorDisagreements, stats.executionDivergences)
    }

    private func record(_ report: OracleReport, save: (Divergence) throws -> String) {
        for (engine, _) in report.satOut { stats.satOut[engine, default: 0] += 1 }
        if report.engines.contains("wasmtime") && report.satOut["wasmtime"] == nil { stats.comparedAgainstWasmtime += 1 }
        if report.engines.contains("jit") && report.satOut["jit"] == nil { stats.comparedAgainstJIT += 1 }
        guard let divergence = report.divergence, let folder = try? save(divergence) else { return }
        stats.executionDivergences += 1
        if !stats.findings.contains(folder) { stats.findings.append(folder) }
    }

    /// Compares our decoder+validator with `wasm-tools validate`; returns whether ours accepted.
    @discardableResult
    private func compareValidators(_ bytes: [UInt8], source: String) -> Bool {
        let ours: String?
        do {
            try validateModule(try decodeModule(bytes))
            ours = nil
        } catch {
            ours = "\(error)"
        }
        let theirs = tools.validate(bytes)
        stats.validatorComparisons[source, default: 0] += 1
        if (ours == nil) == (theirs == nil) {
            stats.validatorAgreements += 1
            if source == "mutated" && ours != nil { stats.mutantsBothRejected += 1 }
        } else {
            stats.validatorDisagreements += 1
            if let folder = try? findings.saveValidatorDisagreement(bytes, ours: ours, wasmTools: theirs, source: source),
               !stats.findings.contains(folder) {
                stats.findings.append(folder)
            }
        }
        return ours == nil
    }
}
