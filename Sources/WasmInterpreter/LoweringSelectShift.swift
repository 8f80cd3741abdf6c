import WasmCore
import WasmRuntime

// iloops: a `select` on a bit test whose arm is an unsigned shift right by a constant
// (`selectAndImmI64ShrURhs` & co.). C compilers turn `x = x & 1 ? 3 * x + 1 : x >> 1` and similar
// halving steps into a `select` of two arms computed into temporaries; the shifted arm is then
// computed in the select itself, so it never goes through a slot, and the other arm's producer
// (the op right before the select) reads the loop-carried value from the accumulator when the
// shift was between it and the value's producer.
extension Lowering {
    /// For a `selectAndImm(dst, lhs, rhs, cond, imm)` about to be emitted, whose arms may be the
    /// operand-stack slots `temporaries` the select consumes: removes the `shr_u` by a constant
    /// among the last two ops that computed one of those arms and returns the select computing
    /// that shift itself; nil (nothing removed) when there is none or a slot does not fit `Slot16`.
    mutating func takeShiftArm(dst: Slot, lhs: Slot16, rhs: Slot16, cond: Slot, imm: UInt32,
                               temporaries: ClosedRange<Slot>) -> Op? {
        guard let d = Slot16(exactly: dst), let c = Slot16(exactly: cond) else { return nil }
        // The op before the last first: the last op, now right after the value's producer, may
        // then read it from the accumulator.
        for back in [2, 1] {
            let j = ops.count - back
            guard j >= barrier, j >= 0, let shift = Lowering.shiftRight(ops[j]),
                  temporaries.contains(shift.dst), shift.dst == Slot(lhs) || shift.dst == Slot(rhs),
                  let s = Slot16(exactly: shift.src) else { continue }
            if back == 2 {
                // The last op now runs before the shift is computed: it must write one slot
                // (not the shift's operand), and not the arm the shift computed.
                let last = ops[ops.count - 1]
                guard let written = destination(last), written != shift.src, written != shift.dst else { continue }
                if case .i32LoadBump = last { continue }
            }
            ops.remove(at: j)
            sourceIndices.remove(at: j)
            let k = shift.amount
            switch (shift.dst == Slot(rhs), shift.is64) {
            case (true, true): return .selectAndImmI64ShrURhs(dst: d, lhs: lhs, src: s, cond: c, shift: k, imm: imm)
            case (true, false): return .selectAndImmI32ShrURhs(dst: d, lhs: lhs, src: s, cond: c, shift: k, imm: imm)
            case (false, true): return .selectAndImmI64ShrULhs(dst: d, src: s, rhs: rhs, cond: c, shift: k, imm: imm)
            case (false, false): return .selectAndImmI32ShrULhs(dst: d, src: s, rhs: rhs, cond: c, shift: k, imm: imm)
            }
        }
        return nil
    }

    /// An unsigned shift right by a constant: its destination, operand, shift amount (masked to
    /// the width) and width.
    static func shiftRight(_ op: Op) -> (dst: Slot, src: Slot, amount: UInt32, is64: Bool)? {
        switch op {
        case .i64ShrUImm(let d, let s, let k): return (d, s, UInt32(truncatingIfNeeded: k & 63), true)
        case .i32ShrUImm(let d, let s, let k): return (d, s, k & 31, false)
        default: return nil
        }
    }

    /// A shift-arm select with its destination replaced (nil when `d` does not fit `Slot16`).
    static func retargetedShiftSelect(_ op: Op, to d: Slot) -> Op? {
        guard let d = Slot16(exactly: d) else { return nil }
        switch op {
        case .selectAndImmI64ShrURhs(_, let l, let s, let c, let k, let i):
            return .selectAndImmI64ShrURhs(dst: d, lhs: l, src: s, cond: c, shift: k, imm: i)
        case .selectAndImmI32ShrURhs(_, let l, let s, let c, let k, let i):
            return .selectAndImmI32ShrURhs(dst: d, lhs: l, src: s, cond: c, shift: k, imm: i)
        case .selectAndImmI64ShrULhs(_, let s, let r, let c, let k, let i):
            return .selectAndImmI64ShrULhs(dst: d, src: s, rhs: r, cond: c, shift: k, imm: i)
        case .selectAndImmI32ShrULhs(_, let s, let r, let c, let k, let i):
            return .selectAndImmI32ShrULhs(dst: d, src: s, rhs: r, cond: c, shift: k, imm: i)
        default: return nil
        }
    }
}

extension Lowering {
    /// Removes and returns the op before the last one when it writes the operand slot `position`
    /// (after the last label) and `operands` accepts it (returning the slots it reads), and the
    /// last op, which then runs before the removed op's fused consumer, writes one slot that is
    /// neither one of those nor `position`: for folding a producer into its consumer when the
    /// other operand was computed after it. Nil (nothing removed) otherwise.
    mutating func takeProducerBeforeLast(at position: Int, _ operands: (Op) -> [Slot]?) -> Op? {
        let j = ops.count - 2
        guard j >= barrier, j >= 0, sources.count > position, sources[position] == position else { return nil }
        let op = ops[j], last = ops[j + 1]
        guard destination(op) == slot(position), let reads = operands(op), let written = destination(last),
              written != slot(position), !reads.contains(written) else { return nil }
        if case .i32LoadBump = last { return nil }
        ops.remove(at: j)
        sourceIndices.remove(at: j)
        return op
    }
}

extension Lowering {
    /// For an `i32AddAndImm(dst, other, src, imm)` about to be emitted whose `other` operand is an
    /// operand-stack temporary (at position `consumed` or above, dead after the add) that the last
    /// op computed as another `i32AddAndImm` with the same mask: removes that op and returns the
    /// `i32AddAndImmPair` of both (it reads all operands before writing `dst`; the removed op
    /// wrote only the temporary). Nil (nothing removed) otherwise.
    mutating func takeMaskedAddPair(dst: Slot, other: Slot, src b: Slot, imm k: UInt32, consumed: Int) -> Op? {
        guard Int(other) >= consumed, Int(other) >= localEnd + constants.count, ops.count > barrier,
              case .i32AddAndImm(let t, let l, let a, let k2)? = ops.last, t == other, k2 == k,
              let a16 = Slot16(exactly: a), let b16 = Slot16(exactly: b) else { return nil }
        ops.removeLast()
        sourceIndices.removeLast()
        return .i32AddAndImmPair(dst: dst, lhs: l, a: a16, b: b16, imm: k)
    }
}
