import WasmCore

// icalls: a constant stored into a local is a const op (LoweringImmediates.swift: no constant
// pool slot for calls to write); like a copy of a pooled constant before it, it keeps the
// accumulator when no op reads the stored slot from it before the next producer
// (ThreadedAccumulatorFlow.swift, ThreadedAccumulatorPassThrough.swift).
extension ThreadedOp {
    /// Whether `op` stores a value another op computed or a constant (`copy`, `const32`,
    /// `const64`): such an op keeps the accumulator unless a later reader wants its slot from it.
    static func storesLocalValue(_ op: Op) -> Bool {
        switch op {
        case .copy, .const32, .const64: return true
        default: return false
        }
    }
}

/// `const32` that hands on the accumulator it got.
@inline(__always)
func t_const32KeepingAccumulator(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    // `const32(dst, value)`: its operand words.
    fp[Int(at.pointee.operands.0)] = UInt64(at.pointee.operands.1)
    return next(at + 1, fp, ThreadedContextPointer(context), acc, mb, fa)
}

/// `const64` that hands on the accumulator it got.
@inline(__always)
func t_const64KeepingAccumulator(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    // `const64(dst, value)`: the value in words 1 (low) and 2.
    fp[Int(at.pointee.operands.0)] = UInt64(at.pointee.operands.1) | UInt64(at.pointee.operands.2) << 32
    return next(at + 1, fp, ThreadedContextPointer(context), acc, mb, fa)
}
