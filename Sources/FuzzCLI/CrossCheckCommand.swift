import ArgumentParser
import Foundation
import WasmFuzzing

/// `fuzz crosscheck`: our generator's and wasm-smith's modules on every backend including wasmtime,
/// and our validator against `wasm-tools validate`. Exit 1 on any disagreement.
struct CrossCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crosscheck",
        abstract: "Cross-check against wasmtime and wasm-tools (peers from ci/peers/install.sh); exit 1 on any divergence."
    )

    @Option(help: "Modules drawn from each generator.") var modules: Int = 100
    @Option(help: "Seconds to run at most.") var time: Double = 120
    @Option(help: "Seed (the same seed gives the same modules).") var seed: UInt64 = 0
    @Option(help: "Comma-separated backends (the first is the reference).") var backends: String = "interpreter,jit,wasmtime"
    @Option(help: "Mutants of each valid module for the validator comparison.") var mutants: Int = 2
    @Option(help: "Where findings are saved.") var findings: String = "findings"
    @Option(help: "The wasm-tools binary (default: .venv-peers/bin, then PATH).") var wasmTools: String?
    @Option(help: "Write the counts as JSON here.") var json: String?

    func run() throws {
        guard let tools = wasmTools.map(WasmTools.init) ?? WasmTools.locate() else {
            print("crosscheck: skipped: wasm-tools not found (run ci/peers/install.sh)")
            throw ExitCode(2)
        }
        var options = CrossCheckOptions()
        options.modules = modules
        options.duration = time
        options.seed = seed
        options.backends = backends.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        options.mutantsPerModule = mutants
        options.findingsDirectory = findings
        let check = try CrossCheck(options: options, tools: tools)
        print("crosscheck: \(options.backends.joined(separator: " vs ")), \(tools.path), seed \(seed)")
        let stats = check.run { print($0) }
        print("""

        summary: \(stats.generatorModules) generator + \(stats.smithModules) wasm-smith modules (\(stats.smithFailures) smith failures) in \(String(format: "%.1f", stats.elapsed)) s
        compared against wasmtime: \(stats.comparedAgainstWasmtime) modules; against the JIT: \(stats.comparedAgainstJIT)
        validator comparisons: \(stats.validatorComparisons.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); \
        \(stats.validatorAgreements) agree (\(stats.mutantsBothRejected) mutants rejected by both), \(stats.validatorDisagreements) disagree
        sat out: \(stats.satOut.isEmpty ? "none" : stats.satOut.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) runs" }.joined(separator: ", "))
        execution divergences: \(stats.executionDivergences)
        """)
        for folder in stats.findings { print("  finding: \(folder)/report.md") }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(stats).write(to: URL(fileURLWithPath: json))
        }
        if stats.executionDivergences + stats.validatorDisagreements > 0 { throw ExitCode(1) }
    }
}
