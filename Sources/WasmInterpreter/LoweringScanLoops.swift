import WasmCore
import WasmRuntime

// imem8: a scan loop whose index step heads the loop and whose pointer steps after the load
// (`while (v[j] > p) j--;` compiled to `j += -1; x = *q; q -= 4; if x > p continue`) lowered to
// one op that runs all its iterations (`scanLoadStepCountI32*`, LoadScanLoops.swift) instead of
// an in-place step and a `brLoadStepI32*` branching back to it.
extension Lowering {
    /// `b`, a `brLoadStepI32*` just made by `loadStepBranch`, with the op before it folded in
    /// when that op is the branch's target, after the last label (the loop's first op: no epoch
    /// or fuel check heads the loop), steps another local in place by a constant, the slots
    /// are apart (`stepCountSlotsApart`) and both steps fit 16 bits: one `scanLoadStepCountI32*`, which keeps the
    /// load's source index (its only trap). nil (nothing removed) otherwise.
    mutating func scanStepCountLoop(_ b: Op) -> Op? {
        let d: Slot16, a: Slot16, c: Slot16, k: Slot16, imm: UInt32, t: PC
        switch b {
        case .brLoadStepI32LtU(let d0, let a0, let c0, let k0, let i0, let t0),
             .brLoadStepI32GtU(let d0, let a0, let c0, let k0, let i0, let t0),
             .brLoadStepI32LtS(let d0, let a0, let c0, let k0, let i0, let t0),
             .brLoadStepI32GtS(let d0, let a0, let c0, let k0, let i0, let t0):
            (d, a, c, k, imm, t) = (d0, a0, c0, k0, i0, t0)
        default: return nil
        }
        let at = ops.count - 1
        guard at >= barrier, Int(t) == at, case .i32AddImm(let n, let x, let step) = ops[at], n == x,
              let n16 = Slot16(exactly: n), stepCountSlotsApart(dst: d, addr: a, copy: c, other: k, counter: n16),
              let steps = Lowering.packedSteps(pointer: imm, counter: step) else { return nil }
        ops.removeLast()
        sourceIndices.removeLast()
        switch b {
        case .brLoadStepI32LtU: return .scanLoadStepCountI32LtU(dst: d, addr: a, copy: c, other: k, counter: n16, imm: steps)
        case .brLoadStepI32GtU: return .scanLoadStepCountI32GtU(dst: d, addr: a, copy: c, other: k, counter: n16, imm: steps)
        case .brLoadStepI32LtS: return .scanLoadStepCountI32LtS(dst: d, addr: a, copy: c, other: k, counter: n16, imm: steps)
        default: return .scanLoadStepCountI32GtS(dst: d, addr: a, copy: c, other: k, counter: n16, imm: steps)
        }
    }
}
