import WasmCore
import WasmRuntime

// ifloats8: float kernels whose operands come straight from memory or are squared on the way to
// a comparison (`Lowering`).
//
// - A float multiply whose right operand is the float load just before it reads the load in
//   the same op (`f32MulLoad`, `f64MulLoad`; `a[i] * b[j]`), and a multiply-add of such a
//   product (`f32MulLoadAdd`, `f64MulLoadAdd`; a dot-product step `s = a[i] * b[j] + s`): the
//   loaded value never goes through a frame slot. The fused op keeps the load's instruction as
//   its source, so an out-of-bounds load traps at the load's offset (the multiply and the add
//   cannot trap).
// - A float sum branch (`brF32AddLt`...) whose operand is a square computed just before it
//   (`x*x + y*y < 4`, the square kept in a local for the next step) computes the square
//   itself (`brF32SquareAddLt`...).
extension Lowering {
    /// The multiply of the operands at heights `h - 2` and `h - 1` (`op` is `f32.mul` or
    /// `f64.mul`) fused with the float load the last op is, into the top operand's slot, when
    /// every slot fits `Slot16`: emitted (with the load's source index); false when it does not apply.
    mutating func lowerMulLoad(_ op: NumericOp, at h: Int) throws -> Bool {
        guard op == .f32Mul || op == .f64Mul, let l16 = Slot16(exactly: src(h - 2)), let d16 = Slot16(exactly: slot(h - 2)),
              let loadSource = sourceIndices.last else { return false }
        let wide = op == .f64Mul
        guard let load = takeProducer(at: h - 1, { Lowering.floatLoadAddress(of: $0, wide: wide) != nil }),
              let (a, imm, offset) = Lowering.floatLoadAddress(of: load, wide: wide) else { return false }
        try pop()
        setSource(h - 2, h - 2)
        emit(wide ? .f64MulLoad(dst: d16, lhs: l16, addr: a, imm: imm, offset: offset)
                  : .f32MulLoad(dst: d16, lhs: l16, addr: a, imm: imm, offset: offset))
        sourceIndices[sourceIndices.count - 1] = loadSource
        return true
    }

    /// The address operands (slot, wrapping immediate, offset) of a 4-byte (`wide`: 8-byte) load
    /// that moves a float's bits unchanged.
    static func floatLoadAddress(of op: Op, wide: Bool) -> (Slot, UInt32, UInt32)? {
        switch op {
        case .i32Load(_, let a, let o) where !wide: return (a, 0, o)
        case .i32LoadAdd(_, let a, let i, let o) where !wide: return (a, i, o)
        case .i64Load(_, let a, let o) where wide: return (a, 0, o)
        case .i64LoadAdd(_, let a, let i, let o) where wide: return (a, i, o)
        default: return nil
        }
    }

    /// The float add `op` at height `h` whose left operand is the product of a `MulLoad` (the
    /// last op, into an operand-stack temporary), fused into a `MulLoadAdd` when the slots fit
    /// `Slot16` and the addend is not the product: emitted (with the load's source index); false
    /// when it does not apply.
    mutating func lowerMulLoadAdd(_ op: NumericOp, at h: Int) throws -> Bool {
        let c = src(h - 1)
        guard op == .f32Add || op == .f64Add, c != slot(h - 2), let c16 = Slot16(exactly: c),
              let d16 = Slot16(exactly: slot(h - 2)), let loadSource = sourceIndices.last else { return false }
        let fits: (Slot) -> Bool = { Slot16(exactly: $0) != nil }
        guard let mul = takeProducer(at: h - 2, { m in
            switch (op, m) {
            case (.f32Add, .f32MulLoad(_, _, let a, _, _)), (.f64Add, .f64MulLoad(_, _, let a, _, _)): return fits(a)
            default: return false
            }
        }) else { return false }
        try pop()
        setSource(h - 2, h - 2)
        switch mul {
        case .f32MulLoad(_, let l, let a, let imm, let offset):
            emit(.f32MulLoadAdd(dst: d16, lhs: l, addr: Slot16(truncatingIfNeeded: a), addend: c16, imm: imm, offset: offset))
        case .f64MulLoad(_, let l, let a, let imm, let offset):
            emit(.f64MulLoadAdd(dst: d16, lhs: l, addr: Slot16(truncatingIfNeeded: a), addend: c16, imm: imm, offset: offset))
        default: return false
        }
        sourceIndices[sourceIndices.count - 1] = loadSource
        return true
    }

