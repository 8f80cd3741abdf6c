import WasmCore
import WasmRuntime

/// Float operations whose wasm semantics differ from Swift's defaults (core spec §4.3.3).
enum FloatSemantics {
    /// `fmin`: NaN if either operand is NaN; -0 is less than +0.
    @inline(__always) static func min<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
        if a.isNaN || b.isNaN { return a + b }
        if a == b { return a.sign == .minus ? a : b }
        return a < b ? a : b
    }

    /// `fmax`: NaN if either operand is NaN; +0 is greater than -0.
    @inline(__always) static func max<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
        if a.isNaN || b.isNaN { return a + b }
        if a == b { return a.sign == .minus ? b : a }
        return a > b ? a : b
    }

    /// Truncation to a signed integer of `bits` width with the spec's traps.
    @inline(__always)
    static func truncSigned<F: BinaryFloatingPoint>(_ x: F, bits: Int, _ trap: inout TrapKind?) -> Int64 {
        if x.isNaN { trap = .invalidConversionToInteger; return 0 }
        let t = x.rounded(.towardZero)
        // -2^(bits-1) and 2^(bits-1) are exact in both float types.
        let lo = -F(sign: .plus, exponent: F.Exponent(bits - 1), significand: 1)
        let hi = F(sign: .plus, exponent: F.Exponent(bits - 1), significand: 1)
        guard t >= lo, t < hi else { trap = .integerOverflow; return 0 }
        return Int64(t)
    }

    /// Truncation to an unsigned integer of `bits` width with the spec's traps.
    @inline(__always)
    static func truncUnsigned<F: BinaryFloatingPoint>(_ x: F, bits: Int, _ trap: inout TrapKind?) -> UInt64 {
        if x.isNaN { trap = .invalidConversionToInteger; return 0 }
        let t = x.rounded(.towardZero)
        let hi = F(sign: .plus, exponent: F.Exponent(bits), significand: 1)
        guard t > -1, t < hi else { trap = .integerOverflow; return 0 }
        return UInt64(t)
    }

    /// Saturating truncation to a signed integer of `bits` width.
    @inline(__always)
    static func truncSatSigned<F: BinaryFloatingPoint>(_ x: F, bits: Int) -> Int64 {
        if x.isNaN { return 0 }
        let t = x.rounded(.towardZero)
        let lo = -F(sign: .plus, exponent: F.Exponent(bits - 1), significand: 1)
        let hi = F(sign: .plus, exponent: F.Exponent(bits - 1), significand: 1)
        if t < lo { return bits == 64 ? Int64.min : Int64(Int32.min) }
        if t >= hi { return bits == 64 ? Int64.max : Int64(Int32.max) }
        return Int64(t)
    }

    /// Saturating truncation to an unsigned integer of `bits` width.
    @inline(__always)
    static func truncSatUnsigned<F: BinaryFloatingPoint>(_ x: F, bits: Int) -> UInt64 {
        if x.isNaN { return 0 }
        let t = x.rounded(.towardZero)
        let hi = F(sign: .plus, exponent: F.Exponent(bits), significand: 1)
        if t <= -1 || t < 0 { return 0 }
        if t >= hi { return bits == 64 ? UInt64.max : UInt64(UInt32.max) }
        return UInt64(t)
    }
}
