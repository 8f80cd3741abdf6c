import Testing
import WasmEngine

/// Calls that switch instances and the returns back across them (the interpreter's frames name
/// the caller's instance only for such calls): each instance's own memory after the return,
/// `call_indirect` from one instance into another through a shared table, and backtraces through
/// frames of both instances (function indices worked out by hand; byte offsets equal on every
/// backend, and the two modules lay their functions out at different offsets).
@Suite struct CrossInstanceFrameTests {
    /// A: memory byte 0 is 111; `call_back(x)` calls element 1 of its exported table (B's `b_fn`)
    /// and adds its own byte 0; `trap_deep` reaches B's trapping `b_boom` (element 0) through `inner`.
    static let a = """
    (module
      (memory 1) (data (i32.const 0) "\\6f")
      (table (export "table") 2 funcref)
      (type $i (func (param i32) (result i32)))
      (func $peek (export "peek") (result i32) (i32.load8_u (i32.const 0)))
      (func $call_back (export "call_back") (param i32) (result i32)
        (i32.add (call_indirect (type $i) (local.get 0) (i32.const 1)) (i32.load8_u (i32.const 0))))
      (func $inner (param i32) (result i32)
        (i32.add (call_indirect (type $i) (local.get 0) (i32.const 0)) (i32.const 1)))
      (func $trap_deep (export "trap_deep") (param i32) (result i32)
        (i32.add (call $inner (local.get 0)) (i32.load8_u (i32.const 0))))
    )
    """

    /// B: memory byte 0 is 222 (its functions come after three imports and a table import, so
    /// their byte offsets differ from A's).
    static let b = """
    (module
      (import "a" "peek" (func $peek (result i32)))
      (import "a" "call_back" (func $call_back (param i32) (result i32)))
      (import "a" "trap_deep" (func $trap_deep (param i32) (result i32)))
      (import "a" "table" (table 2 funcref))
      (memory 1) (data (i32.const 0) "\\de")
      (elem (i32.const 0) func $b_boom $b_fn)
      (func $b_fn (param i32) (result i32) (i32.add (local.get 0) (i32.load8_u (i32.const 0))))
      (func $b_boom (param i32) (result i32) (drop (i32.add (local.get 0) (i32.const 5))) (unreachable))
      (func (export "run") (param i32) (result i32)
        (i32.add (i32.add (call $peek) (call $call_back (local.get 0))) (i32.load8_u (i32.const 0))))
      (func (export "run_trap") (param i32) (result i32)
        (i32.add (call $trap_deep (local.get 0)) (i32.load8_u (i32.const 0))))
      ;; Calls within B around a call into A: B's frames keep B's memory.
      (func (export "nested") (param i32) (result i32)
        (i32.add (call $b_fn (call $call_back (call $b_fn (local.get 0)))) (i32.load8_u (i32.const 0))))
    )
    """

    static func instances(_ strategy: Strategy) throws -> Instance {
        let e = try engine(strategy)
        let store = Store(e)
        let linker = Linker(e)
        try linker.defineInstance("a", try linker.instantiate(store, try Module(e, wat: a)))
        return try linker.instantiate(store, try Module(e, wat: b))
    }

    @Test(arguments: testedBackends) func eachInstanceKeepsItsMemoryAcrossReturns(_ strategy: Strategy) throws {
        let b = try CrossInstanceFrameTests.instances(strategy)
        for x: Int32 in [0, 5, -300] {
            // peek 111 + call_back (x + 222 + 111) + B's 222.
            #expect(try call(b, "run", [.i32(x)]) == [.i32(111 + x + 222 + 111 + 222)], "run \(x)")
            // b_fn: x + 222; call_back: + 222 + 111; b_fn: + 222; + 222.
            #expect(try call(b, "nested", [.i32(x)]) == [.i32(x + 222 + 222 + 111 + 222 + 222)], "nested \(x)")
        }
    }

    @Test(arguments: testedBackends) func backtracesThroughBothInstances(_ strategy: Strategy) throws {
        let b = try CrossInstanceFrameTests.instances(strategy)
        // b_boom (B 4) ← inner (A 2) ← trap_deep (A 3) ← run_trap (B 6).
        let t = try #require(trapOf { try call(b, "run_trap", [.i32(1)]) })
        #expect(t.kind == .unreachable)
        #expect(t.backtrace.map(\.functionIndex) == [4, 2, 3, 6])
        #expect(t.backtrace.allSatisfy { $0.moduleOffset != nil })
        // The store stays usable, and the same trap again gives the same frames.
        #expect(try call(b, "run", [.i32(0)]) == [.i32(666)])
        #expect(trapOf { try call(b, "run_trap", [.i32(2)]) }?.backtrace == t.backtrace)
    }

    @Test func backtraceOffsetsAgreeAcrossBackends() throws {
        let traces = try testedBackends.map { s in
            try #require(trapOf { try call(try CrossInstanceFrameTests.instances(s), "run_trap", [.i32(1)]) }).backtrace
        }
        for t in traces.dropFirst() { #expect(t == traces[0]) }
        // The frames of A and B are at different offsets (so a frame given the wrong module would
        // show): A's `inner` and B's `b_boom`.
        let offsets = traces[0].compactMap(\.moduleOffset)
        #expect(offsets.count == 4 && offsets[0] != offsets[1])
    }
}
