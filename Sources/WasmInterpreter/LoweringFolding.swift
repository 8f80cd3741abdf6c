import WasmCore
import WasmRuntime

// Peephole folding for `Lowering`: the constant pool, fused conditions (compare / eqz +
// branch), destination rewriting for `local.set`, and the numeric op selection (generated).
extension Lowering {
    /// Removes the last op if it is an `i32.eqz` writing the top operand slot `position` (after
    /// the last label) and returns its operand, so a following branch can test it directly.
    mutating func takeEqz(at position: Int) -> Slot? {
        guard ops.count > barrier, sources.count > position, sources[position] == position,
              case .i32Eqz(let d, let s)? = ops.last, d == slot(position) else { return nil }
        ops.removeLast()
        sourceIndices.removeLast()
        return s
    }

    /// Removes and returns the last op if it writes the operand slot `position` (after the last
    /// label) and `accept` takes it: for folding a producer into its single consumer.
    mutating func takeProducer(at position: Int, _ accept: (Op) -> Bool) -> Op? {
        guard ops.count > barrier, sources.count > position, sources[position] == position,
              let last = ops.last, destination(last) == slot(position), accept(last) else { return nil }
        ops.removeLast()
        sourceIndices.removeLast()
        return last
    }

    /// Removes the last op if it is an `i32.const` into the top operand slot `position` (after
    /// the last label) and returns the constant, for an immediate form.
    mutating func takeConst32(at position: Int) -> UInt32? {
        if let v = pooledConstant(at: position) { return UInt32(truncatingIfNeeded: v) }
        guard ops.count > barrier, sources.count > position, sources[position] == position,
              case .const32(let d, let v)? = ops.last, d == slot(position) else { return nil }
        ops.removeLast()
        sourceIndices.removeLast()
        return v
    }

    /// The value of the operand at `position` when it is read from the constant pool.
    func pooledConstant(at position: Int) -> UInt64? {
        guard position < sources.count else { return nil }
        let k = sources[position] - localEnd
        guard k >= 0, k < constants.count else { return nil }
        return constants[k]
    }

    /// Pushes a constant: folded to its pool slot, or written by a const op.
    mutating func pushConstant(_ bits: UInt64, is64: Bool) {
        let h = height
        push()
        if let k = constantSlots[bits] {
            setSource(h, localEnd + k)
        } else {
            emit(is64 ? .const64(dst: slot(h), bits) : .const32(dst: slot(h), UInt32(truncatingIfNeeded: bits)))
        }
    }

    /// Chooses the pooled constants: the most frequent ones of the body.
    /// Ties go to the constant used first. One hash lookup per constant instruction; the sort
    /// reads arrays only (it used to look both counts up in a dictionary per comparison).
    mutating func buildConstantPool(_ body: FunctionBody) {
        // Distinct constants in first-use order, with their use counts.
        var position: [UInt64: Int] = [:]
        var order: [UInt64] = []
        var counts: [Int] = []
        for (i, ins) in body.instructions.enumerated() {
            let bits: UInt64
            switch ins {
            case .i32Const(let v): bits = UInt64(UInt32(bitPattern: v))
            case .i64Const(let v): bits = UInt64(bitPattern: v)
            case .f32Const(let v): bits = UInt64(v)
            case .f64Const(let v): bits = v
            default: continue
            }
            // Constants that become immediates are not read from a slot.
            if Lowering.constantBecomesImmediate(body.instructions, at: i, bits: bits) { continue }
            if let k = position[bits] {
                counts[k] += 1
            } else {
                position[bits] = order.count
                order.append(bits)
                counts.append(1)
            }
        }
        let chosen = order.indices
            .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
            .prefix(Lowering.maxPooledConstants)
        constants = chosen.map { order[$0] }
        for (k, v) in constants.enumerated() { constantSlots[v] = k }
    }

    /// Removes the last op if it is an integer comparison writing the top operand slot
    /// `position` (after the last label), for a fused compare-and-branch.
    mutating func takeCompare(at position: Int) -> Op? {
        guard ops.count > barrier, sources.count > position, sources[position] == position,
              let last = ops.last, destination(last) == slot(position),
              fusedBranch(last, negated: false, to: 0) != nil else { return nil }
        ops.removeLast()
        sourceIndices.removeLast()
        return last
    }

    /// What a conditional branch tests.
    enum Condition {
        /// A slot, nonzero meaning true.
        case slot(Slot)
        /// The negation of a slot (a folded `eqz`).
        case zero(Slot)
        /// A comparison op that was removed to be fused, possibly negated by a folded `i32.eqz`;
        /// with the slot and bits of a constant operand the branch takes as an immediate (a const
        /// op writing that slot was removed too).
        case compare(Op, negated: Bool, constant: (slot: Slot, bits: UInt64)?)
    }

    /// Takes the condition of a branch on the operand at `position`, folding a preceding
    /// comparison and/or `eqz` into it.
    mutating func takeCondition(at position: Int) -> Condition {
        if let c = takeCompare(at: position) { return .compare(c, negated: false, constant: takeComparedConstant(c)) }
        if let s = takeEqz(at: position) {
            if s == slot(position), let c = takeCompare(at: position) {
                return .compare(c, negated: true, constant: takeComparedConstant(c))
            }
            return .zero(s)
        }
        return .slot(src(position))
    }

    /// The op branching to `t` when `cond` is true (`whenTrue`) or false.
    func branchOp(_ cond: Condition, whenTrue: Bool, to t: PC) -> Op {
        switch cond {
        case .slot(let s): return whenTrue ? .brIf(cond: s, t) : .brIfNot(cond: s, t)
        case .zero(let s): return whenTrue ? .brIfEqz(cond: s, t) : .brIf(cond: s, t)
        case .compare(let c, let n, let k):
            // `takeCompare` only returns comparisons `fusedBranch` accepts, and a constant operand
            // only of integer comparisons, which all have immediate forms.
            guard let b = fusedBranch(c, negated: whenTrue ? n : !n, to: t) else { return .trap(.unreachable) }
            if let k { return Lowering.immediateBranch(b, constant: k.slot, bits: k.bits) ?? .trap(.unreachable) }
            return b
        }
    }

