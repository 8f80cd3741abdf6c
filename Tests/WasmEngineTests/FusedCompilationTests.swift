import Testing
@_spi(Testing) @testable import WasmEngine
import WasmCore
@testable import WasmJIT
import WasmSmith

/// `JITBackend.decodeAndCompile`: the JIT's one-fork-join path (each worker decodes, validates
/// and compiles a body) gives the module and code of the usual path (decode and validate, then
/// compile), and gives up (nil) on every invalid module so that the usual path reports the error.
@Suite struct FusedCompilationTests {
    /// A JIT engine reaching the fused path (when `parallel`) with any module of two or more
    /// bodies.
    static func engine(parallel: Bool = true) throws -> Engine? {
        guard JITBackend.isSupported else { return nil }
        var config = Config()
        config.strategy = .jit
        config.parallelCompilation = parallel
        config.parallelCompilationMinimumCodeBytes = 0
        return try Engine(config)
    }

    @Test(arguments: [true, false])
    func fusedPathGivesTheUsualModuleAndCode(parallel: Bool) throws {
        guard let engine = try Self.engine(parallel: parallel), let jit = engine.box.backend as? JITBackend else { return }
        let usual = JITBackend(parallel: .sequential)
        var fusedCount = 0
        for seed in 0..<30 {
            let bytes = ParallelCompilationTests.generated(seed)
            let expected = try decodeAndValidateModule(bytes, features: engine.config.features)
            guard parallel, expected.codes.count >= 2 else {
                #expect(jit.decodeAndCompile(bytes, features: engine.config.features, engine: engine.box.shared) == nil)
                continue
            }
            guard let (module, compiled) = jit.decodeAndCompile(bytes, features: engine.config.features, engine: engine.box.shared) else {
                Issue.record("seed \(seed): the fused path gave up on a valid module")
                continue
            }
            #expect(module == expected, "seed \(seed)")
            let expectedCode = try usual.serialize(try usual.compile(expected, engine: engine.box.shared))
            #expect(try jit.serialize(compiled) == expectedCode, "seed \(seed)")
            fusedCount += 1
        }
        #expect(fusedCount >= (parallel ? 25 : 0))
    }

    @Test(arguments: [true, false])
    func fusedPathGivesUpOnInvalidModules(parallel: Bool) throws {
        guard let engine = try Self.engine(parallel: parallel), let jit = engine.box.backend as? JITBackend else { return }
        var rng = SplitMix64(state: 7)
        var invalid = 0
        for seed in 0..<20 {
            let original = ParallelCompilationTests.generated(seed)
            for _ in 0..<10 {
                let bytes = ParallelCompilationTests.corrupt(original, &rng)
                let valid = (try? decodeAndValidateModule(bytes, features: engine.config.features)) != nil
                let fused = jit.decodeAndCompile(bytes, features: engine.config.features, engine: engine.box.shared)
                if !valid {
                    invalid += 1
                    #expect(fused == nil, "seed \(seed)")
                }
            }
        }
        #expect(invalid >= 50)
    }

    /// Linking copies on several threads only for large code (64 times the decoding threshold).
    @Test func copyingIsSplitOnlyForLargeCode() {
        let parallel = ParallelCompilation(workers: 2, minimumCodeBytes: 16 * 1024)
        #expect(parallel.workers(copying: 100_000) == 1)
        #expect(parallel.workers(copying: 1 << 20) == 2)
        #expect(ParallelCompilation.sequential.workers(copying: 1 << 30) == 1)
        #expect(ParallelCompilation(workers: 2, minimumCodeBytes: 0).workers(copying: 1) == 2)
        #expect(ParallelCompilation(workers: 2, minimumCodeBytes: .max).workers(copying: .max) == 1)
    }
}
