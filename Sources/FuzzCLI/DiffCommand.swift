import ArgumentParser
import Foundation
import WasmFuzzing
import WasmOracle

/// `fuzz diff FILE.wasm`: runs one module through the oracle.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Run one module on every backend and compare.")

    @Argument(help: "A .wasm module.") var file: String
    @Option(help: "Comma-separated backends.") var backends: String = "interpreter,jit,wasmkit"
    @OptionGroup var execution: ModuleRunOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        let engines = try makeEngines(backends.split(separator: ",").map(String.init))
        var arguments = InterestingArguments(seed: execution.argumentSeed)
        let report = Oracle(engines: engines).run([UInt8](data), options: execution.runOptions, arguments: &arguments)
        print(describe(report))
        if report.divergence != nil { throw ExitCode(1) }
    }
}

/// A short text of an oracle report.
func describe(_ report: OracleReport) -> String {
    var lines: [String] = []
    lines.append("engines: \(report.engines.joined(separator: ", "))")
    for (engine, why) in report.satOut.sorted(by: { $0.key < $1.key }) { lines.append("sat out: \(engine): \(why)") }
    if let rejected = report.rejected { lines.append("rejected: \(rejected)") }
    lines.append("instantiated: \(report.instantiated), calls: \(report.calls), stack exhaustions: \(report.stackExhaustions)")
    if !report.traps.isEmpty {
        lines.append("traps: " + report.traps.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
    }
    if report.timedOut { lines.append("timed out: the watchdog interrupted the run; later outcomes were not compared") }
    lines.append(report.divergence.map(\.description) ?? "no divergence")
    return lines.joined(separator: "\n")
}
