import WasmCore
import WasmRuntime

/// `callIndirect` through table 0 to a function of the running instance whose resolution the
/// store's cache holds, like `Machine.callIndirect`; anything else (other tables, a missing or
/// mistyped element, a first call, another instance, a host function) is left to the `switch`.
@inline(__always)
func t_callIndirect(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    // `callIndirect(typeIndex, table, index, argBase)`: its operand words.
    let index = ThreadedPC(op).pointee.operands.2
    return callIndirectThreaded(UInt32(truncatingIfNeeded: fp[Int(index)]), op, fp, context, acc, mb, fa)
}

/// `t_callIndirect` whose element index is in the accumulator (the op before it computed it).
@inline(__always)
func t_callIndirectAccumulator(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    callIndirectThreaded(UInt32(truncatingIfNeeded: acc), op, fp, context, acc, mb, fa)
}

/// `t_callIndirect` of element `i`.
@inline(__always)
func callIndirectThreaded(_ i: UInt32, _ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op), cx = ThreadedContextPointer(context)
    let ti = at.pointee.operands.0, argBase = at.pointee.operands.3
    guard at.pointee.operands.1 == 0, let table = cx.pointee.table0, UInt64(i) < table.pointee.count else { return leave(at, fp, cx) }
    let r = table.pointee.base[Int(i)]
    let caller = UInt(bitPattern: cx.pointee.inst.toOpaque())
    let e = IndirectCallCache.entry(in: cx.pointee.indirectCalls, r, ti)
    // Separate tests (each a compare and a branch) rather than one `resolves` expression, the
    // instances compared as addresses (an optional compare also tests for nil).
    guard e.pointee.ref == r, UInt(bitPattern: e.pointee.caller) == caller, e.pointee.typeIndex == ti,
          UInt(bitPattern: e.pointee.instance) == caller, let f = e.pointee.function else { return leave(at, fp, cx) }
    // icalls8: a callee without entry slots straight from the entry (one load less on the way).
    if let code = e.pointee.code {
        return enterCodeThreaded(code, frameBytes: e.pointee.frameBytes, argBase: argBase, at, fp, cx, fp[Int(argBase)], mb, fa)
    }
    return enterThreaded(Unmanaged<CompiledFunction>.fromOpaque(f), argBase: argBase, at, fp, cx, acc, mb, fa)
}
