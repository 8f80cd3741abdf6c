import Testing
import Foundation
import WasmEngine

/// Epoch interruption on each backend: checks at function entry and at every loop header, the
/// deadline/callback rules of `Store`. Expected counts are derived from those rules by hand.
@Suite struct EpochTests {
    static let wat = """
    (module
      (func (export "spin") (loop (br 0)))
      (func (export "count") (param i32)
        (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
      (func (export "id") (param i32) (result i32) (local.get 0)))
    """

    func epochEngine(_ b: Strategy) throws -> Engine { try engine(b) { $0.epochInterruption = true } }

    @Test(arguments: testedBackends) func firstCheckTrapsWithTheInitialDeadline(_ b: Strategy) throws {
        let (_, inst) = try instantiate(Self.wat, engine: epochEngine(b))
        let t = trapOf { try call(inst, "id", [.i32(1)]) }
        #expect(t?.kind == .interrupt)
        #expect(t?.backtrace.map(\.functionIndex) == [2])
    }

    @Test(arguments: testedBackends) func deadlineInTheFutureRunsThenIncrementTraps(_ b: Strategy) throws {
        let e = try epochEngine(b)
        let (store, inst) = try instantiate(Self.wat, engine: e)
        store.setEpochDeadline(1)
        #expect(try call(inst, "id", [.i32(5)]) == [.i32(5)])
        e.incrementEpoch()
        #expect(e.currentEpoch == 1)
        #expect(trapKind { try call(inst, "id", [.i32(5)]) } == .interrupt)
    }

    @Test(arguments: testedBackends) func callbackRunsAtEntryAndEveryLoopHeader(_ b: Strategy) throws {
        let (store, inst) = try instantiate(Self.wat, engine: epochEngine(b))
        var calls = 0
        // Delta 0: the deadline stays reached, so every check calls back.
        store.epochDeadlineCallback { _ in calls += 1; return .continueWith(delta: 0) }
        _ = try call(inst, "count", [.i32(10)])
        // 1 function entry + 10 arrivals at the loop header (entry + 9 branches back).
        #expect(calls == 11)
    }

    @Test(arguments: testedBackends) func callbackWithDeltaRunsAgainOnlyAfterIncrements(_ b: Strategy) throws {
        let e = try epochEngine(b)
        let (store, inst) = try instantiate(Self.wat, engine: e)
        var calls = 0
        store.epochDeadlineCallback { _ in calls += 1; return .continueWith(delta: 1) }
        _ = try call(inst, "count", [.i32(10)])
        #expect(calls == 1)  // at entry; the new deadline (epoch + 1) is not reached in the loop
        _ = try call(inst, "count", [.i32(10)])
        #expect(calls == 1)
        e.incrementEpoch()
        _ = try call(inst, "count", [.i32(10)])
        #expect(calls == 2)
    }

    @Test(arguments: testedBackends) func callbackCanTrapAnInfiniteLoop(_ b: Strategy) throws {
        let (store, inst) = try instantiate(Self.wat, engine: epochEngine(b))
        var calls = 0
        store.epochDeadlineCallback { _ in
            calls += 1
            return calls < 6 ? .continueWith(delta: 0) : .trap
        }
        #expect(trapKind { try call(inst, "spin") } == .interrupt)
        #expect(calls == 6)
        // Back to trapping without a callback.
        store.epochDeadlineTrap()
        #expect(trapKind { try call(inst, "id", [.i32(1)]) } == .interrupt)
    }

    @Test(arguments: testedBackends) func incrementFromAnotherThreadStopsALoop(_ b: Strategy) throws {
        let e = try epochEngine(b)
        let (store, inst) = try instantiate(Self.wat, engine: e)
        store.setEpochDeadline(1)
        var seen = 0
        store.epochDeadlineCallback { _ in seen += 1; return .trap }
        let spin = try #require(inst.function("spin"))
        Thread.detachNewThreadCompat { e.incrementEpoch() }
        #expect(trapKind { try spin.call([]) } == .interrupt)
        #expect(seen == 1)
    }
}

/// Fuel on each backend: one unit per instruction, charged per straight-line segment before it
/// runs (EpochAndFuel.swift). Expected amounts are counted by hand from the module text.
@Suite struct FuelTests {
    static let wat = """
    (module
      (func $seven (result i32) (i32.const 7))
      (func (export "add") (result i32) (i32.add (i32.const 1) (i32.const 2)))
      (func (export "count") (param i32)
        (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
      (func (export "calls") (result i32) (i32.add (call $seven) (i32.const 1))))
    """

    func store(_ b: Strategy) throws -> (Store, Instance) {
        try instantiate(Self.wat, engine: engine(b) { $0.consumeFuel = true })
    }

    @Test(arguments: testedBackends) func fuelIsOffByDefault(_ b: Strategy) throws {
        let (s, _) = try instantiate(Self.wat, engine: engine(b))
        #expect(throws: EngineError.self) { try s.getFuel() }
        #expect(throws: EngineError.self) { try s.setFuel(1) }
    }

    @Test(arguments: testedBackends) func aStoreWithoutFuelTrapsAtEntry(_ b: Strategy) throws {
        let (_, inst) = try store(b)
        #expect(trapKind { try call(inst, "add") } == .outOfFuel)
    }

    @Test(arguments: testedBackends) func straightLineCostsOnePerInstruction(_ b: Strategy) throws {
        let (s, inst) = try store(b)
        #expect(try s.getFuel() == 0)
        // i32.const, i32.const, i32.add = 3 (end is free).
        try s.setFuel(3)
        #expect(try call(inst, "add") == [.i32(3)])
        #expect(try s.getFuel() == 0)
        try s.setFuel(2)
        #expect(trapKind { try call(inst, "add") } == .outOfFuel)
        #expect(try s.getFuel() == 2)  // the segment was not entered
    }

    @Test(arguments: testedBackends) func loopChargesItsSegmentPerIteration(_ b: Strategy) throws {
        let (s, inst) = try store(b)
        // Per iteration: local.get, i32.const, i32.sub, local.tee, br_if = 5; loop and ends are free.
        try s.setFuel(100)
        _ = try call(inst, "count", [.i32(3)])
        #expect(try s.getFuel() == 85)
        try s.setFuel(14)
        #expect(trapKind { try call(inst, "count", [.i32(3)]) } == .outOfFuel)
        #expect(try s.getFuel() == 4)  // two iterations ran, the third needed 5
    }

    @Test(arguments: testedBackends) func callsSplitSegments(_ b: Strategy) throws {
        let (s, inst) = try store(b)
        // caller: [call] = 1, callee: [i32.const] = 1, caller: [i32.const, i32.add] = 2.
        try s.setFuel(4)
        #expect(try call(inst, "calls") == [.i32(8)])
        #expect(try s.getFuel() == 0)
        try s.setFuel(3)
        #expect(trapKind { try call(inst, "calls") } == .outOfFuel)
        #expect(try s.getFuel() == 1)
    }
}
