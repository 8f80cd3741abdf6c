/// SSE2 / SSE4.1 scalar floating-point instructions of `X64Assembler`.
/// `FloatWidth.single` selects the `ss` form (f32, prefix F3), `.double` the `sd` form (f64, prefix F2).

/// Scalar arithmetic operations; the raw value is the opcode after `0F`.
public enum SSEArith: UInt8, Sendable {
    case sqrt = 0x51, add = 0x58, mul = 0x59, sub = 0x5C, min = 0x5D, div = 0x5E, max = 0x5F
}

/// Packed bitwise operations used for sign tricks (`abs`, `neg`, `copysign`); the raw value is the
/// opcode after `0F`.
public enum SSEBitwise: UInt8, Sendable {
    case and = 0x54, andn = 0x55, or = 0x56, xor = 0x57
}

extension FloatWidth {
    /// The mandatory prefix of the scalar form: F3 for `ss`, F2 for `sd`.
    var scalarPrefix: UInt8 { self == .single ? 0xF3 : 0xF2 }
}

extension X64Assembler {
    // MARK: - Moves

    /// `movss/movsd dst, src`: merges the low lane (use `movaps` for a whole-register copy).
    public mutating func movs(_ fw: FloatWidth, _ dst: XMM, _ src: XMM) {
        encode(prefix: fw.scalarPrefix, rexW: false, escape: .x0F, opcode: 0x10, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `movss/movsd dst, [src]`: loads and zeroes the upper lanes.
    public mutating func movs(_ fw: FloatWidth, _ dst: XMM, _ src: Mem) {
        encode(prefix: fw.scalarPrefix, rexW: false, escape: .x0F, opcode: 0x10, reg: dst.rawValue, rm: .mem(src))
    }

    /// `movss/movsd [dst], src`: stores the low 32/64 bits.
    public mutating func movs(_ fw: FloatWidth, _ dst: Mem, _ src: XMM) {
        encode(prefix: fw.scalarPrefix, rexW: false, escape: .x0F, opcode: 0x11, reg: src.rawValue, rm: .mem(dst))
    }

    /// `movaps dst, src`: copies the whole 128-bit register.
    public mutating func movaps(_ dst: XMM, _ src: XMM) {
        encode(rexW: false, escape: .x0F, opcode: 0x28, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `movd xmm, r32` / `movq xmm, r64`: bit-copies a GPR into the low lane, zeroing the rest.
    public mutating func movq(_ w: Width, _ dst: XMM, _ src: GPR) {
        encode(prefix: 0x66, rexW: w.rexW, escape: .x0F, opcode: 0x6E, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `movd r32, xmm` / `movq r64, xmm`: bit-copies the low lane into a GPR.
    public mutating func movq(_ w: Width, _ dst: GPR, _ src: XMM) {
        encode(prefix: 0x66, rexW: w.rexW, escape: .x0F, opcode: 0x7E, reg: src.rawValue, rm: .reg(dst.rawValue))
    }

    /// `movdqu dst, [src]`: an unaligned 128-bit load (for `v128` later).
    public mutating func movdqu(_ dst: XMM, _ src: Mem) {
        encode(prefix: 0xF3, rexW: false, escape: .x0F, opcode: 0x6F, reg: dst.rawValue, rm: .mem(src))
    }

    /// `movdqu [dst], src`: an unaligned 128-bit store.
    public mutating func movdqu(_ dst: Mem, _ src: XMM) {
        encode(prefix: 0xF3, rexW: false, escape: .x0F, opcode: 0x7F, reg: src.rawValue, rm: .mem(dst))
    }

    // MARK: - Arithmetic

    /// `{add,sub,mul,div,min,max,sqrt}{ss,sd} dst, src`. Note `min`/`max` return the second operand
    /// when either is NaN and do not order -0 < +0: the compiler adds the wasm NaN/zero handling.
    public mutating func arith(_ op: SSEArith, _ fw: FloatWidth, _ dst: XMM, _ src: XMM) {
        encode(prefix: fw.scalarPrefix, rexW: false, escape: .x0F, opcode: op.rawValue, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `{add,...}{ss,sd} dst, [src]`.
    public mutating func arith(_ op: SSEArith, _ fw: FloatWidth, _ dst: XMM, _ src: Mem) {
        encode(prefix: fw.scalarPrefix, rexW: false, escape: .x0F, opcode: op.rawValue, reg: dst.rawValue, rm: .mem(src))
    }

    public mutating func add(_ fw: FloatWidth, _ dst: XMM, _ src: XMM) { arith(.add, fw, dst, src) }
    public mutating func sub(_ fw: FloatWidth, _ dst: XMM, _ src: XMM) { arith(.sub, fw, dst, src) }
    public mutating func mul(_ fw: FloatWidth, _ dst: XMM, _ src: XMM) { arith(.mul, fw, dst, src) }
    public mutating func div(_ fw: FloatWidth, _ dst: XMM, _ src: XMM) { arith(.div, fw, dst, src) }
    public mutating func min(_ fw: FloatWidth, _ dst: XMM, _ src: XMM) { arith(.min, fw, dst, src) }
    public mutating func max(_ fw: FloatWidth, _ dst: XMM, _ src: XMM) { arith(.max, fw, dst, src) }
    public mutating func sqrt(_ fw: FloatWidth, _ dst: XMM, _ src: XMM) { arith(.sqrt, fw, dst, src) }

    /// `ucomiss/ucomisd a, b`: unordered compare; ZF,PF,CF = 111 if unordered, else
    /// `e`/`b`/`a` conditions as for unsigned integers.
    public mutating func ucomi(_ fw: FloatWidth, _ a: XMM, _ b: XMM) {
        encode(prefix: fw == .double ? 0x66 : 0, rexW: false, escape: .x0F, opcode: 0x2E, reg: a.rawValue, rm: .reg(b.rawValue))
    }

    /// `ucomiss/ucomisd a, [b]`.
    public mutating func ucomi(_ fw: FloatWidth, _ a: XMM, _ b: Mem) {
        encode(prefix: fw == .double ? 0x66 : 0, rexW: false, escape: .x0F, opcode: 0x2E, reg: a.rawValue, rm: .mem(b))
    }

    // MARK: - Conversions

    /// `cvtsi2ss/cvtsi2sd dst, src`: signed 32/64-bit integer to float (rounds to nearest).
    /// Writes only the low lane: clear `dst` first (`xorps`) to break the dependency.
    public mutating func cvtsi2s(_ fw: FloatWidth, _ dst: XMM, _ w: Width, _ src: GPR) {
        encode(prefix: fw.scalarPrefix, rexW: w.rexW, escape: .x0F, opcode: 0x2A, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `cvtsi2ss/cvtsi2sd dst, [src]` from a 32/64-bit integer in memory.
    public mutating func cvtsi2s(_ fw: FloatWidth, _ dst: XMM, _ w: Width, _ src: Mem) {
        encode(prefix: fw.scalarPrefix, rexW: w.rexW, escape: .x0F, opcode: 0x2A, reg: dst.rawValue, rm: .mem(src))
    }

    /// `cvttss2si/cvttsd2si dst, src`: float to signed 32/64-bit integer, truncating; yields the
    /// "integer indefinite" value (`INT_MIN`) for NaN and out-of-range inputs.
    public mutating func cvtts2si(_ w: Width, _ dst: GPR, _ fw: FloatWidth, _ src: XMM) {
        encode(prefix: fw.scalarPrefix, rexW: w.rexW, escape: .x0F, opcode: 0x2C, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `cvttss2si/cvttsd2si dst, [src]`.
    public mutating func cvtts2si(_ w: Width, _ dst: GPR, _ fw: FloatWidth, _ src: Mem) {
        encode(prefix: fw.scalarPrefix, rexW: w.rexW, escape: .x0F, opcode: 0x2C, reg: dst.rawValue, rm: .mem(src))
    }

    /// `cvtss2sd dst, src`: f32 to f64 (`f64.promote_f32`).
    public mutating func cvtss2sd(_ dst: XMM, _ src: XMM) {
        encode(prefix: 0xF3, rexW: false, escape: .x0F, opcode: 0x5A, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `cvtsd2ss dst, src`: f64 to f32 (`f32.demote_f64`).
    public mutating func cvtsd2ss(_ dst: XMM, _ src: XMM) {
        encode(prefix: 0xF2, rexW: false, escape: .x0F, opcode: 0x5A, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `roundss/roundsd dst, src, mode` (SSE4.1: check `CPUFeatures.sse41`).
    public mutating func round(_ fw: FloatWidth, _ dst: XMM, _ src: XMM, _ mode: RoundingMode) {
        encode(prefix: 0x66, rexW: false, escape: .x0F3A, opcode: fw == .single ? 0x0A : 0x0B,
               reg: dst.rawValue, rm: .reg(src.rawValue), immBytes: 1)
        emit(mode.rawValue)
    }

    // MARK: - Bitwise

    /// `andps/andnps/orps/xorps` (`.single`) or `andpd/andnpd/orpd/xorpd` (`.double`) `dst, src`.
    public mutating func bitwise(_ op: SSEBitwise, _ fw: FloatWidth, _ dst: XMM, _ src: XMM) {
        encode(prefix: fw == .double ? 0x66 : 0, rexW: false, escape: .x0F, opcode: op.rawValue, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// The same with a 16-byte-aligned memory operand (e.g. a sign mask in a constant pool).
    public mutating func bitwise(_ op: SSEBitwise, _ fw: FloatWidth, _ dst: XMM, _ src: Mem) {
        encode(prefix: fw == .double ? 0x66 : 0, rexW: false, escape: .x0F, opcode: op.rawValue, reg: dst.rawValue, rm: .mem(src))
    }

    public mutating func andps(_ dst: XMM, _ src: XMM) { bitwise(.and, .single, dst, src) }
    public mutating func andpd(_ dst: XMM, _ src: XMM) { bitwise(.and, .double, dst, src) }
    public mutating func andnps(_ dst: XMM, _ src: XMM) { bitwise(.andn, .single, dst, src) }
    public mutating func andnpd(_ dst: XMM, _ src: XMM) { bitwise(.andn, .double, dst, src) }
    public mutating func orps(_ dst: XMM, _ src: XMM) { bitwise(.or, .single, dst, src) }
    public mutating func orpd(_ dst: XMM, _ src: XMM) { bitwise(.or, .double, dst, src) }
    public mutating func xorps(_ dst: XMM, _ src: XMM) { bitwise(.xor, .single, dst, src) }
    public mutating func xorpd(_ dst: XMM, _ src: XMM) { bitwise(.xor, .double, dst, src) }
}
