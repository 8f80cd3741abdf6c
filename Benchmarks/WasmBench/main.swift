// `swift run -c release wasm-bench`: run time of the benchmark programs on every backend, compile
// speed, generator throughput and differential executions per second, with ratios measured in
// one run (machines here are noisy: compare the ratios, not the absolute times).
// Arguments name the sections to run (`programs`, `compile`, `generator`, `diff`, `async`, `stores`); none runs all.
// `compile-loop` (not part of "all") repeats the compile corpus for profiling: see CompileLoop.swift.
import Foundation
import WasmEngine
import WasmFuzzing
import WasmKit
import WasmOracle
import WasmSmith

let programsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("programs").path

/// Best of `repeats` wall-clock timings of `body`, in seconds.
func measure(repeats: Int = 3, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

func format(_ seconds: Double?) -> String { seconds.map { String(format: "%.3f s", $0) } ?? "n/a" }
func ratio(_ a: Double?, _ b: Double?) -> String {
    guard let a, let b, b > 0 else { return "n/a" }
    return String(format: "%.2fx", a / b)
}

struct Program {
    var name: String
    var argument: Int32
}

/// Arguments sized so that the fastest backend runs each program for 5 ms or more: shorter runs
/// made the ratios swing by tens of percent between runs (timer and scheduling noise).
let allPrograms = [Program(name: "arith", argument: 10000), Program(name: "loops", argument: 300000), Program(name: "floats", argument: 50),
                   Program(name: "memory", argument: 10), Program(name: "calls", argument: 30)]

/// The programs to run: all of them, or those named in `WASM_BENCH_PROGRAMS` (comma-separated).
/// An unknown name stops the benchmark with the list of known ones.
let programs: [Program] = {
    guard let list = ProcessInfo.processInfo.environment["WASM_BENCH_PROGRAMS"] else { return allPrograms }
    let names = list.split(separator: ",").map(String.init)
    let unknown = names.filter { name in !allPrograms.contains { $0.name == name } }
    guard unknown.isEmpty else {
        FileHandle.standardError.write(Data(("WASM_BENCH_PROGRAMS: unknown program(s) \(unknown.joined(separator: ", ")); " +
            "known: \(allPrograms.map(\.name).joined(separator: ", "))\n").utf8))
        exit(2)
    }
    return allPrograms.filter { names.contains($0.name) }
}()

/// One backend ready to run a program: its compile time, and a closure that times one fresh
/// store + instantiate + `run(argument)` and returns (seconds, printed result).
struct PreparedProgram {
    var compile: Double
    var runOnce: () -> (Double, String)
}

/// Times `body` once; returns (seconds, what it printed).
func timeOnce(_ body: () -> String) -> (Double, String) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = body()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, result)
}

/// Compiles `bytes` for one of our backends.
func prepareOurs(_ strategy: Strategy, bytes: [UInt8], argument: Int32) -> PreparedProgram? {
    var config = Config()
    config.strategy = strategy
    guard let engine = try? Engine(config) else { return nil }
    var module: WasmEngine.Module?
    let compile = measure { module = try? WasmEngine.Module(engine, bytes: bytes) }
    guard let module else { return nil }
    return PreparedProgram(compile: compile) {
        timeOnce {
            let store = Store(engine)
            guard let instance = try? Linker(engine).instantiate(store, module), let f = instance.function("run") else { return "no run" }
            return (try? f.call([.i32(argument)]).map(\.description).joined(separator: " ")) ?? "trap"
        }
    }
}

/// The same on WasmKit.
func prepareWasmKit(bytes: [UInt8], argument: Int32) -> PreparedProgram? {
    let engine = WasmKit.Engine()
    var module: WasmKit.Module?
    let compile = measure { module = try? parseWasm(bytes: bytes) }
    guard let module else { return nil }
    return PreparedProgram(compile: compile) {
        timeOnce {
            let store = WasmKit.Store(engine: engine)
            guard let instance = try? module.instantiate(store: store), let f = instance.exports[function: "run"] else { return "no run" }
            return (try? f.invoke([.i32(UInt32(bitPattern: argument))]).map { "\($0)" }.joined(separator: " ")) ?? "trap"
        }
    }
}

/// Best run time of each backend over `rounds` rounds. The backends take turns within a round, so
/// a burst of load on the (shared, noisy) machine slows all of them rather than one, and the best of
/// several rounds is the least disturbed.
/// `WASM_BENCH_ORDER=consecutive` runs each backend's rounds back to back instead (to see what
/// the order does to the figures).
func interleavedBest(_ backends: [PreparedProgram?], rounds: Int = 7) -> [(Double, String)?] {
    var best: [(Double, String)?] = backends.map { _ in nil }
    let consecutive = ProcessInfo.processInfo.environment["WASM_BENCH_ORDER"] == "consecutive"
    let turns = consecutive ? backends.indices.flatMap { i in Array(repeating: i, count: rounds) }
                            : (0..<rounds).flatMap { _ in Array(backends.indices) }
    for i in turns {
        guard let backend = backends[i] else { continue }
        let run = backend.runOnce()
        if run.0 < (best[i]?.0 ?? .infinity) { best[i] = run }
    }
    return best
}

