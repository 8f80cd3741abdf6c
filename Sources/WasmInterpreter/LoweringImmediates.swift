import WasmCore
import WasmRuntime

// Immediate operands for `Lowering`: binary ops with a constant right operand, comparisons with
// a constant fused into their branch, xorshift steps, and the look-ahead that keeps constants
// consumed as immediates out of the per-frame constant pool.
extension Lowering {
    /// Removes the producer of the constant operand at `position` (a const op, after the last
    /// label) and returns its bits; a pooled constant is returned without removing anything.
    mutating func takeConstant(at position: Int) -> UInt64? {
        if let v = pooledConstant(at: position) { return v }
        guard ops.count > barrier, sources.count > position, sources[position] == position else { return nil }
        switch ops.last {
        case .const32(let d, let v)? where d == slot(position): ops.removeLast(); sourceIndices.removeLast(); return UInt64(v)
        case .const64(let d, let v)? where d == slot(position): ops.removeLast(); sourceIndices.removeLast(); return v
        default: return nil
        }
    }

    /// calls/memory/arith: the bits of the constant operand at `position` (pooled, or written by
    /// the last op after the last label), without removing anything; nil when it is not constant.
    func peekConstant(at position: Int) -> UInt64? {
        if let v = pooledConstant(at: position) { return v }
        guard ops.count > barrier, sources.count > position, sources[position] == position else { return nil }
        switch ops.last {
        case .const32(let d, let v)? where d == slot(position): return UInt64(v)
        default: return nil
        }
    }

    /// Removes the `i32AddImm` that computed the operand at `position` (an address) and returns
    /// its operand and constant, when the ops after it (after the last label) only write other
    /// slots than its operand and the address: the add is then folded into the access. Nil
    /// otherwise (nothing removed).
    mutating func takeAddressAdd(at position: Int) -> (Slot, UInt32)? {
        guard sources.count > position, sources[position] == position else { return nil }
        let a = slot(position)
        var k = ops.count - 1
        while k >= barrier {
            // Ops without a known single destination (calls, stores, branches) end the search, and
            // so does `i32LoadBump`, which also writes its address.
            guard let d = destination(ops[k]) else { return nil }
            if case .i32LoadBump = ops[k] { return nil }
            if d == a { break }
            k -= 1
        }
        guard k >= barrier, case .i32AddImm(_, let base, let imm) = ops[k] else { return nil }
        for j in (k + 1)..<ops.count where destination(ops[j]) == base { return nil }
        ops.remove(at: k)
        sourceIndices.remove(at: k)
        return (base, imm)
    }

    /// The branch taken when `cond` holds: when it tests a local the last op (after the last
    /// label) just stepped in place by a constant, one `brIfAddImm` replacing both.
    mutating func branchWhenTrue(_ cond: Condition, to t: PC) -> Op {
        if case .slot(let s) = cond, Int(s) < localEnd, ops.count > barrier,
           case .i32AddImm(let d, let x, let imm)? = ops.last, d == s, x == s {
            ops.removeLast()
            sourceIndices.removeLast()
            return .brIfAddImm(cond: s, imm: imm, t)
        }
        let b = branchOp(cond, whenTrue: true, to: t)
        return steppedCounterBranch(b) ?? sumBranch(b) ?? loadBumpCountBranch(b) ?? loadBumpBranch(b) ?? loadStepBranch(b) ?? addedValueBranch(b) ?? b
    }

