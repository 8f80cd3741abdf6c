import Foundation
import Testing
import WAT
import WasmCore
@_spi(Testing) import WasmEngine
import WasmOracle
import WasmSmith
@testable import WasmFuzzing

/// Issue 7's seeded-bug check: the JIT's debug-only switch that emits `i32.sub x, C` with a
/// negative constant `C` as an add. The campaign must find it, the minimizer must shrink it.

/// Whether this build honours seeded miscompilations (debug builds only).
#if DEBUG
private let seededFaultsHonoured = true
#else
private let seededFaultsHonoured = false
#endif

private func interpreterAndSeededJIT() -> [any DiffEngine] {
    var config = Config()
    config.jitSeededMiscompile = .i32SubNegativeConstant
    return [NativeDiffEngine(strategy: .interpreter), NativeDiffEngine(strategy: .jit, config: config, name: "jit-seeded")]
}

@Test(.enabled(if: JITBackendAvailable.value))
func seededMiscompileChangesOnlyItsOperandShape() throws {
    let minimizer = DivergenceMinimizer(engines: interpreterAndSeededJIT)
    let negative = try wat2wasm("(module (func (export \"f\") (param i32) (result i32) local.get 0 i32.const -5 i32.sub))")
    let found = minimizer.probe(negative, options: RunOptions(), argumentSeed: 0, localizing: false)
    if seededFaultsHonoured {
        let (divergence, signature) = try #require(found)
        #expect(signature.kind == "result")
        #expect(divergence.otherEngine == "jit-seeded")
    } else {
        #expect(found == nil, "a release build must ignore the seeded fault")
    }
    // Other shapes compile correctly: a positive constant, a non-constant operand, i64.
    for body in ["local.get 0 i32.const 5 i32.sub", "i32.const -5 local.get 0 i32.sub",
                 "local.get 0 local.get 0 i32.const -5 i32.add i32.sub"] {
        let bytes = try wat2wasm("(module (func (export \"f\") (param i32) (result i32) \(body)))")
        #expect(minimizer.probe(bytes, options: RunOptions(), argumentSeed: 0, localizing: false) == nil, "\(body)")
    }
    let wide = try wat2wasm("(module (func (export \"f\") (param i64) (result i64) local.get 0 i64.const -5 i64.sub))")
    #expect(minimizer.probe(wide, options: RunOptions(), argumentSeed: 0, localizing: false) == nil)
}

/// Small modules with every function exported (quick runs in a debug build), whose arithmetic
/// is a handful of i32 operators: among all ~130 numeric operators a given one is rare (about one
/// module in 300 has `i32.const <negative>; i32.sub`), as it is in wasm-smith without
/// `allowed_instructions`.
private let seededCampaignConfig: SmithConfig = {
    var c = SmithConfig()
    c.allowedNumericOps = [.i32Add, .i32Sub, .i32Mul, .i32And, .i32Xor, .i32Eqz, .i32LtS, .i64ExtendI32S]
    // Numbers only (no tables or references): arithmetic results reach the exported results.
    c.referenceTypes = false
    c.bulkMemory = false
    c.maxTables = 0
    c.maxImports = 0
    c.maxFunctions = 4
    c.maxInstructions = 30
    c.maxElements = 1
    c.maxData = 1
    c.maxMemories = 0
    c.exportEverything = true
    return c
}()

/// The differential loop finds the seeded JIT fault within its execution budget and the minimizer
/// shrinks the repro to at most 10 instructions. What made it findable: branch conditions that are
/// usually 0/1 (not dead code after always-taken branches), block ends that keep the newest values,
/// and dropped integers folded into the exported `sink_i32`/`sink_i64` globals
/// (`SmithConfig.sinkDroppedValues`), so a wrong intermediate value reaches the compared state.
@Test(.enabled(if: seededFaultsHonoured && JITBackendAvailable.value))
func campaignFindsSeededJITMiscompileAndMinimizerShrinksIt() throws {
    let (base, root) = testCampaignOptions("seeded-jit", seed: 3, maxExecutions: 1500)
    var options = base
    defer { try? FileManager.default.removeItem(atPath: root) }
    options.engineFactory = { interpreterAndSeededJIT() }
    options.config = seededCampaignConfig
    let stats = try Campaign(options: options).run { _ in }
    let folder = try #require(stats.findings.first, "no divergence in \(stats.executions) executions")
    print("seeded JIT miscompile found after \(stats.executions) executions: \(folder)")

    let input = try [UInt8](Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("input.bin"))))
    var minimizer = DivergenceMinimizer(engines: interpreterAndSeededJIT)
    minimizer.config = seededCampaignConfig
    minimizer.byteChecks = 150
    minimizer.structuralChecks = 1200
    let result = try #require(minimizer.minimize(input: input))
    print("minimized to \(result.instructionCount) instructions in \(result.checks) checks:\n\(printWAT(result.module))")
    #expect(result.instructionCount <= 10)
    #expect(result.module.codes.contains { $0.instructions.contains(.numeric(.i32Sub)) })
    // The reduced module still diverges the same way on a fresh oracle, and is valid.
    let again = try #require(minimizer.probe(result.bytes, options: result.options, argumentSeed: result.argumentSeed, localizing: false))
    #expect(again.1.kind == result.signature.kind)
    try validateModule(try decodeModule(result.bytes))
}

/// Whether the JIT can run here (x86-64).
enum JITBackendAvailable {
    static let value = (try? Engine({ var c = Config(); c.strategy = .jit; return c }())) != nil
}
