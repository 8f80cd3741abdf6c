import WasmCore
import WasmRuntime

/// `callIndirect` as a threaded handler for its common case: table 0, an element the store's
/// cache has already resolved (for this instance and type) to a function of the running
/// instance. It then enters the callee like `t_callDefined`. Everything else (other tables, an
/// element out of range or not cached yet, another instance, a frame that does not fit) is left
/// to the `switch` (`Machine.callIndirect`), which traps or fills the cache.
func t_callIndirect(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer) -> OpaquePointer {
    let at = ThreadedPC(op), cx = ThreadedContextPointer(context)
    guard case .callIndirect(let ti, let t, let index, let argBase) = at.pointee.op, t == 0,
          let table = cx.pointee.table0 else { return leave(at, fp, cx) }
    let i = Int(UInt32(truncatingIfNeeded: fp[Int(index)]))
    let element: UInt64? = table._withUnsafeGuaranteedRef { tb in i < tb.elements.count ? tb.elements[i] : nil }
    guard let r = element else { return leave(at, fp, cx) }
    let e = IndirectCallCache.entry(in: cx.pointee.indirectCalls, r, ti)
    let inst = cx.pointee.inst.toOpaque()
    guard e.pointee.ref == r, e.pointee.typeIndex == ti, e.pointee.caller == inst, e.pointee.instance == inst,
          let f = e.pointee.function else { return leave(at, fp, cx) }
    let callee = Unmanaged<CompiledFunction>.fromOpaque(f)
    let newFp = fp + Int(argBase)
    let depth = cx.pointee.frameCount
    let entry: ThreadedPC? = callee._withUnsafeGuaranteedRef { c in
        let used = ((newFp - cx.pointee.slotBase) &+ c.frameSize) &* 8 &+ (depth &+ 1) &* ExecutionStack.frameOverhead
        guard used <= cx.pointee.maxBytes else { return nil }
        c.initializeSlots(newFp)
        return c.code
    }
    guard let code = entry else { return leave(at, fp, cx) }
    cx.pointee.frames[depth] = Frame(returnPC: at + 1, fp: fp, function: cx.pointee.fn, instance: cx.pointee.inst)
    cx.pointee.frameCount = depth &+ 1
    cx.pointee.fn = callee
    cx.pointee.code = code
    return next(code, newFp, cx)
}
