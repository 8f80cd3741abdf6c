import WasmCore
import WasmRuntime

// icalls8: a loop's back edge on a condition computed before a counter's step, the step
// written to two locals (`brIfI32StepTee`). Clang rotates `while (n > k) { ...; n -= 2; }` into
// `c = n > k; n' = n - 2; (tee) ...; br_if c`: the compare, an `i32AddImmTee` and a `brIf`. The
// tee and the branch become one op; the compare stays (its result is in the accumulator when
// the branch reads it).
extension Lowering {
    /// For `branch`, a `brIf` back to a loop header about to be emitted: when the last op (after
    /// the last label) is an `i32AddImmTee` stepping one of its two locals in place and the
    /// branch tests a third slot, removes that op and returns the branch doing the step too;
    /// nil (nothing removed) otherwise.
    mutating func stepTeeBranch(_ branch: Op) -> Op? {
        guard case .brIf(let cond, let target) = branch, ops.count > barrier,
              case .i32AddImmTee(let d, let copy, let s, let imm)? = ops.last,
              s == d || s == copy, d != copy, cond != d, cond != copy,
              let counter = Slot16(exactly: s), let other = Slot16(exactly: s == d ? copy : d) else { return nil }
        ops.removeLast()
        sourceIndices.removeLast()
        return .brIfI32StepTee(cond: cond, counter: counter, copy: other, imm: imm, target)
    }
}