    /// calls/memory/arith: compare-and-branch `b` with the op before it folded in when that op (the
    /// last, after the last label) steps a local in place by a constant and `b` tests the local
    /// against another slot or a constant (`i += k; if i != n` / `i < n`); nil (nothing removed)
    /// otherwise.
    mutating func steppedCounterBranch(_ b: Op) -> Op? {
        guard ops.count > barrier, case .i32AddImm(let c, let x, let imm)? = ops.last, c == x, Int(c) < localEnd else { return nil }
        let fused: Op
        switch b {
        case .brI32Ne(let l, let r, let t) where l != r && (l == c || r == c):
            fused = .brAddImmI32Ne(counter: c, imm: imm, limit: l == c ? r : l, t)
        case .brI32LtS(let l, let r, let t) where l == c && r != c: fused = .brAddImmI32LtS(counter: c, imm: imm, limit: r, t)
        case .brI32LtU(let l, let r, let t) where l == c && r != c: fused = .brAddImmI32LtU(counter: c, imm: imm, limit: r, t)
        case .brI32NeImm(let l, let k, let t) where l == c: fused = .brAddImmI32NeImm(counter: c, imm: imm, limit: k, t)
        case .brI32LtSImm(let l, let k, let t) where l == c: fused = .brAddImmI32LtSImm(counter: c, imm: imm, limit: k, t)
        case .brI32LtUImm(let l, let k, let t) where l == c: fused = .brAddImmI32LtUImm(counter: c, imm: imm, limit: k, t)
        default: return nil
        }
        ops.removeLast()
        sourceIndices.removeLast()
        return fused
    }

    /// An `i32.load` (or `f32.load`) at `position` through a local the last op just stepped in
    /// place by a constant (`local.tee x (i32.add (local.get x) (i32.const c))`), as one
    /// `i32LoadBump`; nil (nothing removed) otherwise.
    mutating func lowerLoadBump(at position: Int, offset: UInt32) -> Op? {
        guard ops.count > barrier, position < sources.count, sources[position] < localEnd,
              case .i32AddImm(let d, let s, let imm)? = ops.last, d == s, Int(d) == sources[position] else { return nil }
        ops.removeLast()
        sourceIndices.removeLast()
        setSource(position, position)
        return .i32LoadBump(dst: slot(position), addr: d, imm: imm, offset: offset)
    }

    /// `op` with constant right operand `c` in the form `immediateOp` takes: subtractions become
    /// additions of the negation, rotations right rotations left, counts are reduced modulo the width.
    static func canonicalImmediate(_ op: NumericOp, _ c: UInt64) -> (NumericOp, UInt64) {
        switch op {
        case .i64Sub: return (.i64Add, 0 &- c)
        case .i32Rotr: return (.i32Rotl, (32 &- c) & 31)
        case .i64Rotr: return (.i64Rotl, (64 &- c) & 63)
        case .i32Shl, .i32ShrU, .i32ShrS, .i32Rotl: return (op, c & 31)
        case .i64Shl, .i64ShrU, .i64ShrS, .i64Rotl: return (op, c & 63)
        default: return (op, c)
        }
    }

    /// Whether binary `op` with a constant right operand is lowered to an immediate form.
    static func hasImmediateForm(_ op: NumericOp) -> Bool {
        op == .i32Add || op == .i32Sub || immediateOp(canonicalImmediate(op, 0).0, dst: 0, src: 0, imm: 0) != nil
    }

    /// The immediate form of binary `op` at height `h` when its right operand is a constant
    /// (taking the constant's producer), or nil.
    mutating func lowerImmediate(_ op: NumericOp, at h: Int) throws -> Op? {
        guard op != .i32Add, op != .i32Sub, Lowering.hasImmediateForm(op), !comparisonFeedsBranch(op),
              let c = takeConstant(at: h - 1) else { return nil }
        let (canonical, v) = Lowering.canonicalImmediate(op, c)
        // `x * f + c` (i64, both constants sign-extended 32-bit values) stays one op.
        if canonical == .i64Add, Lowering.fitsInt32(v), case .i64MulImm(_, let x, let f)? = takeProducer(at: h - 2, { op in
            if case .i64MulImm(_, _, let f) = op { return Lowering.fitsInt32(f) }
            return false
        }) {
            try pop()
            setSource(h - 2, h - 2)
            return .i64MulImmAddImm(dst: slot(h - 2), src: x, factor: UInt32(truncatingIfNeeded: f), imm: UInt32(truncatingIfNeeded: v))
        }
        // icalls: `rotl(a ^ b, k)` (i32) stays one op when the xor is the last op.
        if canonical == .i32Rotl, case .i32Xor(_, let a, let b)? = takeProducer(at: h - 2, { op in
            if case .i32Xor = op { return true }
            return false
        }) {
            try pop()
            setSource(h - 2, h - 2)
            return .i32XorRotlImm(dst: slot(h - 2), lhs: a, rhs: b, imm: UInt32(truncatingIfNeeded: v))
        }
        let l = src(h - 2)
        try pop()
        setSource(h - 2, h - 2)
        return Lowering.immediateOp(canonical, dst: slot(h - 2), src: l, imm: v)
    }

