import ArgumentParser
import Foundation
import WasmCLIKit
import WasmEngine

@main
struct WasmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wasm",
        abstract: "Run and validate WebAssembly modules, and run spec scripts.",
        subcommands: [RunCommand.self, CompileCommand.self, ValidateCommand.self, WastCommand.self]
    )
}

extension Strategy: ExpressibleByArgument {}

/// Prints a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
