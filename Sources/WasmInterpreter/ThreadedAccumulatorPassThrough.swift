import WasmCore
import WasmRuntime

// ifloats: more ways for a value to stay in the threaded accumulator (ThreadedAccumulatorFlow.swift).
//
// - A loop counter stepped and tested at the bottom of a loop (`brIfAddImm`, `brAddImmI32*`)
//   writes only the counter and hands on the accumulator it got, so the value the body produced
//   last reaches the loop header after the back edge (unless it is the counter).
// - A `copy` whose result no op reads from the accumulator before the next producer keeps the
//   accumulator it got (`t_copyKeepingAccumulator`, like the in-place steps), for the same
//   reason: clang often ends a loop body with a copy of a constant.
// - A float square (`f32Mul` / `f64Mul` of one slot by itself) of the slot the accumulator holds
//   reads both operands from it (the generated variant reads only the left one and loads the
//   other from the slot: a store-to-load round trip on the dependency chain).
extension ThreadedOp {
    /// The slot written by an op that otherwise hands on the accumulator it got (a stepped loop
    /// counter tested in its branch); nil for other ops.
    static func passesAccumulatorWriting(_ op: Op) -> Slot? {
        switch op {
        case .brIfAddImm(let c, _, _), .brAddImmI32Ne(let c, _, _, _), .brAddImmI32LtS(let c, _, _, _),
             .brAddImmI32LtU(let c, _, _, _), .brAddImmI32NeImm(let c, _, _, _), .brAddImmI32LtSImm(let c, _, _, _),
             .brAddImmI32LtUImm(let c, _, _, _):
            return c
        case .brI64NeImmStep(_, let c, _, _, _), .brI32NeImmStep(_, let c, _, _, _): // iloops
            return Slot(c)
        case .brF32SquareAddLt(let d, _, _, _, _), .brF32SquareAddNotLt(let d, _, _, _, _), // ifloats8
             .brF64SquareAddLt(let d, _, _, _, _), .brF64SquareAddNotLt(let d, _, _, _, _):
            return Slot(d)
        default: return nil
        }
    }

    /// Whether an op after the copy at `k`, before the next op that produces a value (past the
    /// steps and stepped-counter branches that hand the accumulator on), reads the copied slot
    /// `d` from the accumulator: the copy then produces it instead of keeping the accumulator.
    static func copyIsReadAhead(_ ops: [Op], after k: Int, slot d: Slot) -> Bool {
        var j = k + 1
        while j < ops.count {
            if accumulatorHandler(for: ops[j], reading: d) != nil { return true }
            // The special readers: a `ret` of slot 0, a `call_indirect` index.
            if case .ret = ops[j], d == 0 { return true }
            if case .callIndirect(_, _, let index, _) = ops[j], index == d { return true }
            if let c = passesAccumulatorWriting(ops[j]) {
                if c == d { return false }
            } else if case .i32AddImm(let x, let y, _) = ops[j], x == y, x != d {
            } else if case .i64AddImm(let x, let y, _) = ops[j], x == y, x != d {
            } else {
                return false
            }
            j += 1
        }
        return false
    }

    /// The handler of a float square of slot `s` reading both operands from the accumulator.
    static func squareHandler(for op: Op, reading s: Slot) -> ThreadedHandler? {
        switch op {
        case .f32Mul(_, let l, let r) where l == s && r == s: return t_f32SquareOfAccumulator
        case .f64Mul(_, let l, let r) where l == s && r == s: return t_f64SquareOfAccumulator
        default: return nil
        }
    }
}

/// `f32Mul(dst, x, x)` with `x` in the accumulator (the result goes to the float accumulator).
@inline(__always)
func t_f32SquareOfAccumulator(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    let d = at.pointee.operands.0
    let x = f32(acc)
    let result = fw(x * x)
    fp[Int(d)] = result.bitPattern
    return next(at + 1, fp, ThreadedContextPointer(context), acc, mb, result)
}

/// `f64Mul(dst, x, x)` with `x` in the accumulator (the result goes to the float accumulator).
@inline(__always)
func t_f64SquareOfAccumulator(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    let d = at.pointee.operands.0
    let x = f64(acc)
    let result = x * x
    fp[Int(d)] = result.bitPattern
    return next(at + 1, fp, ThreadedContextPointer(context), acc, mb, result)
}
