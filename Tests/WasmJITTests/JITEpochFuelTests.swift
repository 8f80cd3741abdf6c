import Testing
import WasmEngine

/// Fuel parity with the interpreter on a program with calls, memory and globals: every budget traps
/// at the same instruction with the same state (the rules themselves are tested on both backends in
/// WasmEngineTests' EpochTests and FuelTests).
@Suite struct JITFuelTests {
    static let wat = """
    (module
      (memory (export "mem") 1)
      (global $g0 (export "g0") (mut i32) (i32.const 0))
      (global $g1 (export "g1") (mut i64) (i64.const 0))
      (func $leaf (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
      (func (export "work") (param i32) (result i32) (local $i i32)
        (block $done
          (loop $l
            (br_if $done (i32.ge_u (local.get $i) (local.get 0)))
            (i32.store (i32.shl (local.get $i) (i32.const 2)) (call $leaf (local.get $i)))
            (global.set $g0 (i32.add (global.get $g0) (i32.const 1)))
            (if (i32.and (local.get $i) (i32.const 1))
              (then (global.set $g1 (i64.add (global.get $g1) (i64.extend_i32_u (local.get $i)))))
              (else nop))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $l)))
        (global.get $g0)))
    """

    @Test func exactBudgetRunsOneLessTraps() throws {
        // Find the exact cost on the interpreter (the reference), then check the JIT agrees.
        let reference = try outcome(Self.wat, engine: try interpreterEngine(fuel: true), "work", [.i32(20)], fuel: 1_000_000)
        let cost = 1_000_000 - (reference.fuel ?? 0)
        #expect(reference.results == [.i32(20)])
        let exact = try outcome(Self.wat, engine: try jitEngine(fuel: true), "work", [.i32(20)], fuel: cost)
        #expect(exact.results == [.i32(20)])
        #expect(exact.fuel == 0)
        let short = try outcome(Self.wat, engine: try jitEngine(fuel: true), "work", [.i32(20)], fuel: cost - 1)
        #expect(short.trap == .outOfFuel)
    }

    @Test func everyBudgetMatchesTheInterpreter() throws {
        // For every budget up to the full cost: same outcome, same remaining fuel, same memory
        // and globals (so traps happen at the same instruction).
        let full = try outcome(Self.wat, engine: try interpreterEngine(fuel: true), "work", [.i32(6)], fuel: 100_000)
        let cost = 100_000 - (full.fuel ?? 0)
        #expect(cost > 50)
        for budget in stride(from: UInt64(0), through: cost + 1, by: 1) {
            let (jit, reference) = try bothBackends(Self.wat, "work", [.i32(6)], fuel: budget)
            #expect(jit == reference, "budget \(budget)")
        }
    }
}
