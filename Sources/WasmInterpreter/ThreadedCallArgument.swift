import WasmCore

// icalls8: a call hands its first argument to the callee in the accumulator. Every threaded
// call enters a function with parameters holding slot 0 (its first argument) in the
// accumulator: `enterThreaded` loads it from the new frame, and a direct call whose
// accumulator already holds the argument (the op before the call computed it, as in
// `f(n - 1)`) hands it on as is (`t_callDefinedCodeAccumulator`). The callee's first ops then
// read `n` without a store-to-load round trip through the argument slot (fib's
// `if (n < 2) return n;` becomes a compare of the accumulator and `t_retAccumulator`). An entry
// from the `switch` (the host, a call through the `switch`) loads slot 0 for the first op
// (`accumulatorSlot`), like any op the `switch` hands back to threaded code.
extension ThreadedOp {
    /// Marks the function entry (op 0) as reading slot 0 from the accumulator when the flow
    /// found it there (so a run entered at op 0 loads it), and every `callDefined` whose
    /// accumulator holds its argument slot (`CompiledModule.linkCalls` then picks the handler
    /// that hands it on).
    static func entersWithFirstArgument(_ ops: [Op], held: [Held], in code: ThreadedPC) {
        guard !ops.isEmpty else { return }
        if code[0].threaded, held[0] == .slot(0) { code[0].accumulatorSlot = 0 }
        for (k, op) in ops.enumerated() where code[k].threaded {
            if case .callDefined(_, let argBase) = op, held[k] == .slot(argBase) { code[k].accumulatorSlot = argBase }
        }
    }
}
