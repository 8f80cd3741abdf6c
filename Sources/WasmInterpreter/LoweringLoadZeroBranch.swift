import WasmCore

// imem8: a value loaded and tested against zero by the branch right after the load (`while
// (keys[h] && ...)`, `if (!p->next) break;`, `while (*s)`) lowered to one op: no dispatch and no
// slot round trip between the load and its test.
extension Lowering {
    /// `brIfEqz` / `brIf` testing the slot the op before it (after the last label) loaded with
    /// `i32Load`: one `brLoadI32Eqz` / `brLoadI32Nez`, which writes the loaded value as the load
    /// did and keeps the load's source index (its only trap). nil (nothing removed) otherwise.
    mutating func loadZeroBranch(_ b: Op) -> Op? {
        guard ops.count > barrier, case .i32Load(let d, let a, let offset)? = ops.last else { return nil }
        let fused: Op
        switch b {
        case .brIfEqz(let c, let t) where c == d: fused = .brLoadI32Eqz(dst: d, addr: a, offset: offset, t)
        case .brIf(let c, let t) where c == d: fused = .brLoadI32Nez(dst: d, addr: a, offset: offset, t)
        default: return nil
        }
        ops.removeLast()
        // The branch is emitted next with the current source index: make that the load's.
        currentSource = sourceIndices.removeLast()
        return fused
    }

    /// The fused branches of this file with their target replaced by `t`.
    static func retargetedLoadZeroBranch(_ op: Op, to t: PC) -> Op? {
        switch op {
        case .brLoadI32Eqz(let d, let a, let o, _): return .brLoadI32Eqz(dst: d, addr: a, offset: o, t)
        case .brLoadI32Nez(let d, let a, let o, _): return .brLoadI32Nez(dst: d, addr: a, offset: o, t)
        default: return nil
        }
    }
}
