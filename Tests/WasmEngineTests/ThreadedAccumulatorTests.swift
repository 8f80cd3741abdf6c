import Testing
import WasmEngine
@testable import WasmInterpreter

/// The interpreter's threaded accumulator (ThreadedCode.swift): an op right after the op that
/// produced one of its operands reads it from a register, except at branch targets (and after a
/// call, the op reading the call's first result reads it from there too). These cases put a produced value right before a place where control also arrives
/// from elsewhere (a loop header, a `br_table` target, the op after a call, an op after one
/// the `switch` runs) and read it right there: a wrongly chosen variant would read whatever
/// the other path left in the accumulator. Expected values come from Swift arithmetic. (Debug
/// builds also check every accumulator handed from handler to handler against its slot.)
@Suite struct ThreadedAccumulatorTests {
    /// The accumulator slot of each op of `ops` threaded as one function.
    private func accumulatorSlots(_ ops: [Op], tableTargets: [PC] = [], replacing: (Int, Op)? = nil) -> [Slot?] {
        let f = CompiledFunction(functionIndex: 0, paramCount: 3, resultCount: 0, localCount: 0, constants: [],
                                 frameSize: 16, code: ops, tableTargets: tableTargets, sourceIndex: ops.map { _ in 0 })
        if let (k, op) = replacing { f.replaceOp(k, with: op) }
        return (0..<f.codeCount).map { f.code[$0].accumulatorSlot == ThreadedOp.noAccumulator ? nil : f.code[$0].accumulatorSlot }
    }

    @Test func variantsWhereTheAccumulatorSlotIsKnown() {
        let ops: [Op] = [
            .i32Add(dst: 3, lhs: 0, rhs: 1),   // 0: first op
            .i32Mul(dst: 4, lhs: 3, rhs: 1),   // 1: reads 3, produced by 0
            .i32Sub(dst: 5, lhs: 1, rhs: 4),   // 2: reads 4 as its right operand
            .i32Add(dst: 6, lhs: 5, rhs: 5),   // 3: reads 5, but the branch (6) brings 3
            .callDefined(function: 0, argBase: 7),
            .i32Add(dst: 3, lhs: 7, rhs: 0),   // 5: after a call, reads its result (slot 7)
            .brIf(cond: 3, 3),                 // 6: reads 3, produced by 5
            .i32Add(dst: 4, lhs: 2, rhs: 1),   // 7: after a branch, which hands on 3
            .i32Add(dst: 5, lhs: 4, rhs: 4),   // 8: reads 4, but a br_table target
            .i32Add(dst: 6, lhs: 0, rhs: 1),   // 9: does not read 5
            .ret,
        ]
        #expect(accumulatorSlots(ops, tableTargets: [8]) == [nil, 3, 4, nil, nil, 7, 3, nil, nil, nil, nil])
        // Without the table, op 8 reads the accumulator.
        #expect(accumulatorSlots(ops)[8] == 4)
        // Replacing a producer (the verifier does so with dead code) drops its successor's variant.
        #expect(accumulatorSlots(ops, tableTargets: [8], replacing: (1, .trap(.unreachable)))[2] == nil)
    }

    @Test func loopHeaderReadsTheSlotEveryWayInAgreesOn() {
        // 0 and the back edge (5) both hand on slot 3 to the loop header 1; the in-place steps
        // 3 and 4 keep it (the ops after them do not read the stepped slots).
        let agree: [Op] = [
            .i32Add(dst: 3, lhs: 0, rhs: 1),          // 0
            .i32Mul(dst: 4, lhs: 3, rhs: 3),          // 1: loop header, reads 3
            .i32Add(dst: 3, lhs: 4, rhs: 1),          // 2: reads 4
            .i32AddImm(dst: 5, src: 5, imm: 1),       // 3: in place
            .i32AddImm(dst: 2, src: 2, imm: 1),       // 4: in place
            .brI32NeImm(lhs: 1, imm: 9, 1),           // 5: back edge
            .ret,
        ]
        #expect(accumulatorSlots(agree) == [nil, 3, 4, nil, nil, nil, nil])
        // The back edge brings slot 2 when the step produces it (the branch reads it).
        var disagree = agree
        disagree[5] = .brI32NeImm(lhs: 2, imm: 9, 1)
        #expect(accumulatorSlots(disagree) == [nil, nil, 4, nil, nil, 2, nil])
        // An in-place step of the held slot itself leaves nothing known.
        var stale = agree
        stale[3] = .i32AddImm(dst: 3, src: 3, imm: 1)
        #expect(accumulatorSlots(stale)[1] == nil)
        // A call in the loop: the return point holds only the call's result (slot 8, which the
        // branch does not read), and the header gets nothing.
        var call = agree
        call[4] = .callDefined(function: 0, argBase: 8)
        #expect(accumulatorSlots(call)[1] == nil)
        #expect(accumulatorSlots(call)[5] == nil)
    }

    @Test func valueProducedBeforeALoopHeaderReadThere() throws {
        // The loop's first op reads local 1, set right before the loop and at the end of each
        // iteration by a different chain.
        let wat = """
        (module (func (export "pow3") (param i32) (result i32) (local i32)
          (local.set 1 (i32.const 1))
          (loop $l
            (local.set 1 (i32.mul (local.get 1) (i32.const 3)))
            (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
          (local.get 1)))
        """
        var expected: UInt32 = 1
        for n in 1...40 {
            expected &*= 3
            let (_, inst) = try instantiate(wat)
            #expect(try call(inst, "pow3", [.i32(Int32(n))]) == [.i32(Int32(bitPattern: expected))])
        }
        // The same with fuel: a fuel op (run by the `switch`) heads the loop.
        let (store, inst) = try instantiate(wat, engine: interpreterEngine { $0.consumeFuel = true })
        try store.setFuel(1_000_000)
        #expect(try call(inst, "pow3", [.i32(40)]) == [.i32(Int32(bitPattern: expected))])
    }

