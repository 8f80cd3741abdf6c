import Testing
import WasmEngine

/// `call_indirect` in the interpreter's threaded code: the handler takes only calls through
/// table 0 whose resolution the store's cache already holds for a callee of the same instance,
/// and leaves everything else to the execution loop's `switch`. These cases make the cached
/// path and the others alternate on the same op. Expected values are worked out by hand.
@Suite struct ThreadedCallIndirectPathTests {
    @Test func cachedCallsFollowTableChangesAndTypeChecks() throws {
        let (_, inst) = try instantiate("""
        (module
          (type $i (func (param i32) (result i32)))
          (type $ii (func (param i32 i32) (result i32)))
          (table 4 funcref)
          (elem (i32.const 0) func $inc $dbl $add)
          (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func $dbl (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
          (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "call") (param i32 i32) (result i32) (call_indirect (type $i) (local.get 0) (local.get 1)))
          ;; Sums call(k % 2) over k < n: the same op alternates between two cached targets.
          (func (export "loop") (param i32) (result i32) (local i32 i32)
            (block $done (loop $l
              (br_if $done (i32.ge_u (local.get 1) (local.get 0)))
              (local.set 2 (i32.add (local.get 2)
                (call_indirect (type $i) (local.get 1) (i32.rem_u (local.get 1) (i32.const 2)))))
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (br $l)))
            (local.get 2))
          (func (export "set") (param i32) (table.set 0 (local.get 0) (ref.func $dbl))))
        """)
        // k even: k + 1; k odd: 2k. n = 10: (1+3+5+7+9) + (2+6+10+14+18) = 25 + 50.
        #expect(try call(inst, "loop", [.i32(10)]) == [.i32(75)])
        #expect(try call(inst, "call", [.i32(5), .i32(0)]) == [.i32(6)])
        #expect(try call(inst, "call", [.i32(5), .i32(0)]) == [.i32(6)])
        // Element 2 has another type; element 3 is null; 4 is out of the table.
        #expect(trapKind { try call(inst, "call", [.i32(5), .i32(2)]) } == .indirectCallTypeMismatch)
        #expect(trapKind { try call(inst, "call", [.i32(5), .i32(3)]) } == .uninitializedElement)
        #expect(trapKind { try call(inst, "call", [.i32(5), .i32(4)]) } == .undefinedElement)
        // Element 0 now holds $dbl: the cached resolution of $inc must not be used.
        _ = try call(inst, "set", [.i32(0)])
        #expect(try call(inst, "call", [.i32(5), .i32(0)]) == [.i32(10)])
        // Now every k doubles: 2 * (0 + 1 + 2 + 3).
        #expect(try call(inst, "loop", [.i32(4)]) == [.i32(12)])
    }

    @Test func callsIntoAnotherInstanceAndDeepRecursion() throws {
        let e = try interpreterEngine()
        let store = Store(e)
        let lib = try Instance(store, module: try Module(e, wat: """
        (module (table (export "t") 2 funcref) (elem (i32.const 0) func $neg)
          (global $g (mut i32) (i32.const 100))
          (func $neg (param i32) (result i32) (i32.sub (global.get $g) (local.get 0))))
        """), imports: [])
        guard let table = lib.export("t") else {
            Issue.record("no table export")
            return
        }
        let user = try Instance(store, module: try Module(e, wat: """
        (module (import "lib" "t" (table 2 funcref))
          (type $i (func (param i32) (result i32)))
          (global $g (mut i32) (i32.const 7))
          (func (export "call") (param i32) (result i32)
            (i32.add (call_indirect (type $i) (local.get 0) (i32.const 0)) (global.get $g)))
          (func $rec (param i32) (result i32)
            (if (result i32) (local.get 0)
              (then (i32.add (call_indirect (type $i) (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)) (i32.const 1)))
              (else (i32.const 0))))
          (elem (i32.const 1) func $rec)
          (func (export "rec") (param i32) (result i32) (call $rec (local.get 0))))
        """), imports: [table])
        // The callee reads its own instance's global (100), the caller its own (7).
        #expect(try call(user, "call", [.i32(30)]) == [.i32(77)])
        #expect(try call(user, "call", [.i32(30)]) == [.i32(77)])
        #expect(try call(user, "rec", [.i32(1000)]) == [.i32(1000)])
        #expect(trapKind { try call(user, "rec", [.i32(100_000_000)]) } == .callStackExhausted)
        #expect(try call(user, "rec", [.i32(3)]) == [.i32(3)])
    }
}
