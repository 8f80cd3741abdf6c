import ArgumentParser
import Foundation
import WasmCLIKit
import WasmEngine

/// `wasm compile FILE [--backend B] [--fuel] -o OUT`: writes a precompiled artifact.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Precompile a module to an artifact that `wasm run` loads without compiling.",
        discussion: "The artifact only loads into an engine with the same settings (backend, fuel instrumentation, features, CPU features for the JIT); `wasm run` picks the artifact's backend by default."
    )

    @Argument(help: "A .wasm binary or a .wat text module.")
    var file: String

    @Option(help: "interpreter, jit or auto.")
    var backend: Strategy = .auto

    @Flag(help: "Compile with fuel instrumentation (for `wasm run --fuel N`).")
    var fuel = false

    @Option(name: .short, help: ArgumentHelp("Where to write the artifact.", valueName: "file.cwasm"))
    var output: String

    func run() throws {
        do {
            let bytes = try Invocation.loadBinary(path: file)
            let artifact = try Invocation.precompile(bytes: bytes, strategy: backend, consumeFuel: fuel)
            guard FileManager.default.createFile(atPath: output, contents: Data(artifact)) else {
                throw CLIError("cannot write \(output)")
            }
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}
