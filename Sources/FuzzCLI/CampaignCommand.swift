import ArgumentParser
import Foundation
import WasmFuzzing
import WasmSmith

/// `fuzz` / `fuzz campaign`: a time-boxed differential campaign.
struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Run a differential fuzzing campaign (the default: 60 seconds on every backend)."
    )

    @Option(help: "Seconds to run.") var time: Double = 60
    @Option(help: "Parallel jobs (threads).") var jobs: Int = 1
    @Option(help: "Seed of the mutation stream.") var seed: UInt64 = UInt64(Date().timeIntervalSince1970)
    @Option(help: "Comma-separated backends: interpreter, jit, wasmkit.") var backends: String = "interpreter,jit,wasmkit"
    @Option(help: "Wall-clock seconds one module run may take before the watchdog interrupts it (0: no watchdog).") var budget: Double = 2
    @Option(help: "JSON SmithConfig to use for every input (default: swarm, drawn from each input).") var config: String?
    @Option(help: "Corpus directory of generator inputs (gzip entries).") var corpus: String = "corpus/smith_diff"
    @Option(help: "Where findings are saved.") var findings: String = "findings"
    @Option(help: "Stop after this many executions.") var runs: Int?

    func run() throws {
        var options = CampaignOptions()
        options.duration = time
        options.jobs = jobs
        options.seed = seed
        options.backends = backends.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        options.corpusDirectory = corpus
        options.findingsDirectory = findings
        options.maxExecutions = runs
        options.runBudget = budget > 0 ? budget : nil
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else { throw ValidationError("cannot read \(config)") }
            options.config = try JSONDecoder().decode(SmithConfig.self, from: data)
        }
        let campaign = try Campaign(options: options)
        campaign.loadCorpus { print($0) }
        print("fuzz: \(options.backends.joined(separator: " vs ")), \(Int(time)) s, \(jobs) job(s), seed \(seed), corpus \(corpus)")
        let stats = campaign.run { print($0.line) }
        print("""

        summary: \(stats.executions) executions in \(String(format: "%.1f", stats.elapsed)) s \
        (\(String(format: "%.0f", stats.executionsPerSecond)) exec/s); \(stats.validModules) valid modules, \
        \(stats.rejectedModules) rejected; \(stats.calls) calls; \(stats.stackExhaustions) stack exhaustions; \
        \(stats.timeouts) timeouts (over \(budget) s, interrupted)
        traps: \(stats.traps.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
        sat out: \(stats.satOut.isEmpty ? "none" : stats.satOut.map { "\($0.key) \($0.value) runs" }.joined(separator: ", "))
        corpus: \(stats.corpusSize) entries in the pool, \(stats.novelInputs) novel this run, \(stats.newCorpusEntries) written (a cover of their features)
        divergences: \(stats.divergences)
        """)
        for folder in stats.findings { print("  finding: \(folder)/report.md") }
        if stats.divergences > 0 { throw ExitCode(1) }
    }
}
