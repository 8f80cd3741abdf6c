import WasmCore
import WasmRuntime

// imem: scans of i32 arrays fused into their loop's compare-and-branch (`Lowering`): a pointer
// loaded through and then stepped (`*q--`), and a pointer stepped with an index to the same
// element (`while (v[i] < p) i++` where the loop keeps both).
extension Lowering {
    /// Compare-and-branch `b` (taken when it holds) with the two ops before it folded in, when
    /// they are an `i32Load` at offset 0 writing one of `b`'s operands and a step of the load's
    /// address by a constant (in place, or a `local.tee` of it that also sets another local:
    /// `i32AddImmTee`), both after the last label, with slots that fit `Slot16`: one
    /// `brLoadStepI32*`. The fused op keeps the load's source index (its trap is the load's).
    /// nil (nothing removed) otherwise.
    mutating func loadStepBranch(_ b: Op) -> Op? {
        guard ops.count >= barrier + 2, case .i32Load(let d, let a, 0) = ops[ops.count - 2], d != a else { return nil }
        let copy: Slot, imm: UInt32
        switch ops[ops.count - 1] {
        case .i32AddImm(let x, let s, let i) where x == a && s == a: copy = a; imm = i
        case .i32AddImmTee(let x, let c, let s, let i) where s == a && (x == a || c == a): copy = x == a ? c : x; imm = i
        default: return nil
        }
        // The step must not overwrite the loaded value, which the branch reads.
        guard copy != d, let d16 = Slot16(exactly: d), let a16 = Slot16(exactly: a), let c16 = Slot16(exactly: copy) else { return nil }
        let fused: Op
        switch b {
        case .brI32LtU(let l, let r, let t) where l != r && l == d:
            guard let k = Slot16(exactly: r) else { return nil }
            fused = .brLoadStepI32LtU(dst: d16, addr: a16, copy: c16, other: k, imm: imm, t)
        case .brI32LtU(let l, let r, let t) where l != r && r == d:
            guard let k = Slot16(exactly: l) else { return nil }
            fused = .brLoadStepI32GtU(dst: d16, addr: a16, copy: c16, other: k, imm: imm, t)
        case .brI32LtS(let l, let r, let t) where l != r && l == d:
            guard let k = Slot16(exactly: r) else { return nil }
            fused = .brLoadStepI32LtS(dst: d16, addr: a16, copy: c16, other: k, imm: imm, t)
        case .brI32LtS(let l, let r, let t) where l != r && r == d:
            guard let k = Slot16(exactly: l) else { return nil }
            fused = .brLoadStepI32GtS(dst: d16, addr: a16, copy: c16, other: k, imm: imm, t)
        default: return nil
        }
        ops.removeLast(2)
        // The branch is emitted next, with the source index of the instruction being lowered:
        // make that the load's.
        sourceIndices.removeLast()
        currentSource = sourceIndices.removeLast()
        return fused
    }