/// Run time of the C benchmark programs on every backend (and wasmtime when the peer is installed).
func benchPrograms() {
    print(wasmtimePeer.map { "wasmtime: \($0.python) (PyPI `wasmtime`, Cranelift, timed inside Python)\n" }
          ?? "wasmtime: not installed (run ci/peers/install.sh); its columns show n/a\n")
    print("| program | interpreter | jit | wasmkit | wasmtime | interp vs wasmkit (speedup) | jit vs interp (speedup) | jit vs wasmtime (time ratio) | results agree |")
    print("|---|---|---|---|---|---|---|---|---|")
    for program in programs {
        guard let data = FileManager.default.contents(atPath: "\(programsDirectory)/\(program.name).wasm") else {
            print("| \(program.name) | missing \(program.name).wasm: run Benchmarks/build-programs.sh | | | | | | | |")
            continue
        }
        let bytes = [UInt8](data)
        let timings = interleavedBest([prepareOurs(.interpreter, bytes: bytes, argument: program.argument),
                                       prepareOurs(.jit, bytes: bytes, argument: program.argument),
                                       prepareWasmKit(bytes: bytes, argument: program.argument)])
        let (interp, jit, kit) = (timings[0], timings[1], timings[2])
        let peer = wasmtimePeer?.run("\(programsDirectory)/\(program.name).wasm", argument: program.argument)
        // WasmKit and wasmtime print values their own way; compare ours with each other and show theirs.
        let agree = [interp?.1, jit?.1].compactMap { $0 }.allSatisfy { $0 == interp?.1 }
        print("| \(program.name)(\(program.argument)) | \(format(interp?.0)) | \(format(jit?.0)) | \(format(kit?.0)) | \(format(peer?.run)) | " +
              "\(ratio(kit?.0, interp?.0)) | \(ratio(interp?.0, jit?.0)) | \(ratio(jit?.0, peer?.run)) | " +
              "\(agree ? "yes" : "NO") (\(interp?.1 ?? "-"); wasmkit \(kit?.1 ?? "-"); wasmtime \(peer?.result ?? "-")) |")
    }
    benchProgramOverhead()
}

/// What the program timings include besides the work: a fresh store, instantiation (memory
/// reservation, data segments) and the call, measured as `run(0)` (every program returns at once).
func benchProgramOverhead() {
    print("\n## Per-run overhead (fresh store + instantiate + `run(0)`)\n")
    print("| program | interpreter | jit | wasmkit | wasmtime |")
    print("|---|---|---|---|---|")
    for program in programs {
        guard let data = FileManager.default.contents(atPath: "\(programsDirectory)/\(program.name).wasm") else { continue }
        let bytes = [UInt8](data)
        let timings = interleavedBest([prepareOurs(.interpreter, bytes: bytes, argument: 0),
                                       prepareOurs(.jit, bytes: bytes, argument: 0),
                                       prepareWasmKit(bytes: bytes, argument: 0)])
        let (interp, jit, kit) = (timings[0], timings[1], timings[2])
        let peer = wasmtimePeer?.run("\(programsDirectory)/\(program.name).wasm", argument: 0)
        func ms(_ t: Double?) -> String { t.map { String(format: "%.3f ms", $0 * 1000) } ?? "n/a" }
        print("| \(program.name) | \(ms(interp?.0)) | \(ms(jit?.0)) | \(ms(kit?.0)) | \(ms(peer?.run)) |")
    }
}

/// The large generator configuration (compile speed and generator throughput).
let large: SmithConfig = {
    var large = SmithConfig()
    large.maxFunctions = 40
    large.minFunctions = 20
    large.maxInstructions = 2000
    return large
}()

/// Compile speed on large generated modules.
/// The 20 large generated modules the `compile` section measures.
func compileCorpus() -> [[UInt8]] {
    (0..<20).map { seed in
        var u = Unstructured(seed: UInt64(seed), count: 1 << 16)
        return encodeModule(generateModule(&u, config: large))
    }
}

/// Rounds of the compile corpus each compiler gets (ours and wasmtime's alike), keeping the best:
/// one round takes ~10 ms on our JIT, short enough for a scheduling hiccup to skew a best of 3.
let compileRepeats = 10

