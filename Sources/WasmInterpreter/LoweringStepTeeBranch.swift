import WasmCore
import WasmRuntime

// icalls8: a loop's back edge on a condition computed before a counter's step, the step
// written to two locals (`brIfI32StepTee`). Clang rotates `while (n > k) { ...; n -= 2; }` into
// `c = n > k; n' = n - 2; (tee) ...; br_if c`: the compare, an `i32AddImmTee` and a `brIf`. The
// tee and the branch become one op; the compare stays (its result is in the accumulator when
// the branch reads it). The op hands the stepped counter on in the accumulator on both ways
// out, so the loop header reads it from there (no store-to-load round trip through the local).
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

extension ThreadedOp {
    /// The slot a `brIfI32StepTee` hands on in the accumulator (taken or not: its counter) and
    /// the other slot it writes (the copy).
    static func stepTeeResult(_ op: Op) -> (Slot, Slot)? {
        guard case .brIfI32StepTee(_, let counter, let copy, _, _) = op else { return nil }
        return (Slot(counter), Slot(copy))
    }
}
