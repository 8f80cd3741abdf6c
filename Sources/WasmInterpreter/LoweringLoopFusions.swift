import WasmCore
import WasmRuntime

// Fusions for tight integer and float loops (`Lowering`): a `select` on a bit test, and a float
// add of a difference.
extension Lowering {
    /// Removes the last op if it is an `and` of a constant below 2^32 writing the operand slot
    /// `position` (after the last label) and returns its operand and constant, for a `select` on
    /// that bit test (`selectAndImm`); nil (nothing removed) when the arms do not fit `Slot16`.
    mutating func takeBitTest(at position: Int, arms first: Slot, _ second: Slot) -> (Slot, UInt32)? {
        guard Slot16(exactly: first) != nil, Slot16(exactly: second) != nil else { return nil }
        let and = takeProducer(at: position) { op in
            switch op {
            case .i32AndImm: return true
            case .i64AndImm(_, _, let imm): return imm <= UInt64(UInt32.max)
            default: return false
            }
        }
        switch and {
        case .i32AndImm(_, let s, let imm)?: return (s, imm)
        case .i64AndImm(_, let s, let imm)?: return (s, UInt32(truncatingIfNeeded: imm))
        default: return nil
        }
    }

    /// A float subtraction whose difference is an operand of the add `op` at height `h`, fused
    /// with it (the difference is a temporary consumed by the add); nil when there is none.
    mutating func lowerAddSub(_ op: NumericOp, at h: Int) throws -> Op? {
        let isSub: (Op) -> Bool = { m in
            switch (op, m) {
            case (.f32Add, .f32Sub), (.f64Add, .f64Sub): return true
            default: return false
            }
        }
        let d = slot(h - 2)
        // The difference as the right operand: `addend + (lhs - rhs)`.
        let addend = src(h - 2)
        if let sub = takeProducer(at: h - 1, isSub) {
            try pop()
            setSource(h - 2, h - 2)
            switch sub {
            case .f32Sub(_, let l, let r): return .f32AddSub(dst: d, addend: addend, lhs: l, rhs: r)
            case .f64Sub(_, let l, let r): return .f64AddSub(dst: d, addend: addend, lhs: l, rhs: r)
            default: return nil
            }
        }
        // The difference as the left operand: `(lhs - rhs) + addend` (the addend, pushed after
        // the difference, is not its slot).
        let c = src(h - 1)
        guard c != slot(h - 2), let sub = takeProducer(at: h - 2, isSub) else { return nil }
        try pop()
        switch sub {
        case .f32Sub(_, let l, let r): return .f32SubAdd(dst: d, lhs: l, rhs: r, addend: c)
        case .f64Sub(_, let l, let r): return .f64SubAdd(dst: d, lhs: l, rhs: r, addend: c)
        default: return nil
        }
    }
}
