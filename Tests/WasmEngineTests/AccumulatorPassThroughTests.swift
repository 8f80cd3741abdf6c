import Testing
@testable import WasmEngine
@testable import WasmInterpreter

/// The accumulator kept across a stepped loop counter's back edge and a `copy` nobody reads next,
/// and float squares reading both operands from it (ThreadedAccumulatorPassThrough.swift; float
/// results travel in the float accumulator, ThreadedFloatAccumulator.swift).
/// Expected values come from Swift arithmetic; debug builds also check every accumulator handed
/// from handler to handler against its slot.
@Suite struct AccumulatorPassThroughTests {
    /// The threaded form of `ops` as one function (3 parameters).
    private func threaded(_ ops: [Op]) -> CompiledFunction {
        CompiledFunction(functionIndex: 0, paramCount: 3, resultCount: 0, localCount: 0, constants: [],
                         frameSize: 16, code: ops, tableTargets: [], sourceIndex: ops.map { _ in 0 })
    }

    private func accumulatorSlots(_ f: CompiledFunction) -> [Slot?] {
        (0..<f.codeCount).map { f.code[$0].accumulatorSlot == ThreadedOp.noAccumulator ? nil : f.code[$0].accumulatorSlot }
    }

    private func floatAccumulatorSlots(_ f: CompiledFunction) -> [Slot?] {
        (0..<f.codeCount).map { f.code[$0].floatAccumulatorSlot == ThreadedOp.noAccumulator ? nil : f.code[$0].floatAccumulatorSlot }
    }

    @Test func loopHeaderReadsAcrossACopyAndASteppedCounterBackEdge() {
        let ops: [Op] = [
            .copy(dst: 3, src: 0),                                    // 0: produces 3 (in both accumulators)
            .f64Mul(dst: 4, lhs: 3, rhs: 3),                          // 1: loop header, squares 3
            .f64Add(dst: 3, lhs: 4, rhs: 1),                          // 2: reads 4, produces 3 (float)
            .copy(dst: 5, src: 2),                                    // 3: not read next: keeps 3
            .brAddImmI32NeImm(counter: 6, imm: 1, limit: 9, 1),       // 4: back edge, hands on 3
            .ret,
        ]
        let f = threaded(ops)
        // Float results travel in the float accumulator; the copy before the loop put 3 in both,
        // the back edge brings it in the float one only.
        #expect(accumulatorSlots(f) == [nil, nil, nil, nil, nil, nil])
        #expect(floatAccumulatorSlots(f) == [nil, 3, 4, nil, nil, nil])
        #expect(unsafeBitCast(f.code[1].handler, to: UnsafeRawPointer.self)
                == unsafeBitCast(t_f64SquareOfFloatAccumulator as ThreadedHandler, to: UnsafeRawPointer.self))
        // A back edge stepping the held slot itself brings nothing known.
        var stepsHeld = ops
        stepsHeld[4] = .brAddImmI32NeImm(counter: 3, imm: 1, limit: 9, 1)
        #expect(accumulatorSlots(threaded(stepsHeld))[1] == nil)
        #expect(floatAccumulatorSlots(threaded(stepsHeld))[1] == nil)
        // A copy the next op reads produces its slot (there the stepped counter, so the back edge
        // brings nothing known and the header reads no accumulator).
        var copyRead = ops
        copyRead[4] = .brAddImmI32NeImm(counter: 5, imm: 1, limit: 9, 1)
        #expect(accumulatorSlots(threaded(copyRead)) == [nil, nil, nil, nil, 5, nil])
        #expect(floatAccumulatorSlots(threaded(copyRead)) == [nil, nil, 4, nil, nil, nil])
        // A copy read after an in-place step (which hands the accumulator on) produces its slot.
        let readAfterStep: [Op] = [
            .copy(dst: 3, src: 0),                  // 0: produces 3 (read by 2)
            .i32AddImm(dst: 5, src: 5, imm: 1),     // 1: in place, keeps 3
            .i64ShrUImm(dst: 4, src: 3, imm: 1),    // 2: reads 3
            .ret,
        ]
        #expect(accumulatorSlots(threaded(readAfterStep)) == [nil, nil, 3, nil])
        // A copy into the held slot leaves nothing known.
        var copyOver = ops
        copyOver[3] = .copy(dst: 3, src: 2)
        #expect(accumulatorSlots(threaded(copyOver))[1] == nil)
        #expect(floatAccumulatorSlots(threaded(copyOver))[1] == nil)
    }

    static let loopsWat = """
    (module
      (func (export "f32") (param $x f32) (param $c f32) (param $n i32) (result f32) (local $i i32) (local $k i32)
        (local.set $x (f32.neg (f32.neg (local.get $x))))
        (loop $l
          (local.set $x (f32.mul (local.get $x) (local.get $x)))
          (local.set $x (f32.add (local.get $x) (local.get $c)))
          (local.set $k (i32.const 100))
          (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
        (local.get $x))
      (func (export "f64") (param $x f64) (param $c f64) (param $n i32) (result f64) (local $i i32) (local $k i32)
        (local.set $x (f64.neg (f64.neg (local.get $x))))
        (loop $l
          (local.set $x (f64.mul (local.get $x) (local.get $x)))
          (local.set $x (f64.add (local.get $x) (local.get $c)))
          (local.set $k (i32.const 100))
          (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
        (local.get $x)))
    """

    @Test func squaresAndSumsCarriedAroundLoopsMatchSwift() throws {
        // `x = x*x + c` iterated with the counter stepped and tested at the bottom and a copy of a
        // constant before it (the loop header reads x from the accumulator), in f32 and f64.
        let (_, inst) = try instantiate(AccumulatorPassThroughTests.loopsWat)
        let module = try Module(try interpreterEngine(), wat: AccumulatorPassThroughTests.loopsWat)
        for (index, square) in [(0, t_f32SquareOfFloatAccumulator as ThreadedHandler), (1, t_f64SquareOfFloatAccumulator)] {
            let f = unsafeDowncast(module.box.compiled, to: CompiledModule.self).functions[index]
            let squares = (0..<f.codeCount).filter {
                unsafeBitCast(f.code[$0].handler, to: UnsafeRawPointer.self) == unsafeBitCast(square, to: UnsafeRawPointer.self)
            }
            #expect(squares.count == 1, "function \(index)")
        }
        for (x, c) in [(0.5, -0.75), (0.0, 0.25), (-1.5, 0.1), (1.0000001, -2.0), (.nan, 1), (-0.0, -0.0)] {
            for n: Int32 in [1, 2, 7, 40] {
                var x32 = Float(x), x64 = x
                for _ in 0..<n { x32 = x32 * x32 + Float(c); x64 = x64 * x64 + c }
                #expect(LoopFusionTests.sameFloat(try call(inst, "f32", [.float32(Float(x)), .float32(Float(c)), .i32(n)]), .float32(x32)), "f32 \(x) \(c) \(n)")
                #expect(LoopFusionTests.sameFloat(try call(inst, "f64", [.float64(x), .float64(c), .i32(n)]), .float64(x64)), "f64 \(x) \(c) \(n)")
            }
        }
    }
}
