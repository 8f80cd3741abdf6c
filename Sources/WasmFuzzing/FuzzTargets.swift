import WasmCore
import WasmOracle
import WasmSmith

/// The logic of the libFuzzer targets in `Fuzz/`: each takes the bytes libFuzzer gives and returns
/// nil when all is well, or the failure to report (the target then calls `fatalError` with it, so
/// libFuzzer saves the input). Kept here so the targets are unit-testable without libFuzzer.
/// Not thread-safe: libFuzzer calls a target from one thread per process.
public enum FuzzTargets {
    /// Target names, as used for `Fuzz/` executables, `corpus/<target>/` and `findings/<target>/`.
    public static let names = ["decode_validate", "smith_validate", "smith_diff", "smith_interp", "smith_jit", "deserialize", "decode_component"]

    /// Runs the named target on `data`.
    public static func run(_ target: String, _ data: [UInt8]) -> String? {
        switch target {
        case "decode_validate": return decodeValidate(data)
        case "smith_validate": return smithValidate(data)
        case "smith_diff": return smithDiff(data)
        case "smith_interp": return smithInterp(data)
        case "smith_jit": return smithJIT(data)
        case "deserialize": return deserialize(data)
        case "decode_component": return decodeComponentTarget(data)
        default: return "unknown fuzz target \(target)"
        }
    }

    /// Raw bytes → our decoder and validator (must never crash), compared with WasmKit's verdict.
    /// A disagreement is a failure unless WasmKit could not decide or it is a known difference.
    public static func decodeValidate(_ data: [UInt8]) -> String? {
        let ours: String?
        do {
            try validateModule(try decodeModule(data))
            ours = nil
        } catch {
            ours = "\(error)"
        }
        let kit = wasmKitValidate(data)
        switch (ours, kit) {
        case (nil, .accepted), (.some, .rejected), (_, .undecided):
            return nil
        case (nil, .rejected(let why)):
            if let known = knownValidationDifference(wasmKit: why) { _ = known; return nil }
            return "decode_validate: we accept, WasmKit rejects: \(why)"
        case (.some(let why), .accepted):
            return "decode_validate: we reject (\(why)), WasmKit accepts"
        }
    }

    /// Generator → encoder → our decoder and validator. A rejection is a generator (or encoder,
    /// decoder, validator) bug.
    public static func smithValidate(_ data: [UInt8]) -> String? {
        let fuzzCase = FuzzCase(input: data)
        do {
            try validateModule(try decodeModule(fuzzCase.bytes))
            return nil
        } catch {
            return "smith_validate: generated module rejected: \(error)\n\(printWAT(fuzzCase.module))"
        }
    }

    /// Generator → oracle on the interpreter, WasmKit and (when it works) the JIT.
    public static func smithDiff(_ data: [UInt8]) -> String? {
        let fuzzCase = FuzzCase(input: data)
        let report = fuzzCase.run(Shared.diffOracle)
        guard let divergence = report.divergence else { return nil }
        let finding = FindingReport(divergence, options: fuzzCase.options, moduleSize: fuzzCase.bytes.count)
        return "smith_diff: divergence\n\(finding.markdown)\n\(printWAT(fuzzCase.module))"
    }

    /// Generator → the interpreter alone (crashes and sanitizer reports are the findings).
    public static func smithInterp(_ data: [UInt8]) -> String? {
        let fuzzCase = FuzzCase(input: data)
        _ = fuzzCase.run(Shared.interpreterOracle, localizing: false)
        return nil
    }

    /// Generator → the JIT alone. Until the `.jit` strategy works this returns at once, saying so once.
    public static func smithJIT(_ data: [UInt8]) -> String? {
        guard let oracle = Shared.jitOracle else {
            if !Shared.saidJITMissing {
                Shared.saidJITMissing = true
                print("smith_jit: the JIT strategy is not available yet (\(Shared.jitUnavailableReason ?? "")); returning early")
            }
            return nil
        }
        let fuzzCase = FuzzCase(input: data)
        _ = fuzzCase.run(oracle, localizing: false)
        return nil
    }

    /// Runs a module (not a generator input) the way `target` runs its generated modules: the
    /// structural phase of crash minimization runs candidates through this in a child process.
    public static func runModule(_ target: String, _ bytes: [UInt8], options: RunOptions, argumentSeed: UInt64) -> String? {
        var arguments = InterestingArguments(seed: argumentSeed)
        switch target {
        case "decode_validate", "smith_validate":
            do { try validateModule(try decodeModule(bytes)) } catch { return "\(target): rejected: \(error)" }
        case "smith_diff":
            let report = Shared.diffOracle.run(bytes, options: options, arguments: &arguments)
            if let divergence = report.divergence { return "smith_diff: divergence \(divergence.kind.rawValue)\n\(divergence)" }
        case "smith_interp":
            _ = Shared.interpreterOracle.run(bytes, options: options, arguments: &arguments, localizing: false)
        case "smith_jit":
            _ = Shared.jitOracle?.run(bytes, options: options, arguments: &arguments, localizing: false)
        case "deserialize":
            return deserialize(bytes)
        case "decode_component":
            return decodeComponentTarget(bytes)
        default:
            return "unknown fuzz target \(target)"
        }
        return nil
    }

    /// WasmKit rejections of valid modules that are WasmKit bugs, checked against the spec (the same
    /// ones the oracle lets WasmKit sit out for). Returns the explanation when `message` is one.
    public static func knownValidationDifference(wasmKit message: String) -> String? {
        knownWasmKitRejections.first { message.contains($0.needle) }?.explanation
    }

    static let knownWasmKitRejections: [(needle: String, explanation: String)] = [
        // Spec 2.0 §3.4.10: C.refs includes functions named by exports; WasmKit ignores exports.
        ("is not declared but referenced as a function reference", "an exported function does not count as declared for ref.func"),
    ]

    /// Engines made once per process.
    enum Shared {
        nonisolated(unsafe) static var saidJITMissing = false
        static let jitUnavailableReason = NativeDiffEngine(strategy: .jit).unsupportedReason(for: RunOptions())
        nonisolated(unsafe) static let diffOracle = Oracle(engines: diffEngines())
        nonisolated(unsafe) static let interpreterOracle = Oracle(engines: [NativeDiffEngine(strategy: .interpreter)])
        nonisolated(unsafe) static let jitOracle: Oracle? = jitUnavailableReason == nil ? Oracle(engines: [NativeDiffEngine(strategy: .jit)]) : nil

        static func diffEngines() -> [any DiffEngine] {
            var engines: [any DiffEngine] = [NativeDiffEngine(strategy: .interpreter), WasmKitDiffEngine()]
            if jitUnavailableReason == nil { engines.append(NativeDiffEngine(strategy: .jit)) }
            return engines
        }
    }
}