func benchCompile() {
    let corpus = compileCorpus()
    let totalBytes = Double(corpus.reduce(0) { $0 + $1.count })
    print("\n## Compile speed (\(corpus.count) generated modules, \(Int(totalBytes)) bytes)\n")
    var ourCompileTimes: [Strategy: Double] = [:]
    print("| backend | time | MB/s | CPU / wall | load precompiled artifacts | compile / load | artifact bytes |")
    print("|---|---|---|---|---|---|---|")
    for strategy in [Strategy.interpreter, .jit] {
        for parallel in [true, false] {
            var config = Config()
            config.strategy = strategy
            config.parallelCompilation = parallel
            let name = strategy.rawValue + (parallel ? "" : " (parallelCompilation off)")
            guard let engine = try? Engine(config) else { print("| \(name) | unavailable | | | | | |"); continue }
            let cpuBefore = processCPUSeconds()
            let t = measure(repeats: compileRepeats) { for bytes in corpus { _ = try? WasmEngine.Module(engine, bytes: bytes) } }
            // The best wall time of `compileRepeats` rounds; CPU time is the average.
            let cpu = (processCPUSeconds() - cpuBefore) / Double(compileRepeats)
            if parallel { ourCompileTimes[strategy] = t }
            let artifacts = corpus.compactMap { try? engine.precompileModule($0) }
            let load = measure { for a in artifacts { _ = try? WasmEngine.Module.deserialize(engine, a) } }
            print("| \(name) | \(format(t)) | \(String(format: "%.1f", totalBytes / t / 1e6)) | \(ratio(cpu, t)) | \(format(load)) | " +
                  "\(ratio(t, load)) | \(artifacts.reduce(0) { $0 + $1.count }) |")
        }
    }
    let kitCompile = measure { for bytes in corpus { _ = try? parseWasm(bytes: bytes) } }
    print("| wasmkit (parse; it translates lazily) | \(format(kitCompile)) | \(String(format: "%.1f", totalBytes / kitCompile / 1e6)) | | | | |")
    if let peer = wasmtimePeer, let t = peer.compile(corpus, repeats: compileRepeats) {
        print("| wasmtime (Cranelift, parallel) | \(format(t)) | \(String(format: "%.1f", totalBytes / t / 1e6)) | | | | |")
        if let jit = ourCompileTimes[.jit] { print("\nJIT compile speed vs wasmtime (both parallel): \(ratio(t, jit)) faster") }
    }
}

/// User plus system CPU seconds of the whole process so far (every thread).
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Generator throughput.
func benchGenerator() {
    print("\n## Generator\n")
    print("| configuration | modules/s |")
    print("|---|---|")
    for (name, config, count) in [("small (default)", SmithConfig(), 20_000), ("large", large, 200)] {
        let t = measure(repeats: 1) {
            for seed in 0..<count {
                var u = Unstructured(seed: UInt64(seed), count: name == "large" ? 1 << 16 : 512)
                _ = encodeModule(generateModule(&u, config: config))
            }
        }
        print("| \(name) | \(String(format: "%.0f", Double(count) / t)) |")
    }
}

/// Differential executions per second on small generated modules (one core).
func benchDifferential() {
    print("\n## Differential executions (one core, small swarm modules)\n")
    print("| backends | exec/s |")
    print("|---|---|")
    for backends in [["interpreter", "wasmkit"], ["interpreter", "jit"], ["interpreter", "jit", "wasmkit"]] {
        guard let engines = try? makeEngines(backends), engines.allSatisfy({ $0.unsupportedReason(for: RunOptions()) == nil }) else {
            print("| \(backends.joined(separator: "+")) | unavailable |")
            continue
        }
        let oracle = Oracle(engines: engines)
        var mutator = Mutator(seed: 7)
        let count = 2000
        let inputs = (0..<count).map { _ in mutator.randomInput(maxLength: 512) }
        let t = measure(repeats: 1) { for input in inputs { _ = FuzzCase(input: input).run(oracle, localizing: false) } }
        print("| \(backends.joined(separator: "+")) | \(String(format: "%.0f", Double(count) / t)) |")
    }
}

let sections = Set(CommandLine.arguments.dropFirst())
func wanted(_ section: String) -> Bool { sections.isEmpty || sections.contains(section) }
print("# wasm-bench (release build expected; ratios are from this one run)\n")
if wanted("programs") { benchPrograms() }
if wanted("compile") { benchCompile() }
if sections.contains("compile-loop") { benchCompileLoop() }
if wanted("generator") { benchGenerator() }
if wanted("diff") { benchDifferential() }
if wanted("async") { printAsyncBench() }
if wanted("stores") { benchmarkShortLivedStores() }