    /// `x * f + y` (i32) at height `h` as one op: the multiplication by a constant is the last op,
    /// computing either operand of the add while the other is read from a slot. Nil otherwise.
    mutating func lowerMulImmAdd(at h: Int) throws -> Op? {
        let isMul: (Op) -> Bool = { if case .i32MulImm = $0 { true } else { false } }
        let product: Op, addend: Slot
        if let p = takeProducer(at: h - 1, isMul) {
            (product, addend) = (p, src(h - 2))
        } else if let p = takeProducer(at: h - 2, isMul) {
            (product, addend) = (p, src(h - 1))
        } else {
            return nil
        }
        guard case .i32MulImm(_, let x, let f) = product else { return nil }
        try pop()
        setSource(h - 2, h - 2)
        return .i32MulImmAdd(dst: slot(h - 2), src: x, factor: f, addend: addend)
    }

    /// icalls: `a ^ (b & k)` / `a + (b & k)` (i32, `op` `i32Xor` or `i32Add`) at height `h` as one
    /// op: the `and` of a constant is the last op, computing either operand (both ops commute)
    /// while the other is read from a slot. Nil otherwise (nothing removed).
    mutating func lowerMaskedOperand(_ op: NumericOp, at h: Int) throws -> Op? {
        let isMask: (Op) -> Bool = { if case .i32AndImm = $0 { true } else { false } }
        let mask: Op, other: Slot
        if let m = takeProducer(at: h - 1, isMask) {
            (mask, other) = (m, src(h - 2))
        } else if let m = takeProducer(at: h - 2, isMask) {
            (mask, other) = (m, src(h - 1))
        } else if let m = takeProducerBeforeLast(at: h - 2, { if case .i32AndImm(_, let b, _) = $0 { [b] } else { nil } }) {
            // iloops: the mask computed before the other operand (`(a & k) + (b + c)`).
            (mask, other) = (m, src(h - 1))
        } else {
            return nil
        }
        guard case .i32AndImm(_, let b, let k) = mask else { return nil }
        try pop()
        setSource(h - 2, h - 2)
        let d = slot(h - 2)
        if op == .i32Add, let pair = takeMaskedAddPair(dst: d, other: other, src: b, imm: k, consumed: h - 2) { return pair } // iloops
        return op == .i32Xor ? .i32XorAndImm(dst: d, lhs: other, src: b, imm: k) : .i32AddAndImm(dst: d, lhs: other, src: b, imm: k)
    }

    /// `x ^ (x << k)` / `x ^ (x >> k)` (i32) at height `h` as one op: the shift by a constant is
    /// the last op and the other xor operand reads the shift's operand. Nil otherwise.
    mutating func lowerXorShift(at h: Int) throws -> Op? {
        func shift(of x: Slot) -> (Op) -> Bool {
            { op in
                switch op {
                case .i32ShlImm(_, let s, _), .i32ShrUImm(_, let s, _): return s == x
                default: return false
                }
            }
        }
        // The shift is the right operand (`x`, `x << k`) or the left one (`x << k`, `x`, the
        // second `x` still a pending `local.get`).
        let shifted = takeProducer(at: h - 1, shift(of: src(h - 2))) ?? takeProducer(at: h - 2, shift(of: src(h - 1)))
        guard let s = shifted else { return nil }
        try pop()
        setSource(h - 2, h - 2)
        let d = slot(h - 2)
        switch s {
        case .i32ShlImm(_, let x, let k): return .i32XorShlImm(dst: d, src: x, imm: k)
        case .i32ShrUImm(_, let x, let k): return .i32XorShrUImm(dst: d, src: x, imm: k)
        default: return nil
        }
    }

