import WasmCore
import WasmRuntime

// Numeric semantics on 64-bit slots (core spec §4.3). 32-bit values (i32, f32) are kept
// zero-extended in their slot.

/// Evaluates a one-operand numeric instruction; sets `trap` on a trap.
func evalUnary(_ op: NumericOp, _ x: UInt64, _ trap: inout TrapKind?) -> UInt64 {
    switch op {
    case .i32Eqz: return w(i32(x) == 0)
    case .i64Eqz: return w(x == 0)
    case .i32Clz: return UInt64(i32(x).leadingZeroBitCount)
    case .i32Ctz: return UInt64(i32(x).trailingZeroBitCount)
    case .i32Popcnt: return UInt64(i32(x).nonzeroBitCount)
    case .i64Clz: return UInt64(x.leadingZeroBitCount)
    case .i64Ctz: return UInt64(x.trailingZeroBitCount)
    case .i64Popcnt: return UInt64(x.nonzeroBitCount)
    case .f32Abs: return x & 0x7FFF_FFFF
    case .f32Neg: return (x ^ 0x8000_0000) & 0xFFFF_FFFF
    case .f32Ceil: return w(f32(x).rounded(.up))
    case .f32Floor: return w(f32(x).rounded(.down))
    case .f32Trunc: return w(f32(x).rounded(.towardZero))
    case .f32Nearest: return w(f32(x).rounded(.toNearestOrEven))
    case .f32Sqrt: return w(f32(x).squareRoot())
    case .f64Abs: return x & 0x7FFF_FFFF_FFFF_FFFF
    case .f64Neg: return x ^ 0x8000_0000_0000_0000
    case .f64Ceil: return w(f64(x).rounded(.up))
    case .f64Floor: return w(f64(x).rounded(.down))
    case .f64Trunc: return w(f64(x).rounded(.towardZero))
    case .f64Nearest: return w(f64(x).rounded(.toNearestOrEven))
    case .f64Sqrt: return w(f64(x).squareRoot())
    case .i32WrapI64: return x & 0xFFFF_FFFF
    case .i32TruncF32S: return w(Int32(truncatingIfNeeded: FloatSemantics.truncSigned(f32(x), bits: 32, &trap)))
    case .i32TruncF32U: return w(UInt32(truncatingIfNeeded: FloatSemantics.truncUnsigned(f32(x), bits: 32, &trap)))
    case .i32TruncF64S: return w(Int32(truncatingIfNeeded: FloatSemantics.truncSigned(f64(x), bits: 32, &trap)))
    case .i32TruncF64U: return w(UInt32(truncatingIfNeeded: FloatSemantics.truncUnsigned(f64(x), bits: 32, &trap)))
    case .i64ExtendI32S: return UInt64(bitPattern: Int64(s32(x)))
    case .i64ExtendI32U: return x & 0xFFFF_FFFF
    case .i64TruncF32S: return UInt64(bitPattern: FloatSemantics.truncSigned(f32(x), bits: 64, &trap))
    case .i64TruncF32U: return FloatSemantics.truncUnsigned(f32(x), bits: 64, &trap)
    case .i64TruncF64S: return UInt64(bitPattern: FloatSemantics.truncSigned(f64(x), bits: 64, &trap))
    case .i64TruncF64U: return FloatSemantics.truncUnsigned(f64(x), bits: 64, &trap)
    case .f32ConvertI32S: return w(Float(s32(x)))
    case .f32ConvertI32U: return w(Float(i32(x)))
    case .f32ConvertI64S: return w(Float(Int64(bitPattern: x)))
    case .f32ConvertI64U: return w(Float(x))
    case .f32DemoteF64: return w(Float(f64(x)))
    case .f64ConvertI32S: return w(Double(s32(x)))
    case .f64ConvertI32U: return w(Double(i32(x)))
    case .f64ConvertI64S: return w(Double(Int64(bitPattern: x)))
    case .f64ConvertI64U: return w(Double(x))
    case .f64PromoteF32: return w(Double(f32(x)))
    case .i32ReinterpretF32, .f32ReinterpretI32, .i64ReinterpretF64, .f64ReinterpretI64: return x
    case .i32Extend8S: return w(Int32(Int8(truncatingIfNeeded: x)))
    case .i32Extend16S: return w(Int32(Int16(truncatingIfNeeded: x)))
    case .i64Extend8S: return UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: x)))
    case .i64Extend16S: return UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: x)))
    case .i64Extend32S: return UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: x)))
    case .i32TruncSatF32S: return w(Int32(truncatingIfNeeded: FloatSemantics.truncSatSigned(f32(x), bits: 32)))
    case .i32TruncSatF32U: return w(UInt32(truncatingIfNeeded: FloatSemantics.truncSatUnsigned(f32(x), bits: 32)))
    case .i32TruncSatF64S: return w(Int32(truncatingIfNeeded: FloatSemantics.truncSatSigned(f64(x), bits: 32)))
    case .i32TruncSatF64U: return w(UInt32(truncatingIfNeeded: FloatSemantics.truncSatUnsigned(f64(x), bits: 32)))
    case .i64TruncSatF32S: return UInt64(bitPattern: FloatSemantics.truncSatSigned(f32(x), bits: 64))
    case .i64TruncSatF32U: return FloatSemantics.truncSatUnsigned(f32(x), bits: 64)
    case .i64TruncSatF64S: return UInt64(bitPattern: FloatSemantics.truncSatSigned(f64(x), bits: 64))
    case .i64TruncSatF64U: return FloatSemantics.truncSatUnsigned(f64(x), bits: 64)
    default: return 0  // every one-operand op is handled above
    }
}