    /// The fused branch for comparison `cmp` (taken when it holds, or when it fails if `negated`).
    func fusedBranch(_ cmp: Op, negated n: Bool, to t: PC) -> Op? {
        switch cmp {
        case .i32Eq(_, let l, let r): return n ? .brI32Ne(lhs: l, rhs: r, t) : .brI32Eq(lhs: l, rhs: r, t)
        case .i32Ne(_, let l, let r): return n ? .brI32Eq(lhs: l, rhs: r, t) : .brI32Ne(lhs: l, rhs: r, t)
        case .i32LtS(_, let l, let r): return n ? .brI32LeS(lhs: r, rhs: l, t) : .brI32LtS(lhs: l, rhs: r, t)
        case .i32GtS(_, let l, let r): return n ? .brI32LeS(lhs: l, rhs: r, t) : .brI32LtS(lhs: r, rhs: l, t)
        case .i32LeS(_, let l, let r): return n ? .brI32LtS(lhs: r, rhs: l, t) : .brI32LeS(lhs: l, rhs: r, t)
        case .i32GeS(_, let l, let r): return n ? .brI32LtS(lhs: l, rhs: r, t) : .brI32LeS(lhs: r, rhs: l, t)
        case .i32LtU(_, let l, let r): return n ? .brI32LeU(lhs: r, rhs: l, t) : .brI32LtU(lhs: l, rhs: r, t)
        case .i32GtU(_, let l, let r): return n ? .brI32LeU(lhs: l, rhs: r, t) : .brI32LtU(lhs: r, rhs: l, t)
        case .i32LeU(_, let l, let r): return n ? .brI32LtU(lhs: r, rhs: l, t) : .brI32LeU(lhs: l, rhs: r, t)
        case .i32GeU(_, let l, let r): return n ? .brI32LtU(lhs: l, rhs: r, t) : .brI32LeU(lhs: r, rhs: l, t)
        case .i64Eq(_, let l, let r): return n ? .brI64Ne(lhs: l, rhs: r, t) : .brI64Eq(lhs: l, rhs: r, t)
        case .i64Ne(_, let l, let r): return n ? .brI64Eq(lhs: l, rhs: r, t) : .brI64Ne(lhs: l, rhs: r, t)
        case .i64LtS(_, let l, let r): return n ? .brI64LeS(lhs: r, rhs: l, t) : .brI64LtS(lhs: l, rhs: r, t)
        case .i64GtS(_, let l, let r): return n ? .brI64LeS(lhs: l, rhs: r, t) : .brI64LtS(lhs: r, rhs: l, t)
        case .i64LeS(_, let l, let r): return n ? .brI64LtS(lhs: r, rhs: l, t) : .brI64LeS(lhs: l, rhs: r, t)
        case .i64GeS(_, let l, let r): return n ? .brI64LtS(lhs: l, rhs: r, t) : .brI64LeS(lhs: r, rhs: l, t)
        case .i64LtU(_, let l, let r): return n ? .brI64LeU(lhs: r, rhs: l, t) : .brI64LtU(lhs: l, rhs: r, t)
        case .i64GtU(_, let l, let r): return n ? .brI64LeU(lhs: l, rhs: r, t) : .brI64LtU(lhs: r, rhs: l, t)
        case .i64LeU(_, let l, let r): return n ? .brI64LtU(lhs: r, rhs: l, t) : .brI64LeU(lhs: l, rhs: r, t)
        case .i64GeU(_, let l, let r): return n ? .brI64LtU(lhs: l, rhs: r, t) : .brI64LeU(lhs: r, rhs: l, t)
        // Floats: `gt`/`ge` swap operands (exact with NaN); negations have their own ops.
        case .f32Eq(_, let l, let r): return n ? .brF32Ne(lhs: l, rhs: r, t) : .brF32Eq(lhs: l, rhs: r, t)
        case .f32Ne(_, let l, let r): return n ? .brF32Eq(lhs: l, rhs: r, t) : .brF32Ne(lhs: l, rhs: r, t)
        case .f32Lt(_, let l, let r): return n ? .brF32NotLt(lhs: l, rhs: r, t) : .brF32Lt(lhs: l, rhs: r, t)
        case .f32Gt(_, let l, let r): return n ? .brF32NotLt(lhs: r, rhs: l, t) : .brF32Lt(lhs: r, rhs: l, t)
        case .f32Le(_, let l, let r): return n ? .brF32NotLe(lhs: l, rhs: r, t) : .brF32Le(lhs: l, rhs: r, t)
        case .f32Ge(_, let l, let r): return n ? .brF32NotLe(lhs: r, rhs: l, t) : .brF32Le(lhs: r, rhs: l, t)
        case .f64Eq(_, let l, let r): return n ? .brF64Ne(lhs: l, rhs: r, t) : .brF64Eq(lhs: l, rhs: r, t)
        case .f64Ne(_, let l, let r): return n ? .brF64Eq(lhs: l, rhs: r, t) : .brF64Ne(lhs: l, rhs: r, t)
        case .f64Lt(_, let l, let r): return n ? .brF64NotLt(lhs: l, rhs: r, t) : .brF64Lt(lhs: l, rhs: r, t)
        case .f64Gt(_, let l, let r): return n ? .brF64NotLt(lhs: r, rhs: l, t) : .brF64Lt(lhs: r, rhs: l, t)
        case .f64Le(_, let l, let r): return n ? .brF64NotLe(lhs: l, rhs: r, t) : .brF64Le(lhs: l, rhs: r, t)
        case .f64Ge(_, let l, let r): return n ? .brF64NotLe(lhs: r, rhs: l, t) : .brF64Le(lhs: r, rhs: l, t)
        default: return nil
        }
    }

    /// A branch target is about to be placed here: earlier ops must not be rewritten.
    mutating func label() { barrier = ops.count }

