import ArgumentParser

@main
struct WasmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wasm", abstract: "Run and validate WebAssembly modules.")
    func run() throws { print("unimplemented") }
}