    /// `b` (a sum branch just formed by `sumBranch`, its add removed) with the float square the
    /// last op is (after the last label) folded in, when that square writes one operand of the
    /// sum, neither the other operand nor the limit, and its slots fit `Slot16`: the square is
    /// removed. nil (nothing removed) otherwise.
    mutating func squareSumBranch(_ b: Op) -> Op? {
        guard ops.count > barrier, let last = ops.last else { return nil }
        let (l, r, k, t): (Slot, Slot, Slot, PC)
        let wide: Bool
        switch b {
        case .brF32AddLt(let x, let y, let z, let u), .brF32AddNotLt(let x, let y, let z, let u): (l, r, k, t, wide) = (x, y, z, u, false)
        case .brF64AddLt(let x, let y, let z, let u), .brF64AddNotLt(let x, let y, let z, let u): (l, r, k, t, wide) = (x, y, z, u, true)
        default: return nil
        }
        guard let (d, s) = Lowering.square(last, wide: wide) else { return nil }
        // The sum reads the square once, as either operand (the comparison of a float sum
        // does not depend on the order of its operands).
        guard (l == d) != (r == d), k != d, let d16 = Slot16(exactly: d), let s16 = Slot16(exactly: s) else { return nil }
        let other = l == d ? r : l
        let fused: Op
        switch b {
        case .brF32AddLt: fused = .brF32SquareAddLt(dst: d16, src: s16, other: other, limit: k, t)
        case .brF32AddNotLt: fused = .brF32SquareAddNotLt(dst: d16, src: s16, other: other, limit: k, t)
        case .brF64AddLt: fused = .brF64SquareAddLt(dst: d16, src: s16, other: other, limit: k, t)
        default: fused = .brF64SquareAddNotLt(dst: d16, src: s16, other: other, limit: k, t)
        }
        ops.removeLast()
        sourceIndices.removeLast()
        return twoSquareSumBranch(fused) ?? fused
    }

    /// The square sum branches of this file with their target replaced by `t`.
    /// `d = s * s` at the given width (f64 when `wide`): (d, s), or nil for any other op.
    static func square(_ op: Op, wide: Bool) -> (Slot, Slot)? {
        switch op {
        case .f32Mul(let x, let y, let z) where !wide && y == z: return (x, y)
        case .f64Mul(let x, let y, let z) where wide && y == z: return (x, y)
        default: return nil
        }
    }

    static func retargetedSquareBranch(_ op: Op, to t: PC) -> Op? {
        switch op {
        case .brF32SquareAddLt(let d, let s, let o, let k, _): return .brF32SquareAddLt(dst: d, src: s, other: o, limit: k, t)
        case .brF32SquareAddNotLt(let d, let s, let o, let k, _): return .brF32SquareAddNotLt(dst: d, src: s, other: o, limit: k, t)
        case .brF64SquareAddLt(let d, let s, let o, let k, _): return .brF64SquareAddLt(dst: d, src: s, other: o, limit: k, t)
        case .brF64SquareAddNotLt(let d, let s, let o, let k, _): return .brF64SquareAddNotLt(dst: d, src: s, other: o, limit: k, t)
        default: return retargetedSquaresBranch(op, to: t)
        }
    }

    /// A `MulLoad` / `MulLoadAdd` with its destination replaced by `d` (when it fits `Slot16`).
    static func retargetedMulLoad(_ op: Op, to d: Slot) -> Op? {
        guard let d16 = Slot16(exactly: d) else { return nil }
        switch op {
        case .f32MulLoad(_, let l, let a, let i, let o): return .f32MulLoad(dst: d16, lhs: l, addr: a, imm: i, offset: o)
        case .f64MulLoad(_, let l, let a, let i, let o): return .f64MulLoad(dst: d16, lhs: l, addr: a, imm: i, offset: o)
        case .f32MulLoadAdd(_, let l, let a, let c, let i, let o): return .f32MulLoadAdd(dst: d16, lhs: l, addr: a, addend: c, imm: i, offset: o)
        case .f64MulLoadAdd(_, let l, let a, let c, let i, let o): return .f64MulLoadAdd(dst: d16, lhs: l, addr: a, addend: c, imm: i, offset: o)
        default: return nil
        }
    }
}