    /// Whether the constant instruction at `i` becomes an immediate of the instruction after it
    /// (so it needs no constant pool slot): a binary op with an immediate form, or an integer
    /// comparison fused into the `br_if` / `if` that follows it.
    static func constantBecomesImmediate(_ body: [Instruction], at i: Int, bits: UInt64) -> Bool {
        // icalls: a constant stored into a local is written by a const op (one op, like the copy
        // from a pool slot, and no pool slot for calls to write).
        if i + 1 < body.count, case .localSet = body[i + 1] { return true }
        if i + 1 < body.count, case .localTee = body[i + 1] { return true }
        guard i + 1 < body.count, case .numeric(let op) = body[i + 1] else { return false }
        if op.signature.operands.count == 2, hasImmediateForm(op) { return true }
        guard i + 2 < body.count, comparisonWidth(op) != nil, fitsBranchImmediate(op, bits) else { return false }
        switch body[i + 2] {
        case .brIf, .if: return true
        default: return false
        }
    }

    /// Whether `bits` is a sign-extended 32-bit value.
    static func fitsInt32(_ bits: UInt64) -> Bool { Int64(bitPattern: bits) == Int64(Int32(truncatingIfNeeded: bits)) }

    /// 32 or 64 for an integer comparison, nil for other ops.
    static func comparisonWidth(_ op: NumericOp) -> Int? {
        switch op {
        case .i32Eq, .i32Ne, .i32LtS, .i32LtU, .i32GtS, .i32GtU, .i32LeS, .i32LeU, .i32GeS, .i32GeU: return 32
        case .i64Eq, .i64Ne, .i64LtS, .i64LtU, .i64GtS, .i64GtU, .i64LeS, .i64LeU, .i64GeS, .i64GeU: return 64
        default: return nil
        }
    }

    /// Whether constant `bits` fits a compare-and-branch immediate (i64: a sign-extended 32-bit value).
    static func fitsBranchImmediate(_ op: NumericOp, _ bits: UInt64) -> Bool {
        comparisonWidth(op) == 32 || Int64(bitPattern: bits) == Int64(Int32(truncatingIfNeeded: bits))
    }

    /// The slot and bits of a constant operand of comparison `cmp` (just removed, so the op
    /// before it is now the last): a pooled constant, or a const op writing an operand slot
    /// (removed too). Nil when neither operand is a constant a branch immediate can hold.
    mutating func takeComparedConstant(_ cmp: Op) -> (slot: Slot, bits: UInt64)? {
        guard let (l, r, is64) = Lowering.comparedSlots(cmp) else { return nil }
        func fits(_ v: UInt64) -> Bool { !is64 || Int64(bitPattern: v) == Int64(Int32(truncatingIfNeeded: v)) }
        for s in [r, l] {
            let k = Int(s) - localEnd
            if k >= 0, k < constants.count, fits(constants[k]) { return (s, constants[k]) }
        }
        guard ops.count > barrier, l != r else { return nil }
        let bits: UInt64, d: Slot
        switch ops.last {
        case .const32(let dd, let v)?: (d, bits) = (dd, UInt64(v))
        case .const64(let dd, let v)?: (d, bits) = (dd, v)
        default: return nil
        }
        // The const op's slot is an operand-stack slot above the comparison's result: dead after it.
        guard d == l || d == r, Int(d) >= localEnd + constants.count, fits(bits) else { return nil }
        ops.removeLast()
        sourceIndices.removeLast()
        return (d, bits)
    }

    /// The operand slots of an integer comparison op and whether it is i64.
    static func comparedSlots(_ op: Op) -> (Slot, Slot, Bool)? {
        switch op {
        case .i32Eq(_, let l, let r), .i32Ne(_, let l, let r), .i32LtS(_, let l, let r), .i32LtU(_, let l, let r),
             .i32GtS(_, let l, let r), .i32GtU(_, let l, let r), .i32LeS(_, let l, let r), .i32LeU(_, let l, let r),
             .i32GeS(_, let l, let r), .i32GeU(_, let l, let r):
            return (l, r, false)
        case .i64Eq(_, let l, let r), .i64Ne(_, let l, let r), .i64LtS(_, let l, let r), .i64LtU(_, let l, let r),
             .i64GtS(_, let l, let r), .i64GtU(_, let l, let r), .i64LeS(_, let l, let r), .i64LeU(_, let l, let r),
             .i64GeS(_, let l, let r), .i64GeU(_, let l, let r):
            return (l, r, true)
        default:
            return nil
        }
    }