    /// `op` with its destination slot replaced, if it is an op that only writes `dst`.
    func retargeted(_ op: Op, to d: Slot) -> Op? {
        switch op {
        case .copy(_, let s): return .copy(dst: d, src: s)
        case .const32(_, let v): return .const32(dst: d, v)
        case .const64(_, let v): return .const64(dst: d, v)
        case .select(_, let l, let r, let c): return .select(dst: d, lhs: l, rhs: r, cond: c)
        case .globalGet(_, let i): return .globalGet(dst: d, index: i)
        case .refFunc(_, let f): return .refFunc(dst: d, function: f)
        case .refIsNull(_, let s): return .refIsNull(dst: d, src: s)
        case .unary(let o, _, let s): return .unary(o, dst: d, src: s)
        case .binary(let o, _, let l, let r): return .binary(o, dst: d, lhs: l, rhs: r)
        case .i32AddImm(_, let s, let i): return .i32AddImm(dst: d, src: s, imm: i)
        case .i32XorShlImm(_, let s, let i): return .i32XorShlImm(dst: d, src: s, imm: i)
        case .i32XorShrUImm(_, let s, let i): return .i32XorShrUImm(dst: d, src: s, imm: i)
        case .i32LoadAdd(_, let a, let i, let o): return .i32LoadAdd(dst: d, addr: a, imm: i, offset: o)
        case .i64LoadAdd(_, let a, let i, let o): return .i64LoadAdd(dst: d, addr: a, imm: i, offset: o)
        case .i32LoadBump(_, let a, let i, let o): return .i32LoadBump(dst: d, addr: a, imm: i, offset: o)
        case .i32MulAddImm(_, let l, let r, let i): return .i32MulAddImm(dst: d, lhs: l, rhs: r, imm: i)
        case .i32MulImmAddImm(_, let s, let f, let i): return .i32MulImmAddImm(dst: d, src: s, factor: f, imm: i)
        case .i64MulImmAddImm(_, let s, let f, let i): return .i64MulImmAddImm(dst: d, src: s, factor: f, imm: i)
        case .i32MulImmAdd(_, let s, let f, let c): return .i32MulImmAdd(dst: d, src: s, factor: f, addend: c)
        case .i64MulAdd(_, let l, let r, let c): return .i64MulAdd(dst: d, lhs: l, rhs: r, addend: c)
        case .f32MulAdd(_, let l, let r, let c): return .f32MulAdd(dst: d, lhs: l, rhs: r, addend: c)
        case .f64MulAdd(_, let l, let r, let c): return .f64MulAdd(dst: d, lhs: l, rhs: r, addend: c)
        // icalls
        case .i32XorRotlImm(_, let l, let r, let i): return .i32XorRotlImm(dst: d, lhs: l, rhs: r, imm: i)
        case .i32XorAndImm(_, let l, let s, let i): return .i32XorAndImm(dst: d, lhs: l, src: s, imm: i)
        case .i32AddAndImm(_, let l, let s, let i): return .i32AddAndImm(dst: d, lhs: l, src: s, imm: i)
        case .selectAndImm(_, let l, let r, let c, let i): return .selectAndImm(dst: d, lhs: l, rhs: r, cond: c, imm: i)
        case .f32AddSub(_, let c, let l, let r): return .f32AddSub(dst: d, addend: c, lhs: l, rhs: r)
        case .f64AddSub(_, let c, let l, let r): return .f64AddSub(dst: d, addend: c, lhs: l, rhs: r)
        case .f32SubAdd(_, let l, let r, let c): return .f32SubAdd(dst: d, lhs: l, rhs: r, addend: c)
        case .f64SubAdd(_, let l, let r, let c): return .f64SubAdd(dst: d, lhs: l, rhs: r, addend: c)
        // ifloats
        case .f32AddMulAdd(_, let l, let r, let f, let c): return .f32AddMulAdd(dst: d, lhs: l, rhs: r, factor: f, addend: c)
        case .f64AddMulAdd(_, let l, let r, let f, let c): return .f64AddMulAdd(dst: d, lhs: l, rhs: r, factor: f, addend: c)
        case .i32ShlImmAddImm(_, let s, let k, let i): return .i32ShlImmAddImm(dst: d, src: s, shift: k, imm: i)
        // iloops
        case .selectAndImmI64ShrURhs, .selectAndImmI32ShrURhs, .selectAndImmI64ShrULhs, .selectAndImmI32ShrULhs:
            return Lowering.retargetedShiftSelect(op, to: d)
        case .i32AddAndImmPair(_, let l, let a, let b, let i): return .i32AddAndImmPair(dst: d, lhs: l, a: a, b: b, imm: i)
        case .i32Load(_, let a, let o): return .i32Load(dst: d, addr: a, offset: o)
        case .i64Load(_, let a, let o): return .i64Load(dst: d, addr: a, offset: o)
        case .load8U(_, let a, let o): return .load8U(dst: d, addr: a, offset: o)
        case .load(let o, _, let a, let off): return .load(o, dst: d, addr: a, offset: off)
        case .f32MulLoad, .f64MulLoad, .f32MulLoadAdd, .f64MulLoadAdd: return Lowering.retargetedMulLoad(op, to: d) // ifloats8
        // BEGIN GENERATED retarget (Utilities/gen-interpreter-ops.py)
        case .i32Add(_, let l, let r): return .i32Add(dst: d, lhs: l, rhs: r)
        case .i32Sub(_, let l, let r): return .i32Sub(dst: d, lhs: l, rhs: r)
        case .i32Mul(_, let l, let r): return .i32Mul(dst: d, lhs: l, rhs: r)
        case .i32And(_, let l, let r): return .i32And(dst: d, lhs: l, rhs: r)
        case .i32Or(_, let l, let r): return .i32Or(dst: d, lhs: l, rhs: r)
        case .i32Xor(_, let l, let r): return .i32Xor(dst: d, lhs: l, rhs: r)
        case .i32Shl(_, let l, let r): return .i32Shl(dst: d, lhs: l, rhs: r)
        case .i32ShrU(_, let l, let r): return .i32ShrU(dst: d, lhs: l, rhs: r)
        case .i32ShrS(_, let l, let r): return .i32ShrS(dst: d, lhs: l, rhs: r)
        case .i32Eq(_, let l, let r): return .i32Eq(dst: d, lhs: l, rhs: r)
        case .i32Ne(_, let l, let r): return .i32Ne(dst: d, lhs: l, rhs: r)
        case .i32LtS(_, let l, let r): return .i32LtS(dst: d, lhs: l, rhs: r)
        case .i32LtU(_, let l, let r): return .i32LtU(dst: d, lhs: l, rhs: r)
        case .i32GtS(_, let l, let r): return .i32GtS(dst: d, lhs: l, rhs: r)
        case .i32GtU(_, let l, let r): return .i32GtU(dst: d, lhs: l, rhs: r)
        case .i32LeS(_, let l, let r): return .i32LeS(dst: d, lhs: l, rhs: r)
        case .i32LeU(_, let l, let r): return .i32LeU(dst: d, lhs: l, rhs: r)
        case .i32GeS(_, let l, let r): return .i32GeS(dst: d, lhs: l, rhs: r)
        case .i32GeU(_, let l, let r): return .i32GeU(dst: d, lhs: l, rhs: r)
        case .i32DivS(_, let l, let r): return .i32DivS(dst: d, lhs: l, rhs: r)
        case .i32DivU(_, let l, let r): return .i32DivU(dst: d, lhs: l, rhs: r)
        case .i32RemS(_, let l, let r): return .i32RemS(dst: d, lhs: l, rhs: r)
        case .i32RemU(_, let l, let r): return .i32RemU(dst: d, lhs: l, rhs: r)
        case .i64Add(_, let l, let r): return .i64Add(dst: d, lhs: l, rhs: r)
        case .i64Sub(_, let l, let r): return .i64Sub(dst: d, lhs: l, rhs: r)
        case .i64Mul(_, let l, let r): return .i64Mul(dst: d, lhs: l, rhs: r)
        case .i64And(_, let l, let r): return .i64And(dst: d, lhs: l, rhs: r)
        case .i64Or(_, let l, let r): return .i64Or(dst: d, lhs: l, rhs: r)
        case .i64Xor(_, let l, let r): return .i64Xor(dst: d, lhs: l, rhs: r)
        case .i64Shl(_, let l, let r): return .i64Shl(dst: d, lhs: l, rhs: r)
        case .i64ShrU(_, let l, let r): return .i64ShrU(dst: d, lhs: l, rhs: r)
        case .i64ShrS(_, let l, let r): return .i64ShrS(dst: d, lhs: l, rhs: r)
        case .i64Eq(_, let l, let r): return .i64Eq(dst: d, lhs: l, rhs: r)
        case .i64Ne(_, let l, let r): return .i64Ne(dst: d, lhs: l, rhs: r)
        case .i64LtS(_, let l, let r): return .i64LtS(dst: d, lhs: l, rhs: r)
        case .i64LtU(_, let l, let r): return .i64LtU(dst: d, lhs: l, rhs: r)
        case .i64GtS(_, let l, let r): return .i64GtS(dst: d, lhs: l, rhs: r)
        case .i64GtU(_, let l, let r): return .i64GtU(dst: d, lhs: l, rhs: r)
        case .i64LeS(_, let l, let r): return .i64LeS(dst: d, lhs: l, rhs: r)
        case .i64LeU(_, let l, let r): return .i64LeU(dst: d, lhs: l, rhs: r)
        case .i64GeS(_, let l, let r): return .i64GeS(dst: d, lhs: l, rhs: r)
        case .i64GeU(_, let l, let r): return .i64GeU(dst: d, lhs: l, rhs: r)
        case .i64DivS(_, let l, let r): return .i64DivS(dst: d, lhs: l, rhs: r)
        case .i64DivU(_, let l, let r): return .i64DivU(dst: d, lhs: l, rhs: r)
        case .i64RemS(_, let l, let r): return .i64RemS(dst: d, lhs: l, rhs: r)
        case .i64RemU(_, let l, let r): return .i64RemU(dst: d, lhs: l, rhs: r)
        case .i32Rotl(_, let l, let r): return .i32Rotl(dst: d, lhs: l, rhs: r)
        case .i32Rotr(_, let l, let r): return .i32Rotr(dst: d, lhs: l, rhs: r)
        case .i64Rotl(_, let l, let r): return .i64Rotl(dst: d, lhs: l, rhs: r)
        case .i64Rotr(_, let l, let r): return .i64Rotr(dst: d, lhs: l, rhs: r)
        case .f32Add(_, let l, let r): return .f32Add(dst: d, lhs: l, rhs: r)
        case .f32Sub(_, let l, let r): return .f32Sub(dst: d, lhs: l, rhs: r)
        case .f32Mul(_, let l, let r): return .f32Mul(dst: d, lhs: l, rhs: r)
        case .f32Div(_, let l, let r): return .f32Div(dst: d, lhs: l, rhs: r)
        case .f32Eq(_, let l, let r): return .f32Eq(dst: d, lhs: l, rhs: r)
        case .f32Ne(_, let l, let r): return .f32Ne(dst: d, lhs: l, rhs: r)
        case .f32Lt(_, let l, let r): return .f32Lt(dst: d, lhs: l, rhs: r)
        case .f32Gt(_, let l, let r): return .f32Gt(dst: d, lhs: l, rhs: r)
        case .f32Le(_, let l, let r): return .f32Le(dst: d, lhs: l, rhs: r)
        case .f32Ge(_, let l, let r): return .f32Ge(dst: d, lhs: l, rhs: r)
        case .f64Add(_, let l, let r): return .f64Add(dst: d, lhs: l, rhs: r)
        case .f64Sub(_, let l, let r): return .f64Sub(dst: d, lhs: l, rhs: r)
        case .f64Mul(_, let l, let r): return .f64Mul(dst: d, lhs: l, rhs: r)
        case .f64Div(_, let l, let r): return .f64Div(dst: d, lhs: l, rhs: r)
        case .f64Eq(_, let l, let r): return .f64Eq(dst: d, lhs: l, rhs: r)
        case .f64Ne(_, let l, let r): return .f64Ne(dst: d, lhs: l, rhs: r)
        case .f64Lt(_, let l, let r): return .f64Lt(dst: d, lhs: l, rhs: r)
        case .f64Gt(_, let l, let r): return .f64Gt(dst: d, lhs: l, rhs: r)
        case .f64Le(_, let l, let r): return .f64Le(dst: d, lhs: l, rhs: r)
        case .f64Ge(_, let l, let r): return .f64Ge(dst: d, lhs: l, rhs: r)
        case .i32Eqz(_, let s): return .i32Eqz(dst: d, src: s)
        case .i32WrapI64(_, let s): return .i32WrapI64(dst: d, src: s)
        case .i64ExtendI32S(_, let s): return .i64ExtendI32S(dst: d, src: s)
        case .i32Extend8S(_, let s): return .i32Extend8S(dst: d, src: s)
        case .i32Extend16S(_, let s): return .i32Extend16S(dst: d, src: s)
        case .i64Extend8S(_, let s): return .i64Extend8S(dst: d, src: s)
        case .i64Extend16S(_, let s): return .i64Extend16S(dst: d, src: s)
        case .i64Extend32S(_, let s): return .i64Extend32S(dst: d, src: s)
        case .f32ConvertI32S(_, let s): return .f32ConvertI32S(dst: d, src: s)
        case .f32ConvertI32U(_, let s): return .f32ConvertI32U(dst: d, src: s)
        case .f64ConvertI32S(_, let s): return .f64ConvertI32S(dst: d, src: s)
        case .f64ConvertI32U(_, let s): return .f64ConvertI32U(dst: d, src: s)
        case .f64ConvertI64S(_, let s): return .f64ConvertI64S(dst: d, src: s)
        case .f32DemoteF64(_, let s): return .f32DemoteF64(dst: d, src: s)
        case .f64PromoteF32(_, let s): return .f64PromoteF32(dst: d, src: s)
        case .f32Neg(_, let s): return .f32Neg(dst: d, src: s)
        case .f64Neg(_, let s): return .f64Neg(dst: d, src: s)
        case .f32Abs(_, let s): return .f32Abs(dst: d, src: s)
        case .f64Abs(_, let s): return .f64Abs(dst: d, src: s)
        case .f32Sqrt(_, let s): return .f32Sqrt(dst: d, src: s)
        case .f64Sqrt(_, let s): return .f64Sqrt(dst: d, src: s)
        case .i32MulImm(_, let s, let i): return .i32MulImm(dst: d, src: s, imm: i)
        case .i32AndImm(_, let s, let i): return .i32AndImm(dst: d, src: s, imm: i)
        case .i32OrImm(_, let s, let i): return .i32OrImm(dst: d, src: s, imm: i)
        case .i32XorImm(_, let s, let i): return .i32XorImm(dst: d, src: s, imm: i)
        case .i32ShlImm(_, let s, let i): return .i32ShlImm(dst: d, src: s, imm: i)
        case .i32ShrUImm(_, let s, let i): return .i32ShrUImm(dst: d, src: s, imm: i)
        case .i32ShrSImm(_, let s, let i): return .i32ShrSImm(dst: d, src: s, imm: i)
        case .i32RotlImm(_, let s, let i): return .i32RotlImm(dst: d, src: s, imm: i)
        case .i64AddImm(_, let s, let i): return .i64AddImm(dst: d, src: s, imm: i)
        case .i64MulImm(_, let s, let i): return .i64MulImm(dst: d, src: s, imm: i)
        case .i64AndImm(_, let s, let i): return .i64AndImm(dst: d, src: s, imm: i)
        case .i64OrImm(_, let s, let i): return .i64OrImm(dst: d, src: s, imm: i)
        case .i64XorImm(_, let s, let i): return .i64XorImm(dst: d, src: s, imm: i)
        case .i64ShlImm(_, let s, let i): return .i64ShlImm(dst: d, src: s, imm: i)
        case .i64ShrUImm(_, let s, let i): return .i64ShrUImm(dst: d, src: s, imm: i)
        case .i64ShrSImm(_, let s, let i): return .i64ShrSImm(dst: d, src: s, imm: i)
        case .i64RotlImm(_, let s, let i): return .i64RotlImm(dst: d, src: s, imm: i)
        case .i32EqImm(_, let s, let i): return .i32EqImm(dst: d, src: s, imm: i)
        case .i32NeImm(_, let s, let i): return .i32NeImm(dst: d, src: s, imm: i)
        case .i32LtSImm(_, let s, let i): return .i32LtSImm(dst: d, src: s, imm: i)
        case .i32LtUImm(_, let s, let i): return .i32LtUImm(dst: d, src: s, imm: i)
        case .i32GtSImm(_, let s, let i): return .i32GtSImm(dst: d, src: s, imm: i)
        case .i32GtUImm(_, let s, let i): return .i32GtUImm(dst: d, src: s, imm: i)
        case .i32LeSImm(_, let s, let i): return .i32LeSImm(dst: d, src: s, imm: i)
        case .i32LeUImm(_, let s, let i): return .i32LeUImm(dst: d, src: s, imm: i)
        case .i32GeSImm(_, let s, let i): return .i32GeSImm(dst: d, src: s, imm: i)
        case .i32GeUImm(_, let s, let i): return .i32GeUImm(dst: d, src: s, imm: i)
        // END GENERATED
        default: return nil
        }
    }

