import WasmCore

// icalls: an op computing a function's first result right before its `ret` (`return a + b`,
// the tail of most small functions) runs the return too: its handler variant `t_<op>_ret`
// (generated) computes and writes slot 0, then pops the frame and continues at the return point
// with the result as the accumulator, like `t_retAccumulator` — one dispatch less per call.
// The `ret` op stays in the code for other paths to it (a branch target) and for the `switch`:
// a return the handler cannot do in threaded code (to the host, to another instance) leaves at
// the `ret`, which the `switch` then runs.
extension ThreadedOp {
    /// Gives every op that writes slot 0 as its accumulator result right before a `ret` the
    /// returning variant of its handler, when the op runs its plain generated handler (or the
    /// accumulator variant chosen for it); other handlers (in-place steps...) are left alone.
    static func fuseReturns(_ ops: [Op], in code: ThreadedPC) {
        guard ops.count > 1 else { return }
        for k in 0..<(ops.count - 1) where code[k].threaded {
            guard case .ret = ops[k + 1], accumulatorResult(of: ops[k]) == 0 else { continue }
            let slot = code[k].accumulatorSlot
            let plain = slot == noAccumulator ? handler(for: ops[k]) : accumulatorHandler(for: ops[k], reading: slot)
            guard let plain, sameHandler(plain, code[k].handler),
                  let returning = returningHandler(for: ops[k], reading: slot) else { continue }
            code[k].handler = returning
        }
    }

    /// Whether two handlers are the same function.
    private static func sameHandler(_ a: ThreadedHandler, _ b: ThreadedHandler) -> Bool {
        unsafeBitCast(a, to: UnsafeRawPointer.self) == unsafeBitCast(b, to: UnsafeRawPointer.self)
    }
}
