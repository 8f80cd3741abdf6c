import ArgumentParser
import WasmOracle

/// How one given `.wasm` module is run (`diff`, `minimize`, `run-module`): the epoch deadline,
/// the fuel budget and the seed of the call arguments, as the finding that produced it recorded.
struct ModuleRunOptions: ParsableArguments {
    @Option(help: "Epoch deadline in ticks (host.tick advances the epoch).") var epochDeadline: UInt64?
    @Option(help: "Fuel budget.") var fuel: UInt64?
    @Option(help: "Seed of the call arguments.") var argumentSeed: UInt64 = 0

    var runOptions: RunOptions { RunOptions(epochDeadline: epochDeadline, fuel: fuel) }
}
