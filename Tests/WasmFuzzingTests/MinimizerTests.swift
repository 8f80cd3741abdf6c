import Foundation
import Testing
import WAT
import WasmCore
import WasmOracle
import WasmSmith
@testable import WasmFuzzing

private func interpreterAndSeededFault() -> [any DiffEngine] {
    [NativeDiffEngine(strategy: .interpreter), MulOffByOneEngine(NativeDiffEngine(strategy: .interpreter))]
}

/// The seeded fault on every i32 binary operator: common enough in generated code that a short
/// campaign meets it (each one alone is rare among ~25 candidates, often in dead code).
private let arithmeticOps: Set<NumericOp> = Set(NumericOp.allCases.filter { $0.signature.operands == [.i32, .i32] && $0.signature.result == .i32 })
private func interpreterAndArithmeticFault() -> [any DiffEngine] {
    [NativeDiffEngine(strategy: .interpreter), MulOffByOneEngine(NativeDiffEngine(strategy: .interpreter), ops: arithmeticOps)]
}

@Test func seededFaultIsVisibleOnAHandWrittenModule() throws {
    let bytes = try wat2wasm("(module (func (export \"f\") (result i32) i32.const -3 i32.const 5 i32.mul))")
    let minimizer = DivergenceMinimizer(engines: interpreterAndSeededFault)
    let (divergence, signature) = try #require(minimizer.probe(bytes, options: RunOptions(), argumentSeed: 0, localizing: false))
    #expect(signature.kind == "result")
    #expect(divergence.outcomes.map(\.outcome) == ["returned [i32:-15]", "returned [i32:-14]"] || divergence.kind == .result)
    // A positive left operand multiplies correctly.
    let fine = try wat2wasm("(module (func (export \"f\") (result i32) i32.const 3 i32.const -5 i32.mul))")
    #expect(minimizer.probe(fine, options: RunOptions(), argumentSeed: 0, localizing: false) == nil)
}

/// Small modules with every function exported: quicker runs, and every multiplication reachable.
private let smallModules: SmithConfig = {
    var c = SmithConfig()
    c.maxFunctions = 4
    c.maxImports = 2
    c.maxInstructions = 30
    c.maxElements = 1
    c.maxData = 1
    c.maxMemories = 0          // the oracle compares memories byte by byte: slow in debug builds
    c.exportEverything = true
    return c
}()

/// The same check with the module-rewriting fault engine (slower than the JIT switch's test in
/// SeededMiscompileTests.swift, which runs by default), so it runs only with WASM_FUZZ_SEEDED_CAMPAIGN=1.
@Test(.enabled(if: ProcessInfo.processInfo.environment["WASM_FUZZ_SEEDED_CAMPAIGN"] == "1"))
func campaignFindsSeededFaultAndMinimizerShrinksIt() throws {
    let (base, root) = testCampaignOptions("minimizer", seed: 1, maxExecutions: 4000)
    var options = base
    defer { try? FileManager.default.removeItem(atPath: root) }
    options.engineFactory = { interpreterAndArithmeticFault() }
    options.config = smallModules
    let campaign = try Campaign(options: options)
    let stats = campaign.run { _ in }
    let folder = try #require(stats.findings.first, "no divergence in \(stats.executions) executions")
    print("seeded fault found after \(stats.executions) executions: \(folder)")

    let input = try [UInt8](Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("input.bin"))))
    var minimizer = DivergenceMinimizer(engines: interpreterAndArithmeticFault)
    minimizer.config = smallModules
    minimizer.byteChecks = 200
    minimizer.structuralChecks = 1500
    let original = minimizer.fuzzCase(input)
    let result = try #require(minimizer.minimize(input: input))
    print("minimized from \(ModuleEdits.instructionCount(original.module)) to \(result.instructionCount) instructions in \(result.checks) checks")
    print(printWAT(result.module))
    #expect(result.instructionCount <= 10)
    #expect(result.module.codes.contains { $0.instructions.contains { if case .numeric(let op) = $0 { return arithmeticOps.contains(op) } else { return false } } })
    // The reduced module still diverges the same way on a fresh oracle.
    let again = try #require(minimizer.probe(result.bytes, options: result.options, argumentSeed: result.argumentSeed, localizing: false))
    #expect(again.1.kind == result.signature.kind)
    // And it is valid.
    try validateModule(try decodeModule(result.bytes))

    let out = (root as NSString).appendingPathComponent("min")
    let written = try result.write(to: out)
    #expect(written.map { ($0 as NSString).lastPathComponent }.sorted() == ["input.bin", "minimized.wasm", "minimized.wat", "report.json", "report.md"])
}

