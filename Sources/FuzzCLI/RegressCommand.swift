import ArgumentParser
import Foundation
import WasmCorpus
import WasmFuzzing
import WasmOracle

/// `fuzz regress`: replays every corpus entry and every saved repro; fails on any divergence.
struct RegressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract: "Replay the corpus and saved repros through the oracle; exit 1 on any divergence."
    )

    @Option(help: "Corpus directory of generator inputs.") var corpus: String = "corpus/smith_diff"
    @Option(help: "Directory of regression modules (*.wasm, run directly).") var regressions: String = "corpus/regressions"
    @Option(help: "Findings directory whose inputs are replayed too (if it exists).") var findings: String = "findings"
    @Option(help: "Comma-separated backends.") var backends: String = "interpreter,jit,wasmkit"

    func run() throws {
        let oracle = Oracle(engines: try makeEngines(backends.split(separator: ",").map(String.init)))
        var failures: [String] = []
        var replayed = 0

        let (entries, problems) = CorpusDirectory(path: corpus).load()
        for problem in problems { print("skipping corrupt corpus entry \(problem)") }
        var inputs = entries.map { (name: "\(corpus)/\($0.name)", bytes: $0.bytes) }
        let fm = FileManager.default
        for folder in ((try? fm.contentsOfDirectory(atPath: findings)) ?? []).sorted() {
            let path = "\(findings)/\(folder)/input.bin"
            if let data = fm.contents(atPath: path) { inputs.append((path, [UInt8](data))) }
        }
        // Findings from outside our generator (cross-checks) have a module but no generator input.
        var modules: [(name: String, bytes: [UInt8])] = []
        for folder in ((try? fm.contentsOfDirectory(atPath: findings)) ?? []).sorted()
        where !fm.fileExists(atPath: "\(findings)/\(folder)/input.bin") {
            let path = "\(findings)/\(folder)/module.wasm"
            if let data = fm.contents(atPath: path) { modules.append((path, [UInt8](data))) }
        }
        for input in inputs {
            let report = FuzzCase(input: input.bytes).run(oracle, localizing: false)
            replayed += 1
            if let divergence = report.divergence { failures.append("\(input.name): \(divergence)") }
        }
        for file in ((try? fm.contentsOfDirectory(atPath: regressions)) ?? []).sorted() where file.hasSuffix(".wasm") {
            guard let data = fm.contents(atPath: "\(regressions)/\(file)") else { continue }
            modules.append(("\(regressions)/\(file)", [UInt8](data)))
        }
        for module in modules {
            var arguments = InterestingArguments(seed: 0)
            let report = oracle.run(module.bytes, arguments: &arguments, localizing: false)
            replayed += 1
            if let divergence = report.divergence { failures.append("\(module.name): \(divergence)") }
        }
        for failure in failures { print("DIVERGENCE \(failure)") }
        print("regress: \(replayed) replayed, \(failures.count) divergent, \(problems.count) corrupt entries skipped")
        if !failures.isEmpty { throw ExitCode(1) }
    }
}
