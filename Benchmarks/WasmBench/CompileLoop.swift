import Foundation
import WasmEngine

/// `wasm-bench compile-loop`: compiles the `compile` section's corpus over and over on one
/// backend (`WASM_BENCH_STRATEGY=jit|interpreter`, default jit) for `WASM_BENCH_SECONDS`
/// (default 10), for profiling with `perf record -g`. Prints the throughput it saw.
/// `WASM_BENCH_PARALLEL=0` turns `Config.parallelCompilation` off. `WASM_BENCH_DUMP=DIR` also
/// writes the corpus there (`DIR/0.wasm`...) for other tools.
func benchCompileLoop() {
    let environment = ProcessInfo.processInfo.environment
    let strategy = Strategy(rawValue: environment["WASM_BENCH_STRATEGY"] ?? "jit") ?? .jit
    let seconds = Double(environment["WASM_BENCH_SECONDS"] ?? "") ?? 10
    let corpus = compileCorpus()
    if let directory = environment["WASM_BENCH_DUMP"] {
        for (i, bytes) in corpus.enumerated() {
            FileManager.default.createFile(atPath: "\(directory)/\(i).wasm", contents: Data(bytes))
        }
    }
    var config = Config()
    config.strategy = strategy
    config.parallelCompilation = environment["WASM_BENCH_PARALLEL"] != "0"
    guard let engine = try? Engine(config) else { print("\(strategy.rawValue) unavailable"); return }
    let totalBytes = corpus.reduce(0) { $0 + $1.count }
    let start = DispatchTime.now().uptimeNanoseconds
    var rounds = 0
    var elapsed = 0.0
    while elapsed < seconds {
        for bytes in corpus { _ = try? WasmEngine.Module(engine, bytes: bytes) }
        rounds += 1
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
    print(String(format: "%@: %d rounds, %.1f MB/s", strategy.rawValue, rounds,
                 Double(totalBytes * rounds) / elapsed / 1e6))
}