    /// The destination slot of `op`, for ops `retargeted` accepts.
    func destination(_ op: Op) -> Slot? {
        switch op {
        case .copy(let d, _), .const32(let d, _), .const64(let d, _), .select(let d, _, _, _), .globalGet(let d, _),
             .refFunc(let d, _), .refIsNull(let d, _), .unary(_, let d, _), .binary(_, let d, _, _),
             .i32AddImm(let d, _, _), .i32XorShlImm(let d, _, _), .i32XorShrUImm(let d, _, _),
             .i32Load(let d, _, _), .i64Load(let d, _, _), .load8U(let d, _, _),
             .i32LoadAdd(let d, _, _, _), .i64LoadAdd(let d, _, _, _), .i32LoadBump(let d, _, _, _), .i32MulAddImm(let d, _, _, _), .i32MulImmAddImm(let d, _, _, _), .i64MulImmAddImm(let d, _, _, _), .i32MulImmAdd(let d, _, _, _),
             .i64MulAdd(let d, _, _, _), .f32MulAdd(let d, _, _, _), .f64MulAdd(let d, _, _, _),
             .i32XorRotlImm(let d, _, _, _), .i32XorAndImm(let d, _, _, _), .i32AddAndImm(let d, _, _, _), // icalls
             .selectAndImm(let d, _, _, _, _), .f32AddSub(let d, _, _, _), .f64AddSub(let d, _, _, _),
             .f32SubAdd(let d, _, _, _), .f64SubAdd(let d, _, _, _),
             .f32AddMulAdd(let d, _, _, _, _), .f64AddMulAdd(let d, _, _, _, _), .i32ShlImmAddImm(let d, _, _, _), // ifloats
             .load(_, let d, _, _):
            return d
        // iloops
        case .selectAndImmI64ShrURhs(let d, _, _, _, _, _), .selectAndImmI32ShrURhs(let d, _, _, _, _, _),
             .selectAndImmI64ShrULhs(let d, _, _, _, _, _), .selectAndImmI32ShrULhs(let d, _, _, _, _, _):
            return Slot(d)
        case .i32AddAndImmPair(let d, _, _, _, _): return d
        case .f32MulLoad(let d, _, _, _, _), .f64MulLoad(let d, _, _, _, _), // ifloats8
             .f32MulLoadAdd(let d, _, _, _, _, _), .f64MulLoadAdd(let d, _, _, _, _, _):
            return Slot(d)
        // BEGIN GENERATED dest (Utilities/gen-interpreter-ops.py)
        case .i32Add(let d, _, _), .i32Sub(let d, _, _), .i32Mul(let d, _, _), .i32And(let d, _, _), .i32Or(let d, _, _), .i32Xor(let d, _, _): return d
        case .i32Shl(let d, _, _), .i32ShrU(let d, _, _), .i32ShrS(let d, _, _), .i32Eq(let d, _, _), .i32Ne(let d, _, _), .i32LtS(let d, _, _): return d
        case .i32LtU(let d, _, _), .i32GtS(let d, _, _), .i32GtU(let d, _, _), .i32LeS(let d, _, _), .i32LeU(let d, _, _), .i32GeS(let d, _, _): return d
        case .i32GeU(let d, _, _), .i32DivS(let d, _, _), .i32DivU(let d, _, _), .i32RemS(let d, _, _), .i32RemU(let d, _, _), .i64Add(let d, _, _): return d
        case .i64Sub(let d, _, _), .i64Mul(let d, _, _), .i64And(let d, _, _), .i64Or(let d, _, _), .i64Xor(let d, _, _), .i64Shl(let d, _, _): return d
        case .i64ShrU(let d, _, _), .i64ShrS(let d, _, _), .i64Eq(let d, _, _), .i64Ne(let d, _, _), .i64LtS(let d, _, _), .i64LtU(let d, _, _): return d
        case .i64GtS(let d, _, _), .i64GtU(let d, _, _), .i64LeS(let d, _, _), .i64LeU(let d, _, _), .i64GeS(let d, _, _), .i64GeU(let d, _, _): return d
        case .i64DivS(let d, _, _), .i64DivU(let d, _, _), .i64RemS(let d, _, _), .i64RemU(let d, _, _), .i32Rotl(let d, _, _), .i32Rotr(let d, _, _): return d
        case .i64Rotl(let d, _, _), .i64Rotr(let d, _, _), .f32Add(let d, _, _), .f32Sub(let d, _, _), .f32Mul(let d, _, _), .f32Div(let d, _, _): return d
        case .f32Eq(let d, _, _), .f32Ne(let d, _, _), .f32Lt(let d, _, _), .f32Gt(let d, _, _), .f32Le(let d, _, _), .f32Ge(let d, _, _): return d
        case .f64Add(let d, _, _), .f64Sub(let d, _, _), .f64Mul(let d, _, _), .f64Div(let d, _, _), .f64Eq(let d, _, _), .f64Ne(let d, _, _): return d
        case .f64Lt(let d, _, _), .f64Gt(let d, _, _), .f64Le(let d, _, _), .f64Ge(let d, _, _): return d
        case .i32Eqz(let d, _), .i32WrapI64(let d, _), .i64ExtendI32S(let d, _), .i32Extend8S(let d, _), .i32Extend16S(let d, _), .i64Extend8S(let d, _): return d
        case .i64Extend16S(let d, _), .i64Extend32S(let d, _), .f32ConvertI32S(let d, _), .f32ConvertI32U(let d, _), .f64ConvertI32S(let d, _), .f64ConvertI32U(let d, _): return d
        case .f64ConvertI64S(let d, _), .f32DemoteF64(let d, _), .f64PromoteF32(let d, _), .f32Neg(let d, _), .f64Neg(let d, _), .f32Abs(let d, _): return d
        case .f64Abs(let d, _), .f32Sqrt(let d, _), .f64Sqrt(let d, _): return d
        case .i32MulImm(let d, _, _), .i32AndImm(let d, _, _), .i32OrImm(let d, _, _), .i32XorImm(let d, _, _), .i32ShlImm(let d, _, _), .i32ShrUImm(let d, _, _): return d
        case .i32ShrSImm(let d, _, _), .i32RotlImm(let d, _, _), .i64AddImm(let d, _, _), .i64MulImm(let d, _, _), .i64AndImm(let d, _, _), .i64OrImm(let d, _, _): return d
        case .i64XorImm(let d, _, _), .i64ShlImm(let d, _, _), .i64ShrUImm(let d, _, _), .i64ShrSImm(let d, _, _), .i64RotlImm(let d, _, _), .i32EqImm(let d, _, _): return d
        case .i32NeImm(let d, _, _), .i32LtSImm(let d, _, _), .i32LtUImm(let d, _, _), .i32GtSImm(let d, _, _), .i32GtUImm(let d, _, _), .i32LeSImm(let d, _, _): return d
        case .i32LeUImm(let d, _, _), .i32GeSImm(let d, _, _), .i32GeUImm(let d, _, _): return d
        // END GENERATED
        default:
            return nil
        }
    }