    @Test func valueProducedBeforeABrTableTargetReadThere() throws {
        // Each iteration adds 1, 10 or 100 depending on i % 3; the join reads local 1 right
        // after the three arms' different producers and the loop's back edge.
        let (_, inst) = try instantiate("""
        (module (func (export "mix") (param i32) (result i32) (local i32)
          (loop $l
            (block $c (block $b (block $a
              (br_table $a $b $c (i32.rem_u (local.get 0) (i32.const 3))))
              (local.set 1 (i32.add (local.get 1) (i32.const 1))) (br $c))
              (local.set 1 (i32.add (local.get 1) (i32.const 10))) (br $c))
            (local.set 1 (i32.mul (local.get 1) (i32.const 3)))
            (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
          (local.get 1)))
        """)
        for n: UInt32 in [1, 2, 3, 7, 20] {
            var i = n, acc: UInt32 = 0
            repeat {
                switch i % 3 {
                case 0: acc &+= 1
                case 1: acc &+= 10
                default: break
                }
                acc &*= 3
                i &-= 1
            } while i != 0
            #expect(try call(inst, "mix", [.i32(Int32(n))]) == [.i32(Int32(bitPattern: acc))])
        }
    }

    @Test func valueReadRightAfterACallReturns() throws {
        // The callee's last op produces its result right before `ret`; the caller's next op
        // reads the call's result slot and a value it produced before the call.
        let (_, inst) = try instantiate("""
        (module
          (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
          (func (export "f") (param i32) (result i32) (local i32)
            (local.set 1 (i32.add (local.get 0) (i32.const 7)))
            (i32.sub (call $sq (local.get 1)) (local.get 1))))
        """)
        for x: Int32 in [0, 1, 5, -3, 40_000] {
            let y = x &+ 7
            #expect(try call(inst, "f", [.i32(x)]) == [.i32(y &* y &- y)])
        }
    }

    @Test func valueReadAfterAnOpTheSwitchRuns() throws {
        // memory.grow and table.size run in the `switch`; the threaded run starts again right
        // after them and reads values produced before them.
        let (_, inst) = try instantiate("""
        (module (memory 1) (table 3 funcref)
          (func (export "f") (param i32) (result i32) (local i32)
            (local.set 1 (i32.add (local.get 0) (i32.const 5)))
            (i32.add (i32.mul (local.get 1) (memory.grow (i32.const 0)))
                     (i32.mul (local.get 1) (table.size 0)))))
        """)
        for x: Int32 in [0, 4, -9, 1 << 20] {
            let y = x &+ 5
            #expect(try call(inst, "f", [.i32(x)]) == [.i32(y &* 1 &+ y &* 3)])
        }
    }

    @Test func floatAndMemoryChains() throws {
        let (_, inst) = try instantiate("""
        (module (memory 1) (data (i32.const 8) "\\01\\02\\03\\04\\05\\06\\07\\08")
          (func (export "poly") (param f64) (result f64)
            (f64.sqrt (f64.div (f64.sub (f64.mul (f64.add (local.get 0) (f64.const 1.5)) (local.get 0))
                                        (f64.const 2.25)) (f64.const 3))))
          (func (export "load") (param i32) (result i32)
            (i32.xor (i32.load (i32.add (local.get 0) (i32.const 4))) (i32.const 0xff)))
          (func (export "sel") (param i32 i32) (result i32)
            (select (i32.add (local.get 0) (i32.const 1)) (i32.sub (local.get 1) (i32.const 1))
                    (i32.lt_s (local.get 0) (local.get 1)))))
        """)
        for x in [2.0, 3.25, 100.0] {
            let expected = (((x + 1.5) * x - 2.25) / 3).squareRoot()
            #expect(try call(inst, "poly", [.f64(x.bitPattern)]) == [.f64(expected.bitPattern)])
        }
        // Bytes 8...11 little-endian: 0x04030201; bytes 10...13: 0x06050403.
        #expect(try call(inst, "load", [.i32(4)]) == [.i32(0x0403_02FE)])
        #expect(try call(inst, "load", [.i32(6)]) == [.i32(0x0605_04FC)])
        #expect(try call(inst, "sel", [.i32(1), .i32(9)]) == [.i32(2)])
        #expect(try call(inst, "sel", [.i32(9), .i32(1)]) == [.i32(0)])
    }

    @Test func trapInTheMiddleOfAChainThenAFreshCall() throws {
        let (_, inst) = try instantiate("""
        (module (func (export "f") (param i32 i32) (result i32)
          (i32.add (i32.div_u (i32.add (local.get 0) (i32.const 1)) (local.get 1)) (i32.const 7))))
        """)
        #expect(trapKind { try call(inst, "f", [.i32(5), .i32(0)]) } == .integerDivideByZero)
        #expect(try call(inst, "f", [.i32(41), .i32(2)]) == [.i32(28)])
        #expect(trapKind { try call(inst, "f", [.i32(5), .i32(0)]) } == .integerDivideByZero)
        #expect(try call(inst, "f", [.i32(-1), .i32(3)]) == [.i32(7)])
    }
}
