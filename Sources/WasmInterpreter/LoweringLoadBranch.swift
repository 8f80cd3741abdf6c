import WasmCore
import WasmRuntime

// ifloats: a pointer stepped in place, loaded through and the element compared and branched on
// (`Lowering`).
extension Lowering {
    /// Compare-and-branch `b` (taken when it holds) with the `i32LoadBump` before it folded in,
    /// when that load (the last op, after the last label, at offset 0) writes one of `b`'s
    /// operands and the slots fit `Slot16`: `while (v[i] < p) i++`. The fused op keeps the
    /// load's source index (its trap is the load's: the branch is emitted right after, under
    /// `currentSource`, which this sets back to the load's). nil (nothing removed) otherwise.
    mutating func loadBumpBranch(_ b: Op) -> Op? {
        guard ops.count > barrier, case .i32LoadBump(let d, let a, let imm, 0)? = ops.last,
              let d16 = Slot16(exactly: d), let a16 = Slot16(exactly: a), d != a else { return nil }
        let fused: Op
        switch b {
        case .brI32LtU(let l, let r, let t) where l != r && l == d: fused = .brLoadBumpI32LtU(dst: d16, addr: a16, imm: imm, other: r, t)
        case .brI32LtU(let l, let r, let t) where l != r && r == d: fused = .brLoadBumpI32GtU(dst: d16, addr: a16, imm: imm, other: l, t)
        case .brI32LtS(let l, let r, let t) where l != r && l == d: fused = .brLoadBumpI32LtS(dst: d16, addr: a16, imm: imm, other: r, t)
        case .brI32LtS(let l, let r, let t) where l != r && r == d: fused = .brLoadBumpI32GtS(dst: d16, addr: a16, imm: imm, other: l, t)
        default: return nil
        }
        ops.removeLast()
        // The branch is emitted next, with the source index of the instruction being lowered:
        // make that the load's.
        currentSource = sourceIndices.removeLast()
        return fused
    }

    /// The fused load branches of this file with their target replaced by `t`.
    static func retargetedLoadBranch(_ op: Op, to t: PC) -> Op? {
        switch op {
        case .brLoadBumpI32LtU(let d, let a, let i, let k, _): return .brLoadBumpI32LtU(dst: d, addr: a, imm: i, other: k, t)
        case .brLoadBumpI32GtU(let d, let a, let i, let k, _): return .brLoadBumpI32GtU(dst: d, addr: a, imm: i, other: k, t)
        case .brLoadBumpI32LtS(let d, let a, let i, let k, _): return .brLoadBumpI32LtS(dst: d, addr: a, imm: i, other: k, t)
        case .brLoadBumpI32GtS(let d, let a, let i, let k, _): return .brLoadBumpI32GtS(dst: d, addr: a, imm: i, other: k, t)
        default: return nil
        }
    }
}