    mutating func patch(_ at: Int, to target: Int) {
        let t = PC(target)
        switch ops[at] {
        case .br: ops[at] = .br(t)
        case .brIf(let c, _): ops[at] = .brIf(cond: c, t)
        case .brIfNot(let c, _): ops[at] = .brIfNot(cond: c, t)
        case .brIfEqz(let c, _): ops[at] = .brIfEqz(cond: c, t)
        case .brI32Eq(let l, let r, _): ops[at] = .brI32Eq(lhs: l, rhs: r, t)
        case .brI32Ne(let l, let r, _): ops[at] = .brI32Ne(lhs: l, rhs: r, t)
        case .brI32LtS(let l, let r, _): ops[at] = .brI32LtS(lhs: l, rhs: r, t)
        case .brI32LtU(let l, let r, _): ops[at] = .brI32LtU(lhs: l, rhs: r, t)
        case .brI32LeS(let l, let r, _): ops[at] = .brI32LeS(lhs: l, rhs: r, t)
        case .brI32LeU(let l, let r, _): ops[at] = .brI32LeU(lhs: l, rhs: r, t)
        case .brI64Eq(let l, let r, _): ops[at] = .brI64Eq(lhs: l, rhs: r, t)
        case .brI64Ne(let l, let r, _): ops[at] = .brI64Ne(lhs: l, rhs: r, t)
        case .brI64LtS(let l, let r, _): ops[at] = .brI64LtS(lhs: l, rhs: r, t)
        case .brI64LtU(let l, let r, _): ops[at] = .brI64LtU(lhs: l, rhs: r, t)
        case .brI64LeS(let l, let r, _): ops[at] = .brI64LeS(lhs: l, rhs: r, t)
        case .brI64LeU(let l, let r, _): ops[at] = .brI64LeU(lhs: l, rhs: r, t)
        case .brF32Eq(let l, let r, _): ops[at] = .brF32Eq(lhs: l, rhs: r, t)
        case .brF32Ne(let l, let r, _): ops[at] = .brF32Ne(lhs: l, rhs: r, t)
        case .brF32Lt(let l, let r, _): ops[at] = .brF32Lt(lhs: l, rhs: r, t)
        case .brF32Le(let l, let r, _): ops[at] = .brF32Le(lhs: l, rhs: r, t)
        case .brF32NotLt(let l, let r, _): ops[at] = .brF32NotLt(lhs: l, rhs: r, t)
        case .brF32NotLe(let l, let r, _): ops[at] = .brF32NotLe(lhs: l, rhs: r, t)
        case .brF64Eq(let l, let r, _): ops[at] = .brF64Eq(lhs: l, rhs: r, t)
        case .brF64Ne(let l, let r, _): ops[at] = .brF64Ne(lhs: l, rhs: r, t)
        case .brF64Lt(let l, let r, _): ops[at] = .brF64Lt(lhs: l, rhs: r, t)
        case .brF64Le(let l, let r, _): ops[at] = .brF64Le(lhs: l, rhs: r, t)
        case .brF64NotLt(let l, let r, _): ops[at] = .brF64NotLt(lhs: l, rhs: r, t)
        case .brF64NotLe(let l, let r, _): ops[at] = .brF64NotLe(lhs: l, rhs: r, t)
        default: if let p = Lowering.retargetedImmediateBranch(ops[at], to: t) ?? Lowering.retargetedFloatBranch(ops[at], to: t)
                    ?? Lowering.retargetedLoadBranch(ops[at], to: t) ?? Lowering.retargetedLoadStepBranch(ops[at], to: t)
                    ?? Lowering.retargetedAddedValueBranch(ops[at], to: t) ?? Lowering.retargetedLoadZeroBranch(ops[at], to: t)
                    ?? Lowering.retargetedSquareBranch(ops[at], to: t) { ops[at] = p } // imem8, ifloats8
        }
    }

