import WasmCore
import WasmRuntime

// ifloats: fusions for float kernels (`Lowering`): a float sum compared and branched on.
extension Lowering {
    /// Float compare-and-branch `b` with the `add` before it folded in, when that add (the last
    /// op, after the last label) writes `b`'s left operand and that operand is an operand-stack
    /// temporary (dead after the branch, which consumed it): `if (x*x + y*y < 4)`. nil (nothing
    /// removed) otherwise.
    mutating func sumBranch(_ b: Op) -> Op? {
        guard ops.count > barrier, let last = ops.last else { return nil }
        let fused: Op
        switch (b, last) {
        case (.brF32Lt(let s, let k, let t), .f32Add(let d, let l, let r)) where s == d && k != d:
            fused = .brF32AddLt(lhs: l, rhs: r, limit: k, t)
        case (.brF32NotLt(let s, let k, let t), .f32Add(let d, let l, let r)) where s == d && k != d:
            fused = .brF32AddNotLt(lhs: l, rhs: r, limit: k, t)
        case (.brF64Lt(let s, let k, let t), .f64Add(let d, let l, let r)) where s == d && k != d:
            fused = .brF64AddLt(lhs: l, rhs: r, limit: k, t)
        case (.brF64NotLt(let s, let k, let t), .f64Add(let d, let l, let r)) where s == d && k != d:
            fused = .brF64AddNotLt(lhs: l, rhs: r, limit: k, t)
        default: return nil
        }
        guard Int(destination(last) ?? 0) >= localEnd + constants.count else { return nil }
        ops.removeLast()
        sourceIndices.removeLast()
        return squareSumBranch(fused) ?? fused // ifloats8
    }

    /// The fused float branches of this file with their target replaced by `t`.
    static func retargetedFloatBranch(_ op: Op, to t: PC) -> Op? {
        switch op {
        case .brF32AddLt(let l, let r, let k, _): return .brF32AddLt(lhs: l, rhs: r, limit: k, t)
        case .brF32AddNotLt(let l, let r, let k, _): return .brF32AddNotLt(lhs: l, rhs: r, limit: k, t)
        case .brF64AddLt(let l, let r, let k, _): return .brF64AddLt(lhs: l, rhs: r, limit: k, t)
        case .brF64AddNotLt(let l, let r, let k, _): return .brF64AddNotLt(lhs: l, rhs: r, limit: k, t)
        default: return nil
        }
    }
}

extension Lowering {
    /// The multiply-add `(l + r) * b + c` when the multiply-add being formed has left operand
    /// `a` written by the float add the last op (after the last label) is, into an operand-stack
    /// temporary that no other operand reads, and all slots fit `Slot16`: that add is removed
    /// and folded in. nil (nothing removed) otherwise. `lowerMulAdd` has already taken the
    /// multiplication, so the add is the last op.
    mutating func sumMulAdd(_ a: Slot, _ b: Slot, _ c: Slot, dst d: Slot) -> Op? {
        guard ops.count > barrier, let last = ops.last, a != b, a != c,
              Int(a) >= localEnd + constants.count else { return nil }
        let fused: Op
        switch last {
        case .f32Add(let s, let l, let r) where s == a:
            guard let l16 = Slot16(exactly: l), let r16 = Slot16(exactly: r), let b16 = Slot16(exactly: b),
                  let c16 = Slot16(exactly: c) else { return nil }
            fused = .f32AddMulAdd(dst: d, lhs: l16, rhs: r16, factor: b16, addend: c16)
        case .f64Add(let s, let l, let r) where s == a:
            guard let l16 = Slot16(exactly: l), let r16 = Slot16(exactly: r), let b16 = Slot16(exactly: b),
                  let c16 = Slot16(exactly: c) else { return nil }
            fused = .f64AddMulAdd(dst: d, lhs: l16, rhs: r16, factor: b16, addend: c16)
        default: return nil
        }
        ops.removeLast()
        sourceIndices.removeLast()
        return fused
    }
}
