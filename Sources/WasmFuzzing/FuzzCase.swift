import WasmCore
import WasmOracle
import WasmSmith

/// One differential test case derived from fuzzer bytes: the generated module, how it is run
/// (plain, with an epoch deadline, or with a fuel budget) and the seed of its call arguments.
/// The same bytes always give the same case.
public struct FuzzCase: Sendable {
    public var input: [UInt8]
    public var config: SmithConfig
    public var module: ModuleDefinition
    public var bytes: [UInt8]
    public var options: RunOptions
    public var argumentSeed: UInt64

    /// Builds the case for `input`. With `swarm`, the generator configuration is drawn from the
    /// input too, with NaNs canonicalized after every operation that may produce one: the spec
    /// lets engines pick the payload of such a NaN (WasmKit's `f32.min` of a NaN is the canonical
    /// NaN, ours keeps the operand's), and a NaN reinterpreted as an integer or stored to memory
    /// would otherwise be reported as a divergence (wasmtime's differential fuzzing does the
    /// same). An explicit `config` is taken as given. Termination is always ensured, since not
    /// every engine can be interrupted.
    public init(input: [UInt8], swarm: Bool = true, config base: SmithConfig = SmithConfig()) {
        self.input = input
        var u = Unstructured(input)
        var config = base
        if swarm {
            config = SmithConfig.arbitrary(&u)
            config.canonicalizeNaNs = true
        }
        config.ensureTermination = true
        self.config = config
        module = generateModule(&u, config: config)
        bytes = encodeModule(module)
        let hash = fnv1a(input)
        argumentSeed = hash
        switch hash % 4 {
        case 2: options = RunOptions(epochDeadline: 1 + (hash >> 8) % 16)
        case 3: options = RunOptions(fuel: 1 + (hash >> 8) % 20_000)
        default: options = RunOptions()
        }
    }

    /// Runs the case through `oracle`.
    public func run(_ oracle: Oracle, localizing: Bool = true) -> OracleReport {
        var arguments = InterestingArguments(seed: argumentSeed)
        return oracle.run(bytes, options: options, arguments: &arguments, localizing: localizing)
    }
}

/// 64-bit FNV-1a: a stable hash (Swift's `Hasher` is seeded per process).
func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
}