    /// The op for a one-operand numeric instruction.
    static func unaryOp(_ op: NumericOp, dst d: Slot, src s: Slot) -> Op {
        // BEGIN GENERATED lowerun (Utilities/gen-interpreter-ops.py)
        switch op {
        case .i64Eqz: return .i32Eqz(dst: d, src: s)
        case .i32Eqz: return .i32Eqz(dst: d, src: s)
        case .i32WrapI64: return .i32WrapI64(dst: d, src: s)
        case .i64ExtendI32S: return .i64ExtendI32S(dst: d, src: s)
        case .i32Extend8S: return .i32Extend8S(dst: d, src: s)
        case .i32Extend16S: return .i32Extend16S(dst: d, src: s)
        case .i64Extend8S: return .i64Extend8S(dst: d, src: s)
        case .i64Extend16S: return .i64Extend16S(dst: d, src: s)
        case .i64Extend32S: return .i64Extend32S(dst: d, src: s)
        case .f32ConvertI32S: return .f32ConvertI32S(dst: d, src: s)
        case .f32ConvertI32U: return .f32ConvertI32U(dst: d, src: s)
        case .f64ConvertI32S: return .f64ConvertI32S(dst: d, src: s)
        case .f64ConvertI32U: return .f64ConvertI32U(dst: d, src: s)
        case .f64ConvertI64S: return .f64ConvertI64S(dst: d, src: s)
        case .f32DemoteF64: return .f32DemoteF64(dst: d, src: s)
        case .f64PromoteF32: return .f64PromoteF32(dst: d, src: s)
        case .f32Neg: return .f32Neg(dst: d, src: s)
        case .f64Neg: return .f64Neg(dst: d, src: s)
        case .f32Abs: return .f32Abs(dst: d, src: s)
        case .f64Abs: return .f64Abs(dst: d, src: s)
        case .f32Sqrt: return .f32Sqrt(dst: d, src: s)
        case .f64Sqrt: return .f64Sqrt(dst: d, src: s)
        default: return .unary(op, dst: d, src: s)
        }
        // END GENERATED
    }

