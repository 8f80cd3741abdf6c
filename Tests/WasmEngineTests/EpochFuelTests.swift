import Testing
import Foundation
import WasmEngine

@Suite struct EpochTests {
    static let wat = """
    (module
      (func (export "spin") (loop (br 0)))
      (func (export "count") (param i32)
        (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
      (func (export "id") (param i32) (result i32) (local.get 0)))
    """

    func engine() throws -> Engine {
        var config = Config()
        config.strategy = .interpreter
        config.epochInterruption = true
        return try Engine(config)
    }

    @Test func firstCheckTrapsWithTheInitialDeadline() throws {
        let (_, inst) = try instantiate(Self.wat, engine: try engine())
        #expect(trapKind { try call(inst, "id", [.i32(1)]) } == .interrupt)
    }

    @Test func deadlineInTheFutureRunsThenIncrementTraps() throws {
        let e = try engine()
        let (store, inst) = try instantiate(Self.wat, engine: e)
        store.setEpochDeadline(1)
        #expect(try call(inst, "id", [.i32(5)]) == [.i32(5)])
        e.incrementEpoch()
        #expect(e.currentEpoch == 1)
        #expect(trapKind { try call(inst, "id", [.i32(5)]) } == .interrupt)
    }

    @Test func callbackRunsAtEntryAndEveryLoopHeader() throws {
        let (store, inst) = try instantiate(Self.wat, engine: try engine())
        var calls = 0
        // Delta 0: the deadline stays reached, so every check calls back.
        store.epochDeadlineCallback { _ in calls += 1; return .continueWith(delta: 0) }
        _ = try call(inst, "count", [.i32(10)])
        // 1 function entry + 10 arrivals at the loop header (entry + 9 branches back).
        #expect(calls == 11)
    }

    @Test func callbackCanTrapAnInfiniteLoop() throws {
        let (store, inst) = try instantiate(Self.wat, engine: try engine())
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

    @Test func incrementFromAnotherThreadStopsALoop() throws {
        let e = try engine()
        let (store, inst) = try instantiate(Self.wat, engine: e)
        store.setEpochDeadline(1)
        // A callback that advances the epoch itself stands in for a timer thread.
        var seen = 0
        store.epochDeadlineCallback { _ in seen += 1; return .trap }
        let spin = inst.function("spin")!
        Thread.detachNewThreadCompat { e.incrementEpoch() }
        #expect(trapKind { try spin.call([]) } == .interrupt)
        #expect(seen == 1)
    }
}

@Suite struct FuelTests {
    static let wat = """
    (module
      (func $seven (result i32) (i32.const 7))
      (func (export "add") (result i32) (i32.add (i32.const 1) (i32.const 2)))
      (func (export "count") (param i32)
        (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
      (func (export "calls") (result i32) (i32.add (call $seven) (i32.const 1))))
    """

    func store() throws -> (Store, Instance) {
        var config = Config()
        config.strategy = .interpreter
        config.consumeFuel = true
        return try instantiate(Self.wat, engine: try Engine(config))
    }

    @Test func fuelIsOffByDefault() throws {
        let (s, _) = try instantiate(Self.wat)
        #expect(throws: EngineError.self) { try s.getFuel() }
        #expect(throws: EngineError.self) { try s.setFuel(1) }
    }

    @Test func straightLineCostsOnePerInstruction() throws {
        let (s, inst) = try store()
        #expect(try s.getFuel() == 0)
        // i32.const, i32.const, i32.add = 3 (end is free).
        try s.setFuel(3)
        #expect(try call(inst, "add") == [.i32(3)])
        #expect(try s.getFuel() == 0)
        try s.setFuel(2)
        #expect(trapKind { try call(inst, "add") } == .outOfFuel)
        #expect(try s.getFuel() == 2)  // the segment was not entered
    }

    @Test func loopChargesItsSegmentPerIteration() throws {
        let (s, inst) = try store()
        // Per iteration: local.get, i32.const, i32.sub, local.tee, br_if = 5; loop and ends are free.
        try s.setFuel(100)
        _ = try call(inst, "count", [.i32(3)])
        #expect(try s.getFuel() == 85)
        try s.setFuel(14)
        #expect(trapKind { try call(inst, "count", [.i32(3)]) } == .outOfFuel)
        #expect(try s.getFuel() == 4)  // two iterations ran, the third needed 5
    }

    @Test func callsSplitSegments() throws {
        let (s, inst) = try store()
        // caller: [call] = 1, callee: [i32.const] = 1, caller: [i32.const, i32.add] = 2.
        try s.setFuel(4)
        #expect(try call(inst, "calls") == [.i32(8)])
        #expect(try s.getFuel() == 0)
        try s.setFuel(3)
        #expect(trapKind { try call(inst, "calls") } == .outOfFuel)
        #expect(try s.getFuel() == 1)
    }
}