    /// `brLoadBumpI32*` (what `loadBumpBranch` makes of `b`) with the op before the load
    /// folded in too, when that op (after the last label) steps another local in place by a
    /// constant and both steps fit 16 bits: one `brLoadBumpCountI32*`. nil (nothing removed)
    /// otherwise.
    mutating func loadBumpCountBranch(_ b: Op) -> Op? {
        guard ops.count >= barrier + 2, case .i32AddImm(let c, let x, let step) = ops[ops.count - 2], c == x,
              case .i32LoadBump(let d, let a, let imm, 0) = ops[ops.count - 1],
              c != d, c != a, let c16 = Slot16(exactly: c),
              let packed = Lowering.packedSteps(pointer: imm, counter: step) else { return nil }
        // The counter must not be the other operand: the unfused branch would read it stepped.
        let other: Slot
        switch b {
        case .brI32LtU(let l, let r, _), .brI32LtS(let l, let r, _): other = l == d ? r : l
        default: return nil
        }
        guard other != c, let k = Slot16(exactly: other), let bump = loadBumpBranch(b) else { return nil }
        let fused: Op
        switch bump {
        case .brLoadBumpI32LtU(let d, let a, _, _, let t): fused = .brLoadBumpCountI32LtU(dst: d, addr: a, other: k, counter: c16, imm: packed, t)
        case .brLoadBumpI32GtU(let d, let a, _, _, let t): fused = .brLoadBumpCountI32GtU(dst: d, addr: a, other: k, counter: c16, imm: packed, t)
        case .brLoadBumpI32LtS(let d, let a, _, _, let t): fused = .brLoadBumpCountI32LtS(dst: d, addr: a, other: k, counter: c16, imm: packed, t)
        case .brLoadBumpI32GtS(let d, let a, _, _, let t): fused = .brLoadBumpCountI32GtS(dst: d, addr: a, other: k, counter: c16, imm: packed, t)
        default: return bump
        }
        // `loadBumpBranch` removed the load; the counter step goes too (the fused op keeps the
        // load's source index, set by `loadBumpBranch`).
        ops.removeLast()
        sourceIndices.removeLast()
        return fused
    }

    /// The `imm` of `brLoadBumpCountI32*`: the pointer's step in the low 16 bits, the counter's
    /// in the high ones; nil when a step does not fit `Int16`.
    static func packedSteps(pointer: UInt32, counter: UInt32) -> UInt32? {
        guard let p = Int16(exactly: Int32(bitPattern: pointer)), let c = Int16(exactly: Int32(bitPattern: counter)) else { return nil }
        return UInt32(UInt16(bitPattern: p)) | UInt32(UInt16(bitPattern: c)) << 16
    }

    /// The fused branches of this file with their target replaced by `t`.
    static func retargetedLoadStepBranch(_ op: Op, to t: PC) -> Op? {
        switch op {
        case .brLoadStepI32LtU(let d, let a, let c, let k, let i, _): return .brLoadStepI32LtU(dst: d, addr: a, copy: c, other: k, imm: i, t)
        case .brLoadStepI32GtU(let d, let a, let c, let k, let i, _): return .brLoadStepI32GtU(dst: d, addr: a, copy: c, other: k, imm: i, t)
        case .brLoadStepI32LtS(let d, let a, let c, let k, let i, _): return .brLoadStepI32LtS(dst: d, addr: a, copy: c, other: k, imm: i, t)
        case .brLoadStepI32GtS(let d, let a, let c, let k, let i, _): return .brLoadStepI32GtS(dst: d, addr: a, copy: c, other: k, imm: i, t)
        case .brLoadBumpCountI32LtU(let d, let a, let k, let c, let i, _): return .brLoadBumpCountI32LtU(dst: d, addr: a, other: k, counter: c, imm: i, t)
        case .brLoadBumpCountI32GtU(let d, let a, let k, let c, let i, _): return .brLoadBumpCountI32GtU(dst: d, addr: a, other: k, counter: c, imm: i, t)
        case .brLoadBumpCountI32LtS(let d, let a, let k, let c, let i, _): return .brLoadBumpCountI32LtS(dst: d, addr: a, other: k, counter: c, imm: i, t)
        case .brLoadBumpCountI32GtS(let d, let a, let k, let c, let i, _): return .brLoadBumpCountI32GtS(dst: d, addr: a, other: k, counter: c, imm: i, t)
        default: return nil
        }
    }
}

/// The pointer step of `brLoadBumpCountI32*`'s `imm` (sign-extended low 16 bits).
@inline(__always) func pointerStep(_ imm: UInt32) -> UInt32 { UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: imm))) }
/// The counter step of `brLoadBumpCountI32*`'s `imm` (sign-extended high 16 bits).
@inline(__always) func counterStep(_ imm: UInt32) -> UInt32 { UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: imm >> 16))) }