    /// The op for a two-operand numeric instruction.
    static func binaryOp(_ op: NumericOp, dst d: Slot, lhs l: Slot, rhs r: Slot) -> Op {
        // BEGIN GENERATED lowerbin (Utilities/gen-interpreter-ops.py)
        switch op {
        case .i32Add: return .i32Add(dst: d, lhs: l, rhs: r)
        case .i32Sub: return .i32Sub(dst: d, lhs: l, rhs: r)
        case .i32Mul: return .i32Mul(dst: d, lhs: l, rhs: r)
        case .i32And: return .i32And(dst: d, lhs: l, rhs: r)
        case .i32Or: return .i32Or(dst: d, lhs: l, rhs: r)
        case .i32Xor: return .i32Xor(dst: d, lhs: l, rhs: r)
        case .i32Shl: return .i32Shl(dst: d, lhs: l, rhs: r)
        case .i32ShrU: return .i32ShrU(dst: d, lhs: l, rhs: r)
        case .i32ShrS: return .i32ShrS(dst: d, lhs: l, rhs: r)
        case .i32Eq: return .i32Eq(dst: d, lhs: l, rhs: r)
        case .i32Ne: return .i32Ne(dst: d, lhs: l, rhs: r)
        case .i32LtS: return .i32LtS(dst: d, lhs: l, rhs: r)
        case .i32LtU: return .i32LtU(dst: d, lhs: l, rhs: r)
        case .i32GtS: return .i32GtS(dst: d, lhs: l, rhs: r)
        case .i32GtU: return .i32GtU(dst: d, lhs: l, rhs: r)
        case .i32LeS: return .i32LeS(dst: d, lhs: l, rhs: r)
        case .i32LeU: return .i32LeU(dst: d, lhs: l, rhs: r)
        case .i32GeS: return .i32GeS(dst: d, lhs: l, rhs: r)
        case .i32GeU: return .i32GeU(dst: d, lhs: l, rhs: r)
        case .i32DivS: return .i32DivS(dst: d, lhs: l, rhs: r)
        case .i32DivU: return .i32DivU(dst: d, lhs: l, rhs: r)
        case .i32RemS: return .i32RemS(dst: d, lhs: l, rhs: r)
        case .i32RemU: return .i32RemU(dst: d, lhs: l, rhs: r)
        case .i64Add: return .i64Add(dst: d, lhs: l, rhs: r)
        case .i64Sub: return .i64Sub(dst: d, lhs: l, rhs: r)
        case .i64Mul: return .i64Mul(dst: d, lhs: l, rhs: r)
        case .i64And: return .i64And(dst: d, lhs: l, rhs: r)
        case .i64Or: return .i64Or(dst: d, lhs: l, rhs: r)
        case .i64Xor: return .i64Xor(dst: d, lhs: l, rhs: r)
        case .i64Shl: return .i64Shl(dst: d, lhs: l, rhs: r)
        case .i64ShrU: return .i64ShrU(dst: d, lhs: l, rhs: r)
        case .i64ShrS: return .i64ShrS(dst: d, lhs: l, rhs: r)
        case .i64Eq: return .i64Eq(dst: d, lhs: l, rhs: r)
        case .i64Ne: return .i64Ne(dst: d, lhs: l, rhs: r)
        case .i64LtS: return .i64LtS(dst: d, lhs: l, rhs: r)
        case .i64LtU: return .i64LtU(dst: d, lhs: l, rhs: r)
        case .i64GtS: return .i64GtS(dst: d, lhs: l, rhs: r)
        case .i64GtU: return .i64GtU(dst: d, lhs: l, rhs: r)
        case .i64LeS: return .i64LeS(dst: d, lhs: l, rhs: r)
        case .i64LeU: return .i64LeU(dst: d, lhs: l, rhs: r)
        case .i64GeS: return .i64GeS(dst: d, lhs: l, rhs: r)
        case .i64GeU: return .i64GeU(dst: d, lhs: l, rhs: r)
        case .i64DivS: return .i64DivS(dst: d, lhs: l, rhs: r)
        case .i64DivU: return .i64DivU(dst: d, lhs: l, rhs: r)
        case .i64RemS: return .i64RemS(dst: d, lhs: l, rhs: r)
        case .i64RemU: return .i64RemU(dst: d, lhs: l, rhs: r)
        case .i32Rotl: return .i32Rotl(dst: d, lhs: l, rhs: r)
        case .i32Rotr: return .i32Rotr(dst: d, lhs: l, rhs: r)
        case .i64Rotl: return .i64Rotl(dst: d, lhs: l, rhs: r)
        case .i64Rotr: return .i64Rotr(dst: d, lhs: l, rhs: r)
        case .f32Add: return .f32Add(dst: d, lhs: l, rhs: r)
        case .f32Sub: return .f32Sub(dst: d, lhs: l, rhs: r)
        case .f32Mul: return .f32Mul(dst: d, lhs: l, rhs: r)
        case .f32Div: return .f32Div(dst: d, lhs: l, rhs: r)
        case .f32Eq: return .f32Eq(dst: d, lhs: l, rhs: r)
        case .f32Ne: return .f32Ne(dst: d, lhs: l, rhs: r)
        case .f32Lt: return .f32Lt(dst: d, lhs: l, rhs: r)
        case .f32Gt: return .f32Gt(dst: d, lhs: l, rhs: r)
        case .f32Le: return .f32Le(dst: d, lhs: l, rhs: r)
        case .f32Ge: return .f32Ge(dst: d, lhs: l, rhs: r)
        case .f64Add: return .f64Add(dst: d, lhs: l, rhs: r)
        case .f64Sub: return .f64Sub(dst: d, lhs: l, rhs: r)
        case .f64Mul: return .f64Mul(dst: d, lhs: l, rhs: r)
        case .f64Div: return .f64Div(dst: d, lhs: l, rhs: r)
        case .f64Eq: return .f64Eq(dst: d, lhs: l, rhs: r)
        case .f64Ne: return .f64Ne(dst: d, lhs: l, rhs: r)
        case .f64Lt: return .f64Lt(dst: d, lhs: l, rhs: r)
        case .f64Gt: return .f64Gt(dst: d, lhs: l, rhs: r)
        case .f64Le: return .f64Le(dst: d, lhs: l, rhs: r)
        case .f64Ge: return .f64Ge(dst: d, lhs: l, rhs: r)
        default: return .binary(op, dst: d, lhs: l, rhs: r)
        }
        // END GENERATED
    }

