import WasmCore
import WasmRuntime

// iloops: a sum updated in place by two masked values (`i32AddAndImmPair` with `dst == lhs`,
// `total += (x & 7) + (y & 7)`) hands on the accumulator it got, like the in-place counter steps
// of ThreadedAccumulatorFlow.swift: the value the loop body produced before it (the loop-carried
// state of a generator, say) reaches the loop header after the back edge without a store-to-load
// round trip.

/// `i32AddAndImmPair(dst, lhs, a, b, imm)` with `dst == lhs`, handing on the accumulator it got.
@inline(__always)
func t_i32AddAndImmPairInPlace(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    // `i32AddAndImmPair(dst, lhs, a, b, imm)`: its operand words (`a` and `b` share word 2).
    let d = at.pointee.operands.0, a = at.pointee.operands.2 & 0xFFFF, b = at.pointee.operands.2 >> 16
    let imm = at.pointee.operands.3
    let sum = UInt32(truncatingIfNeeded: fp[Int(d)]) &+ (UInt32(truncatingIfNeeded: fp[Int(a)]) & imm)
        &+ (UInt32(truncatingIfNeeded: fp[Int(b)]) & imm)
    fp[Int(d)] = UInt64(sum)
    return next(at + 1, fp, ThreadedContextPointer(context), acc, mb, fa)
}