    /// A comparison kind of the compare-with-immediate branches.
    enum ImmediateComparison { case eq, ne, ltS, ltU, leS, leU, gtS, gtU, geS, geU }

    /// Fused branch `br` (from `fusedBranch`) with its operand in slot `k` replaced by the
    /// constant `bits`: `lhs <op> k` keeps its kind, `k <op> rhs` is mirrored (`c < x` is `x > c`).
    static func immediateBranch(_ br: Op, constant k: Slot, bits: UInt64) -> Op? {
        let l: Slot, r: Slot, t: PC, kind: ImmediateComparison, is64: Bool
        switch br {
        case .brI32Eq(let a, let b, let p): (l, r, t, kind, is64) = (a, b, p, .eq, false)
        case .brI32Ne(let a, let b, let p): (l, r, t, kind, is64) = (a, b, p, .ne, false)
        case .brI32LtS(let a, let b, let p): (l, r, t, kind, is64) = (a, b, p, .ltS, false)
        case .brI32LtU(let a, let b, let p): (l, r, t, kind, is64) = (a, b, p, .ltU, false)
        case .brI32LeS(let a, let b, let p): (l, r, t, kind, is64) = (a, b, p, .leS, false)
        case .brI32LeU(let a, let b, let p): (l, r, t, kind, is64) = (a, b, p, .leU, false)
        case .brI64Eq(let a, let b, let p): (l, r, t, kind, is64) = (a, b, p, .eq, true)
        case .brI64Ne(let a, let b, let p): (l, r, t, kind, is64) = (a, b, p, .ne, true)
        case .brI64LtS(let a, let b, let p): (l, r, t, kind, is64) = (a, b, p, .ltS, true)
        case .brI64LtU(let a, let b, let p): (l, r, t, kind, is64) = (a, b, p, .ltU, true)
        case .brI64LeS(let a, let b, let p): (l, r, t, kind, is64) = (a, b, p, .leS, true)
        case .brI64LeU(let a, let b, let p): (l, r, t, kind, is64) = (a, b, p, .leU, true)
        default: return nil
        }
        let imm = UInt32(truncatingIfNeeded: bits)
        if r == k { return immediateBranch(kind, is64: is64, lhs: l, imm: imm, t) }
        guard l == k else { return nil }
        let mirrored: ImmediateComparison
        switch kind {
        case .ltS: mirrored = .gtS
        case .ltU: mirrored = .gtU
        case .leS: mirrored = .geS
        case .leU: mirrored = .geU
        default: mirrored = kind
        }
        return immediateBranch(mirrored, is64: is64, lhs: r, imm: imm, t)
    }

    static func immediateBranch(_ kind: ImmediateComparison, is64: Bool, lhs l: Slot, imm i: UInt32, _ t: PC) -> Op {
        switch (kind, is64) {
        case (.eq, false): return .brI32EqImm(lhs: l, imm: i, t)
        case (.ne, false): return .brI32NeImm(lhs: l, imm: i, t)
        case (.ltS, false): return .brI32LtSImm(lhs: l, imm: i, t)
        case (.ltU, false): return .brI32LtUImm(lhs: l, imm: i, t)
        case (.leS, false): return .brI32LeSImm(lhs: l, imm: i, t)
        case (.leU, false): return .brI32LeUImm(lhs: l, imm: i, t)
        case (.gtS, false): return .brI32GtSImm(lhs: l, imm: i, t)
        case (.gtU, false): return .brI32GtUImm(lhs: l, imm: i, t)
        case (.geS, false): return .brI32GeSImm(lhs: l, imm: i, t)
        case (.geU, false): return .brI32GeUImm(lhs: l, imm: i, t)
        case (.eq, true): return .brI64EqImm(lhs: l, imm: i, t)
        case (.ne, true): return .brI64NeImm(lhs: l, imm: i, t)
        case (.ltS, true): return .brI64LtSImm(lhs: l, imm: i, t)
        case (.ltU, true): return .brI64LtUImm(lhs: l, imm: i, t)
        case (.leS, true): return .brI64LeSImm(lhs: l, imm: i, t)
        case (.leU, true): return .brI64LeUImm(lhs: l, imm: i, t)
        case (.gtS, true): return .brI64GtSImm(lhs: l, imm: i, t)
        case (.gtU, true): return .brI64GtUImm(lhs: l, imm: i, t)
        case (.geS, true): return .brI64GeSImm(lhs: l, imm: i, t)
        case (.geU, true): return .brI64GeUImm(lhs: l, imm: i, t)
        }
    }