    /// The immediate form of binary `op` with the constant right operand `v` (as canonicalized by
    /// `canonicalImmediate`), or nil when `op` has none.
    static func immediateOp(_ op: NumericOp, dst d: Slot, src s: Slot, imm v: UInt64) -> Op? {
        // BEGIN GENERATED lowerimm (Utilities/gen-interpreter-ops.py)
        switch op {
        case .i32Mul: return .i32MulImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32And: return .i32AndImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32Or: return .i32OrImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32Xor: return .i32XorImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32Shl: return .i32ShlImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32ShrU: return .i32ShrUImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32ShrS: return .i32ShrSImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32Rotl: return .i32RotlImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i64Add: return .i64AddImm(dst: d, src: s, imm: v)
        case .i64Mul: return .i64MulImm(dst: d, src: s, imm: v)
        case .i64And: return .i64AndImm(dst: d, src: s, imm: v)
        case .i64Or: return .i64OrImm(dst: d, src: s, imm: v)
        case .i64Xor: return .i64XorImm(dst: d, src: s, imm: v)
        case .i64Shl: return .i64ShlImm(dst: d, src: s, imm: v)
        case .i64ShrU: return .i64ShrUImm(dst: d, src: s, imm: v)
        case .i64ShrS: return .i64ShrSImm(dst: d, src: s, imm: v)
        case .i64Rotl: return .i64RotlImm(dst: d, src: s, imm: v)
        case .i32Eq: return .i32EqImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32Ne: return .i32NeImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32LtS: return .i32LtSImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32LtU: return .i32LtUImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32GtS: return .i32GtSImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32GtU: return .i32GtUImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32LeS: return .i32LeSImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32LeU: return .i32LeUImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32GeS: return .i32GeSImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        case .i32GeU: return .i32GeUImm(dst: d, src: s, imm: UInt32(truncatingIfNeeded: v))
        default: return nil
        }
        // END GENERATED
    }

    /// A multiplication whose product is the left operand of the add `op` at height `h`, fused
    /// with it (the product is a temporary consumed by the add); nil when there is none.
    mutating func lowerMulAdd(_ op: NumericOp, at h: Int) throws -> Op? {
        // The addend must not be the product's slot (it is pushed after the product).
        let c = src(h - 1)
        guard c != slot(h - 2), let mul = takeProducer(at: h - 2, { m in
            switch (op, m) {
            case (.i64Add, .i64Mul), (.f32Add, .f32Mul), (.f64Add, .f64Mul): return true
            default: return false
            }
        }) else { return nil }
        try pop()
        let d = slot(h - 2)
        switch mul {
        case .i64Mul(_, let a, let b): return .i64MulAdd(dst: d, lhs: a, rhs: b, addend: c)
        case .f32Mul(_, let a, let b): return sumMulAdd(a, b, c, dst: d) ?? .f32MulAdd(dst: d, lhs: a, rhs: b, addend: c)
        case .f64Mul(_, let a, let b): return sumMulAdd(a, b, c, dst: d) ?? .f64MulAdd(dst: d, lhs: a, rhs: b, addend: c)
        default: return nil
        }
    }
}