@Test func structuralReducerKeepsThePredicate() throws {
    let bytes = try wat2wasm("""
    (module
      (memory 1)
      (global $g (mut i32) (i32.const 7))
      (func $helper (param i32) (result i32) local.get 0 i32.const 2 i32.add)
      (func (export "a") (result i32)
        (block (result i32) (i32.const 4) (call $helper) (i32.const 9) (i32.mul)))
      (func (export "b") (global.set $g (i32.const 1)) (i32.store (i32.const 0) (i32.const 3)))
      (data (i32.const 0) "hello"))
    """)
    let module = try decodeModule(bytes)
    // Keep "some function contains i32.mul": everything else can go.
    var reducer = StructuralReducer(module) { m in m.codes.contains { $0.instructions.contains(.numeric(.i32Mul)) } }
    let reduced = reducer.reduce()
    try validateModule(reduced)
    #expect(reduced.codes.count == 1)
    #expect(reduced.datas.isEmpty)
    #expect(reduced.globals.isEmpty)
    #expect(reduced.exports.isEmpty)
    #expect(ModuleEdits.instructionCount(reduced) <= 4)
}

@Test func removingAFunctionRenumbersCallsAndExports() throws {
    let bytes = try wat2wasm("""
    (module
      (func $a (result i32) i32.const 1)
      (func $b (result i32) i32.const 2)
      (func $c (export "c") (result i32) call $b))
    """)
    let module = try decodeModule(bytes)
    let removed = try #require(ModuleEdits.removingFunction(module, at: 0))
    try validateModule(removed)
    #expect(removed.codes.count == 2)
    #expect(removed.exports.first?.index == 1)
    #expect(removed.codes[1].instructions.first == .call(0))
}

@Test func byteReducerFindsTheEssentialBytes() {
    var reducer = ByteReducer(maxChecks: 10_000)
    let input = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) }
    // Keep: contains 0x25 followed somewhere later by 0x4A.
    let reduced = reducer.reduce(input) { bytes in
        guard let i = bytes.firstIndex(of: 0x25) else { return false }
        return bytes[(i + 1)...].contains(0x4A)
    }
    #expect(reduced == [0x25, 0x4A])
}

@Test func mnemonicIsReadAtALocalisedPoint() throws {
    let bytes = try wat2wasm("(module (func (export \"f\") (result i32) i32.const 6 i32.const 7 i32.mul))")
    let module = try decodeModule(bytes)
    let offset = try #require(module.codes.first?.offsets[2])
    let location = "the fuel segment at func 0 @ 0x\(String(offset, radix: 16)) (no difference with fuel 1, a difference with 2)"
    #expect(DivergenceMinimizer.mnemonic(at: location, in: bytes) == "i32.mul")
    #expect(DivergenceMinimizer.mnemonic(at: "instantiation", in: bytes) == nil)
}

@Test func minimizerShrinksASeededMulFaultToAFewInstructions() throws {
    // A module with noise around one multiplication with a negative left operand.
    let bytes = try wat2wasm("""
    (module
      (import "host" "log_i32" (func $log (param i32)))
      (memory 1)
      (global $g (mut i32) (i32.const 5))
      (global $h (mut i64) (i64.const 9))
      (func $noise (param i32) (result i32)
        (local i64)
        (local.set 1 (i64.const 77))
        (block (result i32) (i32.add (local.get 0) (i32.const 3))))
      (func (export "a") (param i32) (result i32)
        (local $x i32)
        (call $log (i32.const 1))
        (global.set $g (call $noise (global.get $g)))
        (i32.store (i32.const 8) (global.get $g))
        (local.set $x (i32.mul (i32.sub (i32.const 0) (i32.const 12)) (i32.add (call $noise (i32.const 2)) (i32.const 1))))
        (if (result i32) (i32.const 1)
          (then (i32.add (local.get $x) (i32.load (i32.const 8))))
          (else (i32.const 0))))
      (func (export "b") (result i64) (global.get $h))
      (data (i32.const 0) "abcdefgh"))
    """)
    let module = try decodeModule(bytes)
    let minimizer = DivergenceMinimizer(engines: interpreterAndSeededFault)
    let result = try #require(minimizer.minimize(module: module, options: RunOptions(), argumentSeed: 3))
    print("minimized \(ModuleEdits.instructionCount(module)) to \(result.instructionCount) instructions in \(result.checks) checks")
    print(printWAT(result.module))
    #expect(result.signature.kind == "result")
    #expect(result.instructionCount <= 10)
    #expect(result.instructionCount < ModuleEdits.instructionCount(module))
    #expect(result.module.codes.contains { $0.instructions.contains(.numeric(.i32Mul)) })
    try validateModule(try decodeModule(result.bytes))
    #expect(minimizer.probe(result.bytes, options: result.options, argumentSeed: result.argumentSeed, localizing: false)?.1.kind == "result")
}