    /// A compare-with-immediate branch with its target replaced by `t` (for `patch`), or nil.
    static func retargetedImmediateBranch(_ op: Op, to t: PC) -> Op? {
        switch op {
        case .brIfAddImm(let c, let i, _): return .brIfAddImm(cond: c, imm: i, t)
        case .brAddImmI32Ne(let c, let i, let l, _): return .brAddImmI32Ne(counter: c, imm: i, limit: l, t)
        case .brAddImmI32LtS(let c, let i, let l, _): return .brAddImmI32LtS(counter: c, imm: i, limit: l, t)
        case .brAddImmI32LtU(let c, let i, let l, _): return .brAddImmI32LtU(counter: c, imm: i, limit: l, t)
        case .brAddImmI32NeImm(let c, let i, let l, _): return .brAddImmI32NeImm(counter: c, imm: i, limit: l, t)
        case .brAddImmI32LtSImm(let c, let i, let l, _): return .brAddImmI32LtSImm(counter: c, imm: i, limit: l, t)
        case .brAddImmI32LtUImm(let c, let i, let l, _): return .brAddImmI32LtUImm(counter: c, imm: i, limit: l, t)
        case .brI32EqImm(let l, let i, _): return .brI32EqImm(lhs: l, imm: i, t)
        case .brI32NeImm(let l, let i, _): return .brI32NeImm(lhs: l, imm: i, t)
        case .brI32LtSImm(let l, let i, _): return .brI32LtSImm(lhs: l, imm: i, t)
        case .brI32LtUImm(let l, let i, _): return .brI32LtUImm(lhs: l, imm: i, t)
        case .brI32LeSImm(let l, let i, _): return .brI32LeSImm(lhs: l, imm: i, t)
        case .brI32LeUImm(let l, let i, _): return .brI32LeUImm(lhs: l, imm: i, t)
        case .brI32GtSImm(let l, let i, _): return .brI32GtSImm(lhs: l, imm: i, t)
        case .brI32GtUImm(let l, let i, _): return .brI32GtUImm(lhs: l, imm: i, t)
        case .brI32GeSImm(let l, let i, _): return .brI32GeSImm(lhs: l, imm: i, t)
        case .brI32GeUImm(let l, let i, _): return .brI32GeUImm(lhs: l, imm: i, t)
        case .brI64EqImm(let l, let i, _): return .brI64EqImm(lhs: l, imm: i, t)
        case .brI64NeImm(let l, let i, _): return .brI64NeImm(lhs: l, imm: i, t)
        case .brI64LtSImm(let l, let i, _): return .brI64LtSImm(lhs: l, imm: i, t)
        case .brI64LtUImm(let l, let i, _): return .brI64LtUImm(lhs: l, imm: i, t)
        case .brI64LeSImm(let l, let i, _): return .brI64LeSImm(lhs: l, imm: i, t)
        case .brI64LeUImm(let l, let i, _): return .brI64LeUImm(lhs: l, imm: i, t)
        case .brI64GtSImm(let l, let i, _): return .brI64GtSImm(lhs: l, imm: i, t)
        case .brI64GtUImm(let l, let i, _): return .brI64GtUImm(lhs: l, imm: i, t)
        case .brI64GeSImm(let l, let i, _): return .brI64GeSImm(lhs: l, imm: i, t)
        case .brI64GeUImm(let l, let i, _): return .brI64GeUImm(lhs: l, imm: i, t)
        default: return nil
        }
    }
}
