import ArgumentParser
import WasmCLIKit
import WasmEngine

/// `wasm validate FILE`: silent success, or the error with its byte offset and status 1.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Decode and validate a module or a component; print the error with its byte offset if it is invalid."
    )

    @Argument(help: "A .wasm binary (core module or component) or a .wat text module.")
    var file: String

    func run() throws {
        do {
            try Invocation.validate(bytes: try Invocation.loadBinary(path: file))
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}
