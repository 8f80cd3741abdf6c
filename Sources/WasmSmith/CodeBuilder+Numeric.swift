import WasmCore

/// Numeric instructions, with the guards `disallowTraps` and `canonicalizeNaNs` ask for.
extension CodeBuilder {
    /// Numeric opcodes the enabled features allow, with their signatures.
    static func enabledNumericOps(_ config: SmithConfig) -> [NumericEntry] {
        let allowed = config.allowedNumericOps.map(Set.init)
        return NumericOp.allCases.filter { op in
            if let allowed, !allowed.contains(op) { return false }
            switch op {
            case .i32Extend8S, .i32Extend16S, .i64Extend8S, .i64Extend16S, .i64Extend32S: return config.signExtension
            default: return !op.isPrefixed || config.saturatingFloatToInt
            }
        }.map { NumericEntry(op: $0, operands: $0.signature.operands, result: $0.signature.result) }
    }

    /// An operator whose operands are already on top of the stack.
    mutating func numericOnStack() {
        guard let entry = u.choose(context.numeric.matching(available)) else {
            numericFresh()
            return
        }
        applyNumeric(entry)
    }

    /// Any enabled operator, with fresh operands pushed for it.
    mutating func numericFresh() {
        guard let entry = u.choose(context.numeric.ops) else { return }
        if !topMatches(entry.operands) { for t in entry.operands { produce(t) } }
        applyNumeric(entry)
    }

    /// Emits the operator (its operands are on the stack), guarded and canonicalized as configured.
    mutating func applyNumeric(_ entry: NumericEntry) {
        let op = entry.op
        if config.disallowTraps {
            guardDivisor(op)
            guardTruncation(op)
        }
        emit(.numeric(op))
        pop(entry.operands.count)
        push(entry.result)
        if config.canonicalizeNaNs && Self.mayProduceNaN(op) { canonicalizeNaN(entry.result) }
    }

    /// Replaces a divisor of 0 or -1 by 1 (no division by zero, no `INT_MIN / -1` overflow).
    mutating func guardDivisor(_ op: NumericOp) {
        switch op {
        case .i32DivS, .i32DivU, .i32RemS, .i32RemU:
            let s = scratch(.i32)
            for inst: Instruction in [.localTee(s), .i32Const(1), .localGet(s), .i32Const(1), .numeric(.i32Add),
                                      .i32Const(2), .numeric(.i32GeU), .select] { emit(inst) }
        case .i64DivS, .i64DivU, .i64RemS, .i64RemU:
            let s = scratch(.i64)
            for inst: Instruction in [.localTee(s), .i64Const(1), .localGet(s), .i64Const(1), .numeric(.i64Add),
                                      .i64Const(2), .numeric(.i64GeU), .select] { emit(inst) }
        default: break
        }
    }

    /// Replaces an operand of a trapping float-to-int truncation that is NaN or out of range by 0.
    mutating func guardTruncation(_ op: NumericOp) {
        // Valid operands x satisfy lo <= x (or lo < x when not inclusive) and x < hi.
        let bounds: (lo: Double, inclusive: Bool, hi: Double)
        switch op {
        case .i32TruncF32S, .i32TruncF64S: bounds = (-2147483648.0, true, 2147483648.0)
        case .i32TruncF32U, .i32TruncF64U: bounds = (-1.0, false, 4294967296.0)
        case .i64TruncF32S, .i64TruncF64S: bounds = (-9223372036854775808.0, true, 9223372036854775808.0)
        case .i64TruncF32U, .i64TruncF64U: bounds = (-1.0, false, 18446744073709551616.0)
        default: return
        }
        let isF32 = op.signature.operands.first == .f32
        let t: ValueType = isF32 ? .f32 : .f64
        let s = scratch(t)
        func c(_ v: Double) -> Instruction { isF32 ? .f32Const(Float(v).bitPattern) : .f64Const(v.bitPattern) }
        let ge: NumericOp = isF32 ? (bounds.inclusive ? .f32Ge : .f32Gt) : (bounds.inclusive ? .f64Ge : .f64Gt)
        let lt: NumericOp = isF32 ? .f32Lt : .f64Lt
        for inst: Instruction in [.localSet(s), .localGet(s), c(0), .localGet(s), c(bounds.lo), .numeric(ge),
                                  .localGet(s), c(bounds.hi), .numeric(lt), .numeric(.i32And), .select] { emit(inst) }
    }

    /// Operators whose NaN results may differ between engines (payload and sign).
    static func mayProduceNaN(_ op: NumericOp) -> Bool {
        switch op {
        case .f32Add, .f32Sub, .f32Mul, .f32Div, .f32Min, .f32Max, .f32Sqrt, .f32Ceil, .f32Floor, .f32Trunc, .f32Nearest,
             .f64Add, .f64Sub, .f64Mul, .f64Div, .f64Min, .f64Max, .f64Sqrt, .f64Ceil, .f64Floor, .f64Trunc, .f64Nearest,
             .f32DemoteF64, .f64PromoteF32:
            return true
        default:
            return false
        }
    }

    /// Replaces a NaN on top of the stack by the canonical NaN. The scratch local is an ordinary
    /// local that later code may read, so it is left holding the canonical value too (a raw NaN
    /// left there would let its engine-specific payload reach `reinterpret` or memory).
    mutating func canonicalizeNaN(_ t: ValueType) {
        let s = scratch(t)
        let nan: Instruction = t == .f32 ? .f32Const(0x7FC0_0000) : .f64Const(0x7FF8_0000_0000_0000)
        let eq: NumericOp = t == .f32 ? .f32Eq : .f64Eq
        for inst: Instruction in [.localSet(s), .localGet(s), nan, .localGet(s), .localGet(s), .numeric(eq), .select, .localTee(s)] {
            emit(inst)
        }
    }
}
