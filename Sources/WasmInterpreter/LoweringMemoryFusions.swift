import WasmCore
import WasmRuntime

// imem: fusions for memory-heavy integer code (`Lowering`): an element of a static array loaded
// through a scaled index, a read-modify-write of one i32 in memory, an `i32.add` of a constant
// into another local fused into the compare-and-branch that tests it, and a pointer to an array
// element set together with a copy of its index.
extension Lowering {
    /// An `i32.load` (or `f32.load`) whose address, the operand at `position`, is an `i32.shl`
    /// by a constant (the last op, after the last label, writing that operand's slot), as one
    /// `i32LoadScaled`; nil (nothing removed) otherwise.
    mutating func lowerScaledLoad(at position: Int, offset: UInt32) -> Op? {
        guard case .i32ShlImm(_, let s, let shift)? = takeProducer(at: position, { if case .i32ShlImm = $0 { true } else { false } })
        else { return nil }
        return .i32LoadScaled(dst: slot(position), index: s, shift: shift, offset: offset)
    }

    /// An `i32.store` at `address` + `offset` of the operand at `position` when the last two ops
    /// (after the last label) load the i32 at that same address and offset into that operand's
    /// slot and add a constant to it in place: one `i32MemAddImm`, with the load's source index
    /// (its trap is the load's). nil (nothing removed) otherwise.
    mutating func memoryAddImmediate(address a: Slot, valueAt position: Int, offset: UInt32) -> Op? {
        guard ops.count >= barrier + 2, sources.count > position, sources[position] == position else { return nil }
        let v = slot(position)
        guard v != a, case .i32AddImm(v, v, let imm) = ops[ops.count - 1],
              case .i32Load(v, a, offset) = ops[ops.count - 2] else { return nil }
        ops.removeLast(2)
        sourceIndices.removeLast()
        currentSource = sourceIndices.removeLast()
        return .i32MemAddImm(addr: a, imm: imm, offset: offset)
    }

    /// Compare-and-branch `b` with the op before it folded in when that op (the last, after the
    /// last label) adds a constant to one slot into another and `b` tests the sum against a
    /// third slot (`Ne`: on either side; `LtS`/`LtU`: on the left), with the two slots of the add
    /// fitting `Slot16`; nil (nothing removed) otherwise.
    mutating func addedValueBranch(_ b: Op) -> Op? {
        guard ops.count > barrier, case .i32AddImm(let d, let s, let imm)? = ops.last, d != s,
              let d16 = Slot16(exactly: d), let s16 = Slot16(exactly: s) else { return nil }
        let fused: Op
        switch b {
        case .brI32Ne(let l, let r, let t) where l != r && (l == d || r == d):
            fused = .brAddImmToI32Ne(dst: d16, src: s16, imm: imm, limit: l == d ? r : l, t)
        case .brI32LtS(let l, let r, let t) where l == d && r != d: fused = .brAddImmToI32LtS(dst: d16, src: s16, imm: imm, limit: r, t)
        case .brI32LtU(let l, let r, let t) where l == d && r != d: fused = .brAddImmToI32LtU(dst: d16, src: s16, imm: imm, limit: r, t)
        default: return nil
        }
        ops.removeLast()
        sourceIndices.removeLast()
        return fused
    }

    /// `copy(x, s)` folded into the op before it (the last, after the last label) when that op
    /// is an `i32ShlImmAddImm` of `s` into another slot and `x` is neither: the op that does
    /// both (`i32ShlImmAddImmCopy`); nil otherwise.
    func indexCopy(to x: Slot, from s: Slot) -> Op? {
        guard ops.count > barrier, case .i32ShlImmAddImm(let d, s, let shift, let imm)? = ops.last,
              d != s, x != s, x != d, let d16 = Slot16(exactly: d), let x16 = Slot16(exactly: x) else { return nil }
        return .i32ShlImmAddImmCopy(dst: d16, copy: x16, src: s, shift: shift, imm: imm)
    }

    /// The fused branches of this file with their target replaced by `t`.
    static func retargetedAddedValueBranch(_ op: Op, to t: PC) -> Op? {
        switch op {
        case .brAddImmToI32Ne(let d, let s, let i, let l, _): return .brAddImmToI32Ne(dst: d, src: s, imm: i, limit: l, t)
        case .brAddImmToI32LtS(let d, let s, let i, let l, _): return .brAddImmToI32LtS(dst: d, src: s, imm: i, limit: l, t)
        case .brAddImmToI32LtU(let d, let s, let i, let l, _): return .brAddImmToI32LtU(dst: d, src: s, imm: i, limit: l, t)
        default: return nil
        }
    }
}
