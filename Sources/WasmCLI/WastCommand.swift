import ArgumentParser
import WasmEngine
import WastRunner

/// `wasm wast FILE... [--backend B] [--precompiled]`: runs spec scripts and prints their counts.
struct WastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wast",
        abstract: "Run .wast spec scripts; exit 1 if any directive fails."
    )

    @Argument(help: "The .wast files.")
    var files: [String]

    @Option(help: "interpreter, jit or auto.")
    var backend: Strategy = .auto

    @Flag(help: "Only print the table, not each file's failures and skips.")
    var quiet = false

    @Flag(help: "Precompile every module to an artifact and deserialize it before instantiating.")
    var precompiled = false

    func run() throws {
        var config = Config()
        config.strategy = backend
        var runner = WastRunner(config: config)
        runner.roundTripPrecompiled = precompiled
        var results: [WastFileResult] = []
        for file in files {
            let result = runner.run(path: file)
            if !quiet { print(result.report) }
            results.append(result)
        }
        let summary = WastSummary(results)
        print(summary.table)
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
