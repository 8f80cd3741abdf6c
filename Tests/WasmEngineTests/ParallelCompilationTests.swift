import Foundation
import Testing
@_spi(Testing) import WasmEngine
import WasmCore
import WasmSmith

/// `Config.parallelCompilation`: the same artifacts and the same errors with and without it.
/// The parallel engines lower the code-size threshold to 0, so every module with two or more
/// function bodies takes the parallel path (two workers even on a one-core machine).
@Suite struct ParallelCompilationTests {
    static let strategies: [Strategy] = Strategy.available

    /// Modules with several functions of a few hundred instructions.
    static var smithConfig: SmithConfig {
        var c = SmithConfig()
        c.minFunctions = 3
        c.maxFunctions = 12
        c.maxInstructions = 300
        return c
    }

    static func generated(_ seed: Int) -> [UInt8] {
        var u = Unstructured(seed: UInt64(seed), count: 4096)
        return encodeModule(generateModule(&u, config: smithConfig))
    }

    /// (parallel, sequential) engines of `strategy`.
    static func engines(_ strategy: Strategy) throws -> (Engine, Engine) {
        var parallel = Config()
        parallel.strategy = strategy
        parallel.parallelCompilation = true
        parallel.parallelCompilationMinimumCodeBytes = 0
        var sequential = parallel
        sequential.parallelCompilation = false
        return (try Engine(parallel), try Engine(sequential))
    }

    @Test func optionIsOnByDefaultAndNotAnArtifactSetting() throws {
        #expect(Config().parallelCompilation)
        var off = Config()
        off.parallelCompilation = false
        #expect(try Engine(off).precompileCompatibilityHash == Engine(Config()).precompileCompatibilityHash)
    }

    @Test(arguments: strategies)
    func generatedModulesGiveIdenticalArtifacts(_ strategy: Strategy) throws {
        let (parallel, sequential) = try Self.engines(strategy)
        var split = 0
        for seed in 0..<60 {
            let bytes = Self.generated(seed)
            let a = try parallel.precompileModule(bytes)
            let b = try sequential.precompileModule(bytes)
            #expect(a == b, "seed \(seed)")
            if try decodeModule(bytes).codes.count >= 2 { split += 1 }
        }
        // Most modules really went through the parallel path.
        #expect(split >= 50)
    }

    @Test(arguments: strategies)
    func benchmarkProgramsGiveIdenticalArtifacts(_ strategy: Strategy) throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Benchmarks/programs").standardized
        let (parallel, sequential) = try Self.engines(strategy)
        var checked = 0
        for name in ["arith", "loops", "floats", "memory", "calls"] {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).wasm")))
            #expect(try parallel.precompileModule(bytes) == sequential.precompileModule(bytes), "\(name)")
            checked += 1
        }
        #expect(checked == 5)
    }

    /// Parallel modules run like sequential ones (the linked code calls the right functions).
    @Test func parallelJITModulesRun() throws {
        guard Self.strategies.contains(.jit) else { return }
        let (parallel, _) = try Self.engines(.jit)
        let wat = """
            (module
              (func $a (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
              (func $b (param i32) (result i32) (call $a (i32.mul (local.get 0) (i32.const 3))))
              (func $c (export "c") (param i32) (result i32) (call $b (call $a (local.get 0))))
              (func $fac (export "fac") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
                  (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1))))))))
            """
        let module = try Module(parallel, wat: wat)
        let instance = try Instance(Store(parallel), module: module, imports: [])
        #expect(try instance.function("c")!.call([.i32(4)]) == [.i32(16)])
        #expect(try instance.function("fac")!.call([.i64(10)]) == [.i64(3_628_800)])
    }

    /// Corrupted modules: every outcome (module or error, with its message and offset) is the
    /// sequential one.
    @Test(arguments: strategies)
    func corruptedModulesFailWithTheSameErrors(_ strategy: Strategy) throws {
        let (parallel, sequential) = try Self.engines(strategy)
        var rng = SplitMix64(state: 42)
        var failures = 0
        for seed in 0..<40 {
            let original = Self.generated(seed)
            for _ in 0..<12 {
                let bytes = Self.corrupt(original, &rng)
                let a = Self.outcome { try parallel.precompileModule(bytes) }
                let b = Self.outcome { try sequential.precompileModule(bytes) }
                #expect(a == b, "seed \(seed)")
                if a.hasPrefix("error") { failures += 1 }
            }
        }
        // The corruptions do produce errors (in bodies, mostly: they are most of the bytes).
        #expect(failures >= 100)
    }

    static func outcome(_ body: () throws -> [UInt8]) -> String {
        do { return "artifact \(try body().hashValue)" } catch { return "error \(type(of: error)): \(error)" }
    }

    /// One random corruption: a byte flipped, replaced, inserted or removed, or the end cut off.
    static func corrupt(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var out = bytes
        // Past the header, where the sections are.
        let at = 8 + Int(rng.next() % UInt64(max(out.count - 8, 1)))
        guard at < out.count else { return out }
        switch rng.next() % 5 {
        case 0: out[at] ^= UInt8(1 << (rng.next() % 8))
        case 1: out[at] = UInt8(truncatingIfNeeded: rng.next())
        case 2: out.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
        case 3: out.remove(at: at)
        default: out.removeSubrange(at...)
        }
        return out
    }
}
