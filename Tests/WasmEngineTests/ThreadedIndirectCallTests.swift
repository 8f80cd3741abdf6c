import Testing
import WasmEngine

/// `call_indirect` through the interpreter's threaded handler (table 0, targets the store's cache
/// has resolved): results, recursion until the stack is exhausted, backtraces through indirect
/// frames, and the cases it leaves to the execution loop (another table, a changed element, an
/// index out of range). Expected values are worked out by hand.
@Suite struct ThreadedIndirectCallTests {
    let inst: Instance

    init() throws {
        (_, inst) = try instantiate("""
        (module
          (type $i (func (param i32) (result i32)))
          (table $t0 4 funcref)
          (table $t1 1 funcref)
          (elem (table $t0) (i32.const 0) func $inc $dbl $down $boom)
          (elem (table $t1) (i32.const 0) func $dbl)
          (func $inc (type $i) (i32.add (local.get 0) (i32.const 1)))
          (func $dbl (type $i) (i32.mul (local.get 0) (i32.const 2)))
          ;; Counts down through table 0 to 0: `n` nested indirect calls.
          (func $down (type $i)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (i32.const 1) (call_indirect $t0 (type $i) (i32.sub (local.get 0) (i32.const 1)) (i32.const 2))))))
          (func $boom (type $i) (unreachable))
          ;; Alternates inc and dbl `n` times from 0.
          (func (export "loop") (param i32) (result i32) (local i32 i32)
            (block $done (loop $l
              (br_if $done (i32.eq (local.get 1) (local.get 0)))
              (local.set 2 (call_indirect $t0 (type $i) (local.get 2) (i32.and (local.get 1) (i32.const 1))))
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (br $l)))
            (local.get 2))
          (func (export "down") (param i32) (result i32) (call_indirect $t0 (type $i) (local.get 0) (i32.const 2)))
          (func (export "boom") (param i32) (result i32) (call_indirect $t0 (type $i) (local.get 0) (i32.const 3)))
          (func (export "other_table") (param i32) (result i32) (call_indirect $t1 (type $i) (local.get 0) (i32.const 0)))
          (func (export "at") (param i32 i32) (result i32) (call_indirect $t0 (type $i) (local.get 0) (local.get 1)))
          (func (export "set1_to_inc") (table.set $t0 (i32.const 1) (ref.func $inc)))
        )
        """)
    }

    @Test func indirectCallsInALoopAndInRecursion() throws {
        // 0 → inc 1 → dbl 2 → inc 3 → dbl 6 → inc 7 → dbl 14.
        #expect(try call(inst, "loop", [.i32(6)]) == [.i32(14)])
        #expect(try call(inst, "loop", [.i32(6)]) == [.i32(14)])
        #expect(try call(inst, "down", [.i32(1000)]) == [.i32(1000)])
        #expect(trapKind { try call(inst, "down", [.i32(100_000_000)]) } == .callStackExhausted)
        #expect(try call(inst, "other_table", [.i32(21)]) == [.i32(42)])
    }

    @Test func indirectFramesAppearInBacktraces() throws {
        _ = trapOf { try call(inst, "boom", [.i32(0)]) }
        let t = try #require(trapOf { try call(inst, "boom", [.i32(0)]) })
        #expect(t.kind == .unreachable)
        // $boom (function 3) called from the export (function 6).
        #expect(t.backtrace.map(\.functionIndex) == [3, 6])
    }

    @Test func changedAndMissingElementsAreLeftToTheLoop() throws {
        #expect(try call(inst, "at", [.i32(5), .i32(1)]) == [.i32(10)])
        #expect(try call(inst, "at", [.i32(5), .i32(1)]) == [.i32(10)])
        _ = try call(inst, "set1_to_inc")
        #expect(try call(inst, "at", [.i32(5), .i32(1)]) == [.i32(6)])
        #expect(trapKind { try call(inst, "at", [.i32(5), .i32(4)]) } == .undefinedElement)
        #expect(trapKind { try call(inst, "at", [.i32(5), .i32(-1)]) } == .undefinedElement)
    }
}
