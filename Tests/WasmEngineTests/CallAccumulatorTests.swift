import Testing
import WasmEngine
@testable import WasmInterpreter

/// Values the interpreter hands between calls in its accumulator. Results read right after a call
/// returns: callees whose last op computed the result or that return a parameter unchanged, early
/// returns, two results, direct and indirect calls, recursion, and a return point where a branch
/// joins. `call_indirect` element indices computed by the op before the call, in and out of the
/// table. Expected values are worked out by hand.
@Suite struct CallAccumulatorTests {
    static let wat = """
    (module
      (type $t (func (param i32) (result i32)))
      (table 3 funcref)
      (elem (i32.const 0) $same $double $early)
      (func $same (param i32) (result i32) (local.get 0))
      (func $double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
      (func $early (param i32) (result i32)
        (if (local.get 0) (then (return (i32.const 11))))
        (i32.const 22))
      (func $pair (param i32) (result i32 i32) (local.get 0) (i32.const 7))
      (func $wide (param i64) (result i64) (i64.mul (local.get 0) (i64.const 0x100000001)))
      (func $fib (param i32) (result i32)
        (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                         (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
      (func (export "chain") (param i32) (result i32)
        (i32.add (call $double (call $same (local.get 0))) (i32.const 1)))
      (func (export "indirect") (param i32 i32) (result i32)
        (i32.mul (call_indirect (type $t) (local.get 0) (local.get 1)) (i32.const 3)))
      (func (export "early") (param i32) (result i32) (i32.xor (call $early (local.get 0)) (i32.const 1)))
      (func (export "pair") (param i32) (result i32) (call $pair (local.get 0)) (i32.sub))
      (func (export "wide") (param i64) (result i64) (i64.add (call $wide (local.get 0)) (i64.const 1)))
      (func (export "fib") (param i32) (result i32) (call $fib (local.get 0)))
      ;; The element index is computed right before the call.
      (func (export "computed") (param i32 i32) (result i32)
        (call_indirect (type $t) (local.get 0) (i32.rem_u (local.get 1) (i32.const 3))))
      (func (export "computed_oob") (param i32 i32) (result i32)
        (call_indirect (type $t) (local.get 0) (i32.add (local.get 1) (i32.const 3))))
      ;; The op after the call is also where the `br_if` lands.
      (func (export "join") (param i32) (result i32)
        (block (result i32) (i32.const 5) (br_if 0 (local.get 0)) (drop) (call $double (i32.const 4)))
        (i32.add (i32.const 100)))
    )
    """

    @Test(arguments: testedBackends) func resultsReadAfterReturnsAreExact(_ strategy: Strategy) throws {
        let (_, inst) = try instantiate(CallAccumulatorTests.wat, engine: engine(strategy))
        #expect(try call(inst, "chain", [.i32(20)]) == [.i32(41)])
        #expect(try call(inst, "chain", [.i32(-1)]) == [.i32(-1)])
        // Element 0 returns its argument, 1 doubles it, 2 returns 11 or 22.
        #expect(try call(inst, "indirect", [.i32(5), .i32(0)]) == [.i32(15)])
        #expect(try call(inst, "indirect", [.i32(5), .i32(1)]) == [.i32(30)])
        #expect(try call(inst, "indirect", [.i32(5), .i32(2)]) == [.i32(33)])
        #expect(try call(inst, "indirect", [.i32(0), .i32(2)]) == [.i32(66)])
        #expect(try call(inst, "early", [.i32(1)]) == [.i32(10)])
        #expect(try call(inst, "early", [.i32(0)]) == [.i32(23)])
        #expect(try call(inst, "pair", [.i32(50)]) == [.i32(43)])
        // 3 * (2^32 + 1) + 1.
        #expect(try call(inst, "wide", [.i64(3)]) == [.i64(0x3_0000_0004)])
        #expect(try call(inst, "fib", [.i32(20)]) == [.i32(6765)])
        #expect(try call(inst, "join", [.i32(1)]) == [.i32(105)])
        #expect(try call(inst, "join", [.i32(0)]) == [.i32(108)])
    }

    /// The accumulator slot each op of `ops` (threaded as one function) reads, nil for none.
    private func accumulatorSlots(_ ops: [Op]) -> [Slot?] {
        let f = CompiledFunction(functionIndex: 0, paramCount: 3, resultCount: 1, localCount: 0, constants: [],
                                 frameSize: 16, code: ops, tableTargets: [], sourceIndex: ops.map { _ in 0 })
        return (0..<f.codeCount).map { f.code[$0].accumulatorSlot == ThreadedOp.noAccumulator ? nil : f.code[$0].accumulatorSlot }
    }

    @Test func accumulatorAcrossCallsAndArgumentCopies() {
        // The index computed before an argument copy reaches the call; the result reaches the op after it.
        let ops: [Op] = [
            .i32Add(dst: 5, lhs: 0, rhs: 1),
            .copy(dst: 6, src: 2),
            .callIndirect(typeIndex: 0, table: 0, index: 5, argBase: 6),
            .i32AddImm(dst: 0, src: 6, imm: 1),
            .ret,
        ]
        #expect(accumulatorSlots(ops) == [nil, nil, 5, 6, 0])
        // A copy into the index slot produces the index itself.
        var into = ops
        into[1] = .copy(dst: 5, src: 2)
        #expect(accumulatorSlots(into)[2] == 5)
        // An argument computed (not copied) after the index hands on its own value.
        var computed = ops
        computed[1] = .i32AddImm(dst: 6, src: 2, imm: 1)
        #expect(accumulatorSlots(computed)[2] == nil)
        // A `ret` whose slot 0 was not just produced reads it from the slot.
        var plain = ops
        plain[3] = .i32AddImm(dst: 1, src: 6, imm: 1)
        #expect(accumulatorSlots(plain)[4] == nil)
    }

    @Test(arguments: testedBackends) func computedElementIndices(_ strategy: Strategy) throws {
        let (_, inst) = try instantiate(CallAccumulatorTests.wat, engine: engine(strategy))
        // 7 % 3 = 1 (double), 9 % 3 = 0 (same), 5 % 3 = 2 (early, argument nonzero: 11).
        #expect(try call(inst, "computed", [.i32(6), .i32(7)]) == [.i32(12)])
        #expect(try call(inst, "computed", [.i32(6), .i32(9)]) == [.i32(6)])
        #expect(try call(inst, "computed", [.i32(6), .i32(5)]) == [.i32(11)])
        for _ in 0..<3 { #expect(try call(inst, "computed", [.i32(-4), .i32(4)]) == [.i32(-8)]) }
        // Index 3 and past: outside the 3-element table.
        #expect(trapKind { try call(inst, "computed_oob", [.i32(1), .i32(0)]) } == .undefinedElement)
        #expect(trapKind { try call(inst, "computed_oob", [.i32(1), .i32(-4)]) } == .undefinedElement)
        #expect(try call(inst, "computed_oob", [.i32(3), .i32(-2)]) == [.i32(6)])
    }
}
