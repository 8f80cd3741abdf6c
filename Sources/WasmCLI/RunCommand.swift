import ArgumentParser
import WasmCLIKit
import WasmEngine

/// `wasm run FILE --invoke NAME [--backend B] [--fuel N] [--json] [-- ARGS...]`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Instantiate a module (no imports) and call one exported function.",
        discussion: "Arguments after `--` are parsed by the function's parameter types: integers in decimal or 0x hex, floats in decimal, nan, inf, -inf. A trap exits with status 1."
    )

    @Argument(help: "A .wasm binary or a .wat text module.")
    var file: String

    @Option(help: ArgumentHelp("The exported function to call.", valueName: "name"))
    var invoke: String

    @Option(help: "interpreter, jit or auto.")
    var backend: Strategy = .auto

    @Option(help: ArgumentHelp("Enable fuel with this budget.", valueName: "n"))
    var fuel: UInt64?

    @Flag(help: "Print one JSON object with the results' bit patterns and the trap, if any.")
    var json = false

    @Argument(parsing: .postTerminator, help: "Arguments of the function (after --).")
    var arguments: [String] = []

    func run() throws {
        let outcome: Invocation.Outcome
        do {
            let bytes = try Invocation.loadBinary(path: file)
            outcome = try Invocation.run(bytes: bytes, function: invoke, arguments: arguments, strategy: backend, fuel: fuel)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        if json {
            print(ResultFormatting.json(results: outcome.results, trap: outcome.trap))
        } else {
            for value in outcome.results { print(ResultFormatting.text(value)) }
        }
        if let trap = outcome.trap {
            printError(ResultFormatting.trapText(trap))
            throw ExitCode(1)
        }
    }
}
