import Testing
import WAT
import WasmCore
@testable import WasmOracle

/// A module that exercises results, traps, memory, globals, host calls and epoch ticks.
private let sample = """
(module
  (import "host" "tick" (func $tick))
  (import "host" "log_i32" (func $log (param i32)))
  (memory (export "mem") 1)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func $square (export "square") (param i32) (result i32)
    local.get 0 local.get 0 i32.mul)
  (func (export "store") (param i32) (result i32)
    (i32.store8 (i32.const 16) (i32.add (local.get 0) (i32.const 7)))
    (global.set $g (i32.load8_u (i32.const 16)))
    (call $log (global.get $g))
    global.get $g)
  (func (export "divide") (param i32) (result i32)
    (i32.div_s (i32.const 100) (i32.and (local.get 0) (i32.const 0))))
  (func (export "spin") (result i32)
    (local $i i32)
    (loop $l
      (call $tick)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))
    local.get $i)
)
"""

private func run(_ engines: [any DiffEngine], options: RunOptions = RunOptions()) throws -> OracleReport {
    let bytes = try wat2wasm(sample)
    var args = InterestingArguments(seed: 1)
    return Oracle(engines: engines).run(bytes, options: options, arguments: &args)
}

@Test func enginesAgreeOnTheSampleModule() throws {
    let report = try run([NativeDiffEngine(strategy: .interpreter), WasmKitDiffEngine()])
    #expect(report.divergence == nil, "\(report.divergence.map(\.description) ?? "")")
    #expect(report.instantiated)
    #expect(report.calls == 4)
    #expect(report.traps[.integerDivideByZero] == 1)
}

@Test func wrongResultIsClassifiedAndLocalised() throws {
    let reference = NativeDiffEngine(strategy: .interpreter)
    let report = try run([reference, FaultyEngine(NativeDiffEngine(strategy: .interpreter), fault: .wrongResult)])
    let divergence = try #require(report.divergence)
    print(divergence)
    #expect(divergence.kind == .result)
    #expect(divergence.step == "square")
    #expect(divergence.location?.contains("func 2") == true, "\(divergence.location ?? "nil")")
}

@Test func wrongTrapKindIsClassifiedAndLocalised() throws {
    let report = try run([NativeDiffEngine(strategy: .interpreter), FaultyEngine(NativeDiffEngine(strategy: .interpreter), fault: .wrongTrapKind)])
    let divergence = try #require(report.divergence)
    print(divergence)
    #expect(divergence.kind == .trapKind)
    #expect(divergence.step == "divide")
    #expect(divergence.location?.contains("func 4") == true, "\(divergence.location ?? "nil")")
}

@Test func memoryDifferenceIsClassifiedWithFirstDifferingByte() throws {
    let report = try run([NativeDiffEngine(strategy: .interpreter), FaultyEngine(NativeDiffEngine(strategy: .interpreter), fault: .lostMemoryWrite)])
    let divergence = try #require(report.divergence)
    print(divergence)
    #expect(divergence.kind == .memory)
    #expect(divergence.step == "store")
    #expect(divergence.detail.contains("byte 16"))
    #expect(divergence.location?.contains("func 3") == true, "\(divergence.location ?? "nil")")
}

@Test func missedEpochInterruptionIsClassified() throws {
    let report = try run([NativeDiffEngine(strategy: .interpreter), FaultyEngine(NativeDiffEngine(strategy: .interpreter), fault: .missedEpochInterruption)],
                         options: RunOptions(epochDeadline: 3))
    let divergence = try #require(report.divergence)
    print(divergence)
    #expect(divergence.kind == .epochInterruption)
    #expect(divergence.step == "spin")
    #expect(report.satOut.isEmpty)
}

@Test func wasmKitSitsOutEpochRunsAndIsCounted() throws {
    let report = try run([NativeDiffEngine(strategy: .interpreter), WasmKitDiffEngine()], options: RunOptions(epochDeadline: 100))
    #expect(report.satOut["wasmkit"] != nil)
    #expect(report.engines == ["interpreter"])
}

@Test func nanPayloadsDoNotCountAsDivergence() {
    #expect(DiffValue.f32(0x7FC0_0000).matches(.f32(0xFFC0_0001)))
    #expect(DiffValue.f64(0x7FF8_0000_0000_0000).matches(.f64(0x7FF0_0000_0000_0001)))
    #expect(!DiffValue.f32(0x0000_0000).matches(.f32(0x8000_0000)))
    #expect(!DiffValue.f32(0x7FC0_0000).matches(.f32(0x7F80_0000)))
}

@Test func wallClockEpochInterruptsANonTerminatingModuleOnEveryBackend() throws {
    let bytes = try wat2wasm("""
    (module (func (export "forever") (loop $l (br $l))))
    """)
    let oracle = Oracle(engines: [NativeDiffEngine(strategy: .interpreter), WasmKitDiffEngine()])
    let outcomes = oracle.interruptByWallClock(bytes, export: "forever", after: 0.05)
    #expect(outcomes.map(\.engine) == ["interpreter"])
    for (engine, outcome) in outcomes {
        guard case .trapped(.interrupt, _) = outcome else {
            Issue.record("\(engine): \(outcome)")
            continue
        }
    }
}

/// Found by a campaign: `table.grow` by ~1.2 billion elements on a table without a maximum failed
/// on our backends (their limit) but succeeded on WasmKit, reported as a divergence. Every engine
/// now shares the limit, so the grow gives -1 everywhere; a grow within it succeeds everywhere.
@Test func tableGrowthPastTheEngineLimitFailsOnEveryEngine() throws {
    let bytes = try wat2wasm("""
    (module
      (table $t 1 externref)
      (func (export "huge") (result i32) (table.grow $t (ref.null extern) (i32.const 0x4A664082)))
      (func (export "small") (result i32) (table.grow $t (ref.null extern) (i32.const 1000))))
    """)
    var args = InterestingArguments(seed: 1)
    let report = Oracle(engines: [NativeDiffEngine(strategy: .interpreter), WasmKitDiffEngine()]).run(bytes, options: RunOptions(), arguments: &args)
    #expect(report.divergence == nil, "\(report.divergence.map(\.description) ?? "")")
    #expect(report.satOut.isEmpty, "\(report.satOut)")
    #expect(report.calls == 2)
}
