import Testing
import WasmEngine

/// Epoch interruption and fuel on the JIT: the same check points and budgets as the interpreter.
@Suite struct JITEpochTests {
    static let wat = """
    (module
      (func (export "spin") (loop (br 0)))
      (func (export "count") (param i32)
        (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
      (func (export "id") (param i32) (result i32) (local.get 0)))
    """

    @Test func initialDeadlineTrapsAtEntry() throws {
        let (_, inst) = try jitInstance(Self.wat, engine: try jitEngine(epoch: true))
        let t = trapOf { try invoke(inst, "id", [.i32(1)]) }
        #expect(t?.kind == .interrupt)
        #expect(t?.backtrace.map(\.functionIndex) == [2])
    }

    @Test func deadlineThenIncrement() throws {
        let e = try jitEngine(epoch: true)
        let (store, inst) = try jitInstance(Self.wat, engine: e)
        store.setEpochDeadline(1)
        #expect(try invoke(inst, "id", [.i32(5)]) == [.i32(5)])
        e.incrementEpoch()
        #expect(trapOf { try invoke(inst, "id", [.i32(5)]) }?.kind == .interrupt)
    }

    @Test func callbackCountsEntryAndLoopHeaders() throws {
        let (store, inst) = try jitInstance(Self.wat, engine: try jitEngine(epoch: true))
        var calls = 0
        store.epochDeadlineCallback { _ in calls += 1; return .continueWith(delta: 0) }
        _ = try invoke(inst, "count", [.i32(10)])
        #expect(calls == 11)  // entry + 10 arrivals at the loop header
    }

    @Test func callbackStopsAnInfiniteLoop() throws {
        let (store, inst) = try jitInstance(Self.wat, engine: try jitEngine(epoch: true))
        var calls = 0
        store.epochDeadlineCallback { _ in
            calls += 1
            return calls < 6 ? .continueWith(delta: 0) : .trap
        }
        #expect(trapOf { try invoke(inst, "spin") }?.kind == .interrupt)
        #expect(calls == 6)
    }

    @Test func callbackWithDeltaRunsAgainOnlyAfterIncrements() throws {
        let e = try jitEngine(epoch: true)
        let (store, inst) = try jitInstance(Self.wat, engine: e)
        var calls = 0
        store.epochDeadlineCallback { _ in calls += 1; return .continueWith(delta: 1) }
        _ = try invoke(inst, "count", [.i32(10)])
        #expect(calls == 1)  // at entry; the new deadline (epoch + 1) is not reached in the loop
        _ = try invoke(inst, "count", [.i32(10)])
        #expect(calls == 1)
        e.incrementEpoch()
        _ = try invoke(inst, "count", [.i32(10)])
        #expect(calls == 2)
    }
}

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

    @Test func storeWithoutFuelTrapsAtEntry() throws {
        let (_, inst) = try jitInstance(Self.wat, engine: try jitEngine(fuel: true))
        #expect(trapOf { try invoke(inst, "work", [.i32(1)]) }?.kind == .outOfFuel)
    }
}