/// Evaluates a two-operand numeric instruction; sets `trap` on a trap.
func evalBinary(_ op: NumericOp, _ a: UInt64, _ b: UInt64, _ trap: inout TrapKind?) -> UInt64 {
    switch op {
    case .i32Eq: return w(i32(a) == i32(b))
    case .i32Ne: return w(i32(a) != i32(b))
    case .i32LtS: return w(s32(a) < s32(b))
    case .i32LtU: return w(i32(a) < i32(b))
    case .i32GtS: return w(s32(a) > s32(b))
    case .i32GtU: return w(i32(a) > i32(b))
    case .i32LeS: return w(s32(a) <= s32(b))
    case .i32LeU: return w(i32(a) <= i32(b))
    case .i32GeS: return w(s32(a) >= s32(b))
    case .i32GeU: return w(i32(a) >= i32(b))
    case .i64Eq: return w(a == b)
    case .i64Ne: return w(a != b)
    case .i64LtS: return w(Int64(bitPattern: a) < Int64(bitPattern: b))
    case .i64LtU: return w(a < b)
    case .i64GtS: return w(Int64(bitPattern: a) > Int64(bitPattern: b))
    case .i64GtU: return w(a > b)
    case .i64LeS: return w(Int64(bitPattern: a) <= Int64(bitPattern: b))
    case .i64LeU: return w(a <= b)
    case .i64GeS: return w(Int64(bitPattern: a) >= Int64(bitPattern: b))
    case .i64GeU: return w(a >= b)
    case .f32Eq: return w(f32(a) == f32(b))
    case .f32Ne: return w(f32(a) != f32(b))
    case .f32Lt: return w(f32(a) < f32(b))
    case .f32Gt: return w(f32(a) > f32(b))
    case .f32Le: return w(f32(a) <= f32(b))
    case .f32Ge: return w(f32(a) >= f32(b))
    case .f64Eq: return w(f64(a) == f64(b))
    case .f64Ne: return w(f64(a) != f64(b))
    case .f64Lt: return w(f64(a) < f64(b))
    case .f64Gt: return w(f64(a) > f64(b))
    case .f64Le: return w(f64(a) <= f64(b))
    case .f64Ge: return w(f64(a) >= f64(b))
    case .i32Add: return w(i32(a) &+ i32(b))
    case .i32Sub: return w(i32(a) &- i32(b))
    case .i32Mul: return w(i32(a) &* i32(b))
    case .i32DivS:
        if i32(b) == 0 { trap = .integerDivideByZero; return 0 }
        if s32(a) == Int32.min && s32(b) == -1 { trap = .integerOverflow; return 0 }
        return w(s32(a) / s32(b))
    case .i32DivU:
        if i32(b) == 0 { trap = .integerDivideByZero; return 0 }
        return w(i32(a) / i32(b))
    case .i32RemS:
        if i32(b) == 0 { trap = .integerDivideByZero; return 0 }
        if s32(b) == -1 { return 0 }
        return w(s32(a) % s32(b))
    case .i32RemU:
        if i32(b) == 0 { trap = .integerDivideByZero; return 0 }
        return w(i32(a) % i32(b))
    case .i32And: return a & b
    case .i32Or: return a | b
    case .i32Xor: return a ^ b
    case .i32Shl: return w(i32(a) << (i32(b) & 31))
    case .i32ShrS: return w(s32(a) >> (s32(b) & 31))
    case .i32ShrU: return w(i32(a) >> (i32(b) & 31))
    case .i32Rotl: return w(i32(a).rotateLeft(Int(i32(b) & 31)))
    case .i32Rotr: return w(i32(a).rotateLeft(Int((32 - (i32(b) & 31)) & 31)))
    case .i64Add: return a &+ b
    case .i64Sub: return a &- b
    case .i64Mul: return a &* b
    case .i64DivS:
        if b == 0 { trap = .integerDivideByZero; return 0 }
        if Int64(bitPattern: a) == Int64.min && Int64(bitPattern: b) == -1 { trap = .integerOverflow; return 0 }
        return UInt64(bitPattern: Int64(bitPattern: a) / Int64(bitPattern: b))
    case .i64DivU:
        if b == 0 { trap = .integerDivideByZero; return 0 }
        return a / b
    case .i64RemS:
        if b == 0 { trap = .integerDivideByZero; return 0 }
        if Int64(bitPattern: b) == -1 { return 0 }
        return UInt64(bitPattern: Int64(bitPattern: a) % Int64(bitPattern: b))
    case .i64RemU:
        if b == 0 { trap = .integerDivideByZero; return 0 }
        return a % b
    case .i64And: return a & b
    case .i64Or: return a | b
    case .i64Xor: return a ^ b
    case .i64Shl: return a << (b & 63)
    case .i64ShrS: return UInt64(bitPattern: Int64(bitPattern: a) >> Int64(b & 63))
    case .i64ShrU: return a >> (b & 63)
    case .i64Rotl: return a.rotateLeft(Int(b & 63))
    case .i64Rotr: return a.rotateLeft(Int((64 - (b & 63)) & 63))
    case .f32Add: return w(f32(a) + f32(b))
    case .f32Sub: return w(f32(a) - f32(b))
    case .f32Mul: return w(f32(a) * f32(b))
    case .f32Div: return w(f32(a) / f32(b))
    case .f32Min: return w(FloatSemantics.min(f32(a), f32(b)))
    case .f32Max: return w(FloatSemantics.max(f32(a), f32(b)))
    case .f32Copysign: return (a & 0x7FFF_FFFF) | (b & 0x8000_0000)
    case .f64Add: return w(f64(a) + f64(b))
    case .f64Sub: return w(f64(a) - f64(b))
    case .f64Mul: return w(f64(a) * f64(b))
    case .f64Div: return w(f64(a) / f64(b))
    case .f64Min: return w(FloatSemantics.min(f64(a), f64(b)))
    case .f64Max: return w(FloatSemantics.max(f64(a), f64(b)))
    case .f64Copysign: return (a & 0x7FFF_FFFF_FFFF_FFFF) | (b & 0x8000_0000_0000_0000)
    default: return 0  // every two-operand op is handled above
    }
}

private extension FixedWidthInteger where Self: UnsignedInteger {
    @inline(__always) func rotateLeft(_ n: Int) -> Self {
        n == 0 ? self : (self << n) | (self >> (Self.bitWidth - n))
    }
}
