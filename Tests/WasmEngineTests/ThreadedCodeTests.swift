import Testing
import WasmEngine

/// Cases aimed at the interpreter's threaded code (ops run by their own handlers, with the
/// execution loop's `switch` taking over at calls, returns and other ops) and at the peepholes
/// that write results straight to their destination. Expected values are worked out by hand
/// from the wasm semantics.
@Suite struct ThreadedCodeTests {
    @Test func longThreadedLoopRunsToTheEnd() throws {
        // 3 million iterations of ops that all have handlers: a handler calling the next one
        // without a tail call would exhaust the native stack long before the end.
        let (_, inst) = try instantiate("""
        (module (func (export "sum") (param i32) (result i64) (local i64)
          (block $done (loop $l
            (br_if $done (i32.eqz (local.get 0)))
            (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (br $l)))
          (local.get 1)))
        """)
        // sum of 1...3_000_000 = 3e6 * (3e6 + 1) / 2
        #expect(try call(inst, "sum", [.i32(3_000_000)]) == [.i64(4_500_001_500_000)])
    }

    @Test func trapsInsideThreadedCodeKeepKindAndOffset() throws {
        let wat = """
        (module (memory 1)
          (func (export "div") (param i32 i32) (result i32)
            (i32.add (i32.div_s (local.get 0) (local.get 1)) (i32.const 1)))
          (func (export "load") (param i32) (result i32)
            (i32.add (i32.load (local.get 0)) (i32.const 1)))
          (func (export "outer") (param i32) (result i32)
            (call 1 (local.get 0))))
        """
        let (_, inst) = try instantiate(wat)
        #expect(trapKind { try call(inst, "div", [.i32(1), .i32(0)]) } == .integerDivideByZero)
        #expect(trapKind { try call(inst, "div", [.i32(Int32.min), .i32(-1)]) } == .integerOverflow)
        #expect(try call(inst, "div", [.i32(7), .i32(2)]) == [.i32(4)])
        #expect(trapKind { try call(inst, "load", [.i32(65534)]) } == .outOfBoundsMemoryAccess)
        do {
            _ = try call(inst, "outer", [.i32(65534)])
            Issue.record("expected a trap")
        } catch let t as Trap {
            #expect(t.kind == .outOfBoundsMemoryAccess)
            // The load's frame, then its caller's.
            #expect(t.backtrace.map(\.functionIndex) == [1, 2])
            #expect(t.backtrace.allSatisfy { $0.moduleOffset != nil })
        }
        // The store is usable after a trap in threaded code.
        #expect(try call(inst, "load", [.i32(0)]) == [.i32(1)])
    }

    @Test func selectOnEqzPicksTheOtherOperand() throws {
        let (_, inst) = try instantiate("""
        (module
          (func (export "sel") (param i32 i32 i64) (result i32)
            (select (local.get 0) (local.get 1) (i64.eqz (i64.and (local.get 2) (i64.const 1)))))
          (func (export "sel32") (param i32 i32 i32) (result i32)
            (select (local.get 0) (local.get 1) (i32.eqz (local.get 2)))))
        """)
        #expect(try call(inst, "sel", [.i32(10), .i32(20), .i64(2)]) == [.i32(10)])
        #expect(try call(inst, "sel", [.i32(10), .i32(20), .i64(3)]) == [.i32(20)])
        #expect(try call(inst, "sel32", [.i32(10), .i32(20), .i32(0)]) == [.i32(10)])
        #expect(try call(inst, "sel32", [.i32(10), .i32(20), .i32(-5)]) == [.i32(20)])
    }

    @Test func resultsWrittenStraightToTheirDestination() throws {
        let (_, inst) = try instantiate("""
        (module
          (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func (export "early") (param i32 i32) (result i32)
            (if (local.get 1) (then (return (i32.mul (local.get 0) (local.get 0)))))
            (i32.sub (local.get 0) (local.get 1)))
          (func (export "block_result") (param i32) (result i32)
            (i32.add
              (block (result i32) (br_if 0 (i32.add (local.get 0) (i32.const 2)) (local.get 0)) (drop) (i32.const 100))
              (local.get 0)))
          (func (export "tee_return") (param i32) (result i32)
            (return (local.tee 0 (i32.mul (local.get 0) (i32.const 3)))))
          (func (export "nested") (param i32) (result i32)
            (i32.add (call 0 (local.get 0)) (call 0 (i32.const 10)))))
        """)
        #expect(try call(inst, "inc", [.i32(41)]) == [.i32(42)])
        #expect(try call(inst, "early", [.i32(7), .i32(1)]) == [.i32(49)])
        #expect(try call(inst, "early", [.i32(7), .i32(0)]) == [.i32(7)])
        // br_if taken: (x + 2) + x; not taken: 100 + 0.
        #expect(try call(inst, "block_result", [.i32(5)]) == [.i32(12)])
        #expect(try call(inst, "block_result", [.i32(0)]) == [.i32(100)])
        #expect(try call(inst, "tee_return", [.i32(5)]) == [.i32(15)])
        #expect(try call(inst, "nested", [.i32(1)]) == [.i32(13)])
    }

    @Test func indirectCallsThroughTableZeroAndOthers() throws {
        let (_, inst) = try instantiate("""
        (module
          (type $t (func (param i32) (result i32)))
          (table $a 2 funcref) (table $b 2 funcref)
          (elem (table $a) (i32.const 0) func $inc $dbl)
          (elem (table $b) (i32.const 0) func $dbl $inc)
          (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func $dbl (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
          (func (export "via_a") (param i32 i32) (result i32) (call_indirect $a (type $t) (local.get 0) (local.get 1)))
          (func (export "via_b") (param i32 i32) (result i32) (call_indirect $b (type $t) (local.get 0) (local.get 1))))
        """)
        #expect(try call(inst, "via_a", [.i32(10), .i32(0)]) == [.i32(11)])
        #expect(try call(inst, "via_a", [.i32(10), .i32(1)]) == [.i32(20)])
        #expect(try call(inst, "via_b", [.i32(10), .i32(0)]) == [.i32(20)])
        #expect(try call(inst, "via_b", [.i32(10), .i32(1)]) == [.i32(11)])
        #expect(trapKind { try call(inst, "via_a", [.i32(10), .i32(2)]) } == .undefinedElement)
        #expect(trapKind { try call(inst, "via_b", [.i32(10), .i32(-1)]) } == .undefinedElement)
    }
}