extension Lowering {
    /// `b` (a square sum branch just formed by `squareSumBranch`, its square removed) with the
    /// float square the last op is (after the last label) folded in too, when that square
    /// writes the sum's other operand, which is not the limit, the second square does not read
    /// it, and its slots fit `Slot16`: both squares of `x*x + y*y < r`. nil (nothing removed)
    /// otherwise.
    mutating func twoSquareSumBranch(_ b: Op) -> Op? {
        guard ops.count > barrier, let last = ops.last else { return nil }
        let (e, u, o, k, t): (Slot16, Slot16, Slot, Slot, PC)
        let wide: Bool
        switch b {
        case .brF32SquareAddLt(let x, let y, let z, let l, let p), .brF32SquareAddNotLt(let x, let y, let z, let l, let p):
            (e, u, o, k, t, wide) = (x, y, z, l, p, false)
        case .brF64SquareAddLt(let x, let y, let z, let l, let p), .brF64SquareAddNotLt(let x, let y, let z, let l, let p):
            (e, u, o, k, t, wide) = (x, y, z, l, p, true)
        default: return nil
        }
        guard let (d, s) = Lowering.square(last, wide: wide) else { return nil }
        guard d == o, d != k, Slot(u) != d, let d16 = Slot16(exactly: d), let s16 = Slot16(exactly: s) else { return nil }
        let fused: Op
        switch b {
        case .brF32SquareAddLt: fused = .brF32SquaresAddLt(dst: d16, src: s16, dst2: e, src2: u, limit: k, t)
        case .brF32SquareAddNotLt: fused = .brF32SquaresAddNotLt(dst: d16, src: s16, dst2: e, src2: u, limit: k, t)
        case .brF64SquareAddLt: fused = .brF64SquaresAddLt(dst: d16, src: s16, dst2: e, src2: u, limit: k, t)
        default: fused = .brF64SquaresAddNotLt(dst: d16, src: s16, dst2: e, src2: u, limit: k, t)
        }
        ops.removeLast()
        sourceIndices.removeLast()
        return fused
    }

    /// The two-square sum branches with their target replaced by `t`.
    static func retargetedSquaresBranch(_ op: Op, to t: PC) -> Op? {
        switch op {
        case .brF32SquaresAddLt(let d, let s, let e, let u, let k, _): return .brF32SquaresAddLt(dst: d, src: s, dst2: e, src2: u, limit: k, t)
        case .brF32SquaresAddNotLt(let d, let s, let e, let u, let k, _): return .brF32SquaresAddNotLt(dst: d, src: s, dst2: e, src2: u, limit: k, t)
        case .brF64SquaresAddLt(let d, let s, let e, let u, let k, _): return .brF64SquaresAddLt(dst: d, src: s, dst2: e, src2: u, limit: k, t)
        case .brF64SquaresAddNotLt(let d, let s, let e, let u, let k, _): return .brF64SquaresAddNotLt(dst: d, src: s, dst2: e, src2: u, limit: k, t)
        default: return nil
        }
    }
}

extension ThreadedOp {
    /// Whether `chooseAccumulatorVariants` gives `op`, when the accumulator holds slot `d` and
    /// the float accumulator `float`, a variant reading `d` from the accumulator: not when a
    /// variant reading the float accumulator alone is preferred (no variant reads both). A float
    /// result handed on in the accumulator for such a reader would take the accumulator from
    /// another producer for nothing.
    static func readsAccumulator(_ op: Op, slot d: Slot, float: Held) -> Bool {
        guard case .slot(let f) = float else { return true }
        if mixedAccumulatorHandler(for: op, reading: d, floatSlot: f) != nil { return true }
        return floatSquareHandler(for: op, reading: f) == nil && floatAccumulatorHandler(for: op, reading: f) == nil
    }
}
