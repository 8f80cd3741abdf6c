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
        return compareStepTeeBranch(cond: cond, counter: counter, copy: other, imm: imm, target)
            ?? .brIfI32StepTee(cond: cond, counter: counter, copy: other, imm: imm, target)
    }

    // icalls8-r2: when the op before the (removed) step computes `cond` as `counter > k` on the
    // counter's old value, that compare goes into the branch too (`brI32Gt{U,S}ImmStepTee`; it
    // still writes `cond`, so later readers of that slot see the same value).
    private mutating func compareStepTeeBranch(cond: Slot, counter: Slot16, copy: Slot16, imm: UInt32, _ target: PC) -> Op? {
        guard ops.count > barrier, let c = Slot16(exactly: cond) else { return nil }
        let fused: Op
        switch ops.last {
        case .i32GtUImm(let d, let s, let k)? where d == cond && s == Slot(counter):
            fused = .brI32GtUImmStepTee(cond: c, counter: counter, copy: copy, cmp: k, imm: imm, target)
        case .i32GtSImm(let d, let s, let k)? where d == cond && s == Slot(counter):
            fused = .brI32GtSImmStepTee(cond: c, counter: counter, copy: copy, cmp: k, imm: imm, target)
        default:
            return nil
        }
        ops.removeLast()
        sourceIndices.removeLast()
        return fused
    }
}

extension ThreadedOp {
    /// The slot a `brIfI32StepTee` hands on in the accumulator (taken or not: its counter) and
    /// the other slot it writes (the copy).
    /// A fused compare's slot is the third (the copy again when there is none).
    static func stepTeeResult(_ op: Op) -> (Slot, Slot, Slot)? {
        switch op {
        case .brIfI32StepTee(_, let counter, let copy, _, _): return (Slot(counter), Slot(copy), Slot(copy))
            case .brI32GtUImmStepTee(let cond, let counter, let copy, _, _, _), .brI32GtSImmStepTee(let cond, let counter, let copy, _, _, _):
            return (Slot(counter), Slot(copy), Slot(cond))
        default: return nil
        }
    }
}
