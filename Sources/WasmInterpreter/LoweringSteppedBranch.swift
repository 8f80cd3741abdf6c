import WasmCore
import WasmRuntime

// iloops: a loop's back edge that also steps a counter (`brI64NeImmStep`, `brI32NeImmStep`).
// Loops that count their iterations in a local they do not test (`while (x != 1) { x = f(x); n++; }`)
// step it in place somewhere in the body; moved down into the branch, the step costs no dispatch of
// its own. Moving it is invisible: the ops it moves past neither read nor write the counter, and
// none of them branches (a local is seen by nothing but its own function's ops, so a trap in
// between, which ends the activation, cannot tell either).
extension Lowering {
    /// For `branch`, a `br_if` back to a loop header about to be emitted: removes the last in-place
    /// `i32AddImm` of the loop's straight-line tail (after the last label) that no later op and not
    /// the branch reads, and returns the branch stepping it; nil (nothing removed) otherwise.
    mutating func sinkStep(into branch: Op) -> Op? {
        let lhs: Slot, imm: UInt32, target: PC, is64: Bool
        switch branch {
        case .brI64NeImm(let l, let i, let t): (lhs, imm, target, is64) = (l, i, t, true)
        case .brI32NeImm(let l, let i, let t): (lhs, imm, target, is64) = (l, i, t, false)
        default: return nil
        }
        guard let l16 = Slot16(exactly: lhs) else { return nil }
        var j = ops.count - 1
        while j >= barrier, j >= 0 {
            if case .i32AddImm(let c, let s, let step) = ops[j], c == s, c != lhs, let c16 = Slot16(exactly: c),
               !ops[(j + 1)...].contains(where: { Lowering.names($0, slot: c) }) {
                ops.remove(at: j)
                sourceIndices.remove(at: j)
                return is64 ? .brI64NeImmStep(lhs: l16, counter: c16, imm: imm, step: step, target)
                            : .brI32NeImmStep(lhs: l16, counter: c16, imm: imm, step: step, target)
            }
            // The step must move past this op: give up at control flow and calls (a step further up
            // must also not be named by any op after it: checked above).
            guard Lowering.movablePast(ops[j]) else { return nil }
            j -= 1
        }
        return nil
    }

    /// Whether one of `op`'s slot operands is `slot`.
    static func names(_ op: Op, slot: Slot) -> Bool {
        op.serialFields.1.contains { f in
            switch f {
            case .slot(let s): return s == slot
            case .slots(let b, let n): return slot >= b && Int(slot - b) < n
            default: return false
            }
        }
    }

    /// Whether an op is straight-line code (no branch, call or return) whose slot operands are
    /// all listed in its fields, so a step of a slot none of them names can move past it.
    static func movablePast(_ op: Op) -> Bool {
        switch op {
        case .ret, .trap, .brTable, .epochCheck, .fuel: return false
        default: break
        }
        for f in op.serialFields.1 {
            switch f {
            case .pc, .tableStart, .argBase, .definedFunction, .function: return false
            default: continue
            }
        }
        return true
    }
}
