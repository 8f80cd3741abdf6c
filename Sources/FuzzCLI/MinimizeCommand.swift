import ArgumentParser
import Foundation
import WasmCore
import WasmFuzzing
import WasmOracle

/// `fuzz minimize FILE`: reduces a crash or a divergence to a small module.
struct MinimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minimize",
        abstract: "Reduce a finding: byte-level on the generator input, then structurally on the module.",
        discussion: """
        FILE is a generator input (the bytes a fuzz target received, e.g. findings/*/input.bin or a
        libFuzzer crash-* file) or a .wasm module (divergences only; give its run options).
        Crashes: libFuzzer's -minimize_crash=1 on the built TARGET, then structural reduction with
        `fuzz run-module` in a subprocess keeping the crash signature.
        """
    )

    enum Kind: String, ExpressibleByArgument { case crash, divergence }

    @Argument(help: "Generator input or .wasm module.") var file: String
    @Option(help: "crash or divergence.") var kind: Kind = .divergence
    @Option(name: .shortAndLong, help: "Output directory.") var output: String = "minimized"
    @Option(help: "Comma-separated backends (divergences).") var backends: String = "interpreter,jit,wasmkit"
    @Option(help: "Fuzz target that crashed (crashes).") var target: String = "smith_diff"
    @Option(help: "Sanitizers of the built target (crashes).") var sanitize: String = "fuzzer,address"
    @Option(help: "Budget of predicate runs for the structural phase.") var checks: Int = 4000
    /// For a .wasm FILE (a generator input carries its own).
    @OptionGroup var execution: ModuleRunOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        let bytes = [UInt8](data)
        switch kind {
        case .divergence: try minimizeDivergence(bytes)
        case .crash: try minimizeCrash(bytes)
        }
    }

    func minimizeDivergence(_ bytes: [UInt8]) throws {
        let names = backends.split(separator: ",").map(String.init)
        _ = try makeEngines(names)
        var minimizer = DivergenceMinimizer(engines: { (try? makeEngines(names)) ?? [] })
        minimizer.structuralChecks = checks
        let result: MinimizedDivergence?
        if bytes.starts(with: [0x00, 0x61, 0x73, 0x6D]) {
            let module = try decodeModule(bytes)
            result = minimizer.minimize(module: module, options: execution.runOptions, argumentSeed: execution.argumentSeed)
        } else {
            result = minimizer.minimize(input: bytes)
        }
        guard let result else {
            print("no divergence: \(file) does not reproduce on \(backends)")
            throw ExitCode(1)
        }
        for path in try result.write(to: output) { print("wrote \(path)") }
        print("kept \(result.signature); \(result.instructionCount) instructions, \(result.bytes.count) bytes, \(result.checks) checks")
    }

    func minimizeCrash(_ bytes: [UInt8]) throws {
        guard FuzzTargets.names.contains(target) else { throw ValidationError("unknown target \(target)") }
        let fm = FileManager.default
        try fm.createDirectory(atPath: output, withIntermediateDirectories: true)
        let setup = LibFuzzerSetup(sanitizers: sanitize)
        var input = bytes
        let minimizedInput = "\(output)/input.bin"
        if fm.isExecutableFile(atPath: setup.binary(target)) {
            let command = setup.minimizeCrashCommand(target, crash: file, output: minimizedInput, runs: 10_000)
            print("$ SWIFT_BACKTRACE=enable=no " + command.joined(separator: " "))
            try LibFuzzerSetup.run(command, quiet: true)
            if let data = fm.contents(atPath: minimizedInput) { input = [UInt8](data) }
        } else {
            print("\(setup.binary(target)) is not built (run `fuzz libfuzzer \(target) --time 0` first): skipping the byte-level phase")
            try Data(input).write(to: URL(fileURLWithPath: minimizedInput))
        }
        let fuzzCase = FuzzCase(input: input)
        let probe = CrashProbe(target: target, options: fuzzCase.options, argumentSeed: fuzzCase.argumentSeed, scratch: output)
        guard let signature = probe.signature(fuzzCase.module) else {
            print("the module of \(file) does not crash `fuzz run-module --target \(target)`; kept the byte-level result only")
            return
        }
        print("crash signature: \(signature)")
        var reducer = StructuralReducer(fuzzCase.module, maxChecks: checks) { probe.signature($0) == signature }
        let smallest = reducer.reduce()
        try Data(encodeModule(smallest)).write(to: URL(fileURLWithPath: "\(output)/minimized.wasm"))
        try printWAT(smallest).write(toFile: "\(output)/minimized.wat", atomically: true, encoding: .utf8)
        let report = """
        # crash in \(target)

        - signature: \(signature)
        - run options: \(fuzzCase.options), argument seed \(fuzzCase.argumentSeed)
        - minimized: \(encodeModule(smallest).count) bytes (minimized.wasm, minimized.wat), \(reducer.checks) checks
        - byte-level input: input.bin (\(input.count) bytes)

        Reproduce: `swift run fuzz run-module minimized.wasm --target \(target) --argument-seed \(fuzzCase.argumentSeed)\(fuzzCase.options.fuel.map { " --fuel \($0)" } ?? "")\(fuzzCase.options.epochDeadline.map { " --epoch-deadline \($0)" } ?? "")`

        """
        try report.write(toFile: "\(output)/report.md", atomically: true, encoding: .utf8)
        let json = try JSONSerialization.data(withJSONObject: ["target": target, "signature": signature, "moduleSize": encodeModule(smallest).count,
                                                                "argumentSeed": String(fuzzCase.argumentSeed)], options: [.prettyPrinted, .sortedKeys])
        try json.write(to: URL(fileURLWithPath: "\(output)/report.json"))
        print("wrote \(output)/minimized.wasm, minimized.wat, report.md, report.json")
    }
}

/// Runs a candidate module in a child `fuzz run-module` and names how it died.
struct CrashProbe {
    let target: String
    let options: RunOptions
    let argumentSeed: UInt64
    let scratch: String

    /// "signal N: first fatal line", or nil when the child exits normally.
    func signature(_ module: ModuleDefinition) -> String? {
        let path = "\(scratch)/.candidate.wasm"
        guard (try? Data(encodeModule(module)).write(to: URL(fileURLWithPath: path))) != nil else { return nil }
        var arguments = ["run-module", path, "--target", target, "--argument-seed", String(argumentSeed)]
        if let fuel = options.fuel { arguments += ["--fuel", String(fuel)] }
        if let deadline = options.epochDeadline { arguments += ["--epoch-deadline", String(deadline)] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = arguments
        process.environment = LibFuzzerSetup.environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .uncaughtSignal || process.terminationStatus > 1 else { return nil }
        let line = text.split(separator: "\n").first { $0.contains("Fatal error") || $0.contains("ERROR: AddressSanitizer") } ?? ""
        // Drop addresses and the divergence details, keep the kind of failure.
        let key = line.split(separator: ":").prefix(3).joined(separator: ":")
        return "status \(process.terminationStatus): \(key)"
    }
}

/// `fuzz run-module FILE --target T`: runs a module the way a fuzz target would, crashing the same way.
struct RunModuleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run-module", abstract: "Run one module as a fuzz target would (used by minimize --kind crash).")

    @Argument(help: "A .wasm module.") var file: String
    @Option(help: "smith_diff, smith_interp, smith_jit or smith_validate.") var target: String = "smith_diff"
    @OptionGroup var execution: ModuleRunOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        if let failure = FuzzTargets.runModule(target, [UInt8](data), options: execution.runOptions, argumentSeed: execution.argumentSeed) {
            fatalError(failure)
        }
    }
}
